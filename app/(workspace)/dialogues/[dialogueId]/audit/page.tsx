import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { AuditDetails } from "@/components/audit/audit-details";
import { buttonClass } from "@/components/ui/button-class";
import { controlClass } from "@/components/ui/field";
import { AUDIT_KINDS, type AuditKind } from "@/lib/model/audit";
import { loadPage } from "@/lib/server/page";
import { listAuditEvents } from "@/lib/server/services/audit-log";

type PageProps = { params: Promise<{ dialogueId: string }>; searchParams: Promise<{ kind?: string; before?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

/** Message keys cannot hold dots: "round.created" is audit.kind.round_created. */
function kindKey(kind: AuditKind) {
  return kind.replace(".", "_") as `${string}_${string}`;
}

export default async function AuditPage({ params, searchParams }: PageProps) {
  const { dialogueId } = await params;
  const filter = await searchParams;
  const data = await loadPage((actor) => listAuditEvents(actor, dialogueId, filter));
  const t = await getTranslations("audit");
  const format = await getFormatter();
  const kindLabel = (kind: AuditKind) => t(`kind.${kindKey(kind)}` as Parameters<typeof t>[0]);
  const olderHref = data.olderThan ? `?${new URLSearchParams({ ...(data.kind ? { kind: data.kind } : {}), before: String(data.olderThan) })}` : null;
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>← {t("backToDialogue")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mb-4 max-w-3xl text-muted">{t("intro")}</p>
      <form method="get" className="mb-6 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="audit-kind" className="mb-1 block font-semibold">
            {t("filter")}
          </label>
          <select id="audit-kind" name="kind" defaultValue={data.kind ?? ""} className={controlClass}>
            <option value="">{t("all")}</option>
            {AUDIT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kindLabel(kind)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          {t("submit")}
        </button>
      </form>
      {data.entries.length ? (
        <table className="w-full max-w-5xl border-collapse text-left">
          <caption className="sr-only">{t("title")}</caption>
          <thead>
            <tr className="border-b border-gray-400">
              <th scope="col" className="py-2 pr-4">{t("when")}</th>
              <th scope="col" className="py-2 pr-4">{t("who")}</th>
              <th scope="col" className="py-2 pr-4">{t("what")}</th>
              <th scope="col" className="py-2">{t("details")}</th>
            </tr>
          </thead>
          <tbody>
            {data.entries.map((entry) => (
              <tr key={entry.id} className="border-b border-gray-200 align-top">
                <td className="py-2 pr-4 whitespace-nowrap">{format.dateTime(entry.createdAt, { dateStyle: "medium", timeStyle: "medium" })}</td>
                <td className="py-2 pr-4">{entry.actorId ? (entry.actorName ?? "–") : t("scheduler")}</td>
                <td className="py-2 pr-4">{kindLabel(entry.kind)}</td>
                <td className="py-2">
                  <AuditDetails dialogueId={dialogueId} entry={entry} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("none")}</p>
      )}
      {olderHref ? (
        <p className="mt-4">
          <Link href={olderHref}>{t("more")}</Link>
        </p>
      ) : null}
    </>
  );
}
