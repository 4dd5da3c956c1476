/**
 * Composite indexes a facilitator builds and keeps for the dialogue (issue 5, seed 003 Bilaga 3):
 * a name and named aspects of chosen indicators. Only the definition is stored; opening one
 * computes it from the figures the dialogue sees now. Facilitators build, change and delete
 * (`compositeIndex.manage`); every member lists and opens them (`dialogue.read`).
 */
import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { listIndicatorIdsWithCountyValues, listVisibleIndicators } from "@/db/queries/indicators";
import { compositeIndexes } from "@/db/schema";
import { AppError } from "@/lib/errors";
import {
  createCompositeIndexSchema,
  deleteCompositeIndexSchema,
  updateCompositeIndexSchema,
  type CompositeIndexAspect,
} from "@/lib/model/composite-index";
import type { IndicatorDirection } from "@/lib/model/enums";
import { fieldError, parseInput, type FieldErrors } from "@/lib/validation";
import { requireCompositeIndexAccess, requireDialogueAccess, type Actor } from "../access";
import { COUNTY_CODES, computeCompositeIndex, type ComputedCompositeIndex } from "../indicators/composite-index-data";
import { rawId } from "./raw-input";

/** A saved index's definition, as listed and opened. */
export interface CompositeIndexSummary {
  id: string;
  name: string;
  aspects: CompositeIndexAspect[];
  updatedAt: Date;
}

/** The dialogue's saved indexes and whether the reader may manage them. */
export interface CompositeIndexList {
  /** By name, as Swedish sorts it. */
  indexes: CompositeIndexSummary[];
  /** Whether the reader may build, change and delete indexes (the UI shows, the services decide). */
  canManage: boolean;
}

/** An indicator the builder offers. */
export interface ScorableIndicator {
  id: string;
  nameSv: string;
  nameEn: string;
  unit: string;
  direction: Exclude<IndicatorDirection, "neutral">;
  /** Whether any county has a figure now; an index leaves the indicator out until one does. */
  hasCountyValues: boolean;
}

/** An opened index: its definition, the computed ranking, and whether the reader may manage it. */
export interface CompositeIndexResult extends ComputedCompositeIndex {
  index: CompositeIndexSummary;
  canManage: boolean;
}

const swedish = new Intl.Collator("sv");

const summaryColumns = {
  id: compositeIndexes.id,
  name: compositeIndexes.name,
  aspects: compositeIndexes.aspects,
  updatedAt: compositeIndexes.updatedAt,
};

/** The dialogue's saved indexes, for every member. */
export async function listCompositeIndexes(actor: Actor, dialogueId: string): Promise<CompositeIndexList> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const rows = await getDb().select(summaryColumns).from(compositeIndexes).where(eq(compositeIndexes.dialogueId, access.dialogueId));
  return {
    indexes: rows.sort((a, b) => swedish.compare(a.name, b.name)),
    canManage: access.abilities["compositeIndex.manage"],
  };
}

/**
 * The indicators an index can be built from: the dialogue's catalogue without the neutral ones,
 * which have no better end to score towards (Bilaga 3 inverts only where lower is better).
 */
export async function listScorableIndicators(actor: Actor, dialogueId: string): Promise<ScorableIndicator[]> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const db = getDb();
  const [catalogue, hasValues] = await Promise.all([
    listVisibleIndicators(db, access.dialogueId),
    listIndicatorIdsWithCountyValues(db, access.dialogueId, COUNTY_CODES),
  ]);
  return catalogue.flatMap(({ id, nameSv, nameEn, unit, direction }) =>
    direction === "neutral" ? [] : [{ id, nameSv, nameEn, unit, direction, hasCountyValues: hasValues.has(id) }],
  );
}

/** A saved index, computed on the figures the dialogue sees now: the ranked regions and each aspect's score. */
export async function getCompositeIndexResult(actor: Actor, dialogueId: string, indexId: string): Promise<CompositeIndexResult> {
  const access = await requireCompositeIndexAccess(actor, dialogueId, indexId, "dialogue.read");
  const db = getDb();
  const [index] = await db
    .select(summaryColumns)
    .from(compositeIndexes)
    .where(and(eq(compositeIndexes.id, indexId), eq(compositeIndexes.dialogueId, access.dialogueId)));
  if (!index) throw new AppError("not_found");
  const computed = await computeCompositeIndex(db, access.dialogueId, index.aspects);
  return { index, canManage: access.abilities["compositeIndex.manage"], ...computed };
}

