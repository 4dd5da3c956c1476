/**
 * Agreed versions (issue 7): a facilitator marks one driver, or the whole goal set, as agreed. The
 * agreement freezes what was agreed on (texts, goals with targets, actions, each organisation's
 * latest stance) and the indicator figures each target's gap rested on. The frozen content is
 * JSON with a version number, so that a later change of shape can still read old agreements.
 * This module holds that shape, the gap of a frozen target, and the difference between an agreed
 * driver and the driver now. Pure: services read and write, tests/unit/agreement.test.ts checks.
 */
import { z } from "zod";
import type { DriverDocContent, GoalTarget } from "../collab/driver-doc";
import { diffDriverContent, driverDocContentSchema, type DriverDiff } from "../collab/version-diff";
import { computeGap, GAP_STATUSES } from "../gap/gap";
import { REGION_CODES, type IndicatorDirection } from "./enums";
import { idSchema } from "./ids";
import { optionalText } from "../validation";
import { desiredFingerprint, STANCE_VALUES, type DesiredGoal } from "./round";

export const AGREEMENT_LIMITS = { noteLength: 2_000 } as const;

/** What the form sends: `driverId` empty (or absent) means the whole goal set. */
export const createAgreementSchema = z.object({
  dialogueId: idSchema,
  driverId: z.preprocess((value) => (value === "" || value === null ? undefined : value), idSchema.optional()),
  note: optionalText(AGREEMENT_LIMITS.noteLength),
});
export type CreateAgreementInput = z.infer<typeof createAgreementSchema>;

// --- the frozen content -------------------------------------------------------------------------

/** A target's gap as it was computed when agreed, with the figure and release it rested on. */
export const agreedGapSchema = z.object({
  goalId: idSchema,
  indicatorId: z.string().min(1).max(120),
  regionCode: z.enum(REGION_CODES),
  unit: z.string(),
  status: z.enum(GAP_STATUSES),
  gap: z.number().finite().nullable(),
  latestValue: z.number().finite().nullable(),
  period: z.string().nullable(),
  expected: z.number().finite().nullable(),
  /** Null: the NPS figures loaded at start-up, not an imported release. */
  releaseId: z.number().int().nullable(),
});
export type AgreedGap = z.infer<typeof agreedGapSchema>;

/** An organisation's latest stance on the driver, with its name as it was then. */
export const agreedStanceSchema = z.object({
  organisationId: idSchema,
  organisationName: z.string(),
  value: z.enum(STANCE_VALUES),
  reason: z.string(),
  givenByName: z.string().nullable(),
  givenAt: z.string(),
  /** Given on the önskat läge that was agreed (not stale). */
  isCurrent: z.boolean(),
});
export type AgreedStance = z.infer<typeof agreedStanceSchema>;

export const agreedDriverSchema = z.object({
  driverId: idSchema,
  title: z.string(),
  content: driverDocContentSchema,
  /** desiredFingerprint of the agreed önskat läge (lib/model/round.ts): equal to the driver's while it is unchanged. */
  desiredFingerprint: z.string(),
  stances: z.array(agreedStanceSchema),
  gaps: z.array(agreedGapSchema),
});
export type AgreedDriver = z.infer<typeof agreedDriverSchema>;

export const AGREEMENT_CONTENT_VERSION = 1;

export const agreementContentSchema = z.object({
  version: z.literal(AGREEMENT_CONTENT_VERSION),
  drivers: z.array(agreedDriverSchema),
});
export type AgreementContent = z.infer<typeof agreementContentSchema>;

/** One data release an agreed gap rests on (`id` null: the figures loaded at start-up). */
export const agreedReleaseSchema = z.object({
  id: z.number().int().nullable(),
  fileName: z.string().nullable(),
  createdAt: z.string().nullable(),
});
export type AgreedRelease = z.infer<typeof agreedReleaseSchema>;

/** The dialogue's newest release when agreed, and the releases the agreed gaps rest on. */
export const agreementReleasesSchema = z.object({
  latestReleaseId: z.number().int(),
  used: z.array(agreedReleaseSchema),
});
export type AgreementReleases = z.infer<typeof agreementReleasesSchema>;

// --- gaps ---------------------------------------------------------------------------------------

/** The figures one target's gap is computed on (the server's gap context, reduced). */
export interface GapFigures {
  unit: string;
  direction: IndicatorDirection;
  latest: { value: number | null; period: string | null; releaseId: number | null } | null;
  projection: { year: number; value: number }[];
}

