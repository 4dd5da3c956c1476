import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { ProjectorView } from "@/components/workshops/live-session";
import { loadPage } from "@/lib/server/page";
import { getLiveSession, getWorkshopContents } from "@/lib/server/services/workshop-session";

type Params = { params: Promise<{ dialogueId: string; workshopId: string }> };

const loadProjector = cache((dialogueId: string, workshopId: string) =>
  loadPage((actor) => Promise.all([getLiveSession(actor, dialogueId, workshopId), getWorkshopContents(actor, dialogueId, workshopId)])),
);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, workshopId } = await params;
  const [live] = await loadProjector(dialogueId, workshopId);
  return { title: `${live.state.workshop.title} – ${(await getTranslations("workshops.live"))("projectorTitle")}` };
}

/** For the room's projector: large type, high contrast, what the facilitator shows, and the timer. */
export default async function WorkshopProjectorPage({ params }: Params) {
  const { dialogueId, workshopId } = await params;
  const [live, contents] = await loadProjector(dialogueId, workshopId);
  const t = await getTranslations("workshops.live");
  return (
    <>
      <h1 className="sr-only">
        {live.state.workshop.title}: {t("projectorTitle")}
      </h1>
      <ProjectorView initial={live.state} contents={contents} />
    </>
  );
}
