import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/ui/button-class";
import { ChoiceGroup } from "@/components/ui/field";
import { EXPORT_FORMATS, EXPORT_INCLUDES, GOAL_SET_SCHEMA_VERSION } from "@/lib/model/goal-set-export";
import { LOCALES } from "@/lib/model/enums";
import { loadPage } from "@/lib/server/page";
import { getExportPage } from "@/lib/server/services/goal-set-export";

type Params = { params: Promise<{ dialogueId: string }>; searchParams: Promise<{ source?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("exportPage"))("title") };
}

/**
 * The export form is a plain GET to the download route: the browser saves the file and the page
 * stays, and the same address can be bookmarked or sent to a colleague with the same access.
 */
export default async function ExportPage({ params, searchParams }: Params) {
  const { dialogueId } = await params;
  const { source: asked } = await searchParams;
  const data = await loadPage((actor) => getExportPage(actor, dialogueId));
  const t = await getTranslations("exportPage");
  const format = await getFormatter();
  const locale = await getLocale();
  const sourceOptions = [
    ...data.agreements.map((agreement) => ({
      value: agreement.id,
      label: t("agreedOption", { number: agreement.versionNumber, date: format.dateTime(agreement.createdAt, { dateStyle: "long" }), name: agreement.createdByName }),
      hint: agreement.isWholeSet ? t("agreedWholeSet") : t("agreedOneDriver", { driver: agreement.driverTitle }),
    })),
    { value: "draft", label: t("draftOption"), hint: t("draftHint") },
  ];
  // An agreement's page links here with its version chosen; anything else falls back to the default.
  const chosenSource = sourceOptions.some((option) => option.value === asked) ? asked! : data.defaultSource;
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>← {t("backToDialogue")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mb-1 text-muted">{data.planningQuestion}</p>
      <p className="mb-6 max-w-3xl">{t("intro")}</p>
      <form method="get" action={`/api/dialogues/${dialogueId}/export`} className="max-w-3xl rounded bg-white p-5 shadow-sm">
        <ChoiceGroup
          type="radio"
          name="format"
          legend={t("formatLegend")}
          options={EXPORT_FORMATS.map((value) => ({ value, label: t(`format.${value}`), hint: t(`formatHint.${value}`, { version: GOAL_SET_SCHEMA_VERSION }) }))}
          defaultValues={["pdf"]}
          required
        />
        <ChoiceGroup
          type="radio"
          name="language"
          legend={t("languageLegend")}
          options={LOCALES.map((value) => ({ value, label: t(`language.${value}`) }))}
          defaultValues={[locale]}
          required
        />
        <ChoiceGroup type="radio" name="source" legend={t("sourceLegend")} options={sourceOptions} defaultValues={[chosenSource]} required />
        {data.drivers.length ? (
          <ChoiceGroup
            name="driverIds"
            legend={t("driversLegend")}
            hint={t("driversHint")}
            options={data.drivers.map((driver) => ({ value: driver.id, label: driver.title }))}
            defaultValues={data.drivers.map((driver) => driver.id)}
          />
        ) : (
          <p className="mb-4">{t("noDrivers")}</p>
        )}
        <ChoiceGroup
          name="include"
          legend={t("contentsLegend")}
          options={EXPORT_INCLUDES.map((value) => ({ value, label: t(`include.${value}`), hint: t(`includeHint.${value}`) }))}
          defaultValues={["stances"]}
        />
        <button type="submit" className={buttonClass("primary")}>
          {t("submit")}
        </button>
      </form>
    </>
  );
}
