import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ImportForm } from "@/components/indicators/import-form";
import { loadPage } from "@/lib/server/page";
import { getImportPage } from "@/lib/server/services/indicator-import";

type Params = { params: Promise<{ dialogueId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("importPage"))("title") };
}

/** Facilitators upload indicator values or projection inputs: preview, then commit as a release. */
export default async function ImportPage({ params }: Params) {
  const { dialogueId } = await params;
  const data = await loadPage((actor) => getImportPage(actor, dialogueId));
  const t = await getTranslations("importPage");
  const format = await getFormatter();
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>{data.planningQuestion}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-2 max-w-3xl">{t("intro")}</p>
      <section aria-labelledby="layout-title" className="mt-4 max-w-3xl rounded bg-white p-4 shadow-sm">
        <h2 id="layout-title" className="text-xl font-semibold">
          {t("layoutTitle")}
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-6">
          <li>{t("layoutValues")}</li>
          <li>{t("layoutProjection")}</li>
        </ul>
      </section>
      <ImportForm dialogueId={dialogueId} />
      <section aria-labelledby="releases-title" className="mt-8">
        <h2 id="releases-title" className="text-2xl font-bold">
          {t("releasesTitle")}
        </h2>
        {data.releases.length === 0 ? (
          <p className="italic text-muted">{t("releasesNone")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="mt-2 w-full border-collapse bg-white text-sm">
              <thead>
                <tr className="bg-brand-50 text-left">
                  <th scope="col" className="border border-gray-300 p-2">#</th>
                  <th scope="col" className="border border-gray-300 p-2">{t("releaseFile")}</th>
                  <th scope="col" className="border border-gray-300 p-2">{t("releaseBy")}</th>
                  <th scope="col" className="border border-gray-300 p-2">{t("releaseAt")}</th>
                  <th scope="col" className="border border-gray-300 p-2 text-right">{t("releaseCounts")}</th>
                </tr>
              </thead>
              <tbody>
                {data.releases.map((release) => (
                  <tr key={release.id}>
                    <th scope="row" className="border border-gray-300 p-2 text-left font-normal">{release.id}</th>
                    <td className="border border-gray-300 p-2">
                      {release.fileName} ({t(`layout.${release.kind}`)})
                    </td>
                    <td className="border border-gray-300 p-2">{release.createdByName ?? "–"}</td>
                    <td className="border border-gray-300 p-2">{format.dateTime(new Date(release.createdAt), { dateStyle: "medium", timeStyle: "short" })}</td>
                    <td className="border border-gray-300 p-2 text-right tabular-nums">
                      {release.newCount} / {release.changedCount}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
