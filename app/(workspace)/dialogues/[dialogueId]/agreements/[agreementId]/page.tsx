import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { AgreedDriverView } from "@/components/agreements/agreed-driver-view";
import type { AgreedRelease } from "@/lib/model/agreement";
import { loadPage } from "@/lib/server/page";
import { getAgreement, type AgreementDetails } from "@/lib/server/services/agreements";

type Params = { params: Promise<{ dialogueId: string; agreementId: string }> };

const loadAgreement = cache((dialogueId: string, agreementId: string) => loadPage((actor) => getAgreement(actor, dialogueId, agreementId)));

async function titleOf(agreement: AgreementDetails): Promise<string> {
  const t = await getTranslations("agreements.detail");
  return agreement.driverId ? t("titleDriver", { title: agreement.driverTitle ?? "" }) : t("titleGoalSet");
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, agreementId } = await params;
  return { title: await titleOf(await loadAgreement(dialogueId, agreementId)) };
}

/** A frozen agreement: what was agreed, on which figures, and which drivers have changed since. */
export default async function AgreementPage({ params }: Params) {
  const { dialogueId, agreementId } = await params;
  const agreement = await loadAgreement(dialogueId, agreementId);
  const t = await getTranslations("agreements");
  const tDetail = await getTranslations("agreements.detail");
  const tExport = await getTranslations("exportPage");
  const format = await getFormatter();
  return (
    <>
      <p className="mb-2 flex flex-wrap gap-x-4">
        <Link href={`/dialogues/${dialogueId}`}>{agreement.planningQuestion}</Link>
        <Link href={`/dialogues/${dialogueId}/agreements`}>{tDetail("allAgreements")}</Link>
        <Link href={`/dialogues/${dialogueId}/export?source=${agreementId}`}>{tExport("exportThisVersion")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{await titleOf(agreement)}</h1>
      <p className="text-muted">{t("agreedByAt", { name: agreement.createdByName, at: format.dateTime(agreement.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
      <p className="mt-2 rounded bg-brand-50 p-3">{tDetail("immutable")}</p>
      {agreement.note ? <p className="mt-2 max-w-3xl whitespace-pre-line">{agreement.note}</p> : null}
      <ReleasesSection agreement={agreement} />
      {agreement.drivers.map((driver) => (
        <section key={driver.driverId} aria-labelledby={`agreed-${driver.driverId}`} className="mt-8 rounded bg-white p-5 shadow-sm">
          <h2 id={`agreed-${driver.driverId}`} className="text-2xl font-bold">
            {driver.title}
          </h2>
          <p className="mb-4 mt-1 flex flex-wrap gap-x-4">
            <strong data-testid="agreed-driver-status">{tDetail(`status.${driver.status}`)}</strong>
            {driver.status === "changed" ? <Link href={`/dialogues/${dialogueId}/agreements/${agreementId}/drivers/${driver.driverId}`}>{tDetail("diffLink")}</Link> : null}
          </p>
          <AgreedDriverView driver={driver} organisationNames={agreement.organisationNames} />
        </section>
      ))}
    </>
  );
}

async function ReleasesSection({ agreement }: { agreement: AgreementDetails }) {
  const tDetail = await getTranslations("agreements.detail");
  return (
    <section aria-labelledby="agreed-data-title" className="mt-6 rounded bg-white p-5 shadow-sm">
      <h2 id="agreed-data-title" className="text-2xl font-bold">
        {tDetail("dataTitle")}
      </h2>
      <p className="mb-2 text-muted">{agreement.latestReleaseId ? tDetail("dataLatest", { id: agreement.latestReleaseId }) : tDetail("dataNoImports")}</p>
      {agreement.releases.length ? (
        <ul className="list-disc pl-6">
          {await Promise.all(agreement.releases.map(async (release) => <li key={release.id ?? "seed"}>{await releaseText(release)}</li>))}
        </ul>
      ) : (
        <p>{tDetail("dataNone")}</p>
      )}
    </section>
  );
}

async function releaseText(release: AgreedRelease): Promise<string> {
  const tGap = await getTranslations("gap");
  const format = await getFormatter();
  if (release.id === null) return tGap("seedRelease");
  const date = release.createdAt ? format.dateTime(new Date(release.createdAt), { dateStyle: "medium", timeStyle: "short" }) : "";
  return tGap("release", { id: release.id, file: release.fileName ?? "", date });
}
