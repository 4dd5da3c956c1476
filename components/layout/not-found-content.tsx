import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** The 404 message; the caller decides whether the app shell is already around it. */
export async function NotFoundContent() {
  const t = await getTranslations("notFound");
  return (
    <>
      <h1 className="mb-3 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-4">{t("body")}</p>
      <Link href="/dialogues">{t("back")}</Link>
    </>
  );
}
