/**
 * The evidence beside a driver's text (issue 5): each linked indicator's values as the dialogue
 * sees them (public figures plus its own releases), its text facts, the projected series where
 * projection inputs were imported, and what the goal statements' gaps are computed from.
 */
import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import {
  getLatestReleaseId,
  listEffectivePanelValues,
  listProjectionInputs,
  listValueHistory,
  listVisibleIndicators,
  type EffectiveValue,
} from "@/db/queries/indicators";
import { dataReleases, dialogues, driverIndicators, goalStatements, indicatorFacts } from "@/db/schema";
import { comparePeriods } from "@/lib/indicators/values";
import { REGION_CODES, type IndicatorDirection, type IndicatorPart, type RegionCode } from "@/lib/model/enums";
import { REGION_NAMES } from "@/lib/model/regions";
import { AGE_BANDS, projectSeries, type AgeBand, type ByAgeBand, type ProjectionPoint } from "@/lib/projection/projection";
import { gapKey } from "@/lib/gap/gap";
import { requireDialogueAccess, requireDriverAccess, type Actor } from "../access";
import { computeCompositeIndex, type IndexedIndicator, type RankedRegion } from "../indicators/composite-index-data";

export interface PanelValue {
  regionCode: string | null;
  regionLabel: string;
  period: string | null;
  value: number | null;
  unit: string;
  source: string;
  releaseId: number | null;
}

export interface PanelFact {
  regionLabel: string;
  period: string | null;
  value: string | null;
  unit: string;
  source: string;
}

export interface PanelProjection {
  regionCode: RegionCode;
  baseYear: number;
  points: ProjectionPoint[];
  source: string;
}

export interface IndicatorPanel {
  id: string;
  nameSv: string;
  nameEn: string;
  unit: string;
  direction: IndicatorDirection;
  definition: string | null;
  source: string | null;
  values: PanelValue[];
  facts: PanelFact[];
  projections: PanelProjection[];
}

export interface DriverPanels {
  /** The regions the dialogue compares (highlighted in charts); riket is always the reference. */
  regionCodes: RegionCode[];
  parts: Record<IndicatorPart, IndicatorPanel[]>;
  /** The newest release the panels were read on (0 before any): what the page polls against. */
  releaseId: number;
}

const isRegionCode = (code: string): code is RegionCode => (REGION_CODES as readonly string[]).includes(code);

export async function getDriverPanels(actor: Actor, dialogueId: string, driverId: string): Promise<DriverPanels> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  const db = getDb();
  const [links, [dialogue], releaseId] = await Promise.all([
    db
      .select({ part: driverIndicators.part, indicatorId: driverIndicators.indicatorId })
      .from(driverIndicators)
      .where(eq(driverIndicators.driverId, driverId))
      .orderBy(asc(driverIndicators.position)),
    db.select({ regionCodes: dialogues.regionCodes }).from(dialogues).where(eq(dialogues.id, access.dialogueId)),
    getLatestReleaseId(db, access.dialogueId),
  ]);
  const regionCodes = (dialogue?.regionCodes ?? []).filter(isRegionCode);
  const ids = [...new Set(links.map((link) => link.indicatorId))];
  const panels = await loadPanels(db, access.dialogueId, ids, regionCodes);
  const parts: Record<IndicatorPart, IndicatorPanel[]> = { nulage: [], future: [] };
  for (const link of links) {
    const panel = panels.get(link.indicatorId);
    if (panel) parts[link.part].push(panel);
  }
  return { regionCodes, parts, releaseId };
}

/** One indicator for the region comparison page, as the dialogue sees it; null when not visible. */
export async function getIndicatorComparison(actor: Actor, dialogueId: string, indicatorId: string) {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const db = getDb();
  const [[dialogue], catalogue] = await Promise.all([
    db.select({ regionCodes: dialogues.regionCodes, planningQuestion: dialogues.planningQuestion }).from(dialogues).where(eq(dialogues.id, access.dialogueId)),
    listVisibleIndicators(db, access.dialogueId),
  ]);
  const regionCodes = (dialogue?.regionCodes ?? []).filter(isRegionCode);
  const panel = catalogue.some((row) => row.id === indicatorId) ? ((await loadPanels(db, access.dialogueId, [indicatorId], [])).get(indicatorId) ?? null) : null;
  return {
    planningQuestion: dialogue?.planningQuestion ?? "",
    regionCodes,
    panel,
    catalogue: catalogue.map((row) => ({ id: row.id, nameSv: row.nameSv, nameEn: row.nameEn, unit: row.unit })),
    releaseId: await getLatestReleaseId(db, access.dialogueId),
  };
}

