/**
 * Facilitated workshops (issue 9), part 1: the agenda. A workshop is an ordered list of the
 * dialogue's drivers, each with a timebox. This module holds the vocabulary, the inputs'
 * validation and the suggested order (pure, tested in tests/unit/workshop.test.ts).
 */
import { z } from "zod";
import { isUuid } from "./ids";
import { ROUND_LIMITS, stockholmLocalToDate, type StanceValue } from "./round";

/** planned → running ⇄ paused → ended. The agenda uses only `planned`; the live session the rest. */
export const WORKSHOP_STATUSES = ["planned", "running", "paused", "ended"] as const;
export type WorkshopStatus = (typeof WORKSHOP_STATUSES)[number];

export const WORKSHOP_LIMITS = {
  titleLength: 200,
  timeboxMin: 1,
  timeboxMax: 240,
  /** The timebox a driver gets when it is put on the agenda without one. */
  defaultTimebox: 20,
  agendaItems: 200,
  /** How far ahead a workshop may be planned, so that a typo in the year is caught. */
  maxDaysAhead: ROUND_LIMITS.maxDaysAhead,
} as const;

// --- input -------------------------------------------------------------------------------------

/** A `datetime-local` value in Swedish time, or blank for "not decided yet". */
const optionalLocalDateTime = z
  .string()
  .trim()
  .optional()
  .transform((value, context) => {
    if (!value) return null;
    const date = stockholmLocalToDate(value);
    if (!date) {
      context.addIssue({ code: "custom", message: "invalidDateTime" });
      return z.NEVER;
    }
    return date;
  });

/** What a facilitator fills in to create a workshop; `now` decides what "too far ahead" means. */
export function createWorkshopSchema(now: Date) {
  return z
    .object({
      title: z.string().trim().min(1, { message: "required" }).max(WORKSHOP_LIMITS.titleLength, { message: "tooLong" }),
      plannedFor: optionalLocalDateTime,
    })
    .superRefine((input, context) => {
      if (input.plannedFor && input.plannedFor.getTime() - now.getTime() > WORKSHOP_LIMITS.maxDaysAhead * 86_400_000) {
        context.addIssue({ code: "custom", path: ["plannedFor"], message: "tooFarAhead" });
      }
    });
}
export type CreateWorkshopInput = z.output<ReturnType<typeof createWorkshopSchema>>;

/** The form field holding a driver's timebox on the agenda form. */
export const timeboxField = (driverId: string) => `timebox.${driverId}`;

export interface AgendaItemInput {
  driverId: string;
  timeboxMinutes: number;
}

/** A timebox as typed: whole minutes within the limits; the message key of what is wrong, else the number. */
function readTimebox(value: unknown): number | { key: "required" | "notInteger" | "tooSmall" | "tooBig"; params?: Record<string, number> } {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (text === "") return { key: "required" };
  if (!/^-?\d+$/.test(text)) return { key: "notInteger" };
  const minutes = Number(text);
  if (minutes < WORKSHOP_LIMITS.timeboxMin) return { key: "tooSmall", params: { min: WORKSHOP_LIMITS.timeboxMin } };
  if (minutes > WORKSHOP_LIMITS.timeboxMax) return { key: "tooBig", params: { max: WORKSHOP_LIMITS.timeboxMax } };
  return minutes;
}

/**
 * The whole agenda at once (add, remove, timeboxes): `driverIds` in agenda order (the form's
 * ticked drivers, in the order they are listed) and each one's timebox as `timebox.<driverId>`
 * (or `timeboxes: { [driverId]: minutes }` from code). An empty agenda is allowed. A timebox
 * error is reported at its own field.
 */
export const setAgendaSchema = z
  .object({
    driverIds: z
      .array(z.string().refine(isUuid, { message: "invalid" }))
      .refine((ids) => ids.length <= WORKSHOP_LIMITS.agendaItems, { message: "tooManyChoices", params: { max: WORKSHOP_LIMITS.agendaItems } })
      .default([]),
    timeboxes: z.record(z.string(), z.unknown()).default({}),
  })
  .loose()
  .transform((input, context) => {
    const raw = input as Record<string, unknown>;
    const items: AgendaItemInput[] = [];
    const seen = new Set<string>();
    for (const driverId of input.driverIds) {
      if (seen.has(driverId)) {
        context.addIssue({ code: "custom", path: ["driverIds"], message: "duplicate" });
        return z.NEVER;
      }
      seen.add(driverId);
      const timebox = readTimebox(input.timeboxes[driverId] ?? raw[timeboxField(driverId)]);
      if (typeof timebox === "number") items.push({ driverId, timeboxMinutes: timebox });
      else context.addIssue({ code: "custom", path: [timeboxField(driverId)], message: timebox.key, params: timebox.params });
    }
    return items;
  });
export type SetAgendaInput = z.output<typeof setAgendaSchema>;

/** One agenda item a place up or down (the keyboard's move buttons). */
export const moveAgendaItemSchema = z.object({
  driverId: z.string().refine(isUuid, { message: "invalid" }),
  direction: z.enum(["up", "down"]),
});

/** A whole new order (drag and drop, "apply the suggested order"): exactly the agenda's drivers. */
export const reorderAgendaSchema = z.object({
  driverIds: z
    .array(z.string().refine(isUuid, { message: "invalid" }))
    .min(1, { message: "chooseAtLeastOne" })
    .refine((ids) => ids.length <= WORKSHOP_LIMITS.agendaItems, { message: "tooManyChoices", params: { max: WORKSHOP_LIMITS.agendaItems } })
    .refine((ids) => new Set(ids).size === ids.length, { message: "duplicate" }),
});

