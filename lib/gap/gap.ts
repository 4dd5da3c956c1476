/**
 * The gap between a goal statement's target and the figures (issue 5, "Computed gap"): the target
 * (value, year, direction) is compared with the latest value and with the expected future at the
 * target year. Pure and property-tested (tests/unit/gap.test.ts).
 */
import type { IndicatorDirection, TargetDirection } from "../model/enums";

export const GAP_STATUSES = ["reached", "remaining", "widening", "no_data"] as const;
/** nått / gap kvar / gapet växer; `no_data` when no value exists to compare with. */
export type GapStatus = (typeof GAP_STATUSES)[number];

export interface GapInput {
  targetValue: number;
  direction: TargetDirection;
  /** The indicator's own direction; it decides what "maintain" protects against. */
  indicatorDirection: IndicatorDirection;
  /** The latest stored value for the target's region; null when suppressed or missing. */
  latest: number | null;
  /** The expected future at the target year (the projection), when there is one. */
  expected: number | null;
}

export interface Gap {
  status: GapStatus;
  /**
   * How far the latest value is from the target, measured in the direction the target asks for:
   * positive = still to cover, zero or negative = met (or passed). Inverting the direction flips
   * its sign. Null without a latest value.
   */
  shortfall: number | null;
  /** The shortfall while the target is not met; null once it is (a met target has no gap). */
  gap: number | null;
  /** The same for the expected future at the target year; null without a projection or once met. */
  expectedGap: number | null;
}

/** +1: the target wants more; −1: less; 0: stay at the value (neither side is better). */
export function targetSense(direction: TargetDirection, indicatorDirection: IndicatorDirection): 1 | -1 | 0 {
  if (direction === "increase") return 1;
  if (direction === "decrease") return -1;
  if (indicatorDirection === "higher_is_better") return 1;
  if (indicatorDirection === "lower_is_better") return -1;
  return 0;
}

/** Signed distance to the target in its direction; two-sided (|distance|) for a neutral "maintain". */
export function shortfallOf(targetValue: number, value: number, sense: 1 | -1 | 0): number {
  const difference = targetValue - value;
  return sense === 0 ? Math.abs(difference) : sense * difference;
}

const positiveOrNull = (value: number | null): number | null => (value !== null && value > 0 ? value : null);

export function computeGap(input: GapInput): Gap {
  const sense = targetSense(input.direction, input.indicatorDirection);
  const shortfall = input.latest === null ? null : shortfallOf(input.targetValue, input.latest, sense);
  const expectedShortfall = input.expected === null ? null : shortfallOf(input.targetValue, input.expected, sense);
  const gap = positiveOrNull(shortfall);
  const expectedGap = positiveOrNull(expectedShortfall);
  return { status: statusOf(shortfall, expectedShortfall), shortfall, gap, expectedGap };
}

/**
 * Reached when the latest value meets the target and the expected future does too (or is
 * unknown); widening when the expected future ends further from the target than today (also when
 * a met target is expected to be lost); otherwise a gap remains.
 */
function statusOf(shortfall: number | null, expectedShortfall: number | null): GapStatus {
  if (shortfall === null) return "no_data";
  const isMet = shortfall <= 0;
  if (expectedShortfall !== null && expectedShortfall > 0 && expectedShortfall > Math.max(shortfall, 0)) return "widening";
  return isMet ? "reached" : "remaining";
}

/** The key a gap's data is looked up by: the target's indicator and region (riket when none). */
export function gapKey(indicatorId: string, regionCode: string | null): string {
  return `${indicatorId}|${regionCode ?? "00"}`;
}