async function loadPanels(db: Executor, dialogueId: string, ids: string[], regionCodes: RegionCode[]): Promise<Map<string, IndicatorPanel>> {
  if (ids.length === 0) return new Map();
  const projectionRegions: RegionCode[] = regionCodes.length ? regionCodes : ["00"];
  const [catalogue, values, facts, inputs] = await Promise.all([
    listVisibleIndicators(db, dialogueId, ids),
    listEffectivePanelValues(db, dialogueId, ids),
    db
      .select({
        indicatorId: indicatorFacts.indicatorId,
        regionLabel: indicatorFacts.regionLabel,
        period: indicatorFacts.period,
        value: indicatorFacts.value,
        unit: indicatorFacts.unit,
        source: indicatorFacts.source,
      })
      .from(indicatorFacts)
      .where(inArray(indicatorFacts.indicatorId, ids))
      .orderBy(asc(indicatorFacts.id)),
    listProjectionInputs(db, dialogueId, projectionRegions),
  ]);
  const valuesById = groupBy(values, (value) => value.indicatorId);
  const factsById = groupBy(facts, (fact) => fact.indicatorId);
  return new Map(
    catalogue.map((indicator) => [
      indicator.id,
      {
        ...indicator,
        values: (valuesById.get(indicator.id) ?? []).map(toPanelValue).sort(byPeriodThenRegion),
        facts: (factsById.get(indicator.id) ?? []).map(({ indicatorId: _id, ...fact }) => fact),
        projections: projectionsFor(indicator.id, projectionRegions, inputs),
      },
    ]),
  );
}

function toPanelValue({ indicatorId: _id, ...value }: Omit<EffectiveValue, "sourceRef">): PanelValue {
  return value;
}

/** One collator for all comparisons: localeCompare(…, "sv") would build one per call. */
const swedish = new Intl.Collator("sv");

function byPeriodThenRegion(a: PanelValue, b: PanelValue): number {
  const codeA = a.regionCode ?? "99";
  const codeB = b.regionCode ?? "99";
  return comparePeriods(a.period, b.period) || (codeA < codeB ? -1 : codeA > codeB ? 1 : 0) || swedish.compare(a.regionLabel, b.regionLabel);
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

type InputRow = Awaited<ReturnType<typeof listProjectionInputs>>[number];

/**
 * Bilaga 2 per region: the newest consumption figures per band (base year = their latest year) and
 * the newest population per year and band; inputs arrive newest release first, so the first wins.
 */
function projectionsFor(indicatorId: string, regions: RegionCode[], inputs: InputRow[]): PanelProjection[] {
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

/** The gap contexts of the driver's stored goal targets (the page's first render). */
export async function getDriverGapContexts(actor: Actor, dialogueId: string, driverId: string): Promise<GapContext[]> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  const targets = await getDb()
    .select({ indicatorId: goalStatements.targetIndicatorId, regionCode: goalStatements.targetRegionCode })
    .from(goalStatements)
    .where(and(eq(goalStatements.driverId, driverId)));
  const keys = targets.flatMap((target) => (target.indicatorId ? [{ indicatorId: target.indicatorId, regionCode: target.regionCode ?? "00" }] : []));
  return loadGapContexts(access.dialogueId, keys);
}

/** Gap contexts for any (indicator, region) pairs a live target names; unknown or invisible ones are left out. */
export async function getGapContexts(actor: Actor, dialogueId: string, keys: { indicatorId: string; regionCode: string }[]): Promise<GapContext[]> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  return loadGapContexts(access.dialogueId, keys.slice(0, 50));
}

/**
 * Gap contexts without an access check, for services that have made theirs (agreements freeze and
 * re-check the gaps of agreed targets through it, so they compute exactly what the chips show).
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

/** The newest release id of the dialogue: open pages poll this to know when to refresh. */
export async function getDataVersion(actor: Actor, dialogueId: string): Promise<{ releaseId: number }> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  return { releaseId: await getLatestReleaseId(getDb(), access.dialogueId) };
}

export interface CompositeIndexDto {
  /**
   * The aspects that have an indicator to score, with those indicators (neutral and unknown ones,
   * and those without county figures, cannot be scored and are left out).
   */
  aspects: { indicatorIds: string[]; indicators: IndexedIndicator[] }[];
  /** Every county, best index first (lib/server/indicators/composite-index-data.ts). */
  rows: RankedRegion[];
}

/**
 * Bilaga 3's composite index over indicators a member chooses, grouped into aspects, computed on the
 * spot from the comparison page's address: nothing is stored (facilitators save indexes through
 * lib/server/services/composite-indexes.ts).
 */
export async function getCompositeIndex(actor: Actor, dialogueId: string, rawAspects: string[][]): Promise<CompositeIndexDto> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const wanted = rawAspects.slice(0, 5).map((ids, position) => ({ name: String(position + 1), indicatorIds: [...new Set(ids)].slice(0, 20) }));
  const computed = await computeCompositeIndex(getDb(), access.dialogueId, wanted);
  const kept = computed.aspects.flatMap((aspect, position) => (aspect.indicators.length > 0 ? [position] : []));
  return {
    aspects: kept.map((position) => {
      const indicators = computed.aspects[position]!.indicators;
      return { indicatorIds: indicators.map((indicator) => indicator.id), indicators };
    }),
    rows: computed.rows.map((row) => ({ ...row, aspectScores: kept.map((position) => row.aspectScores[position] ?? null) })),
  };
}
