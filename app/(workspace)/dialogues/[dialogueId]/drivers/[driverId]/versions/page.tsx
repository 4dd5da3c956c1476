import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SaveVersionForm } from "@/components/versions/version-forms";
import { loadPage } from "@/lib/server/page";
import { getDriverVersions } from "@/lib/server/services/driver-versions";

type Params = { params: Promise<{ dialogueId: string; driverId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("versions"))("title") };
}

export default async function DriverVersionsPage({ params }: Params) {
  const { dialogueId, driverId } = await params;
  const data = await loadPage((actor) => getDriverVersions(actor, dialogueId, driverId));
  const t = await getTranslations("versions");
  const format = await getFormatter();
  const driverPath = `/dialogues/${dialogueId}/drivers/${driverId}`;
  return (
    <>
      <p className="mb-2">
        <Link href={driverPath}>← {data.driverTitle}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mb-6 max-w-3xl text-muted">{t("intro")}</p>
      {data.canEdit ? (
        <section aria-labelledby="save-version-title" className="mb-8 max-w-2xl rounded bg-white p-5 shadow-sm">
          <h2 id="save-version-title" className="mb-3 text-2xl font-bold">
            {t("saveTitle")}
          </h2>
          <SaveVersionForm dialogueId={dialogueId} driverId={driverId} />
        </section>
      ) : null}
      <section aria-labelledby="version-list-title">
        <h2 id="version-list-title" className="mb-3 text-2xl font-bold">
          {t("listTitle")}
        </h2>
        {data.versions.length ? (
          <table className="w-full max-w-4xl border-collapse text-left">
            <caption className="sr-only">{t("listTitle")}</caption>
            <thead>
              <tr className="border-b border-gray-400">
                <th scope="col" className="py-2 pr-4">{t("name")}</th>
                <th scope="col" className="py-2 pr-4">{t("savedBy")}</th>
                <th scope="col" className="py-2 pr-4">{t("savedAt")}</th>
                <th scope="col" className="py-2">{t("note")}</th>
              </tr>
            </thead>
            <tbody>
              {data.versions.map((version) => (
                <tr key={version.id} className="border-b border-gray-200 align-top">
                  <td className="py-2 pr-4">
                    <Link href={`${driverPath}/versions/${version.id}`}>{version.name}</Link>
                  </td>
                  <td className="py-2 pr-4">{version.createdByName ?? t("unknownAuthor")}</td>
                  <td className="py-2 pr-4">{format.dateTime(version.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td className="py-2 whitespace-pre-line">{version.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("empty")}</p>
        )}
      </section>
    </>
  );
}
