import { getLocale, getTranslations } from "next-intl/server";
import { setLocaleAction } from "@/app/actions";
import { LOCALES } from "@/lib/model/enums";

/** One button per other language, named in that language (and marked with its lang). */
export async function LanguageSwitcher() {
  const locale = await getLocale();
  const t = await getTranslations("nav");
  return (
    <form action={setLocaleAction} aria-label={t("switchLanguage")}>
      {LOCALES.filter((candidate) => candidate !== locale).map((candidate) => (
        <button
          key={candidate}
          type="submit"
          name="locale"
          value={candidate}
          lang={candidate}
          className="min-h-11 rounded px-3 py-2 font-semibold text-white underline hover:bg-brand-800"
        >
          {t(`languageName.${candidate}`)}
        </button>
      ))}
    </form>
  );
}
