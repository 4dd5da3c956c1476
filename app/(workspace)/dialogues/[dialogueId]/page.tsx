import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { regionLabel } from "@/components/forms/options";
import { DriverProgressList, type ProgressLabels } from "@/components/dialogue/driver-progress-list";
import { SortableDriverList } from "@/components/dialogue/sortable-driver-list";
import { ImportedNotice, type ImportedSearch } from "@/components/goal-set/imported-notice";
import { buttonClass } from "@/components/ui/button-class";
import { MoveButtons } from "@/components/ui/move-buttons";
import { DRIVER_PARTS, WHO_CLASSES } from "@/lib/model/enums";
import { loadPage } from "@/lib/server/page";
import { countOpenThreads } from "@/lib/server/services/comments";
import { getDialogueOverview } from "@/lib/server/services/dialogues";
import { listWorkshops } from "@/lib/server/services/workshops";
import { moveDriverAction, reorderDriversAction } from "./actions";

type Params = { params: Promise<{ dialogueId: string }> };

/** Metadata and page share one load per request. */
const loadOverview = cache((dialogueId: string) =>
  loadPage(async (actor) => {
    const [overview, openThreads, workshopList] = await Promise.all([getDialogueOverview(actor, dialogueId), countOpenThreads(actor, dialogueId), listWorkshops(actor, dialogueId)]);
    // The session records of held workshops are linked from the dialogue itself (issue 9, part 6).
    return { ...overview, openThreads, heldWorkshops: workshopList.workshops.filter((workshop) => workshop.status === "ended") };
  }),
);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const overview = await loadOverview((await params).dialogueId);
  return { title: overview.dialogue.planningQuestion };
}

