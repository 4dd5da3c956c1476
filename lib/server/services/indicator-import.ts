/**
 * Data releases (issue 5): a facilitator uploads indicator values or projection inputs, sees what
 * would be new and what would change (old → new), and commits. The whole file is validated before
 * anything is written; a commit is one transaction (release, new indicator definitions, values),
 * so a file with any error, or a failure half-way, writes nothing. A file that changes nothing
 * creates no release, so importing the same file twice leaves the database as it was.
 */
import "server-only";
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { listEffectiveValues, listProjectionInputs, listTakenIndicatorIds, listValueUnits, listVisibleIndicators } from "@/db/queries/indicators";
import { dataReleases, dialogues, indicators, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import {
  createImportValidator,
  type CatalogueEntry,
  type ImportedProjectionInput,
  type ImportIssue,
  type ImportLayout,
  type ImportValidator,
  type IndicatorDefinition,
  type StreamedImport,
} from "@/lib/indicators/import-rows";
import { ValueStore } from "@/lib/indicators/value-store";
import { importFileSchema } from "@/lib/model/indicator-import";
import { parseInput } from "@/lib/validation";
import { requireDialogueAccess, type Actor } from "../access";
import { readUploadRows } from "../import/read-upload";
import { logEvent } from "../log";
import { notifyAgreedGapChangesSafely } from "./agreements";
import { rawId } from "./raw-input";

/** How many changed and new rows the preview lists; the counts always cover the whole file. */
export const PREVIEW_LIMIT = 200;
/** Rows per INSERT … SELECT FROM json_to_recordset: one parameter each, so only memory bounds it. */
const INSERT_CHUNK = 5_000;
/** With the dialogue's id, serialises two imports into one dialogue (the diff must see the last commit). */
const IMPORT_LOCK_NAMESPACE = 727_274_010;

export interface ImportRowChange {
  indicatorId: string;
  region: string;
  period: string | null;
  /** Null = suppressed or missing (shown as such). */
  oldValue: number | null;
  newValue: number | null;
  unit: string;
}

export interface ImportReport {
  fileName: string;
  /** SHA-256 of the file: the commit must carry the hash of the file that was previewed. */
  fileHash: string;
  layout: ImportLayout | null;
  rowCount: number;
  issues: ImportIssue[];
  newCount: number;
  changedCount: number;
  unchangedCount: number;
  definedCount: number;
  /** The first PREVIEW_LIMIT changes (old → new) and additions (old null). */
  changes: ImportRowChange[];
  additions: ImportRowChange[];
  /** Set by a commit that wrote something. */
  releaseId: number | null;
}

interface PendingWrite {
  report: ImportReport;
  /** The validated values, and the indices of those to write (new or changed). */
  values: ValueStore;
  toWrite: number[];
  inputs: ImportedProjectionInput[];
  definitions: IndicatorDefinition[];
}

export async function previewIndicatorImport(actor: Actor, raw: unknown): Promise<ImportReport> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "indicator.import");
  const input = parseInput(importFileSchema, raw);
  const pending = await planImport(getDb(), access.dialogueId, input.fileName, input.bytes);
  return pending.report;
}

/**
 * Validates again inside the transaction (another release may have landed since the preview) and
 * writes only when the file is clean and the hash matches the previewed file.
 */
