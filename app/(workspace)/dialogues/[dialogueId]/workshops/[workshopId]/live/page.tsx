import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { ParticipantView } from "@/components/workshops/live-session";
import { loadPage } from "@/lib/server/page";
import { getLiveSession, getWorkshopContents } from "@/lib/server/services/workshop-session";

type Params = { params: Promise<{ dialogueId: string; workshopId: string }> };

const loadLive = cache((dialogueId: string, workshopId: string) =>
  loadPage((actor) => Promise.all([getLiveSession(actor, dialogueId, workshopId), getWorkshopContents(actor, dialogueId, workshopId)])),
);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, workshopId } = await params;
  const [live] = await loadLive(dialogueId, workshopId);
  return { title: `${live.state.workshop.title} – ${(await getTranslations("workshops.live"))("participantTitle")}` };
}

/** The participant's view of a live workshop: it follows the facilitator unless they break away. */
export default async function WorkshopLivePage({ params }: Params) {
  const { dialogueId, workshopId } = await params;
  const [live, contents] = await loadLive(dialogueId, workshopId);
  const t = await getTranslations("workshops.live");
  const tAgenda = await getTranslations("workshops.agenda");
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}/workshops/${workshopId}`}>{tAgenda("title")}</Link>
        {" · "}
        <Link href={`/dialogues/${dialogueId}/workshops/${workshopId}/projector`}>{t("projectorLink")}</Link>
      </p>
      <h1 className="mb-3 text-3xl font-bold">
        {live.state.workshop.title}: {t("participantTitle")}
      </h1>
      <ParticipantView dialogueId={dialogueId} initial={live.state} contents={contents} />
    </>
  );
}
