/**
 * The composite index of seed 003 Bilaga 3 (Hälsoindex): each indicator is normalised to 0–100
 * across the regions (0 = the worst region, 100 = the best; inverted where lower is better), the
 * normalised indicators of an aspect are averaged with equal weights, and the aspects are averaged
 * with equal weights into the index.
 */
import type { IndicatorDirection } from "../model/enums";
import { comparePeriods } from "./values";

export interface IndexIndicator {
  id: string;
  direction: IndicatorDirection;
  /** Value per region code; a missing or suppressed value is absent (or null), never 0. */
  values: ReadonlyMap<string, number | null>;
}

export interface IndexAspect {
  name: string;
  indicators: IndexIndicator[];
}

/**
 * Min–max normalisation to 0–100 across the regions that have a value. When every region has the
 * same value nobody is better or worse, so all get 50. A `neutral` indicator has no better end and
 * cannot be scored: it yields null for every region.
 */
export function normaliseAcrossRegions(indicator: IndexIndicator): Map<string, number | null> {
  const present = [...indicator.values].filter((entry): entry is [string, number] => entry[1] !== null && Number.isFinite(entry[1]));
  const result = new Map<string, number | null>([...indicator.values.keys()].map((region) => [region, null]));
  if (indicator.direction === "neutral" || present.length === 0) return result;
  const numbers = present.map(([, value]) => value);
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  for (const [region, value] of present) {
    if (max === min) {
      result.set(region, 50);
      continue;
    }
    const share = (value - min) / (max - min);
    result.set(region, 100 * (indicator.direction === "higher_is_better" ? share : 1 - share));
  }
  return result;
}

/** Equal-weight mean of the numbers present; null when none is. */
function meanOfPresent(values: (number | null | undefined)[]): number | null {
  const present = values.filter((value): value is number => typeof value === "number");
  return present.length ? present.reduce((sum, value) => sum + value, 0) / present.length : null;
}

export interface IndexResult {
  /** Index per region, 0–100; null when the region has no scored value at all. */
  index: Map<string, number | null>;
  /** Per aspect (same order as given), the aspect score per region. */
  aspects: { name: string; scores: Map<string, number | null> }[];
}

/**
 * The index for `regions`. A region missing an indicator is scored on the indicators it has
 * (the report's equal weights among what is there); a region with nothing gets null, not 0.
 */
export function compositeIndex(aspects: readonly IndexAspect[], regions: readonly string[]): IndexResult {
  const aspectScores = aspects.map((aspect) => {
    const normalised = aspect.indicators.map(normaliseAcrossRegions);
    const scores = new Map(regions.map((region) => [region, meanOfPresent(normalised.map((scores) => scores.get(region)))]));
    return { name: aspect.name, scores };
  });
  const index = new Map(regions.map((region) => [region, meanOfPresent(aspectScores.map((aspect) => aspect.scores.get(region)))]));
  return { index, aspects: aspectScores };
}

/** One stored value as the index reads it: a region's figure for a period (null = suppressed or missing). */
export interface RegionPeriodValue {
  regionCode: string | null;
  period: string | null;
  value: number | null;
}

/**
 * What an indicator contributes to an index: its newest period in which at least one of `regions`
 * has a figure, with every region's value in that period (null where it has none). A newer period
 * in which every figure is suppressed would score nobody, so it is passed over. Null when no
 * period has a figure for any of the regions: the indicator cannot be scored across them.
 */
export function latestPeriodValues(
  rows: readonly RegionPeriodValue[],
  regions: readonly string[],
): { period: string | null; values: Map<string, number | null> } | null {
  const wanted = new Set(regions);
  const inScope = rows.filter((row) => row.regionCode !== null && wanted.has(row.regionCode));
  const periods = [...new Set(inScope.filter((row) => row.value !== null && Number.isFinite(row.value)).map((row) => row.period))];
  const period = periods.sort(comparePeriods).at(-1);
  if (period === undefined) return null;
  const inPeriod = new Map(inScope.filter((row) => row.period === period).map((row) => [row.regionCode!, row.value]));
  return { period, values: new Map(regions.map((region) => [region, inPeriod.get(region) ?? null])) };
}

/** Scores closer than this are equal: averaging leaves floating-point noise far below what is shown. */
const SAME_SCORE = 1e-9;

/**
 * Orders items by score, best (highest) first, with standard competition ranking: equal scores
 * share a rank and the next rank skips (1, 2, 2, 4). Items without a score get no rank (never
 * "last place") and follow the ranked ones in the order given.
 */
export function rankByScore<T>(items: readonly T[], scoreOf: (item: T) => number | null): { item: T; rank: number | null }[] {
  const scored = items
    .map((item, position) => ({ item, position, score: scoreOf(item) }))
    .filter((entry): entry is { item: T; position: number; score: number } => entry.score !== null && Number.isFinite(entry.score))
    .sort((a, b) => b.score - a.score || a.position - b.position);
  const result: { item: T; rank: number | null }[] = [];
  scored.forEach((entry, place) => {
    const previous = place > 0 ? scored[place - 1]! : null;
    const rank = previous && Math.abs(previous.score - entry.score) < SAME_SCORE ? result[place - 1]!.rank : place + 1;
    result.push({ item: entry.item, rank });
  });
  const unscored = items.filter((item) => {
    const score = scoreOf(item);
    return score === null || !Number.isFinite(score);
  });
  return [...result, ...unscored.map((item) => ({ item, rank: null }))];
}
