import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { DevMentionForm } from "@/components/comments/dev-mention-form";
import { getEnv } from "@/lib/server/env";
import { loadPage } from "@/lib/server/page";
import { getDialogueOverview, listMyDialogues } from "@/lib/server/services/dialogues";
import { listMentionCandidates } from "@/lib/server/services/notifications";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications.devPicker"))("title") };
}

type Props = { searchParams: Promise<{ dialogue?: string }> };

/**
 * Demo mode only (404 otherwise, like /outbox): the mention picker in a working comment form, for
 * trying it and for its Playwright test until the driver page's thread panel uses it. The comment
 * goes through createThread, so it is authorized, validated and notifies like any other.
 */
export default async function DevMentionsPage({ searchParams }: Props) {
  if (!getEnv().isDemoMode) notFound();
  const { dialogue: wanted } = await searchParams;
  const data = await loadPage(async (actor) => {
    const mine = await listMyDialogues(actor);
    const chosen = mine.find((dialogue) => dialogue.id === wanted) ?? mine.find((dialogue) => dialogue.driverCount > 0);
    if (!chosen) return null;
    const overview = await getDialogueOverview(actor, chosen.id);
    const driver = overview.drivers[0];
    if (!driver) return null;
    return { dialogue: overview.dialogue, driver, candidates: await listMentionCandidates(actor, chosen.id) };
  });
  const t = await getTranslations("notifications.devPicker");
  return (
    <>
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      {data ? (
        <>
          <p className="mb-4 max-w-2xl">{t("intro", { driver: data.driver.title, dialogue: data.dialogue.planningQuestion })}</p>
          <DevMentionForm
            dialogueId={data.dialogue.id}
            driverId={data.driver.id}
            candidates={data.candidates}
            label={t("label")}
            submitLabel={t("submit")}
            successMessage={t("posted")}
          />
        </>
      ) : (
        <p>{t("noDialogue")}</p>
      )}
    </>
  );
}
