/**
 * The session record of a facilitated workshop (issue 9, part 6): what happened — the agenda and
 * its timings, the prompts and their reveals, the votes and their results, the locks and the items
 * created from answers — built from what the database keeps (the session's events, prompts,
 * votes, created items). Pure, so the record page and the exports phrase the same record; tested
 * in tests/unit/workshop-record.test.ts.
 *
 * Privacy carries over from the live session: an unrevealed prompt's answers and an unrevealed
 * vote's results are not in the record (only how many answered or voted), and an anonymous
 * reveal's answers are listed without names.
 */
import type { ExportText } from "../export/document-text";
import type { LockScope } from "./live-state";
import { tallyVotes, type Ballot, type PromptStatus, type TallyRow, type VoteMode, type VoteStatus, type VoteTarget, type VoteTargetKind, type AnswerUse } from "./activity";

export interface RecordEventInput {
  kind: string;
  at: Date;
  actorName: string | null;
  payload: Record<string, unknown>;
}

export interface RecordInput {
  workshop: { id: string; title: string; status: string; plannedFor: Date | null };
  agenda: { driverId: string; title: string; timeboxMinutes: number }[];
  /** Titles of every driver of the dialogue (a lock or an item may name one that left the agenda). */
  driverTitles: Map<string, string>;
  events: RecordEventInput[];
  prompts: {
    id: string;
    question: string;
    driverId: string | null;
    status: PromptStatus;
    anonymous: boolean;
    createdAt: Date;
    revealedAt: Date | null;
    answers: { id: string; body: string; authorName: string; organisation: string }[];
  }[];
  votes: {
    id: string;
    title: string;
    targetKind: VoteTargetKind;
    mode: VoteMode;
    dotsPerVoter: number;
    status: VoteStatus;
    targets: VoteTarget[];
    createdAt: Date;
    revealedAt: Date | null;
    ballots: Ballot[];
  }[];
  createdItems: { use: AnswerUse; driverId: string | null; text: string; createdAt: Date; createdByName: string | null }[];
}

export interface RecordAgendaItem {
  driverId: string;
  title: string;
  timeboxMinutes: number;
  /** Minutes the session spent on it (the timer's, or the facilitator's focus while running); null without a session. */
  actualMinutes: number | null;
}

