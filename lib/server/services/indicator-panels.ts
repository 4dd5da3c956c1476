/**
 * The evidence beside a driver's text (issue 5): each linked indicator's values as the dialogue
 * sees them (public figures plus its own releases), its text facts, the projected series where
 * projection inputs were imported, and what the goal statements' gaps are computed from.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { getLatestReleaseId, listVisibleIndicators } from "@/db/queries/indicators";
import { dialogues, goalStatements } from "@/db/schema";
import type { IndicatorPart, RegionCode } from "@/lib/model/enums";
import { requireDialogueAccess, requireDriverAccess, type Actor } from "../access";
import { computeCompositeIndex, type IndexedIndicator, type RankedRegion } from "../indicators/composite-index-data";
import { isRegionCode, loadGapContexts, type GapContext } from "../indicators/gap-contexts";
import { dialogueRegionCodes, loadDriversPanels, loadPanels, type IndicatorPanel } from "../indicators/panels";

export type { GapContext, GapReleaseInfo, PanelProjection } from "../indicators/gap-contexts";
export type { IndicatorPanel, PanelFact, PanelValue } from "../indicators/panels";

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
