/**
 * Loads the NPS reference data (regions, indicators and their values, text facts) from the CSV
 * files of shared/data. Idempotent, so every start-up can run it: rows already present are kept
 * as they are and nothing is duplicated.
 *
 * university_rankings.csv is deliberately not loaded: its columns (field, university, national
 * and world rank) do not fit the indicator_facts shape (no indicator id, region or unit), no
 * table holds it and no driver refers to it. A future ranking view can read it from the file.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "../client";
import { indicatorFacts, indicators, indicatorValues, regions } from "../schema";
import {
  factRowSchema,
  indicatorRowSchema,
  readCsv,
  regionRowSchema,
  type FactRow,
  type IndicatorRow,
  type RegionRow,
} from "./csv";

/** Rows per INSERT: far below PostgreSQL's 65 535 bind parameters, and few round trips. */
const BATCH_SIZE = 200;
/** Next to db/migrate.ts's key, so the app's advisory locks are easy to find together. */
const REFERENCE_LOCK_KEY = 727_274_002;

/** The files this loader reads, relative to the data folder (the app and tests name them alike). */
export const REFERENCE_FILES = {
  regions: "regions.csv",
  indicators: "indicators.csv",
  facts: "indicator_facts.csv",
} as const;

/** Rows inserted per table by one call; all zero when the data were already there. */
export interface ReferenceDataCounts {
  regions: number;
  indicators: number;
  values: number;
  facts: number;
}

type IndicatorInsert = typeof indicators.$inferInsert;
type ValueInsert = typeof indicatorValues.$inferInsert;
type FactInsert = typeof indicatorFacts.$inferInsert;

/**
 * Reads and validates every file first (a bad row aborts before anything is written), then
 * inserts in one transaction so a failure never leaves half the figures loaded. Returns how many
 * rows this call inserted; a second call on the same database returns zeros.
 */
export async function loadReferenceData(db: Executor, dataDir: string): Promise<ReferenceDataCounts> {
  const regionRows = readCsv(dataDir, REFERENCE_FILES.regions, regionRowSchema).map((r) => r.row);
  const valueRows = readCsv(dataDir, REFERENCE_FILES.indicators, indicatorRowSchema).map((r) => r.row);
  const factRows = readCsv(dataDir, REFERENCE_FILES.facts, factRowSchema).map((r) => r.row);

  const catalogue = buildCatalogue(valueRows, factRows);
  return db.transaction(async (tx) => {
    // Several app instances may start at once against one PostgreSQL; the facts check below reads
    // then writes, so they take turns (the lock ends with the transaction).
    await tx.execute(sql`select pg_advisory_xact_lock(${REFERENCE_LOCK_KEY})`);
    return {
      regions: await insertBatches(tx, regions, regionRows.map(toRegionInsert)),
      indicators: await insertBatches(tx, indicators, catalogue),
      values: await insertBatches(tx, indicatorValues, valueRows.map(toValueInsert)),
      facts: await insertNewFacts(tx, factRows.map(toFactInsert)),
    };
  });
}

function toRegionInsert(row: RegionRow): typeof regions.$inferInsert {
  return { code: row.code, nameSv: row.name_sv, regionGroupNo: row.region_group_no, regionGroup: row.region_group };
}

/** The label a value is shown (and made unique) by: the region's name, else its code. */
function regionLabel(row: { region_name: string; region_code: string | null }): string {
  return row.region_name || row.region_code || "";
}

function toValueInsert(row: IndicatorRow): ValueInsert {
  return {
    indicatorId: row.indicator_id,
    regionCode: row.region_code,
    regionLabel: regionLabel(row),
    period: row.period,
    value: row.value,
    unit: row.unit,
    source: row.source,
    sourceRef: row.source_ref,
  };
}

