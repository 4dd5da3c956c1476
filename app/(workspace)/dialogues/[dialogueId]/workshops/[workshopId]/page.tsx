import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { MoveButtons } from "@/components/ui/move-buttons";
import { SortableDriverList } from "@/components/dialogue/sortable-driver-list";
import { AgendaForm, ApplySuggestionForm, type AgendaFormRow } from "@/components/workshops/workshop-forms";
import { WORKSHOP_LIMITS } from "@/lib/model/workshop";
import { loadPage } from "@/lib/server/page";
import { getLiveSession } from "@/lib/server/services/workshop-session";
import { getWorkshopAgenda, type DriverSuggestion } from "@/lib/server/services/workshops";
import { LiveConsole } from "@/components/workshops/live-session";
import { buttonClass } from "@/components/ui/button-class";
import { lockAction, moveAgendaItemAction, reorderAgendaAction, sessionStatusAction, setFocusAction, timerAction } from "../actions";

type Params = { params: Promise<{ dialogueId: string; workshopId: string }> };

const loadAgenda = cache((dialogueId: string, workshopId: string) => loadPage((actor) => getWorkshopAgenda(actor, dialogueId, workshopId)));

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, workshopId } = await params;
  const data = await loadAgenda(dialogueId, workshopId);
  return { title: `${data.workshop.title} – ${(await getTranslations("workshops.agenda"))("title")}` };
}

export default async function WorkshopAgendaPage({ params }: Params) {
  const { dialogueId, workshopId } = await params;
  const data = await loadAgenda(dialogueId, workshopId);
  const live = await loadPage((actor) => getLiveSession(actor, dialogueId, workshopId));
  const t = await getTranslations("workshops");
  const tLive = await getTranslations("workshops.live");
  const tAgenda = await getTranslations("workshops.agenda");
  const tEdit = await getTranslations("workshops.edit");
  const tSuggestion = await getTranslations("workshops.suggestion");
  const tOverview = await getTranslations("dialogues.overview");
  const format = await getFormatter();
  const { workshop, items } = data;
  const timeboxOf = new Map(items.map((item) => [item.driverId, item.timeboxMinutes]));
  const formRows: AgendaFormRow[] = [
    ...items.map((item) => ({ driverId: item.driverId, title: item.title, included: true, timeboxMinutes: item.timeboxMinutes })),
    ...data.drivers
      .filter((driver) => !timeboxOf.has(driver.id))
      .map((driver) => ({ driverId: driver.id, title: driver.title, included: false, timeboxMinutes: WORKSHOP_LIMITS.defaultTimebox })),
  ];
  const alreadySuggested = data.suggestedAgendaOrder.join(",") === items.map((item) => item.driverId).join(",");
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>{data.planningQuestion}</Link>
        {" · "}
        <Link href={`/dialogues/${dialogueId}/workshops`}>{tAgenda("backToList")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{workshop.title}</h1>
      <p className="mt-2 text-muted">
        {workshop.plannedFor ? format.dateTime(workshop.plannedFor, { dateStyle: "full", timeStyle: "short" }) : t("noDate")} ·{" "}
        {t("statusLabel", { status: t(`status.${workshop.status}`) })}
      </p>
      <p className="mt-2">
        <Link href={`/dialogues/${dialogueId}/workshops/${workshop.id}/activity`}>{t("activity.link")}</Link>
        {" · "}
        <Link href={`/dialogues/${dialogueId}/workshops/${workshop.id}/record`}>{t("record.link")}</Link>
      </p>
      {data.canManage ? (
        <LiveConsole dialogueId={dialogueId} initial={live.state} actions={{ status: sessionStatusAction, focus: setFocusAction, timer: timerAction, lock: lockAction }} />
      ) : (
        <p className="mt-4 flex flex-wrap gap-2">
          <Link className={buttonClass("primary")} href={`/dialogues/${dialogueId}/workshops/${workshopId}/live`}>
            {tLive("participantTitle")}
          </Link>
          <Link className={buttonClass("secondary")} href={`/dialogues/${dialogueId}/workshops/${workshopId}/projector`}>
            {tLive("projectorLink")}
          </Link>
        </p>
      )}

      <section aria-labelledby="agenda-title" className="mt-6 max-w-4xl">
        <h2 id="agenda-title" className="text-2xl font-bold">
          {tAgenda("title")}
        </h2>
        <p className="mb-3 font-semibold">{tAgenda("total", { minutes: data.totalMinutes })}</p>
        {data.canManage ? null : <p className="mb-3 text-muted">{tAgenda("readOnly")}</p>}
        {items.length === 0 ? (
          <p>{data.canManage ? tAgenda("empty") : tAgenda("emptyReadOnly")}</p>
        ) : (
          <SortableDriverList
            listId={`agenda-${workshop.id}`}
            labelledBy="agenda-title"
            saveOrder={reorderAgendaAction}
            fields={{ dialogueId, workshopId: workshop.id }}
            canReorder={data.canManage}
            items={items.map((item, index) => ({
              id: item.driverId,
              title: item.title,
              content: (
                <>
                  <h3 className="text-lg font-semibold">
                    <Link href={`/dialogues/${dialogueId}/drivers/${item.driverId}`}>{item.title}</Link>
                  </h3>
                  <p className="text-sm">{tAgenda("timebox", { minutes: item.timeboxMinutes })}</p>
                </>
              ),
              controls: data.canManage ? (
                <MoveButtons
                  action={moveAgendaItemAction}
                  fields={{ dialogueId, workshopId: workshop.id, driverId: item.driverId }}
                  upLabel={tOverview("moveUp", { title: item.title })}
                  downLabel={tOverview("moveDown", { title: item.title })}
                  movedMessage={tOverview("moved", { title: item.title })}
                  idPrefix={`move-${item.driverId}`}
                  isFirst={index === 0}
                  isLast={index === items.length - 1}
                />
              ) : null,
            }))}
          />
        )}
      </section>

      <section aria-labelledby="suggestion-title" className="mt-8 max-w-4xl">
        <h2 id="suggestion-title" className="text-2xl font-bold">
          {tSuggestion("title")}
        </h2>
        <p className="mb-3 max-w-3xl">{tSuggestion("intro")}</p>
        {data.canManage && items.length > 1 ? (
          <div className="mb-3">
            {/* Kept after applying, so that focus and the announcement stay with the button. */}
            {alreadySuggested ? <p className="mb-2 text-muted">{tSuggestion("alreadyApplied")}</p> : null}
            <ApplySuggestionForm dialogueId={dialogueId} workshopId={workshop.id} driverIds={data.suggestedAgendaOrder} />
          </div>
        ) : null}
        {data.suggestion.length ? (
          <ol className="space-y-3">
            {data.suggestion.map((suggestion) => (
              <SuggestionItem key={suggestion.driverId} dialogueId={dialogueId} suggestion={suggestion} />
            ))}
          </ol>
        ) : (
          <p>{tSuggestion("noDrivers")}</p>
        )}
      </section>

      {data.canManage ? (
        <section aria-labelledby="agenda-edit-title" className="mt-8 max-w-4xl rounded bg-white p-5 shadow-sm">
          <h2 id="agenda-edit-title" className="mb-2 text-2xl font-bold">
            {tEdit("title")}
          </h2>
          <p className="mb-3">{tEdit("intro")}</p>
          {formRows.length ? <AgendaForm dialogueId={dialogueId} workshopId={workshop.id} rows={formRows} /> : <p>{tEdit("noDrivers")}</p>}
        </section>
      ) : null}
    </>
  );
}