// --- the suggested order -----------------------------------------------------------------------

/** One goal target's computed gap, as lib/gap/gap.ts computes it for the driver page's chips. */
export interface TargetGap {
  status: "reached" | "remaining" | "widening" | "no_data";
  targetValue: number;
  /** Still to cover today (null when met or without data). */
  gap: number | null;
  /** Still to cover at the target year by the projection (null when met or without projection). */
  expectedGap: number | null;
}

/** What the ranking knows of one driver. */
export interface AgendaCandidate {
  driverId: string;
  gaps: readonly TargetGap[];
  /** The latest stance of each organisation on the driver (findLatestStances). */
  stances: readonly StanceValue[];
  openThreads: number;
}

/** Why a driver ranks where it does, as data; the page says it in words. */
export interface AgendaReasons {
  gap: {
    /** Targets with a computed gap that is open (remaining or widening). */
    openGaps: number;
    widening: number;
    /** The largest open gap relative to its target, 0–1 (capped); null without an open gap. */
    largestRelative: number | null;
  };
  stances: {
    organisations: number;
    support: number;
    accept: number;
    object: number;
    /** How far apart the stances are, 0 (all alike) – 1 (from support to objection). */
    spread: number;
  };
  openThreads: number;
}

export interface AgendaSuggestion {
  driverId: string;
  /** 1 = discuss first. */
  rank: number;
  score: number;
  /** Each factor, 1–2, so that the score is their product. */
  factors: { gap: number; disagreement: number; threads: number };
  reasons: AgendaReasons;
}

/** support 2, accept 1, object 0: the spread is the distance between the furthest stances, halved. */
const STANCE_WEIGHT: Record<StanceValue, number> = { support: 2, accept: 1, object: 0 };

/** A gap's size relative to its target, capped at 1; a widening gap counts with its expected size. */
function relativeGap(gap: TargetGap): number | null {
  if (gap.status !== "remaining" && gap.status !== "widening") return null;
  const size = Math.max(gap.gap ?? 0, gap.status === "widening" ? (gap.expectedGap ?? 0) : 0);
  if (!(size > 0)) return null;
  const target = Math.abs(gap.targetValue);
  return target > 0 ? Math.min(1, size / target) : 1;
}

function reasonsOf(candidate: AgendaCandidate): AgendaReasons {
  const relative = candidate.gaps.map(relativeGap).filter((value): value is number => value !== null);
  const counts = { support: 0, accept: 0, object: 0 };
  for (const stance of candidate.stances) counts[stance] += 1;
  const weights = candidate.stances.map((stance) => STANCE_WEIGHT[stance]);
  const spread = weights.length ? (Math.max(...weights) - Math.min(...weights)) / 2 : 0;
  return {
    gap: {
      openGaps: relative.length,
      widening: candidate.gaps.filter((gap) => gap.status === "widening" && relativeGap(gap) !== null).length,
      largestRelative: relative.length ? Math.max(...relative) : null,
    },
    stances: { organisations: candidate.stances.length, ...counts, spread },
    openThreads: Math.max(0, candidate.openThreads),
  };
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * The suggested order of discussion: the drivers where the gap is largest, the organisations
 * disagree most and the most threads are open come first.
 *
 *   score = (1 + g) × (1 + d) × (1 + t)
 *
 * - g, the gap: the largest open gap of the driver's goal targets relative to its target value,
 *   |gap| / |target| capped at 1 (remaining or widening; a widening gap counts with its expected
 *   size at the target year when that is larger); 0 without an open gap.
 * - d, disagreement between organisations: (share of organisations objecting + spread) / 2, where
 *   the spread is the distance between the furthest latest stances on a scale object 0, accept 1,
 *   support 2, halved (0–1); 0 without stances.
 * - t, open comment threads: the driver's open threads divided by the most any driver has; 0
 *   when no driver has any.
 *
 * Each factor is 1 + a value in 0–1, so a driver with no data on one factor is ranked by the
 * others instead of being zeroed, and each factor can at most double the score. Ties keep the
 * order the drivers were given in (the agenda's or the dialogue's order).
 */
export function suggestAgendaOrder(candidates: readonly AgendaCandidate[]): AgendaSuggestion[] {
  const mostThreads = Math.max(0, ...candidates.map((candidate) => candidate.openThreads));
  const scored = candidates.map((candidate, index) => {
    const reasons = reasonsOf(candidate);
    const g = reasons.gap.largestRelative ?? 0;
    const d = reasons.stances.organisations ? (reasons.stances.object / reasons.stances.organisations + reasons.stances.spread) / 2 : 0;
    const t = mostThreads > 0 ? reasons.openThreads / mostThreads : 0;
    const factors = { gap: round4(1 + g), disagreement: round4(1 + d), threads: round4(1 + t) };
    return { driverId: candidate.driverId, index, score: round4((1 + g) * (1 + d) * (1 + t)), factors, reasons };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map(({ index: _index, ...suggestion }, place) => ({ ...suggestion, rank: place + 1 }));
}

/** The agenda's total time in minutes. */
export function totalMinutes(items: readonly { timeboxMinutes: number }[]): number {
  return items.reduce((sum, item) => sum + item.timeboxMinutes, 0);
}
