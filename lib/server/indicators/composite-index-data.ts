/**
 * Bilaga 3's composite index over the figures one dialogue sees: each indicator's newest period
 * with county figures, normalised across the 21 regions, then equal weights within and across
 * aspects (lib/indicators/composite-index.ts). Shared by the ad-hoc index of the comparison page
 * and the indexes facilitators save. Unchecked: only services that have passed the access
 * checkpoint for `dialogueId` call it, and every query it makes keeps to that dialogue.
 */
import "server-only";
import type { Executor } from "@/db/client";
import { listEffectiveValues, listVisibleIndicators } from "@/db/queries/indicators";
import { compositeIndex, latestPeriodValues, rankByScore } from "@/lib/indicators/composite-index";
import { REGION_CODES, type IndicatorDirection, type RegionCode } from "@/lib/model/enums";

/** The 21 counties: riket is the reference, never a region to rank. */
export const COUNTY_CODES: readonly RegionCode[] = REGION_CODES.filter((code) => code !== "00");

/** A chosen indicator that counts in the index, with the period its figures come from. */
export interface IndexedIndicator {
  id: string;
  nameSv: string;
  nameEn: string;
  unit: string;
  direction: IndicatorDirection;
  /** The period its figures are taken from. */
  period: string | null;
}

/**
 * Why a chosen indicator does not count: it is not (or no longer) in the dialogue's catalogue, it
 * has no better direction, or no county has a figure for it.
 */
export type LeftOutReason = "unknown" | "neutral" | "noCountyValues";

/** A chosen indicator that does not count, and why (names are null when it is not visible). */
export interface LeftOutIndicator {
  id: string;
  nameSv: string | null;
  nameEn: string | null;
  reason: LeftOutReason;
}

/** One aspect as computed: the indicators that count and those that do not. */
export interface ComputedAspect {
  name: string;
  indicators: IndexedIndicator[];
  leftOut: LeftOutIndicator[];
}

/** One county's place, index and aspect scores. */
export interface RankedRegion {
  regionCode: RegionCode;
  /** 1 = best; shared by equal indexes; null without an index. */
  rank: number | null;
  /** 0–100, or null when the region has no scored figure at all (shown as missing, never 0). */
  index: number | null;
  /** One per aspect, in the aspects' order; null where the region has nothing in that aspect. */
  aspectScores: (number | null)[];
}

/** An index computed over the figures a dialogue sees. */
export interface ComputedCompositeIndex {
  aspects: ComputedAspect[];
  /** Every county, best first; those without an index last, in code order. */
  rows: RankedRegion[];
}

/**
 * Computes an index of these aspects over the dialogue's figures (public ones plus its releases,
 * the newest release winning): every aspect is kept, in order, even when nothing in it counts.
 */
export async function computeCompositeIndex(
  db: Executor,
  dialogueId: string,
  aspects: readonly { name: string; indicatorIds: readonly string[] }[],
): Promise<ComputedCompositeIndex> {
  const ids = [...new Set(aspects.flatMap((aspect) => aspect.indicatorIds))];
  const [catalogue, values] = await Promise.all([listVisibleIndicators(db, dialogueId, ids), listEffectiveValues(db, dialogueId, ids)]);
  const byId = new Map(catalogue.map((row) => [row.id, row]));
  const valuesById = new Map<string, typeof values>();
  for (const value of values) {
    const list = valuesById.get(value.indicatorId);
    if (list) list.push(value);
    else valuesById.set(value.indicatorId, [value]);
  }
  const used = new Map<string, { indicator: IndexedIndicator; values: Map<string, number | null> } | LeftOutReason>();
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) used.set(id, "unknown");
    else if (row.direction === "neutral") used.set(id, "neutral");
    else {
      const latest = latestPeriodValues(valuesById.get(id) ?? [], COUNTY_CODES);
      used.set(
        id,
        latest
          ? { indicator: { id, nameSv: row.nameSv, nameEn: row.nameEn, unit: row.unit, direction: row.direction, period: latest.period }, values: latest.values }
          : "noCountyValues",
      );
    }
  }
  const computedAspects: ComputedAspect[] = aspects.map((aspect) => {
    const indicators: IndexedIndicator[] = [];
    const leftOut: LeftOutIndicator[] = [];
    for (const id of aspect.indicatorIds) {
      const entry = used.get(id)!;
      if (typeof entry === "string") leftOut.push({ id, nameSv: byId.get(id)?.nameSv ?? null, nameEn: byId.get(id)?.nameEn ?? null, reason: entry });
      else indicators.push(entry.indicator);
    }
    return { name: aspect.name, indicators, leftOut };
  });
  const result = compositeIndex(
    computedAspects.map((aspect) => ({
      name: aspect.name,
      indicators: aspect.indicators.map((indicator) => {
        const entry = used.get(indicator.id) as { values: Map<string, number | null> };
        return { id: indicator.id, direction: indicator.direction, values: entry.values };
      }),
    })),
    COUNTY_CODES,
  );
  const rows = rankByScore(COUNTY_CODES, (code) => result.index.get(code) ?? null).map(({ item: regionCode, rank }) => ({
    regionCode,
    rank,
    index: result.index.get(regionCode) ?? null,
    aspectScores: result.aspects.map((aspect) => aspect.scores.get(regionCode) ?? null),
  }));
  return { aspects: computedAspects, rows };
}
