/**
 * Asynchronous rounds (issue 7): a facilitator opens a comment, suggestion or stance round over
 * some drivers, with a deadline; every invited organisation answers; the round closes by itself.
 * This module holds the vocabulary, the inputs' validation and the pure rules (phases, what is
 * locked, who has answered); services apply them, the scheduler moves rounds between phases.
 */
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { isUuid } from "./ids";

/** Kommentarsrunda, förslagsrunda, ställningstagande. */
export const ROUND_KINDS = ["comment", "suggestion", "stance"] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

/** "Ställer oss bakom", "Kan leva med", "Invänder". */
export const STANCE_VALUES = ["support", "accept", "object"] as const;
export type StanceValue = (typeof STANCE_VALUES)[number];

export type RoundPhase = "scheduled" | "open" | "closed";

/** Every time a round is planned and shown in: Swedish time, whatever the server's zone. */
export const ROUND_TIME_ZONE = "Europe/Stockholm";

/** Reminders go to organisations that have not answered this many hours before the close. */
export const REMINDER_HOURS_BEFORE_CLOSE = [48, 24] as const;
export type ReminderHours = (typeof REMINDER_HOURS_BEFORE_CLOSE)[number];

export const ROUND_LIMITS = {
  titleLength: 200,
  instructionsLength: 5_000,
  reasonLength: 5_000,
  drivers: 200,
  organisations: 500,
  /** How far ahead a round may be planned, so that a typo in the year is caught. */
  maxDaysAhead: 3 * 366,
} as const;

/**
 * The phase is what the scheduler has done, not the clock: a round opens when its job (or the
 * sweep) has opened it, so every server agrees on one answer and the audit log has its moment.
 */
export function roundPhase(round: { openedAt: Date | null; closedAt: Date | null }): RoundPhase {
  if (round.closedAt) return "closed";
  if (round.openedAt) return "open";
  return "scheduled";
}

/**
 * How a round open on a driver limits editing its texts: in a stance round nobody edits (a stance
 * is given on the words as they stand); in comment and suggestion rounds participants comment or
 * suggest and only facilitators edit.
 */
export type DriverLock = "none" | "facilitators" | "all";

export function driverLockFor(openRoundKind: RoundKind | null): DriverLock {
  if (openRoundKind === null) return "none";
  return openRoundKind === "stance" ? "all" : "facilitators";
}

// --- input -------------------------------------------------------------------------------------

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A `datetime-local` value ("2026-12-01T17:00") read as Swedish time. Null when it is not a real
 * moment: malformed, a date that does not exist, or a time skipped by the spring clock change.
 */
export function stockholmLocalToDate(value: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new TZDate(year, month - 1, day, hour, minute, ROUND_TIME_ZONE);
  const sameWallClock =
    date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day && date.getHours() === hour && date.getMinutes() === minute;
  return sameWallClock ? new Date(date.getTime()) : null;
}

