/**
 * The composite index of seed 003 Bilaga 3 (Hälsoindex): each indicator is normalised to 0–100
 * across the regions (0 = the worst region, 100 = the best; inverted where lower is better), the
 * normalised indicators of an aspect are averaged with equal weights, and the aspects are averaged
 * with equal weights into the index.
 */
import type { IndicatorDirection } from "../model/enums";

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
