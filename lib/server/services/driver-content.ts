/**
 * The four parts of a driver, edited by facilitators and participants: rich texts, linked
 * indicators, goal statements with targets, and gap actions with their organisations.
 */
import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import {
  dialogueOrganisations,
  driverIndicators,
  driverTexts,
  gapActionOrganisations,
  gapActions,
  goalStatements,
  indicators,
} from "@/db/schema";
import {
  addGapActionSchema,
  addGoalStatementSchema,
  driverItemRefSchema,
  moveDriverItemSchema,
  saveDriverTextSchema,
  setDriverIndicatorsSchema,
  updateGapActionSchema,
  updateGoalStatementSchema,
} from "@/lib/model/driver-content";
import { plainTextOf } from "@/lib/model/rich-text";
import { fieldError, parseInput } from "@/lib/validation";
import { requireDriverAccess, type Actor } from "../access";
import { moveInOrderedList } from "./ordered-list";
import { rawId } from "./raw-input";

async function requireContentAccess(actor: Actor, raw: unknown) {
  return requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "driverContent.update");
}

export async function saveDriverText(actor: Actor, raw: unknown): Promise<void> {
  await requireContentAccess(actor, raw);
  const input = parseInput(saveDriverTextSchema, raw);
  const values = {
    driverId: input.driverId,
    part: input.part,
    doc: input.doc,
    plainText: plainTextOf(input.doc).trim(),
    updatedBy: actor.userId,
    updatedAt: new Date(),
  };
  await getDb()
    .insert(driverTexts)
    .values(values)
    .onConflictDoUpdate({ target: [driverTexts.driverId, driverTexts.part], set: values });
}

/** Replaces the indicators linked to nuläge or förväntad framtid, in the given order. */
export async function setDriverIndicators(actor: Actor, raw: unknown): Promise<void> {
  await requireContentAccess(actor, raw);
  const input = parseInput(setDriverIndicatorsSchema, raw);
  const ids = [...new Set(input.indicatorIds)];
  const db = getDb();
  await db.transaction(async (tx) => {
    if (ids.length) {
      const known = await tx.select({ id: indicators.id }).from(indicators).where(inArray(indicators.id, ids));
      if (known.length !== ids.length) throw fieldError("indicatorIds", "invalidChoice");
    }
    await tx
      .delete(driverIndicators)
      .where(and(eq(driverIndicators.driverId, input.driverId), eq(driverIndicators.part, input.part)));
    if (ids.length) {
      await tx.insert(driverIndicators).values(
        ids.map((indicatorId, position) => ({ driverId: input.driverId, part: input.part, indicatorId, position })),
      );
    }
  });
}

async function checkTargetIndicator(tx: Executor, indicatorId: string | undefined): Promise<void> {
  if (!indicatorId) return;
  const [known] = await tx.select({ id: indicators.id }).from(indicators).where(eq(indicators.id, indicatorId));
  if (!known) throw fieldError("targetIndicatorId", "invalidChoice");
}

function targetColumns(input: {
  targetIndicatorId?: string;
  targetRegionCode?: string;
  targetValue?: number;
  targetYear?: number;
  targetDirection?: "increase" | "decrease" | "maintain";
}) {
  return {
    targetIndicatorId: input.targetIndicatorId ?? null,
    targetRegionCode: input.targetIndicatorId ? (input.targetRegionCode ?? null) : null,
    targetValue: input.targetValue ?? null,
    targetYear: input.targetYear ?? null,
    targetDirection: input.targetDirection ?? null,
  };
}

async function nextPosition(tx: Executor, table: typeof goalStatements | typeof gapActions, driverId: string) {
  const [last] = await tx
    .select({ position: table.position })
    .from(table)
    .where(eq(table.driverId, driverId))
    .orderBy(desc(table.position))
    .limit(1);
  return (last?.position ?? -1) + 1;
}

export async function addGoalStatement(actor: Actor, raw: unknown): Promise<{ id: string }> {
  await requireContentAccess(actor, raw);
  const input = parseInput(addGoalStatementSchema, raw);
  return getDb().transaction(async (tx) => {
    await checkTargetIndicator(tx, input.targetIndicatorId);
    const [created] = await tx
      .insert(goalStatements)
      .values({
        driverId: input.driverId,
        position: await nextPosition(tx, goalStatements, input.driverId),
        text: input.text,
        ...targetColumns(input),
      })
      .returning({ id: goalStatements.id });
    return { id: created!.id };
  });
}

export async function updateGoalStatement(actor: Actor, raw: unknown): Promise<void> {
  await requireContentAccess(actor, raw);
  const input = parseInput(updateGoalStatementSchema, raw);
  await getDb().transaction(async (tx) => {
    await checkTargetIndicator(tx, input.targetIndicatorId);
    const updated = await tx
      .update(goalStatements)
      .set({ text: input.text, ...targetColumns(input), updatedAt: new Date() })
      .where(and(eq(goalStatements.id, input.statementId), eq(goalStatements.driverId, input.driverId)))
      .returning({ id: goalStatements.id });
    if (!updated.length) throw fieldError("statementId", "invalid");
  });
}

