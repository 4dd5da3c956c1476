/**
 * What a goal's gap is computed from (issue 5): for an (indicator, region), the newest value with
 * the release it came from, what the release before said, and the projected series (Bilaga 2).
 * Shared by the indicator panels (the gap chips) and agreed versions (the frozen gaps).
 */
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { listProjectionInputs, listValueHistory, listVisibleIndicators } from "@/db/queries/indicators";
import { dataReleases } from "@/db/schema";
import { gapKey } from "@/lib/gap/gap";
import { comparePeriods } from "@/lib/indicators/values";
import { REGION_CODES, type IndicatorDirection, type RegionCode } from "@/lib/model/enums";
import { REGION_NAMES } from "@/lib/model/regions";
import { AGE_BANDS, projectSeries, type AgeBand, type ByAgeBand, type ProjectionPoint } from "@/lib/projection/projection";

export interface PanelProjection {
  regionCode: RegionCode;
  baseYear: number;
  points: ProjectionPoint[];
  source: string;
}

export const isRegionCode = (code: string): code is RegionCode => (REGION_CODES as readonly string[]).includes(code);

export type InputRow = Awaited<ReturnType<typeof listProjectionInputs>>[number];

/**
 * Bilaga 2 per region: the newest consumption figures per band (base year = their latest year) and
 * the newest population per year and band; inputs arrive newest release first, so the first wins.
 */
export function projectionsFor(indicatorId: string, regions: RegionCode[], inputs: InputRow[]): PanelProjection[] {
  const result: PanelProjection[] = [];
  for (const regionCode of regions) {
    const consumption = inputs.filter((row) => row.kind === "consumption_per_inhabitant" && row.indicatorId === indicatorId && row.regionCode === regionCode);
    if (consumption.length === 0) continue;
    const baseYear = Math.max(...consumption.map((row) => row.year));
    const perInhabitant: ByAgeBand = {};
    for (const row of consumption) if (row.year === baseYear) perInhabitant[row.ageBand as AgeBand] ??= row.value;
    const populationByYear = new Map<number, ByAgeBand>();
    for (const row of inputs) {
      if (row.kind !== "population" || row.regionCode !== regionCode || !(AGE_BANDS as readonly string[]).includes(row.ageBand)) continue;
      const bands = populationByYear.get(row.year) ?? {};
      bands[row.ageBand as AgeBand] ??= row.value;
      populationByYear.set(row.year, bands);
    }
    const points = projectSeries({ baseYear, consumptionPerInhabitant: perInhabitant, populationByYear });
    if (points.length) result.push({ regionCode, baseYear, points, source: consumption[0]!.source });
  }
  return result;
}

export interface GapReleaseInfo {
  id: number | null;
  fileName: string | null;
  createdAt: string | null;
}

/** What a gap chip needs for one (indicator, region): computed on the client for the live target. */
export interface GapContext {
  indicatorId: string;
  regionCode: RegionCode;
  unit: string;
  direction: IndicatorDirection;
  /** The newest period's value and the release it came from; null when there is none. */
  latest: { value: number | null; period: string | null; release: GapReleaseInfo } | null;
  /** The value the release before said for the same period, when a release changed it. */
  previous: { value: number | null; release: GapReleaseInfo } | null;
  projection: { year: number; value: number }[];
}

/**
 * The gap contexts of these (indicator, region) pairs as the dialogue sees them; unknown or
 * invisible indicators and unknown regions are left out. No access check: the services that call
 * it have made theirs (indicator panels for the chips; agreements, which freeze and re-check the
 * gaps of agreed targets, so they compute exactly what the chips show).
 */
export async function loadGapContexts(dialogueId: string, rawKeys: { indicatorId: string; regionCode: string }[]): Promise<GapContext[]> {
  const keys = [...new Map(rawKeys.filter((key) => isRegionCode(key.regionCode)).map((key) => [gapKey(key.indicatorId, key.regionCode), key])).values()];
  if (keys.length === 0) return [];
  const db = getDb();
  const catalogue = await listVisibleIndicators(db, dialogueId, [...new Set(keys.map((key) => key.indicatorId))]);
  const byId = new Map(catalogue.map((row) => [row.id, row]));
  const inputs = await listProjectionInputs(db, dialogueId, [...new Set(keys.map((key) => key.regionCode))]);
  const releaseIds = new Set<number>();
  const contexts = await Promise.all(
    keys.flatMap((key) => {
      const indicator = byId.get(key.indicatorId);
      if (!indicator) return [];
      const regionCode = key.regionCode as RegionCode;
      return [
        (async () => {
          const history = await listValueHistory(db, dialogueId, key.indicatorId, [REGION_NAMES[regionCode]]);
          const latestPeriod = history.map((row) => row.period).sort(comparePeriods).at(-1) ?? null;
          const forPeriod = history.filter((row) => row.period === latestPeriod);
          const [latest, previous] = forPeriod;
          for (const row of [latest, previous]) if (row?.releaseId) releaseIds.add(row.releaseId);
          return { key, indicator, regionCode, latest, previous };
        })(),
      ];
    }),
  );
  const releases = releaseIds.size
    ? await db
        .select({ id: dataReleases.id, fileName: dataReleases.fileName, createdAt: dataReleases.createdAt })
        .from(dataReleases)
        .where(and(eq(dataReleases.dialogueId, dialogueId), inArray(dataReleases.id, [...releaseIds])))
    : [];
  const releaseInfo = (id: number | null): GapReleaseInfo => {
    const release = releases.find((row) => row.id === id);
    return { id, fileName: release?.fileName ?? null, createdAt: release?.createdAt.toISOString() ?? null };
  };
  return contexts.map(({ indicator, regionCode, latest, previous }) => ({
    indicatorId: indicator.id,
    regionCode,
    unit: indicator.unit,
    direction: indicator.direction,
    latest: latest ? { value: latest.value, period: latest.period, release: releaseInfo(latest.releaseId) } : null,
    previous: previous && latest?.releaseId ? { value: previous.value, release: releaseInfo(previous.releaseId) } : null,
    projection: projectionsFor(indicator.id, [regionCode], inputs)[0]?.points.map(({ year, value }) => ({ year, value })) ?? [],
  }));
}
