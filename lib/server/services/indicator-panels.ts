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
  listVisibleIndicators,
  type EffectiveValue,
} from "@/db/queries/indicators";
import { dialogues, driverIndicators, goalStatements, indicatorFacts } from "@/db/schema";
import { comparePeriods } from "@/lib/indicators/values";
import type { IndicatorDirection, IndicatorPart, RegionCode } from "@/lib/model/enums";
import { requireDialogueAccess, requireDriverAccess, type Actor } from "../access";
import { computeCompositeIndex, type IndexedIndicator, type RankedRegion } from "../indicators/composite-index-data";
import { isRegionCode, loadGapContexts, projectionsFor, type GapContext, type PanelProjection } from "../indicators/gap-contexts";

export type { GapContext, GapReleaseInfo, PanelProjection } from "../indicators/gap-contexts";

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

export async function getDriverPanels(actor: Actor, dialogueId: string, driverId: string): Promise<DriverPanels> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  const db = getDb();
  const [regionCodes, releaseId] = await Promise.all([dialogueRegionCodes(db, access.dialogueId), getLatestReleaseId(db, access.dialogueId)]);
  const panels = await loadDriversPanels(db, access.dialogueId, [driverId], regionCodes);
  return { regionCodes, parts: panels.get(driverId)!, releaseId };
}

export async function dialogueRegionCodes(db: Executor, dialogueId: string): Promise<RegionCode[]> {
  const [dialogue] = await db.select({ regionCodes: dialogues.regionCodes }).from(dialogues).where(eq(dialogues.id, dialogueId));
  return (dialogue?.regionCodes ?? []).filter(isRegionCode);
}

/**
 * The panels of each driver, read in one pass over all of them (the driver page reads one, the
 * goal-set export all). No access check: callers have made theirs.
 */
export async function loadDriversPanels(
  db: Executor,
  dialogueId: string,
  driverIds: string[],
  regionCodes: RegionCode[],
): Promise<Map<string, Record<IndicatorPart, IndicatorPanel[]>>> {
  const links = driverIds.length
    ? await db
        .select({ driverId: driverIndicators.driverId, part: driverIndicators.part, indicatorId: driverIndicators.indicatorId })
        .from(driverIndicators)
        .where(inArray(driverIndicators.driverId, driverIds))
        .orderBy(asc(driverIndicators.position))
    : [];
  const panels = await loadPanels(db, dialogueId, [...new Set(links.map((link) => link.indicatorId))], regionCodes);
  const byDriver = new Map(driverIds.map((id): [string, Record<IndicatorPart, IndicatorPanel[]>] => [id, { nulage: [], future: [] }]));
  for (const link of links) {
    const panel = panels.get(link.indicatorId);
    if (panel) byDriver.get(link.driverId)?.[link.part].push(panel);
  }
  return byDriver;
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