export interface WorkshopRecord {
  workshop: { id: string; title: string; status: string; plannedFor: string | null };
  startedAt: string | null;
  endedAt: string | null;
  /** Running time, pauses left out, in whole minutes; null before a session started. */
  durationMinutes: number | null;
  pauses: number;
  agenda: RecordAgendaItem[];
  prompts: {
    question: string;
    driverTitle: string | null;
    status: PromptStatus;
    anonymous: boolean;
    askedAt: string;
    revealedAt: string | null;
    answered: number;
    /** Only once revealed; `author` null when revealed anonymously. */
    answers: { body: string; author: string | null }[] | null;
  }[];
  votes: {
    title: string;
    targetKind: VoteTargetKind;
    mode: VoteMode;
    dotsPerVoter: number;
    status: VoteStatus;
    openedAt: string;
    revealedAt: string | null;
    voters: number;
    /** Only once revealed. */
    results: (TallyRow & { label: string; context: string })[] | null;
  }[];
  locks: { driverTitle: string; scope: string; lockedAt: string; lockedBy: string | null; unlockedAt: string | null }[];
  createdItems: { use: AnswerUse; driverTitle: string; text: string; at: string; by: string | null }[];
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const str = (value: unknown) => (typeof value === "string" ? value : null);

/** Minutes per driver from the session's events: time in focus (or on the timer) while running. */
function timeOnDrivers(events: RecordEventInput[], end: Date): Map<string, number> {
  const spent = new Map<string, number>();
  let running = false;
  let current: string | null = null;
  let since: number | null = null;
  const stop = (at: number) => {
    if (running && current && since !== null) spent.set(current, (spent.get(current) ?? 0) + Math.max(0, at - since));
    since = at;
  };
  for (const event of events) {
    const at = event.at.getTime();
    switch (event.kind) {
      case "started":
      case "resumed":
        stop(at);
        running = true;
        since = at;
        break;
      case "paused":
      case "ended":
        stop(at);
        running = false;
        break;
      case "focus":
      case "timer": {
        const driverId = str(event.payload.driverId);
        if (driverId && driverId !== current) {
          stop(at);
          current = driverId;
          since = at;
        }
        break;
      }
    }
  }
  if (running) stop(end.getTime());
  return new Map([...spent].map(([driverId, ms]) => [driverId, Math.round(ms / 60_000)]));
}

export function buildWorkshopRecord(input: RecordInput, now: Date = new Date()): WorkshopRecord {
  const events = [...input.events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const started = events.find((event) => event.kind === "started") ?? null;
  const ended = [...events].reverse().find((event) => event.kind === "ended") ?? null;
  let runningMs = 0;
  let since: number | null = null;
  for (const event of events) {
    if ((event.kind === "started" || event.kind === "resumed") && since === null) since = event.at.getTime();
    if ((event.kind === "paused" || event.kind === "ended") && since !== null) {
      runningMs += event.at.getTime() - since;
      since = null;
    }
  }
  if (since !== null) runningMs += now.getTime() - since;
  const spent = started ? timeOnDrivers(events, ended?.at ?? now) : null;
  const title = (driverId: string | null) => (driverId ? (input.driverTitles.get(driverId) ?? "") : "");

  const locks: WorkshopRecord["locks"] = [];
  for (const event of events) {
    const driverId = str(event.payload.driverId);
    const scope = str(event.payload.scope) ?? "all";
    if (event.kind === "locked" && driverId) {
      locks.push({ driverTitle: title(driverId), scope, lockedAt: event.at.toISOString(), lockedBy: event.actorName, unlockedAt: null });
    } else if (event.kind === "unlocked" && driverId) {
      const open = [...locks].reverse().find((lock) => lock.driverTitle === title(driverId) && lock.scope === scope && lock.unlockedAt === null);
      if (open) open.unlockedAt = event.at.toISOString();
    }
  }

  return {
    workshop: { ...input.workshop, plannedFor: iso(input.workshop.plannedFor) },
    startedAt: iso(started?.at ?? null),
    endedAt: iso(ended?.at ?? null),
    durationMinutes: started ? Math.round(runningMs / 60_000) : null,
    pauses: events.filter((event) => event.kind === "paused").length,
    agenda: input.agenda.map((item) => ({ ...item, actualMinutes: spent ? (spent.get(item.driverId) ?? 0) : null })),
    prompts: [...input.prompts]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((prompt) => ({
        question: prompt.question,
        driverTitle: prompt.driverId ? title(prompt.driverId) : null,
        status: prompt.status,
        anonymous: prompt.anonymous,
        askedAt: prompt.createdAt.toISOString(),
        revealedAt: iso(prompt.revealedAt),
        answered: prompt.answers.length,
        answers:
          prompt.status === "revealed"
            ? (prompt.anonymous ? [...prompt.answers].sort((a, b) => a.body.localeCompare(b.body, "sv")) : prompt.answers).map((answer) => ({
                body: answer.body,
                author: prompt.anonymous ? null : `${answer.authorName}, ${answer.organisation}`,
              }))
            : null,
      })),
    votes: [...input.votes]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((vote) => {
        const tally = tallyVotes(vote.targets.map((target) => target.id), vote.ballots);
        const targetOf = new Map(vote.targets.map((target) => [target.id, target]));
        return {
          title: vote.title,
          targetKind: vote.targetKind,
          mode: vote.mode,
          dotsPerVoter: vote.dotsPerVoter,
          status: vote.status,
          openedAt: vote.createdAt.toISOString(),
          revealedAt: iso(vote.revealedAt),
          voters: tally.voters,
          results: vote.status === "revealed" ? tally.rows.map((row) => ({ ...row, label: targetOf.get(row.targetId)?.label ?? "", context: targetOf.get(row.targetId)?.context ?? "" })) : null,
        };
      }),
    locks,
    createdItems: input.createdItems.map((item) => ({ use: item.use, driverTitle: title(item.driverId), text: item.text, at: item.createdAt.toISOString(), by: item.createdByName })),
  };
}

/**
 * The record as plain lines, for the exports' workshop summaries: one fact a line, in the reader's
 * language (the export's translator, lib/export/document-text.ts, and its date-and-time format).
 */
export function workshopRecordLines(record: WorkshopRecord, text: Pick<ExportText, "t" | "dateTime">): string[] {
  const { t } = text;
  const lines: string[] = [];
  if (record.startedAt) {
    lines.push(
      t("workshops.record.sessionLine", {
        started: text.dateTime(record.startedAt),
        ended: record.endedAt ? text.dateTime(record.endedAt) : t("workshops.record.notEnded"),
        minutes: record.durationMinutes ?? 0,
        pauses: record.pauses,
      }),
    );
  } else {
    lines.push(t("workshops.record.notHeld"));
  }
  for (const item of record.agenda) {
    lines.push(
      item.actualMinutes === null
        ? t("workshops.record.agendaLinePlanned", { title: item.title, timebox: item.timeboxMinutes })
        : t("workshops.record.agendaLine", { title: item.title, timebox: item.timeboxMinutes, actual: item.actualMinutes }),
    );
  }
  for (const prompt of record.prompts) {
    lines.push(
      t("workshops.record.promptLine", { question: prompt.question, answered: prompt.answered, status: t(`workshops.record.promptStatus.${prompt.status}`), anonymous: prompt.anonymous ? "yes" : "no" }),
    );
    for (const answer of prompt.answers ?? []) {
      lines.push(answer.author ? t("workshops.record.answerLine", { body: answer.body, author: answer.author }) : t("workshops.record.anonymousAnswerLine", { body: answer.body }));
    }
  }
  for (const vote of record.votes) {
    lines.push(t("workshops.record.voteLine", { title: vote.title, voters: vote.voters, dots: vote.dotsPerVoter, mode: vote.mode, status: t(`workshops.record.voteStatus.${vote.status}`) }));
    for (const row of vote.results ?? []) lines.push(t("workshops.record.resultLine", { rank: row.rank, label: row.label, dots: row.dots, voters: row.voters }));
  }
  for (const lock of record.locks) {
    lines.push(t("workshops.record.lockLine", { driver: lock.driverTitle, scope: t(`workshops.record.scope.${lock.scope as LockScope}`), at: text.dateTime(lock.lockedAt), by: lock.lockedBy ?? "" }));
  }
  for (const item of record.createdItems) lines.push(t("workshops.record.createdLine", { use: t(`workshops.record.use.${item.use}`), driver: item.driverTitle, text: item.text }));
  return lines;
}
