import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { RichTextView } from "@/components/driver/rich-text-view";
import { VersionDiffView } from "@/components/versions/version-diff-view";
import { RestoreVersionForm } from "@/components/versions/version-forms";
import { TEXT_PARTS } from "@/lib/model/enums";
import { loadPage } from "@/lib/server/page";
import { getDriverVersion } from "@/lib/server/services/driver-versions";

type Params = { params: Promise<{ dialogueId: string; driverId: string; versionId: string }> };

const loadVersion = cache((dialogueId: string, driverId: string, versionId: string) =>
  loadPage((actor) => getDriverVersion(actor, dialogueId, driverId, versionId)),
);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, driverId, versionId } = await params;
  const version = await loadVersion(dialogueId, driverId, versionId);
  return { title: version.name };
}

export default async function DriverVersionPage({ params }: Params) {
  const { dialogueId, driverId, versionId } = await params;
  const version = await loadVersion(dialogueId, driverId, versionId);
  const t = await getTranslations("versions");
  const tParts = await getTranslations("parts");
  const tEditor = await getTranslations("editor");
  const format = await getFormatter();
  const driverPath = `/dialogues/${dialogueId}/drivers/${driverId}`;
  return (
    <>
      <p className="mb-2 flex flex-wrap gap-x-4">
        <Link href={driverPath}>← {version.driverTitle}</Link>
        <Link href={`${driverPath}/versions`}>{t("allVersions")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{version.name}</h1>
      <p className="text-muted">
        {t("savedByAt", {
          name: version.createdByName ?? t("unknownAuthor"),
          at: format.dateTime(version.createdAt, { dateStyle: "medium", timeStyle: "short" }),
        })}
      </p>
      {version.note ? <p className="mt-2 max-w-3xl whitespace-pre-line">{version.note}</p> : null}
      {version.canEdit ? (
        <div className="mt-4">
          <RestoreVersionForm dialogueId={dialogueId} driverId={driverId} versionId={versionId} name={version.name} />
        </div>
      ) : null}

      <section aria-labelledby="diff-title" className="mt-8 rounded bg-white p-5 shadow-sm">
        <h2 id="diff-title" className="mb-1 text-2xl font-bold">
          {t("diffTitle")}
        </h2>
        <p className="mb-4 text-muted">{t("diffIntro")}</p>
        <VersionDiffView diff={version.diff} />
      </section>

      <section aria-labelledby="content-title" className="mt-8 rounded bg-white p-5 shadow-sm">
        <h2 id="content-title" className="mb-4 text-2xl font-bold">
          {t("contentTitle")}
        </h2>
        {TEXT_PARTS.map((part) => (
          <div key={part} className="mb-4">
            <h3 className="text-lg font-semibold">{tParts(`${part}.title`)}</h3>
            <RichTextView doc={version.content.texts[part]} emptyText={tEditor("empty")} />
          </div>
        ))}
        <h3 className="text-lg font-semibold">{tParts("desired.title")}</h3>
        {version.content.goals.length ? (
          <ol className="mb-4 list-decimal pl-6">
            {version.content.goals.map((goal) => (
              <li key={goal.id} className="whitespace-pre-line">{goal.text}</li>
            ))}
          </ol>
        ) : (
          <p className="mb-4 italic text-muted">{tEditor("empty")}</p>
        )}
        <h3 className="text-lg font-semibold">{t("diff.actions")}</h3>
        {version.content.actions.length ? (
          <ol className="list-decimal pl-6">
            {version.content.actions.map((action) => (
              <li key={action.id} className="whitespace-pre-line">{action.text}</li>
            ))}
          </ol>
        ) : (
          <p className="italic text-muted">{tEditor("empty")}</p>
        )}
      </section>
    </>
  );
}