export async function commitIndicatorImport(actor: Actor, raw: unknown): Promise<ImportReport> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "indicator.import");
  const input = parseInput(importFileSchema, raw);
  if (input.expectedHash && input.expectedHash !== sha256(input.bytes)) throw new AppError("conflict");
  const report = await getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_NAMESPACE}, hashtext(${access.dialogueId}))`);
    const pending = await planImport(tx, access.dialogueId, input.fileName, input.bytes);
    if (pending.report.issues.length > 0) return pending.report;
    const hasWork = pending.report.newCount + pending.report.changedCount + pending.report.definedCount > 0;
    if (!hasWork || pending.report.layout === null) return pending.report;
    const releaseId = await writeRelease(tx, access.dialogueId, actor.userId, pending);
    return { ...pending.report, releaseId };
  });
  if (report.releaseId !== null) {
    logEvent("indicators.release", { dialogueId: access.dialogueId, userId: actor.userId, releaseId: report.releaseId, layout: report.layout, new: report.newCount, changed: report.changedCount });
    // After the commit, so the check sees the new figures; its failure never undoes the release.
    await notifyAgreedGapChangesSafely(access.dialogueId);
  }
  return report;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function emptyReport(fileName: string, fileHash: string): ImportReport {
  return {
    fileName,
    fileHash,
    layout: null,
    rowCount: 0,
    issues: [],
    newCount: 0,
    changedCount: 0,
    unchangedCount: 0,
    definedCount: 0,
    changes: [],
    additions: [],
    releaseId: null,
  };
}

async function planImport(db: Executor, dialogueId: string, fileName: string, bytes: Uint8Array): Promise<PendingWrite> {
  const report = emptyReport(fileName, sha256(bytes));
  const [catalogueRows, storedUnits] = await Promise.all([listVisibleIndicators(db, dialogueId), listValueUnits(db, dialogueId)]);
  const unitsById = new Map<string, string[]>();
  for (const { indicatorId, unit } of storedUnits) unitsById.set(indicatorId, [...(unitsById.get(indicatorId) ?? []), unit]);
  const catalogue = new Map<string, CatalogueEntry>(catalogueRows.map((row) => [row.id, { unit: row.unit, knownUnits: unitsById.get(row.id) ?? [] }]));
  // Rows are validated as they are read: the file never exists as a table of strings.
  let validator: ImportValidator | null = null;
  const fileIssues = await readUploadRows(fileName, bytes, {
    header: (cells, line) => {
      validator = createImportValidator(cells, line, catalogue);
    },
    row: (line, cells) => validator!.push(line, cells),
  });
  if (fileIssues) return { report: { ...report, issues: fileIssues }, values: new ValueStore(), toWrite: [], inputs: [], definitions: [] };
  const validated = (validator as ImportValidator | null)!.finish();
  const base = { ...report, layout: validated.layout, rowCount: validated.rowCount };
  const issues = [...validated.issues, ...(await takenIdIssues(db, validated))];
  if (issues.length > 0) return { report: { ...base, issues }, values: new ValueStore(), toWrite: [], inputs: [], definitions: [] };
  return validated.layout === "values"
    ? planValues(db, dialogueId, base, validated.values, validated.definitions)
    : planProjection(db, dialogueId, base, validated.inputs);
}

/**
 * A definition may not take an id that exists outside this dialogue's view (another dialogue's own
 * indicator): ids are global, so it gets a clear error instead of a constraint failure.
 */
async function takenIdIssues(db: Executor, validated: StreamedImport): Promise<ImportIssue[]> {
  if (validated.layout !== "values" || validated.definitions.length === 0) return [];
  const taken = await listTakenIndicatorIds(db, validated.definitions.map((definition) => definition.id));
  if (taken.size === 0) return [];
  const issues: ImportIssue[] = [];
  const reported = new Set<string>();
  for (let index = 0; index < validated.values.length; index++) {
    const value = validated.values.at(index);
    if (!taken.has(value.indicatorId) || reported.has(value.indicatorId)) continue;
    reported.add(value.indicatorId);
    issues.push({ row: value.line, column: "indicator_id", code: "indicator_id_taken", params: { id: value.indicatorId } });
  }
  return issues;
}

const valueKey = (indicatorId: string, regionLabel: string, period: string | null) => `${indicatorId}\u0000${regionLabel}\u0000${period ?? ""}`;

async function planValues(db: Executor, dialogueId: string, report: ImportReport, values: ValueStore, definitions: IndicatorDefinition[]): Promise<PendingWrite> {
  const stored = new Map((await listEffectiveValues(db, dialogueId, values.indicatorIds())).map((row) => [valueKey(row.indicatorId, row.regionLabel, row.period), row]));
  // The rows to write, by their index in the store: new ones and those whose figure or source changed.
  const toWrite: number[] = [];
  const changes: ImportRowChange[] = [];
  const additions: ImportRowChange[] = [];
  let newCount = 0;
  let changedCount = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values.at(index);
    const previous = stored.get(valueKey(value.indicatorId, value.regionLabel, value.period));
    const change = () => ({ indicatorId: value.indicatorId, region: value.regionLabel, period: value.period, oldValue: previous?.value ?? null, newValue: value.value, unit: value.unit });
    if (!previous) {
      newCount++;
      toWrite.push(index);
      if (additions.length < PREVIEW_LIMIT) additions.push(change());
    } else if (previous.value !== value.value || previous.unit !== value.unit || previous.source !== value.source || previous.sourceRef !== value.sourceRef) {
      changedCount++;
      toWrite.push(index);
      if (changes.length < PREVIEW_LIMIT) changes.push(change());
    }
  }
  return {
    report: { ...report, newCount, changedCount, unchangedCount: values.length - newCount - changedCount, definedCount: definitions.length, changes, additions },
    values,
    toWrite,
    inputs: [],
    definitions,
  };
}

const inputKey = (input: { kind: string; indicatorId: string | null; regionCode: string; year: number; ageBand: string }) =>
  [input.kind, input.indicatorId ?? "", input.regionCode, input.year, input.ageBand].join("\u0000");

async function planProjection(db: Executor, dialogueId: string, report: ImportReport, inputs: ImportedProjectionInput[]): Promise<PendingWrite> {
  const regions = [...new Set(inputs.map((input) => input.regionCode))];
  const stored = new Map<string, number>();
  // Newest release first: the first row per key is the one in force.
  for (const row of await listProjectionInputs(db, dialogueId, regions)) {
    const key = inputKey(row);
    if (!stored.has(key)) stored.set(key, row.value);
  }
  const toWrite: ImportedProjectionInput[] = [];
  const changes: ImportRowChange[] = [];
  const additions: ImportRowChange[] = [];
  let newCount = 0;
  let changedCount = 0;
  for (const input of inputs) {
    const previous = stored.get(inputKey(input));
    const change = {
      indicatorId: input.indicatorId ?? input.kind,
      region: input.regionCode,
      period: `${input.year} · ${input.ageBand}`,
      oldValue: previous ?? null,
      newValue: input.value,
      unit: "",
    };
    if (previous === undefined) {
      newCount++;
      toWrite.push(input);
      if (additions.length < PREVIEW_LIMIT) additions.push(change);
    } else if (previous !== input.value) {
      changedCount++;
      toWrite.push(input);
      if (changes.length < PREVIEW_LIMIT) changes.push(change);
    }
  }
  return {
    report: { ...report, newCount, changedCount, unchangedCount: inputs.length - newCount - changedCount, changes, additions },
    values: new ValueStore(),
    toWrite: [],
    inputs: toWrite,
    definitions: [],
  };
}

async function writeRelease(tx: Executor, dialogueId: string, userId: string, pending: PendingWrite): Promise<number> {
  const { report } = pending;
  const [release] = await tx
    .insert(dataReleases)
    .values({
      dialogueId,
      kind: report.layout!,
      fileName: report.fileName,
      createdBy: userId,
      rowCount: report.rowCount,
      newCount: report.newCount,
      changedCount: report.changedCount,
      definedCount: report.definedCount,
    })
    .returning({ id: dataReleases.id });
  const releaseId = release!.id;
  if (pending.definitions.length > 0) {
    // A new indicator's source is its first written value's.
    const sourceOf = new Map<string, string>();
    for (const index of pending.toWrite) {
      const value = pending.values.at(index);
      if (!sourceOf.has(value.indicatorId)) sourceOf.set(value.indicatorId, value.source);
    }
    await tx.insert(indicators).values(
      pending.definitions.map((definition) => ({
        id: definition.id,
        nameSv: definition.nameSv,
        nameEn: definition.nameEn,
        unit: definition.unit,
        direction: definition.direction,
        definition: definition.definition,
        source: sourceOf.get(definition.id) ?? null,
        dialogueId,
      })),
    );
  }
  for (let start = 0; start < pending.toWrite.length; start += INSERT_CHUNK) {
    // One chunk's rows become objects only here, and only for this statement.
    const rows = pending.toWrite.slice(start, start + INSERT_CHUNK).map((index) => {
      const value = pending.values.at(index);
      return { i: value.indicatorId, c: value.regionCode, l: value.regionLabel, p: value.period, v: value.value, u: value.unit, s: value.source, r: value.sourceRef };
    });
    await tx.execute(sql`
      insert into indicator_values (indicator_id, region_code, region_label, period, value, unit, source, source_ref, release_id, dialogue_id)
      select x.i, x.c, x.l, x.p, x.v, x.u, x.s, x.r, ${releaseId}, ${dialogueId}::uuid
      from json_to_recordset(${JSON.stringify(rows)}::json) as x(i text, c text, l text, p text, v double precision, u text, s text, r text)`);
  }
  for (let start = 0; start < pending.inputs.length; start += INSERT_CHUNK) {
    const rows = pending.inputs.slice(start, start + INSERT_CHUNK).map((input) => ({
      k: input.kind,
      i: input.indicatorId,
      c: input.regionCode,
      y: input.year,
      b: input.ageBand,
      v: input.value,
      s: input.source,
      r: input.sourceRef,
    }));
    await tx.execute(sql`
      insert into projection_inputs (kind, indicator_id, region_code, year, age_band, value, source, source_ref, release_id, dialogue_id)
      select x.k, x.i, x.c, x.y, x.b, x.v, x.s, x.r, ${releaseId}, ${dialogueId}::uuid
      from json_to_recordset(${JSON.stringify(rows)}::json) as x(k text, i text, c text, y integer, b text, v double precision, s text, r text)`);
  }
  return releaseId;
}

export interface ReleaseDto {
  id: number;
  kind: ImportLayout;
  fileName: string;
  createdByName: string | null;
  createdAt: string;
  rowCount: number;
  newCount: number;
  changedCount: number;
  definedCount: number;
}

/** The dialogue's releases, newest first, for members (who reads the data may see where it came from). */
export async function listDataReleases(actor: Actor, dialogueId: string): Promise<ReleaseDto[]> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const db = getDb();
  const rows = await db
    .select({
      id: dataReleases.id,
      kind: dataReleases.kind,
      fileName: dataReleases.fileName,
      createdByName: users.name,
      createdAt: dataReleases.createdAt,
      rowCount: dataReleases.rowCount,
      newCount: dataReleases.newCount,
      changedCount: dataReleases.changedCount,
      definedCount: dataReleases.definedCount,
    })
    .from(dataReleases)
    .leftJoin(users, eq(users.id, dataReleases.createdBy))
    .where(eq(dataReleases.dialogueId, access.dialogueId))
    .orderBy(sql`${dataReleases.id} desc`)
    .limit(50);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

/** The import page: only for those who may import (others get the page's 404). */
export async function getImportPage(actor: Actor, dialogueId: string): Promise<{ planningQuestion: string; releases: ReleaseDto[] }> {
  const access = await requireDialogueAccess(actor, dialogueId, "indicator.import");
  const [dialogue] = await getDb().select({ planningQuestion: dialogues.planningQuestion }).from(dialogues).where(eq(dialogues.id, access.dialogueId));
  return { planningQuestion: dialogue?.planningQuestion ?? "", releases: await listDataReleases(actor, access.dialogueId) };
}
