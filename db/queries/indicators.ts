/**
 * What a dialogue sees of the indicator data: the public NPS figures plus what its own releases
 * imported, the newest release winning for each key (indicator, region, period). Unchecked: only
 * services that have passed the access checkpoint for `dialogueId` call these, and every query
 * keeps to that dialogue (tests/integration/indicator-import.test.ts checks "not others").
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../client";
import { dataReleases, indicators, indicatorValues, projectionInputs } from "../schema";

/** Rows the dialogue may see: public (no dialogue) or its own. */
function visibleTo(column: typeof indicatorValues.dialogueId | typeof indicators.dialogueId, dialogueId: string): SQL {
  return or(isNull(column), eq(column, dialogueId))!;
}

const catalogueColumns = {
  id: indicators.id,
  nameSv: indicators.nameSv,
  nameEn: indicators.nameEn,
  unit: indicators.unit,
  direction: indicators.direction,
  definition: indicators.definition,
  source: indicators.source,
  sourceRef: indicators.sourceRef,
};

/** The catalogue as the dialogue sees it (public plus its own definitions), by Swedish name. */
export function listVisibleIndicators(db: Executor, dialogueId: string, ids?: readonly string[]) {
  const scope = visibleTo(indicators.dialogueId, dialogueId);
  return db
    .select(catalogueColumns)
    .from(indicators)
    .where(ids ? and(scope, inArray(indicators.id, [...ids])) : scope)
    .orderBy(asc(indicators.nameSv));
}

/** The units the dialogue's visible values use, per indicator (the import accepts these too). */
export function listValueUnits(db: Executor, dialogueId: string) {
  return db
    .selectDistinct({ indicatorId: indicatorValues.indicatorId, unit: indicatorValues.unit })
    .from(indicatorValues)
    .where(visibleTo(indicatorValues.dialogueId, dialogueId));
}

/**
 * The indicators (visible to the dialogue) with at least one county figure, riket and suppressed
 * values not counted: the ones a composite index can score across the regions.
 */
export async function listIndicatorIdsWithCountyValues(db: Executor, dialogueId: string, countyCodes: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ indicatorId: indicatorValues.indicatorId })
    .from(indicatorValues)
    .where(and(visibleTo(indicatorValues.dialogueId, dialogueId), inArray(indicatorValues.regionCode, [...countyCodes]), isNotNull(indicatorValues.value)));
  return new Set(rows.map((row) => row.indicatorId));
}

/** Every id in the catalogue whatever its owner: a new definition must not reuse one. */
export async function listTakenIndicatorIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: indicators.id }).from(indicators).where(inArray(indicators.id, [...ids]));
  return new Set(rows.map((row) => row.id));
}

export interface EffectiveValue {
  indicatorId: string;
  regionCode: string | null;
  regionLabel: string;
  period: string | null;
  value: number | null;
  unit: string;
  source: string;
  sourceRef: string;
  /** Null for the NPS figures loaded at start-up. */
  releaseId: number | null;
}

const valueColumns = {
  indicatorId: indicatorValues.indicatorId,
  regionCode: indicatorValues.regionCode,
  regionLabel: indicatorValues.regionLabel,
  period: indicatorValues.period,
  value: indicatorValues.value,
  unit: indicatorValues.unit,
  source: indicatorValues.source,
  sourceRef: indicatorValues.sourceRef,
  releaseId: indicatorValues.releaseId,
};

const releaseOrder = sql`coalesce(${indicatorValues.releaseId}, 0)`;
const periodKey = sql`coalesce(${indicatorValues.period}, '')`;

/** The visible rows of these indicators; with effectiveOrder, the first per key is the one in force. */
function effectiveScope(dialogueId: string, indicatorIds: readonly string[]): SQL {
  return and(inArray(indicatorValues.indicatorId, [...indicatorIds]), visibleTo(indicatorValues.dialogueId, dialogueId))!;
}
const effectiveKey = [indicatorValues.indicatorId, indicatorValues.regionLabel, periodKey];
const effectiveOrder = [...effectiveKey, desc(releaseOrder)];

/** The value the dialogue sees for each key of these indicators: its newest release's. */
export function listEffectiveValues(db: Executor, dialogueId: string, indicatorIds: readonly string[]): Promise<EffectiveValue[]> {
  if (indicatorIds.length === 0) return Promise.resolve([]);
  return db.selectDistinctOn(effectiveKey, valueColumns).from(indicatorValues).where(effectiveScope(dialogueId, indicatorIds)).orderBy(...effectiveOrder);
}