/** Saves a new index; returns its id and its name as stored (trimmed). */
export async function createCompositeIndex(actor: Actor, raw: unknown): Promise<{ id: string; name: string }> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "compositeIndex.manage");
  const input = parseInput(createCompositeIndexSchema, raw);
  return getDb().transaction(async (tx) => {
    await checkDefinition(tx, access.dialogueId, input, null);
    const [created] = await tx
      .insert(compositeIndexes)
      .values({ dialogueId: access.dialogueId, name: input.name, aspects: input.aspects, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning({ id: compositeIndexes.id, name: compositeIndexes.name });
    // Another facilitator saved the same name between the check and the insert.
    if (!created) throw fieldError("name", "nameTaken");
    return created;
  });
}

/** Renames the index and replaces its aspects, all in one go; returns its id and stored name. */
export async function updateCompositeIndex(actor: Actor, raw: unknown): Promise<{ id: string; name: string }> {
  const access = await requireCompositeIndexAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "indexId"), "compositeIndex.manage");
  const input = parseInput(updateCompositeIndexSchema, raw);
  return getDb().transaction(async (tx) => {
    await checkDefinition(tx, access.dialogueId, input, input.indexId);
    let updated: { id: string; name: string } | undefined;
    try {
      [updated] = await tx
        .update(compositeIndexes)
        .set({ name: input.name, aspects: input.aspects, updatedAt: sql`now()` })
        .where(and(eq(compositeIndexes.id, input.indexId), eq(compositeIndexes.dialogueId, access.dialogueId)))
        .returning({ id: compositeIndexes.id, name: compositeIndexes.name });
    } catch (error) {
      if (isUniqueViolation(error)) throw fieldError("name", "nameTaken");
      throw error;
    }
    // Deleted by someone else since the access check.
    if (!updated) throw new AppError("not_found");
    return updated;
  });
}

/** Deletes a saved index of the dialogue (its indicators and figures are not touched). */
export async function deleteCompositeIndex(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireCompositeIndexAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "indexId"), "compositeIndex.manage");
  const input = parseInput(deleteCompositeIndexSchema, raw);
  await getDb()
    .delete(compositeIndexes)
    .where(and(eq(compositeIndexes.id, input.indexId), eq(compositeIndexes.dialogueId, access.dialogueId)));
}

/**
 * What only the database can check, reported per field like zod's issues: every indicator must be
 * one the dialogue sees and can score (not neutral), and no other index of the dialogue may have
 * the name (whatever its case, as the unique index compares).
 */
async function checkDefinition(
  db: Executor,
  dialogueId: string,
  input: { name: string; aspects: CompositeIndexAspect[] },
  exceptIndexId: string | null,
): Promise<void> {
  const ids = [...new Set(input.aspects.flatMap((aspect) => aspect.indicatorIds))];
  const [catalogue, sameName] = await Promise.all([
    listVisibleIndicators(db, dialogueId, ids),
    db
      .select({ id: compositeIndexes.id })
      .from(compositeIndexes)
      .where(
        and(
          eq(compositeIndexes.dialogueId, dialogueId),
          sql`lower(${compositeIndexes.name}) = lower(${input.name})`,
          exceptIndexId ? ne(compositeIndexes.id, exceptIndexId) : undefined,
        ),
      )
      .limit(1),
  ]);
  const scorable = new Set(catalogue.filter((row) => row.direction !== "neutral").map((row) => row.id));
  const errors: FieldErrors = {};
  if (sameName.length) errors.name = { key: "nameTaken" };
  input.aspects.forEach((aspect, position) => {
    if (aspect.indicatorIds.some((id) => !scorable.has(id))) errors[`aspects.${position}.indicatorIds`] = { key: "invalidChoice" };
  });
  if (Object.keys(errors).length) throw new AppError("invalid_input", { fieldErrors: errors });
}
