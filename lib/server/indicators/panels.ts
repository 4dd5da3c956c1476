/**
 * The indicator panels as a dialogue sees them (issue 5): each linked indicator's values (public
 * figures plus the dialogue's own releases), its text facts and projected series. Read in one pass
 * over any number of drivers (the driver page reads one, the goal-set export all). No access
 * check: the services that call it have made theirs.
 */
import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { listEffectivePanelValues, listProjectionInputs, listVisibleIndicators, type EffectiveValue } from "@/db/queries/indicators";
import { dialogues, driverIndicators, indicatorFacts } from "@/db/schema";
import { comparePeriods } from "@/lib/indicators/values";
import type { IndicatorDirection, IndicatorPart, RegionCode } from "@/lib/model/enums";
import { isRegionCode, projectionsFor, type PanelProjection } from "./gap-contexts";

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

export async function loadPanels(db: Executor, dialogueId: string, ids: string[], regionCodes: RegionCode[]): Promise<Map<string, IndicatorPanel>> {
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