/** One driver's place in the suggested order, with its reasons in words. */
async function SuggestionItem({ dialogueId, suggestion }: { dialogueId: string; suggestion: DriverSuggestion }) {
  const t = await getTranslations("workshops.suggestion");
  const tOverview = await getTranslations("dialogues.overview");
  const format = await getFormatter();
  const { reasons, factors } = suggestion;
  const number = (value: number) => format.number(value, { maximumFractionDigits: 2 });
  const spread = reasons.stances.spread === 0 ? "none" : reasons.stances.spread < 1 ? "some" : "far";
  return (
    <li className="rounded bg-white p-4 shadow-sm" data-driver-id={suggestion.driverId}>
      <h3 className="text-lg font-semibold">
        {t("rank", { rank: suggestion.rank })}: <Link href={`/dialogues/${dialogueId}/drivers/${suggestion.driverId}`}>{suggestion.title}</Link>
      </h3>
      <p className="text-sm text-muted">{suggestion.onAgenda ? t("onAgenda") : t("notOnAgenda")}</p>
      <ul className="mt-2 list-disc pl-6">
        <li>
          {reasons.gap.largestRelative === null
            ? t("noGap")
            : t("gap", { percent: format.number(reasons.gap.largestRelative, { style: "percent", maximumFractionDigits: 0 }), open: reasons.gap.openGaps })}
          {reasons.gap.widening > 0 ? ` ${t("widening", { count: reasons.gap.widening })}` : null}
        </li>
        <li>
          {reasons.stances.organisations === 0
            ? t("noStances")
            : `${t("stances", { organisations: reasons.stances.organisations, support: reasons.stances.support, accept: reasons.stances.accept, object: reasons.stances.object })} ${t("spread", { spread })}`}
        </li>
        <li>{tOverview("openThreads", { count: reasons.openThreads })}</li>
      </ul>
      <p className="mt-2 text-sm text-muted">
        {t("score", { score: number(suggestion.score), gap: number(factors.gap), disagreement: number(factors.disagreement), threads: number(factors.threads) })}
      </p>
    </li>
  );
}