function toFactInsert(row: FactRow): FactInsert {
  return {
    indicatorId: row.indicator_id,
    nameSv: row.name_sv,
    nameEn: row.name_en,
    regionCode: row.region_code,
    regionLabel: regionLabel(row),
    period: row.period,
    value: row.value,
    unit: row.unit,
    direction: row.direction,
    source: row.source,
    sourceRef: row.source_ref,
  };
}

/**
 * One catalogue row per indicator id of indicators.csv, plus one for every id that only exists
 * as text facts: drivers link to both kinds, and driver_indicators joins the catalogue.
 */
export function buildCatalogue(valueRows: IndicatorRow[], factRows: FactRow[]): IndicatorInsert[] {
  const numeric = catalogueFrom(valueRows);
  const numericIds = new Set(numeric.map((entry) => entry.id));
  const factOnly = catalogueFrom(factRows).filter((entry) => !numericIds.has(entry.id));
  return [...numeric, ...factOnly];
}

type CatalogueSource = Pick<IndicatorRow, "indicator_id" | "name_sv" | "name_en" | "unit" | "direction" | "source" | "source_ref">;

/** Names and direction from the id's first row; the unit most of its rows use (first on a tie). */
function catalogueFrom(rows: CatalogueSource[]): IndicatorInsert[] {
  const byId = new Map<string, CatalogueSource[]>();
  for (const row of rows) {
    const group = byId.get(row.indicator_id);
    if (group) group.push(row);
    else byId.set(row.indicator_id, [row]);
  }
  return [...byId.values()].map((group) => {
    const first = group[0]!;
    return {
      id: first.indicator_id,
      nameSv: first.name_sv,
      nameEn: first.name_en,
      unit: mostCommon(group.map((row) => row.unit)),
      direction: first.direction,
      source: first.source,
      sourceRef: first.source_ref,
    };
  });
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0] ?? "";
  for (const [value, count] of counts) if (count > (counts.get(best) ?? 0)) best = value;
  return best;
}

type InsertableTable = typeof regions | typeof indicators | typeof indicatorValues;

/** Inserts in batches, skipping rows whose key exists; returns how many rows were new. */
async function insertBatches<T extends InsertableTable>(
  tx: Executor,
  table: T,
  rows: T["$inferInsert"][],
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const batch = rows.slice(start, start + BATCH_SIZE);
    const result = await tx
      .insert(table)
      // One helper for three tables: drizzle cannot relate a generic T's insert type to T itself.
      .values(batch as never)
      .onConflictDoNothing()
      .returning({ one: sql<number>`1` });
    inserted += result.length;
  }
  return inserted;
}

/**
 * indicator_facts has no natural unique key (the file holds one exact duplicate row, kept on
 * purpose), so ON CONFLICT cannot dedupe it. Instead each file row is matched against the rows
 * already stored, counting duplicates, and only the surplus is inserted.
 */
async function insertNewFacts(tx: Executor, rows: FactInsert[]): Promise<number> {
  const stored = await tx
    .select({
      indicatorId: indicatorFacts.indicatorId,
      regionLabel: indicatorFacts.regionLabel,
      period: indicatorFacts.period,
      value: indicatorFacts.value,
      source: indicatorFacts.source,
      sourceRef: indicatorFacts.sourceRef,
    })
    .from(indicatorFacts);
  const remaining = new Map<string, number>();
  for (const row of stored) remaining.set(factKey(row), (remaining.get(factKey(row)) ?? 0) + 1);

  const missing = rows.filter((row) => {
    const key = factKey(row);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    return left === 0;
  });
  for (let start = 0; start < missing.length; start += BATCH_SIZE) {
    await tx.insert(indicatorFacts).values(missing.slice(start, start + BATCH_SIZE));
  }
  return missing.length;
}

function factKey(row: Pick<FactInsert, "indicatorId" | "regionLabel" | "period" | "value" | "source" | "sourceRef">) {
  return JSON.stringify([row.indicatorId, row.regionLabel, row.period ?? null, row.value ?? null, row.source, row.sourceRef]);
}
