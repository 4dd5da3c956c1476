import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ImportGoalSetForm } from "@/components/goal-set/import-goal-set-form";
import { loadPage } from "@/lib/server/page";
import { getGoalSetImportPage } from "@/lib/server/services/goal-set-import";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("goalSetImport"))("title") };
}

/** Facilitators import a goal-set JSON export as a new dialogue (issue 8). Others get 404. */
export default async function ImportGoalSetPage() {
  const data = await loadPage((actor) => getGoalSetImportPage(actor));
  const t = await getTranslations("goalSetImport");
  const tTypes = await getTranslations("enums.organisationType");
  return (
    <>
      <p className="mb-2">
        <Link href="/dialogues">← {t("back")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-2 max-w-3xl">{t("intro")}</p>
      <section aria-labelledby="import-what-title" className="mt-4 max-w-3xl rounded bg-white p-4 shadow-sm">
        <h2 id="import-what-title" className="text-xl font-semibold">
          {t("whatTitle")}
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-6">
          <li>{t("whatImported")}</li>
          <li>{t("whatAgreed")}</li>
          <li>{t("whatLeftOut")}</li>
          <li>{t("whatOrganisations")}</li>
        </ul>
      </section>
      <ImportGoalSetForm
        organisations={data.organisations.map((organisation) => ({ value: organisation.id, label: `${organisation.name} (${tTypes(organisation.type)})` }))}
      />
    </>
  );
}