export default async function DialogueOverviewPage({ params, searchParams }: Params & { searchParams: Promise<ImportedSearch> }) {
  const { dialogueId } = await params;
  const overview = await loadOverview(dialogueId);
  const { dialogue, abilities } = overview;
  const t = await getTranslations("dialogues.overview");
  const tEnums = await getTranslations("enums");
  const tParts = await getTranslations("parts");
  const tPanels = await getTranslations("panels");
  const tRounds = await getTranslations("rounds");
  const tAudit = await getTranslations("audit");
  const tAgreements = await getTranslations("agreements");
  const tExport = await getTranslations("exportPage");
  const tWorkshops = await getTranslations("workshops");
  const progressLabels: ProgressLabels = {
    summary: (filled) => t("progress", { filled }),
    parts: Object.fromEntries(
      DRIVER_PARTS.map((part) => {
        const title = tParts(`${part}.title`);
        return [part, { title, filled: t("partFilled", { part: title }), empty: t("partEmpty", { part: title }) }];
      }),
    ) as ProgressLabels["parts"],
  };
  const regions = dialogue.regionCodes.length
    ? (await Promise.all(dialogue.regionCodes.map((code) => regionLabel(code)))).join(", ")
    : t("allRegions");
  return (
    <>
      <h1 className="text-3xl font-bold">{dialogue.planningQuestion}</h1>
      <p className="mt-2 text-muted">
        {t("status", { status: tEnums(`dialogueStatus.${dialogue.status}`) })} · {t("horizon", { from: dialogue.horizonFrom, to: dialogue.horizonTo })} ·{" "}
        {t("regions", { regions })}
      </p>
      {dialogue.description ? <p className="mt-3 max-w-3xl whitespace-pre-line">{dialogue.description}</p> : null}
      <ImportedNotice search={await searchParams} />
      <nav aria-label={t("driversTitle")} className="mt-4 flex flex-wrap gap-2">
        <Link href={`/dialogues/${dialogue.id}/members`} className={buttonClass("secondary")}>
          {t("members")}
        </Link>
        {abilities["dialogue.update"] ? (
          <Link href={`/dialogues/${dialogue.id}/settings`} className={buttonClass("secondary")}>
            {t("settings")}
          </Link>
        ) : null}
        <Link href={`/dialogues/${dialogue.id}/rounds`} className={buttonClass("secondary")}>
          {tRounds("navLink")}
        </Link>
        {abilities["audit.read"] ? (
          <Link href={`/dialogues/${dialogue.id}/audit`} className={buttonClass("secondary")}>
            {tAudit("navLink")}
          </Link>
        ) : null}
        <Link href={`/dialogues/${dialogue.id}/agreements`} className={buttonClass("secondary")}>
          {tAgreements("navLink")}
        </Link>
        <Link href={`/dialogues/${dialogue.id}/workshops`} className={buttonClass("secondary")}>
          {tWorkshops("navLink")}
        </Link>
        <Link href={`/dialogues/${dialogue.id}/export`} className={buttonClass("secondary")}>
          {tExport("navLink")}
        </Link>
        <Link href={`/dialogues/${dialogue.id}/indicators/compare`} className={buttonClass("secondary")}>
          {tPanels("compareLink")}
        </Link>
        {abilities["indicator.import"] ? (
          <Link href={`/dialogues/${dialogue.id}/indicators/import`} className={buttonClass("secondary")}>
            {tPanels("importLink")}
          </Link>
        ) : null}
        {abilities["driver.create"] ? (
          <Link href={`/dialogues/${dialogue.id}/drivers/new`} className={buttonClass("primary")}>
            {t("addDriver")}
          </Link>
        ) : null}
      </nav>
      {overview.heldWorkshops.length ? (
        <section aria-labelledby="held-workshops" className="mt-6">
          <h2 id="held-workshops" className="text-xl font-semibold">
            {tWorkshops("record.heldTitle")}
          </h2>
          <ul className="mt-1 list-disc pl-6">
            {overview.heldWorkshops.map((workshop) => (
              <li key={workshop.id}>
                <Link href={`/dialogues/${dialogue.id}/workshops/${workshop.id}/record`}>{tWorkshops("record.linkTo", { title: workshop.title })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2 className="mt-8 text-2xl font-bold">{t("driversTitle")}</h2>
      <p className="mb-4 max-w-3xl">{t("driversIntro")}</p>
      {WHO_CLASSES.map((whoClass) => {
        const group = overview.drivers.filter((driver) => driver.whoClass === whoClass);
        return (
          <section key={whoClass} aria-labelledby={`group-${whoClass}`} className="mb-8">
            <h3 id={`group-${whoClass}`} className="mb-3 text-xl font-semibold">
              {tEnums(`whoClass.${whoClass}`)} ({group.length})
            </h3>
            {group.length === 0 ? <p>{t("noDrivers")}</p> : null}
            <SortableDriverList
              listId={`drivers-${whoClass}`}
              saveOrder={reorderDriversAction}
              fields={{ dialogueId: dialogue.id }}
              canReorder={abilities["driver.reorder"]}
              items={group.map((driver, index) => ({
                id: driver.id,
                title: driver.title,
                content: (
                  <>
                    <h4 className="text-lg font-semibold">
                      <Link href={`/dialogues/${dialogue.id}/drivers/${driver.id}`}>{driver.title}</Link>
                    </h4>
                    <DriverProgressList progress={driver.progress} labels={progressLabels} />
                    <p className="mt-1 text-sm">
                      <Link href={`/dialogues/${dialogue.id}/drivers/${driver.id}#comments`}>
                        {t("openThreads", { count: overview.openThreads[driver.id] ?? 0 })}
                      </Link>
                    </p>
                  </>
                ),
                controls: abilities["driver.reorder"] ? (
                  <MoveButtons
                    action={moveDriverAction}
                    fields={{ dialogueId: dialogue.id, driverId: driver.id }}
                    upLabel={t("moveUp", { title: driver.title })}
                    downLabel={t("moveDown", { title: driver.title })}
                    movedMessage={t("moved", { title: driver.title })}
                    idPrefix={`move-${driver.id}`}
                    isFirst={index === 0}
                    isLast={index === group.length - 1}
                  />
                ) : null,
              }))}
            />
          </section>
        );
      })}
    </>
  );
}
