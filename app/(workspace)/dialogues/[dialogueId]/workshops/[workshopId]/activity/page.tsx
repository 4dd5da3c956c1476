import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { LiveWorkshopActivity } from "@/components/workshops/live-workshop-activity";
import { loadPage } from "@/lib/server/page";
import { getWorkshopActivity } from "@/lib/server/services/workshop-activity";
import { getWorkshopAgenda } from "@/lib/server/services/workshops";

type Params = { params: Promise<{ dialogueId: string; workshopId: string }> };

const loadData = cache((dialogueId: string, workshopId: string) =>
  loadPage(async (actor) => {
    const [agenda, activity] = await Promise.all([getWorkshopAgenda(actor, dialogueId, workshopId), getWorkshopActivity(actor, dialogueId, workshopId)]);
    return { agenda, activity };
  }),
);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, workshopId } = await params;
  const { agenda } = await loadData(dialogueId, workshopId);
  return { title: `${agenda.workshop.title} – ${(await getTranslations("workshops.activity"))("pageTitle")}` };
}

/** Private writing and dot voting (issue 9, parts 3 and 4): the facilitator's controls and everyone's panels. */
export default async function WorkshopActivityPage({ params }: Params) {
  const { dialogueId, workshopId } = await params;
  const { agenda, activity } = await loadData(dialogueId, workshopId);
  const t = await getTranslations("workshops.activity");
  const tAgenda = await getTranslations("workshops.agenda");
  const drivers = agenda.items.length ? agenda.items.map((item) => ({ id: item.driverId, title: item.title })) : agenda.drivers;
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>{agenda.planningQuestion}</Link>
        {" · "}
        <Link href={`/dialogues/${dialogueId}/workshops/${workshopId}`}>{agenda.workshop.title}</Link>
        {" · "}
        <Link href={`/dialogues/${dialogueId}/workshops`}>{tAgenda("backToList")}</Link>
      </p>
      <h1 className="text-3xl font-bold">
        {t("pageTitle")}: {agenda.workshop.title}
      </h1>
      <p className="mt-2 mb-6 max-w-3xl">{t("intro")}</p>
      <div className="max-w-4xl">
        <LiveWorkshopActivity initial={activity} dialogueId={dialogueId} workshopId={workshopId} isFacilitator={agenda.canManage} drivers={drivers} />
      </div>
    </>
  );
}