/** The `datetime-local` value of a moment, in Swedish time (for a form's initial value). */
export function dateToStockholmLocal(date: Date): string {
  const local = new TZDate(date.getTime(), ROUND_TIME_ZONE);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`;
}

const localDateTime = z.string().trim().transform((value, context) => {
  const date = stockholmLocalToDate(value);
  if (!date) {
    context.addIssue({ code: "custom", message: "invalidDateTime" });
    return z.NEVER;
  }
  return date;
});

const idList = (max: number) =>
  z
    .array(z.string().refine(isUuid, { message: "invalid" }))
    .min(1, { message: "chooseAtLeastOne" })
    .refine((ids) => ids.length <= max, { message: "tooManyChoices", params: { max } })
    .transform((ids) => [...new Set(ids)]);

/** What a facilitator fills in to plan a round; `now` decides what "in the past" means. */
export function roundInputSchema(now: Date) {
  return z
    .object({
      kind: z.enum(ROUND_KINDS),
      title: z.string().trim().min(1, { message: "required" }).max(ROUND_LIMITS.titleLength, { message: "tooLong" }),
      instructions: z.string().trim().max(ROUND_LIMITS.instructionsLength, { message: "tooLong" }).default(""),
      driverIds: idList(ROUND_LIMITS.drivers),
      organisationIds: idList(ROUND_LIMITS.organisations),
      opensAt: localDateTime,
      closesAt: localDateTime,
    })
    .superRefine((input, context) => addScheduleIssues(input, now, context));
}
export type RoundInput = z.output<ReturnType<typeof roundInputSchema>>;

function addScheduleIssues(input: { opensAt: Date; closesAt: Date }, now: Date, context: z.RefinementCtx) {
  if (input.closesAt.getTime() <= now.getTime()) {
    context.addIssue({ code: "custom", path: ["closesAt"], message: "deadlineInPast" });
  } else if (input.closesAt.getTime() <= input.opensAt.getTime()) {
    context.addIssue({ code: "custom", path: ["closesAt"], message: "closesBeforeOpens" });
  }
  if (input.closesAt.getTime() - now.getTime() > ROUND_LIMITS.maxDaysAhead * 86_400_000) {
    context.addIssue({ code: "custom", path: ["closesAt"], message: "tooFarAhead" });
  }
}

/** A new deadline for an open or scheduled round. */
export function extendInputSchema(now: Date) {
  return z.object({ closesAt: localDateTime }).superRefine((input, context) => {
    if (input.closesAt.getTime() <= now.getTime()) context.addIssue({ code: "custom", path: ["closesAt"], message: "deadlineInPast" });
    if (input.closesAt.getTime() - now.getTime() > ROUND_LIMITS.maxDaysAhead * 86_400_000) {
      context.addIssue({ code: "custom", path: ["closesAt"], message: "tooFarAhead" });
    }
  });
}

/** A stance; the reason is required when objecting, so that the others can answer the objection. */
export const stanceInputSchema = z
  .object({
    value: z.enum(STANCE_VALUES),
    reason: z.string().trim().max(ROUND_LIMITS.reasonLength, { message: "tooLong" }).default(""),
  })
  .superRefine((input, context) => {
    if (input.value === "object" && input.reason.length === 0) {
      context.addIssue({ code: "custom", path: ["reason"], message: "reasonRequired" });
    }
  });
export type StanceInput = z.output<typeof stanceInputSchema>;

// --- answers -----------------------------------------------------------------------------------

/** One organisation's answer on one driver of a round, as the response matrix shows it. */
export type AnswerState = "answered" | "stale" | "missing";

/**
 * The answer of an organisation on a driver: in a stance round its latest stance (stale once the
 * driver's önskat läge has changed since); in comment and suggestion rounds, whether any of its
 * members commented (or suggested) on the driver while the round was open.
 */
export function answerState(input: { kind: RoundKind; stance?: { desiredFingerprint: string } | null; currentFingerprint?: string; hasContributed?: boolean }): AnswerState {
  if (input.kind === "stance") {
    if (!input.stance) return "missing";
    return input.stance.desiredFingerprint === input.currentFingerprint ? "answered" : "stale";
  }
  return input.hasContributed ? "answered" : "missing";
}

/** The moments a round's reminders are due, skipping those already past when it was planned. */
export function reminderTimes(closesAt: Date, now: Date): { hoursBefore: ReminderHours; at: Date }[] {
  return REMINDER_HOURS_BEFORE_CLOSE.map((hoursBefore) => ({ hoursBefore, at: new Date(closesAt.getTime() - hoursBefore * 3_600_000) })).filter(
    ({ at }) => at.getTime() > now.getTime(),
  );
}

// --- the önskat läge a stance is given on ---------------------------------------------------------

/** What of a goal statement a stance is about: its words and its measurable target. */
export interface DesiredGoal {
  text: string;
  targetIndicatorId: string | null;
  targetRegionCode: string | null;
  targetValue: number | null;
  targetYear: number | null;
  targetDirection: string | null;
}

/**
 * A short, stable identity of a driver's önskat läge (its goal statements in order). Equal
 * content gives equal fingerprints on every server; any change of a word or target changes it.
 * FNV-1a over the canonical JSON, twice with different seeds: collisions need not be
 * cryptographically hard here, only practically absent.
 */
export function desiredFingerprint(goals: readonly DesiredGoal[]): string {
  const canonical = JSON.stringify(
    goals.map((goal) => [goal.text.trim(), goal.targetIndicatorId, goal.targetRegionCode, goal.targetValue, goal.targetYear, goal.targetDirection]),
  );
  return `${fnv1a(canonical, 0x811c9dc5)}${fnv1a(canonical, 0x01000193 ^ 0x5bd1e995)}`;
}

function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

const HOUR_MS = 3_600_000;

/**
 * Default times for a round planned now: opening at the next full hour (never in the past by the
 * time the form is sent) and closing `days` later.
 */
export function suggestedRoundTimes(now: Date, days: number): { opensAt: Date; closesAt: Date } {
  const opensAt = new Date(Math.ceil((now.getTime() + 1) / HOUR_MS) * HOUR_MS);
  return { opensAt, closesAt: new Date(opensAt.getTime() + days * 24 * HOUR_MS) };
}
