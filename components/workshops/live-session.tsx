"use client";

/**
 * The live workshop's views (issue 9, part 2), all fed by the room (use-workshop-room.ts): the
 * facilitator's console, the participant's follow-me view, the projector, and the pieces they
 * share (timer, presence, a driver part's text). Commands are server actions; what they change
 * comes back through the room, to everyone at once.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, useTransition } from "react";
import { buttonClass } from "@/components/ui/button-class";
import type { ActionResult } from "@/lib/errors";
import {
  crossedMilestone,
  DRIVER_PARTS,
  formatTimer,
  LOCK_SCOPES,
  lockCovers,
  timerRemainingMs,
  type DriverPart,
  type LiveState,
  type PresenceGroup,
  type SharedLiveState,
  type WorkshopFocus,
  type WorkshopLock,
  type WorkshopTimer,
} from "@/lib/workshop/live-state";
import { useWorkshopRoom, type RoomConnection } from "./use-workshop-room";
import { NO_ACTIVITY, ProjectedActivity, WorkshopActivityView } from "./workshop-activity";

export interface DriverContents {
  driverId: string;
  title: string;
  nulage: string;
  future: string;
  goals: string[];
  gap: string;
  actions: string[];
}

type LiveAction = (input: { dialogueId: string; workshopId: string } & Record<string, string | boolean>) => Promise<ActionResult<unknown>>;

export interface ConsoleActions {
  status: LiveAction;
  focus: LiveAction;
  timer: LiveAction;
  lock: LiveAction;
}

/** The room's latest state, or what the page was rendered with until the socket delivers. */
function useLiveState(initial: SharedLiveState): { state: SharedLiveState & Partial<LiveState>; connection: RoomConnection; clockOffsetMs: number } {
  const room = useWorkshopRoom(initial.workshop.id);
  return { state: room.state ?? initial, connection: room.connection, clockOffsetMs: room.clockOffsetMs };
}

/**
 * Re-reads the page's server data (the drivers' texts, which people may have edited since) when
 * the focus moves or a lock changes. The texts of every agenda driver are already on the page, so
 * the view changes at once; the re-read is spread over `spreadMs` so that 150 participants do not
 * all ask the server in the same instant.
 */
function useRefreshOn(key: string, spreadMs: number): void {
  const router = useRouter();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => router.refresh(), Math.random() * spreadMs);
    return () => clearTimeout(timer);
  }, [key, router, spreadMs]);
}

function titleOf(state: SharedLiveState, driverId: string, contents: DriverContents[] = []): string {
  return state.agenda.find((item) => item.driverId === driverId)?.title ?? contents.find((item) => item.driverId === driverId)?.title ?? "";
}

// --- shared pieces -----------------------------------------------------------------------------

export function ConnectionState({ connection }: { connection: RoomConnection }) {
  const t = useTranslations("workshops.live");
  return (
    <p className={connection === "closed" ? "font-semibold text-danger" : "text-sm text-muted"} role={connection === "closed" ? "alert" : undefined}>
      {connection === "closed" ? t("closed") : t("connection", { state: t(connection) })}
    </p>
  );
}

/**
 * The shared timer, counted down locally from the server's clock. The number itself is not a live
 * region; 5 minutes left, 1 minute left and time up are announced politely, once each.
 */
export function TimerDisplay({ timer, clockOffsetMs, driverTitle, large = false }: { timer: WorkshopTimer; clockOffsetMs: number; driverTitle: string; large?: boolean }) {
  const t = useTranslations("workshops.live");
  const [now, setNow] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const previous = useRef<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now() + clockOffsetMs);
    tick();
    const interval = setInterval(tick, 1_000);
    return () => clearInterval(interval);
  }, [clockOffsetMs]);
  const remaining = now === null ? timer.timeboxSeconds * 1000 : timerRemainingMs(timer, now);
  useEffect(() => {
    if (now === null || !timer.runningSince) {
      previous.current = null;
      return;
    }
    const before = previous.current;
    previous.current = remaining;
    if (before === null) return;
    const milestone = crossedMilestone(before, remaining);
    if (milestone !== null) setAnnouncement(t(milestone === 300_000 ? "announce5" : milestone === 60_000 ? "announce1" : "announceUp", { driver: driverTitle }));
  }, [now, remaining, timer.runningSince, driverTitle, t]);
  if (!timer.driverId || !timer.timeboxSeconds) return <p className="text-muted">{t("timerNone")}</p>;
  const over = remaining < 0;
  return (
    <div>
      <p role="timer" className={`${large ? "text-7xl" : "text-3xl"} font-bold tabular-nums ${over ? "text-danger" : ""}`} data-testid="workshop-timer">
        {t(over ? "timerOver" : "timerLeft", { time: formatTimer(over ? -remaining : remaining) })}
      </p>
      <p className={large ? "text-2xl" : "text-sm text-muted"}>
        {t("timerOf", { driver: driverTitle, minutes: Math.round(timer.timeboxSeconds / 60) })}
        {timer.runningSince ? "" : ` · ${t("timerStopped")}`}
      </p>
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}