type PanelValueTuple = [regionCode: string | null, regionLabel: string, period: string | null, value: number | null, unit: string, source: string, releaseId: number | null];

/**
 * The same without the source reference, which panels never show. Each indicator's values arrive as
 * one JSON array rather than as rows: a panel reads about 1 300 values, and decoding that many rows
 * field by field cost PGlite three times the query itself (bench:indicators, panel case).
 */
export async function listEffectivePanelValues(db: Executor, dialogueId: string, indicatorIds: readonly string[]): Promise<Omit<EffectiveValue, "sourceRef">[]> {
  if (indicatorIds.length === 0) return [];
  const { sourceRef: _unused, ...columns } = valueColumns;
  const effective = db.selectDistinctOn(effectiveKey, columns).from(indicatorValues).where(effectiveScope(dialogueId, indicatorIds)).orderBy(...effectiveOrder).as("effective");
  const groups = await db
    .select({
      indicatorId: effective.indicatorId,
      values: sql<string>`json_agg(json_build_array(${effective.regionCode}, ${effective.regionLabel}, ${effective.period}, ${effective.value}, ${effective.unit}, ${effective.source}, ${effective.releaseId}))::text`,
    })
    .from(effective)
    .groupBy(effective.indicatorId);
  return groups.flatMap(({ indicatorId, values }) =>
    (JSON.parse(values) as PanelValueTuple[]).map(([regionCode, regionLabel, period, value, unit, source, releaseId]) => ({ indicatorId, regionCode, regionLabel, period, value, unit, source, releaseId })),
  );
}

/**
 * Every release's value for one indicator and region, newest release first: a goal's gap is computed
 * on the first, and "nya data" compares it with what the release before said.
 */
export function listValueHistory(db: Executor, dialogueId: string, indicatorId: string, regionLabels: readonly string[]) {
  if (regionLabels.length === 0) return Promise.resolve([] as EffectiveValue[]);
  return db
    .select(valueColumns)
    .from(indicatorValues)
    .where(
      and(
        eq(indicatorValues.indicatorId, indicatorId),
        inArray(indicatorValues.regionLabel, [...regionLabels]),
        visibleTo(indicatorValues.dialogueId, dialogueId),
      ),
    )
    .orderBy(desc(releaseOrder), asc(indicatorValues.period));
}

/** The dialogue's releases, newest first, with who made them. */
export function listReleases(db: Executor, dialogueId: string, limit = 50) {
  return db
    .select({
      id: dataReleases.id,
      kind: dataReleases.kind,
      fileName: dataReleases.fileName,
      createdBy: dataReleases.createdBy,
      createdAt: dataReleases.createdAt,
      rowCount: dataReleases.rowCount,
      newCount: dataReleases.newCount,
      changedCount: dataReleases.changedCount,
      definedCount: dataReleases.definedCount,
    })
    .from(dataReleases)
    .where(eq(dataReleases.dialogueId, dialogueId))
    .orderBy(desc(dataReleases.id))
    .limit(limit);
}

/** The id of the dialogue's newest release, 0 before the first: what open pages poll for. */
export async function getLatestReleaseId(db: Executor, dialogueId: string): Promise<number> {
  const [row] = await db
    .select({ id: dataReleases.id })
    .from(dataReleases)
    .where(eq(dataReleases.dialogueId, dialogueId))
    .orderBy(desc(dataReleases.id))
    .limit(1);
  return row?.id ?? 0;
}

/** The dialogue's projection inputs for these regions, newest release first (the first per key wins). */
export function listProjectionInputs(db: Executor, dialogueId: string, regionCodes: readonly string[]) {
  if (regionCodes.length === 0) return Promise.resolve([]);
  return db
    .select({
      kind: projectionInputs.kind,
      indicatorId: projectionInputs.indicatorId,
      regionCode: projectionInputs.regionCode,
      year: projectionInputs.year,
      ageBand: projectionInputs.ageBand,
      value: projectionInputs.value,
      source: projectionInputs.source,
      releaseId: projectionInputs.releaseId,
    })
    .from(projectionInputs)
    .where(and(eq(projectionInputs.dialogueId, dialogueId), inArray(projectionInputs.regionCode, [...regionCodes])))
    .orderBy(desc(projectionInputs.releaseId));
}
