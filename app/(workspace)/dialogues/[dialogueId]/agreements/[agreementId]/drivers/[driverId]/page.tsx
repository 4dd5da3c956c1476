import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { gapText } from "@/components/agreements/agreed-driver-view";
import { VersionDiffView } from "@/components/versions/version-diff-view";
import type { GapChange } from "@/lib/model/agreement";
import { loadPage } from "@/lib/server/page";
import { getAgreedDriverDiff } from "@/lib/server/services/agreements";

type Params = { params: Promise<{ dialogueId: string; agreementId: string; driverId: string }> };

const loadComparison = cache((dialogueId: string, agreementId: string, driverId: string) =>
  loadPage((actor) => getAgreedDriverDiff(actor, dialogueId, agreementId, driverId)),
);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, agreementId, driverId } = await params;
  const comparison = await loadComparison(dialogueId, agreementId, driverId);
  return { title: (await getTranslations("agreements.diff"))("title", { driver: comparison.driverTitle }) };
}

/** The new draft of a driver against its agreed version: words, önskat läge and gaps on newer data. */
export default async function AgreedDriverDiffPage({ params }: Params) {
  const { dialogueId, agreementId, driverId } = await params;
  const { agreement, driverTitle, agreed, diff } = await loadComparison(dialogueId, agreementId, driverId);
  const t = await getTranslations("agreements.diff");
  const format = await getFormatter();
  const goalText = new Map(agreed.content.goals.map((goal) => [goal.id, goal.text]));
  return (
    <>
      <p className="mb-2 flex flex-wrap gap-x-4">
        <Link href={`/dialogues/${dialogueId}/drivers/${driverId}`}>← {driverTitle}</Link>
        <Link href={`/dialogues/${dialogueId}/agreements/${agreementId}`}>{t("backToAgreement")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("title", { driver: driverTitle })}</h1>
      <p className="mt-2 max-w-3xl text-muted">{t("intro", { at: format.dateTime(agreement.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
      {!diff.hasChanges ? <p className="mt-4 rounded bg-brand-50 p-3">{t("none")}</p> : null}
      {diff.isDesiredChanged ? <p className="mt-4 rounded bg-yellow-100 p-3 text-ink">{t("desiredChanged")}</p> : null}
      <section aria-labelledby="agreed-gaps-title" className="mt-8 rounded bg-white p-5 shadow-sm">
        <h2 id="agreed-gaps-title" className="mb-1 text-2xl font-bold">
          {t("gapsTitle")}
        </h2>
        <p className="mb-4 text-muted">{t("gapsIntro")}</p>
        {diff.gapChanges.length ? (
          <ul className="list-disc space-y-2 pl-6">
            {await Promise.all(diff.gapChanges.map(async (change) => <GapChangeItem key={change.goalId} change={change} goal={goalText.get(change.goalId) ?? ""} />))}
          </ul>
        ) : (
          <p>{t("gapsNone")}</p>
        )}
      </section>
      <section aria-labelledby="diff-title" className="mt-8 rounded bg-white p-5 shadow-sm">
        <h2 id="diff-title" className="mb-4 text-2xl font-bold">
          {t("contentTitle")}
        </h2>
        <VersionDiffView diff={diff.content} />
      </section>
    </>
  );
}

async function GapChangeItem({ change, goal }: { change: GapChange; goal: string }) {
  const t = await getTranslations("agreements.diff");
  return (
    <li>
      <span className="font-semibold">{goal}</span>
      <span className="block">{t("gapAgreed", { gap: await gapText(change.agreed) })}</span>
      <span className="block">{t("gapNow", { gap: change.now ? await gapText(change.now) : t("gapNoData") })}</span>
    </li>
  );
}