export function PresenceGroups({ presence }: { presence: PresenceGroup[] }) {
  const t = useTranslations("workshops.live");
  const count = presence.reduce((sum, group) => sum + group.people.length, 0);
  return (
    <section aria-labelledby="workshop-presence-title">
      <h2 id="workshop-presence-title" className="text-xl font-bold">
        {t("presenceTitle", { count })}
      </h2>
      {count === 0 ? <p className="text-muted">{t("presenceNone")}</p> : null}
      <ul className="mt-2 space-y-2">
        {presence.map((group) => (
          <li key={group.organisation}>
            <span className="font-semibold">{group.organisation}</span>
            <ul className="ml-4 list-disc">
              {group.people.map((person) => (
                <li key={person.userId}>
                  {person.name}
                  {person.facilitator ? ` (${t("facilitator")})` : ""}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Paragraphs({ text, empty }: { text: string; empty: string }) {
  const paragraphs = text.split("\n").filter((line) => line.trim());
  if (!paragraphs.length) return <p className="italic">{empty}</p>;
  return (
    <>
      {paragraphs.map((paragraph, index) => (
        <p key={index} className="mb-3">
          {paragraph}
        </p>
      ))}
    </>
  );
}

/** One part of a driver, read-only: its text, goals or actions, and who locked it. */
export function PartContent({ contents, part, locks, headingLevel = 2 }: { contents: DriverContents | undefined; part: DriverPart; locks: WorkshopLock[]; headingLevel?: 2 | 3 }) {
  const t = useTranslations("workshops.live");
  const tParts = useTranslations("parts");
  const lock = contents ? locks.find((candidate) => candidate.driverId === contents.driverId && lockCovers(candidate.scope, part)) : undefined;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article aria-labelledby="workshop-part-title">
      <Heading id="workshop-part-title" className="font-bold">
        {`${contents?.title ?? ""} – ${tParts(`${part}.title`)}`}
      </Heading>
      {lock ? <p className="mt-1 font-semibold">🔒 {t("lockedNotice", { name: lock.lockedBy })}</p> : null}
      <div className="mt-3">
        {!contents ? null : part === "desired" ? (
          contents.goals.length ? (
            <ul className="list-disc pl-6">
              {contents.goals.map((goal, index) => (
                <li key={index} className="mb-2">
                  {goal}
                </li>
              ))}
            </ul>
          ) : (
            <p className="italic">{t("noContent")}</p>
          )
        ) : part === "gap" ? (
          <>
            <Paragraphs text={contents.gap} empty={t("noContent")} />
            {contents.actions.length ? (
              <>
                <p className="mt-2 font-semibold">{t("actions")}</p>
                <ul className="list-disc pl-6">
                  {contents.actions.map((action, index) => (
                    <li key={index} className="mb-2">
                      {action}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        ) : (
          <Paragraphs text={contents[part]} empty={t("noContent")} />
        )}
      </div>
    </article>
  );
}

function StatusNotice({ status }: { status: string }) {
  const t = useTranslations("workshops.live");
  if (status === "planned") return <p className="rounded bg-brand-50 p-3">{t("notStarted")}</p>;
  if (status === "paused") return <p className="rounded bg-brand-50 p-3 font-semibold">{t("paused")}</p>;
  if (status === "ended") return <p className="rounded bg-brand-50 p-3">{t("ended")}</p>;
  return null;
}

// --- the facilitator's console -----------------------------------------------------------------

export function LiveConsole({ dialogueId, initial, actions }: { dialogueId: string; initial: SharedLiveState; actions: ConsoleActions }) {
  const t = useTranslations("workshops.live");
  const tParts = useTranslations("parts");
  const tErrors = useTranslations("errors");
  const { state, connection, clockOffsetMs } = useLiveState(initial);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState("");
  const workshopId = state.workshop.id;
  const status = state.workshop.status;
  const live = status === "running" || status === "paused";

  const run = (action: LiveAction, input: Record<string, string | boolean>) =>
    startTransition(async () => {
      const result = await action({ dialogueId, workshopId, ...input });
      setError(result.ok ? "" : result.reason ? tErrors(`reasons.${result.reason}`) : tErrors(result.code));
    });

  const focusTitle = state.focus ? titleOf(state, state.focus.driverId) : "";
  return (
    <section aria-labelledby="console-title" className="mt-6 max-w-5xl rounded border border-brand-700 bg-white p-5">
      <h2 id="console-title" className="text-2xl font-bold">
        {t("consoleTitle")}
      </h2>
      <p className="text-muted">{t("consoleIntro")}</p>
      <ConnectionState connection={connection} />
      <p className="mt-2 font-semibold" data-testid="workshop-status">
        {t("statusNow", { status })}
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        {status === "planned" ? (
          <button type="button" className={buttonClass("primary")} disabled={pending} onClick={() => run(actions.status, { command: "start" })}>
            {t("start")}
          </button>
        ) : null}
        {status === "running" ? (
          <button type="button" className={buttonClass("secondary")} disabled={pending} onClick={() => run(actions.status, { command: "pause" })}>
            {t("pause")}
          </button>
        ) : null}
        {status === "paused" ? (
          <button type="button" className={buttonClass("primary")} disabled={pending} onClick={() => run(actions.status, { command: "resume" })}>
            {t("resume")}
          </button>
        ) : null}
        {live ? (
          <button type="button" className={buttonClass("danger")} disabled={pending} onClick={() => run(actions.status, { command: "end" })}>
            {t("end")}
          </button>
        ) : null}
      </div>
      <p role="alert" className={error ? "mt-2 font-semibold text-danger" : "sr-only"}>
        {error}
      </p>
      <nav aria-label={t("links")} className="mt-3 flex flex-wrap gap-2">
        <Link className={buttonClass("quiet")} href={`/dialogues/${dialogueId}/workshops/${workshopId}/live`}>
          {t("participantLink")}
        </Link>
        <Link className={buttonClass("quiet")} href={`/dialogues/${dialogueId}/workshops/${workshopId}/projector`}>
          {t("projectorLink")}
        </Link>
      </nav>

      {live ? (
        <>
          <section aria-labelledby="focus-title" className="mt-6">
            <h3 id="focus-title" className="text-xl font-bold">
              {t("focusTitle")}
            </h3>
            <p role="status" className="mb-2" data-testid="workshop-focus">
              {state.focus ? t("focusNow", { driver: focusTitle, part: tParts(`${state.focus.part}.title`) }) : t("focusNone")}
            </p>
            <ul className="space-y-3">
              {state.agenda.map((item) => (
                <li key={item.driverId}>
                  <p className="font-semibold">{item.title}</p>
                  <ul className="mt-1 flex flex-wrap gap-2">
                    {DRIVER_PARTS.map((part) => {
                      const current = state.focus?.driverId === item.driverId && state.focus.part === part;
                      return (
                        <li key={part}>
                          <button
                            type="button"
                            className={buttonClass(current ? "primary" : "secondary")}
                            aria-pressed={current}
                            aria-label={t("showLabel", { driver: item.title, part: tParts(`${part}.title`) })}
                            disabled={pending}
                            onClick={() => run(actions.focus, { driverId: item.driverId, part })}
                          >
                            {tParts(`${part}.title`)}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="timer-title" className="mt-6">
            <h3 id="timer-title" className="text-xl font-bold">
              {t("timerTitle")}
            </h3>
            <TimerDisplay timer={state.timer} clockOffsetMs={clockOffsetMs} driverTitle={state.timer.driverId ? titleOf(state, state.timer.driverId) : ""} />
            {state.timer.driverId && state.timer.timeboxSeconds ? (
              <div className="mt-2 flex flex-wrap gap-2">
                {state.timer.runningSince ? (
                  <button type="button" className={buttonClass("secondary")} disabled={pending} onClick={() => run(actions.timer, { timer: "pause" })}>
                    {t("timerPause")}
                  </button>
                ) : (
                  <button type="button" className={buttonClass("primary")} disabled={pending || status !== "running"} onClick={() => run(actions.timer, { timer: "start" })}>
                    {t("timerStart")}
                  </button>
                )}
                <button type="button" className={buttonClass("secondary")} disabled={pending} onClick={() => run(actions.timer, { timer: "reset" })}>
                  {t("timerReset")}
                </button>
              </div>
            ) : null}
          </section>
        </>
      ) : null}

      <section aria-labelledby="locks-title" className="mt-6">
        <h3 id="locks-title" className="text-xl font-bold">
          {t("locksTitle")}
        </h3>
        <p className="text-muted">{t("locksIntro")}</p>
        <ul className="mt-2 space-y-3">
          {state.agenda.map((item) => (
            <li key={item.driverId}>
              <p className="font-semibold">{item.title}</p>
              <ul className="mt-1 flex flex-wrap gap-2">
                {LOCK_SCOPES.map((scope) => {
                  const lock = state.locks.find((candidate) => candidate.driverId === item.driverId && candidate.scope === scope);
                  const scopeName = t(`scope.${scope}`);
                  return (
                    <li key={scope}>
                      <button
                        type="button"
                        className={buttonClass(lock ? "primary" : "secondary")}
                        aria-pressed={Boolean(lock)}
                        aria-label={t(lock ? "unlockLabel" : "lockLabel", { scope: scopeName, driver: item.title })}
                        disabled={pending || (!lock && !live)}
                        onClick={() => run(actions.lock, { driverId: item.driverId, scope, locked: !lock })}
                      >
                        {lock ? "🔒 " : ""}
                        {scopeName}
                      </button>
                      {lock ? <span className="ml-2 text-sm text-muted">{t("lockedBy", { name: lock.lockedBy })}</span> : null}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <div className="mt-6">
        <WorkshopActivityView
          activity={state.activity ?? NO_ACTIVITY}
          dialogueId={dialogueId}
          workshopId={workshopId}
          isFacilitator
          drivers={state.agenda.map((item) => ({ id: item.driverId, title: item.title }))}
          focusDriverId={state.focus?.driverId ?? null}
        />
      </div>

      <div className="mt-6">
        <PresenceGroups presence={state.presence ?? []} />
      </div>
    </section>
  );
}

// --- the participant's view --------------------------------------------------------------------

export function ParticipantView({ dialogueId, initial, contents }: { dialogueId: string; initial: SharedLiveState; contents: DriverContents[] }) {
  const t = useTranslations("workshops.live");
  const tParts = useTranslations("parts");
  const { state, connection, clockOffsetMs } = useLiveState(initial);
  const [following, setFollowing] = useState(true);
  const [own, setOwn] = useState<WorkshopFocus | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const focus = state.focus;
  const focusKey = focus ? `${focus.driverId}:${focus.part}` : "";
  useRefreshOn(`${focusKey}|${state.locks.length}`, 3_000);
  const lastFocus = useRef(focusKey);
  useEffect(() => {
    if (focusKey === lastFocus.current) return;
    lastFocus.current = focusKey;
    if (focus && following) setAnnouncement(t("announceFocus", { driver: titleOf(state, focus.driverId, contents), part: tParts(`${focus.part}.title`) }));
  }, [focusKey, focus, following, state, contents, t, tParts]);

  const viewing = following ? focus : (own ?? focus);
  const viewed = viewing ? contents.find((item) => item.driverId === viewing.driverId) : undefined;
  return (
    <div className="max-w-5xl">
      <ConnectionState connection={connection} />
      <StatusNotice status={state.workshop.status} />
      <p role="status" className="sr-only">
        {announcement}
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-3 rounded bg-white p-3 shadow-sm">
        <p className="font-semibold" data-testid="follow-state">
          {following ? t("following") : t("brokenAway")}
        </p>
        {following ? (
          <button
            type="button"
            className={buttonClass("secondary")}
            onClick={() => {
              setOwn(focus);
              setFollowing(false);
            }}
          >
            {t("breakAway")}
          </button>
        ) : (
          <button type="button" className={buttonClass("primary")} onClick={() => setFollowing(true)}>
            {t("followAgain")}
          </button>
        )}
        {!following && focus ? <p className="text-muted">{t("facilitatorShows", { driver: titleOf(state, focus.driverId, contents), part: tParts(`${focus.part}.title`) })}</p> : null}
      </div>

      <div className="mt-4 grid gap-6 lg:grid-cols-[1fr_18rem]">
        <div className="rounded bg-white p-5 shadow-sm" data-testid="workshop-view">
          {viewing ? (
            <>
              <PartContent contents={viewed} part={viewing.part} locks={state.locks} />
              <p className="mt-4">
                <Link href={`/dialogues/${dialogueId}/drivers/${viewing.driverId}#${viewing.part}`}>{t("openInDriver", { part: tParts(`${viewing.part}.title`) })}</Link>
              </p>
            </>
          ) : (
            <p>{t("focusNone")}</p>
          )}
          {!following ? (
            <nav aria-labelledby="choose-title" className="mt-6">
              <h2 id="choose-title" className="text-lg font-bold">
                {t("chooseTitle")}
              </h2>
              <ul className="space-y-2">
                {state.agenda.map((item) => (
                  <li key={item.driverId}>
                    <span className="font-semibold">{item.title}:</span>{" "}
                    {DRIVER_PARTS.map((part) => (
                      <button
                        key={part}
                        type="button"
                        className={`${buttonClass("quiet")} mr-1`}
                        aria-pressed={own?.driverId === item.driverId && own.part === part}
                        aria-label={`${item.title} – ${tParts(`${part}.title`)}`}
                        onClick={() => setOwn({ driverId: item.driverId, part })}
                      >
                        {tParts(`${part}.title`)}
                      </button>
                    ))}
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </div>
        <aside aria-label={t("timerTitle")} className="space-y-6">
          <div className="rounded bg-white p-4 shadow-sm">
            <h2 className="text-xl font-bold">{t("timerTitle")}</h2>
            <TimerDisplay timer={state.timer} clockOffsetMs={clockOffsetMs} driverTitle={state.timer.driverId ? titleOf(state, state.timer.driverId, contents) : ""} />
          </div>
          <div className="rounded bg-white p-4 shadow-sm">
            <PresenceGroups presence={state.presence ?? []} />
          </div>
        </aside>
      </div>
      <div className="mt-6">
        {/* Private writing and dot voting: the panels of a participant (the facilitator's controls are on the console). */}
        <WorkshopActivityView
          activity={state.activity ?? NO_ACTIVITY}
          dialogueId={dialogueId}
          workshopId={state.workshop.id}
          isFacilitator={false}
          drivers={state.agenda.map((item) => ({ id: item.driverId, title: item.title }))}
        />
      </div>
    </div>
  );
}

// --- the projector -----------------------------------------------------------------------------

/** Large type, high contrast, no controls: always shows what the facilitator points at. */
export function ProjectorView({ initial, contents }: { initial: SharedLiveState; contents: DriverContents[] }) {
  const t = useTranslations("workshops.live");
  const { state, clockOffsetMs } = useLiveState(initial);
  const focus = state.focus;
  useRefreshOn(`${focus ? `${focus.driverId}:${focus.part}` : ""}|${state.locks.length}`, 0);
  const count = (state.presence ?? []).reduce((sum, group) => sum + group.people.length, 0);
  return (
    <div className="fixed inset-0 z-50 overflow-auto bg-black p-10 text-white" data-testid="projector">
      <div className="mx-auto max-w-7xl">
        <p className="text-2xl">
          {state.workshop.title} · {t("presenceTitle", { count })}
        </p>
        {state.workshop.status !== "running" ? <p className="mt-4 text-3xl font-semibold">{t(state.workshop.status === "ended" ? "ended" : state.workshop.status === "paused" ? "paused" : "notStarted")}</p> : null}
        <div className="mt-8 grid gap-10 lg:grid-cols-[1fr_auto]">
          <div className="text-4xl leading-snug [&_h2]:mb-6 [&_h2]:text-6xl" data-testid="projector-view">
            {focus ? <PartContent contents={contents.find((item) => item.driverId === focus.driverId)} part={focus.part} locks={state.locks} /> : <p>{t("focusNone")}</p>}
          </div>
          <div className="[&_.text-danger]:text-yellow-300">
            <TimerDisplay timer={state.timer} clockOffsetMs={clockOffsetMs} driverTitle={state.timer.driverId ? titleOf(state, state.timer.driverId, contents) : ""} large />
          </div>
        </div>
        <ProjectedActivity activity={state.activity ?? NO_ACTIVITY} />
      </div>
    </div>
  );
}