export async function deleteGoalStatement(actor: Actor, raw: unknown): Promise<void> {
  await requireContentAccess(actor, raw);
  const input = parseInput(driverItemRefSchema, raw);
  await getDb()
    .delete(goalStatements)
    .where(and(eq(goalStatements.id, input.itemId), eq(goalStatements.driverId, input.driverId)));
}

export async function moveGoalStatement(actor: Actor, raw: unknown): Promise<void> {
  await requireContentAccess(actor, raw);
  const input = parseInput(moveDriverItemSchema, raw);
  await moveInOrderedList(goalStatements, eq(goalStatements.driverId, input.driverId), input.itemId, input.direction);
}

/** Responsible and collaborating organisations must take part in the dialogue. */
async function checkActionOrganisations(
  tx: Executor,
  dialogueId: string,
  input: { responsibleOrganisationIds: string[]; collaboratingOrganisationIds: string[] },
): Promise<void> {
  const ids = [...new Set([...input.responsibleOrganisationIds, ...input.collaboratingOrganisationIds])];
  if (!ids.length) return;
  const known = await tx
    .select({ id: dialogueOrganisations.organisationId })
    .from(dialogueOrganisations)
    .where(and(eq(dialogueOrganisations.dialogueId, dialogueId), inArray(dialogueOrganisations.organisationId, ids)));
  const knownIds = new Set(known.map((row) => row.id));
  if (input.responsibleOrganisationIds.some((id) => !knownIds.has(id))) {
    throw fieldError("responsibleOrganisationIds", "invalidChoice");
  }
  if (input.collaboratingOrganisationIds.some((id) => !knownIds.has(id))) {
    throw fieldError("collaboratingOrganisationIds", "invalidChoice");
  }
}

async function writeActionOrganisations(
  tx: Executor,
  actionId: string,
  input: { responsibleOrganisationIds: string[]; collaboratingOrganisationIds: string[] },
): Promise<void> {
  await tx.delete(gapActionOrganisations).where(eq(gapActionOrganisations.actionId, actionId));
  const rows = [
    ...[...new Set(input.responsibleOrganisationIds)].map((organisationId) => ({
      actionId,
      organisationId,
      role: "responsible" as const,
    })),
    ...[...new Set(input.collaboratingOrganisationIds)].map((organisationId) => ({
      actionId,
      organisationId,
      role: "collaborating" as const,
    })),
  ];
  if (rows.length) await tx.insert(gapActionOrganisations).values(rows);
}

export async function addGapAction(actor: Actor, raw: unknown): Promise<{ id: string }> {
  const access = await requireContentAccess(actor, raw);
  const input = parseInput(addGapActionSchema, raw);
  return getDb().transaction(async (tx) => {
    await checkActionOrganisations(tx, access.dialogueId, input);
    const [created] = await tx
      .insert(gapActions)
      .values({
        driverId: input.driverId,
        position: await nextPosition(tx, gapActions, input.driverId),
        text: input.text,
        horizon: input.horizon,
        level: input.level,
        control: input.control,
      })
      .returning({ id: gapActions.id });
    await writeActionOrganisations(tx, created!.id, input);
    return { id: created!.id };
  });
}

export async function updateGapAction(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireContentAccess(actor, raw);
  const input = parseInput(updateGapActionSchema, raw);
  await getDb().transaction(async (tx) => {
    await checkActionOrganisations(tx, access.dialogueId, input);
    const updated = await tx
      .update(gapActions)
      .set({ text: input.text, horizon: input.horizon, level: input.level, control: input.control, updatedAt: new Date() })
      .where(and(eq(gapActions.id, input.actionId), eq(gapActions.driverId, input.driverId)))
      .returning({ id: gapActions.id });
    if (!updated.length) throw fieldError("actionId", "invalid");
    await writeActionOrganisations(tx, input.actionId, input);
  });
}

export async function deleteGapAction(actor: Actor, raw: unknown): Promise<void> {
  await requireContentAccess(actor, raw);
  const input = parseInput(driverItemRefSchema, raw);
  await getDb()
    .delete(gapActions)
    .where(and(eq(gapActions.id, input.itemId), eq(gapActions.driverId, input.driverId)));
}

export async function moveGapAction(actor: Actor, raw: unknown): Promise<void> {
  await requireContentAccess(actor, raw);
  const input = parseInput(moveDriverItemSchema, raw);
  await moveInOrderedList(gapActions, eq(gapActions.driverId, input.driverId), input.itemId, input.direction);
}