/** A goal's gap on the given figures, as the gap chip computes it in the browser. */
export function agreedGapOf(goalId: string, target: GoalTarget, figures: GapFigures): AgreedGap {
  const expected = figures.projection.find((point) => point.year === target.year)?.value ?? null;
  const latestValue = figures.latest?.value ?? null;
  const gap = computeGap({ targetValue: target.value, direction: target.direction, indicatorDirection: figures.direction, latest: latestValue, expected });
  return {
    goalId,
    indicatorId: target.indicatorId,
    regionCode: target.regionCode ?? "00",
    unit: figures.unit,
    status: gap.status,
    gap: gap.gap,
    latestValue,
    period: figures.latest?.period ?? null,
    expected,
    releaseId: figures.latest?.releaseId ?? null,
  };
}

/** What decides whether a gap changed: its status and size (not which release said so). */
export function gapIdentity(gap: AgreedGap): string {
  return JSON.stringify([gap.indicatorId, gap.regionCode, gap.status, gap.gap]);
}

export interface GapChange {
  goalId: string;
  agreed: AgreedGap;
  /** Null when the target no longer has figures (or was removed). */
  now: AgreedGap | null;
}

/** The agreed gaps whose status or size differs now (goals are matched by id). */
export function changedGaps(agreed: readonly AgreedGap[], now: readonly AgreedGap[]): GapChange[] {
  const nowByGoal = new Map(now.map((gap) => [gap.goalId, gap]));
  return agreed.flatMap((gap) => {
    const current = nowByGoal.get(gap.goalId) ?? null;
    return current && gapIdentity(current) === gapIdentity(gap) ? [] : [{ goalId: gap.goalId, agreed: gap, now: current }];
  });
}

// --- the difference from now -------------------------------------------------------------------

/** A driver's goals as the önskat läge fingerprint reads them (lib/model/round.ts). */
export function desiredGoalsOf(content: DriverDocContent): DesiredGoal[] {
  return content.goals.map((goal) => ({
    text: goal.text,
    targetIndicatorId: goal.target?.indicatorId ?? null,
    targetRegionCode: goal.target?.regionCode ?? null,
    targetValue: goal.target?.value ?? null,
    targetYear: goal.target?.year ?? null,
    targetDirection: goal.target?.direction ?? null,
  }));
}

/**
 * The fingerprint of the önskat läge in this content: the same function over the same fields as
 * the stances' (db/queries/rounds.ts), taken from the content itself so that the agreed and the
 * current fingerprint always come from the same source as the texts they describe.
 */
export function desiredFingerprintOf(content: DriverDocContent): string {
  return desiredFingerprint(desiredGoalsOf(content));
}

export interface AgreedDriverDiff {
  /** Texts, goals and actions, word by word, from the agreed version to now. */
  content: DriverDiff;
  /** The önskat läge (goal texts and targets) differs from the agreed one. */
  isDesiredChanged: boolean;
  gapChanges: GapChange[];
  /** Anything differs: the driver is a new draft, not the agreed version. */
  hasChanges: boolean;
}

/**
 * The driver as it stands: its content, the fingerprint of its önskat läge (db/queries/rounds.ts,
 * the same one stances are given on) and the agreed targets' gaps on today's figures.
 */
export interface DriverNow {
  content: DriverDocContent;
  desiredFingerprint: string;
  gaps: readonly AgreedGap[];
}

/** The difference between an agreed driver and the same driver now. */
export function diffAgreedDriver(agreed: AgreedDriver, now: DriverNow): AgreedDriverDiff {
  const content = diffDriverContent(agreed.content, now.content);
  const isDesiredChanged = now.desiredFingerprint !== agreed.desiredFingerprint;
  const gapChanges = changedGaps(agreed.gaps, now.gaps);
  return { content, isDesiredChanged, gapChanges, hasChanges: content.hasChanges || isDesiredChanged || gapChanges.length > 0 };
}

/**
 * The newest agreement covering each driver: its own or a whole goal set's, whichever is later.
 * `agreements` come in the order they were made; on equal times (milliseconds) the later one wins.
 */
export function latestAgreementByDriver<T extends { id: string; createdAt: Date; driverIds: readonly string[] }>(agreements: readonly T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const agreement of agreements) {
    for (const driverId of agreement.driverIds) {
      const known = latest.get(driverId);
      if (!known || agreement.createdAt.getTime() >= known.createdAt.getTime()) latest.set(driverId, agreement);
    }
  }
  return latest;
}
