import "server-only";
import { notifyAccessChanged } from "../collab/host";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { listOrganisationsOfDialogue } from "@/db/queries/organisations";
import {
  dialogues,
  driverIndicators,
  driverTexts,
  drivers,
  gapActionOrganisations,
  gapActions,
  goalStatements,
  indicators,
  organisations,
  users,
} from "@/db/schema";
import type { Abilities } from "@/lib/authz/policy";
import {
  createDriverSchema,
  deleteDriverSchema,
  moveDriverSchema,
  reorderDriversSchema,
  updateDriverSchema,
} from "@/lib/model/driver";
import type {
  ActionControl,
  ActionHorizon,
  ActionLevel,
  IndicatorDirection,
  IndicatorPart,
  MemberRole,
  TargetDirection,
  TextPart,
  WhoClass,
} from "@/lib/model/enums";
import { EMPTY_DOC, type RichTextNode } from "@/lib/model/rich-text";
import { fieldError, parseInput } from "@/lib/validation";
import { requireDialogueAccess, requireDriverAccess, type Actor } from "../access";
import { moveInOrderedList } from "./ordered-list";
import { rawId } from "./raw-input";

export async function createDriver(actor: Actor, raw: unknown): Promise<{ id: string }> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "driver.create");
  const input = parseInput(createDriverSchema, raw);
  const db = getDb();
  return db.transaction(async (tx) => {
    const [last] = await tx
      .select({ position: drivers.position })
      .from(drivers)
      .where(eq(drivers.dialogueId, access.dialogueId))
      .orderBy(desc(drivers.position))
      .limit(1);
    const [created] = await tx
      .insert(drivers)
      .values({
        dialogueId: access.dialogueId,
        title: input.title,
        description: input.description,
        whoClass: input.whoClass,
        careAreas: input.careAreas,
        changePerspectives: input.changePerspectives,
        position: (last?.position ?? -1) + 1,
      })
      .returning({ id: drivers.id });
    return { id: created!.id };
  });
}

export async function updateDriver(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "driver.update");
  const input = parseInput(updateDriverSchema, raw);
  await getDb()
    .update(drivers)
    .set({
      title: input.title,
      description: input.description,
      whoClass: input.whoClass,
      careAreas: input.careAreas,
      changePerspectives: input.changePerspectives,
      updatedAt: new Date(),
    })
    .where(and(eq(drivers.id, input.driverId), eq(drivers.dialogueId, access.dialogueId)));
}

export async function deleteDriver(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "driver.delete");
  const input = parseInput(deleteDriverSchema, raw);
  await getDb()
    .delete(drivers)
    .where(and(eq(drivers.id, input.driverId), eq(drivers.dialogueId, access.dialogueId)));
  await notifyAccessChanged({ driverId: input.driverId });
}

/** Moves a driver one place up or down in its dialogue (the keyboard reorder). */
export async function moveDriver(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "driver.reorder");
  const input = parseInput(moveDriverSchema, raw);
  const [driver] = await getDb().select({ whoClass: drivers.whoClass }).from(drivers).where(eq(drivers.id, input.driverId));
  if (!driver) return;
  // The overview groups drivers by WHO classification, so a move stays within the group.
  const group = and(eq(drivers.dialogueId, access.dialogueId), eq(drivers.whoClass, driver.whoClass))!;
  await moveInOrderedList(drivers, group, input.driverId, input.direction);
}

/**
 * Drag and drop: puts one WHO group's drivers in the given order, reusing the group's positions so
 * the other groups keep theirs. The list must be exactly the group's drivers, or nothing changes.
 */
export async function reorderDrivers(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "driver.reorder");
  const input = parseInput(reorderDriversSchema, raw);
  await getDb().transaction(async (tx) => {
    const [first] = await tx
      .select({ whoClass: drivers.whoClass })
      .from(drivers)
      .where(and(eq(drivers.id, input.driverIds[0]!), eq(drivers.dialogueId, access.dialogueId)));
    if (!first) throw fieldError("driverIds", "invalid");
    const group = await tx
      .select({ id: drivers.id, position: drivers.position })
      .from(drivers)
      .where(and(eq(drivers.dialogueId, access.dialogueId), eq(drivers.whoClass, first.whoClass)))
      .orderBy(asc(drivers.position))
      .for("update");
    const groupIds = new Set(group.map((driver) => driver.id));
    if (group.length !== input.driverIds.length || input.driverIds.some((id) => !groupIds.has(id))) {
      throw fieldError("driverIds", "invalid");
    }
    for (const [index, driverId] of input.driverIds.entries()) {
      const position = group[index]!.position;
      const current = group.find((driver) => driver.id === driverId)!;
      if (current.position !== position) {
        await tx.update(drivers).set({ position }).where(eq(drivers.id, driverId));
      }
    }
  });
}

/** A linked indicator by name; its figures come with the panels (indicator-panels.ts), scoped to the dialogue. */
export interface LinkedIndicatorDto {
  id: string;
  nameSv: string;
  nameEn: string;
  direction: IndicatorDirection;
}

export interface GoalStatementDto {
  id: string;
  text: string;
  targetIndicatorId: string | null;
  targetRegionCode: string | null;
  targetValue: number | null;
  targetYear: number | null;
  targetDirection: TargetDirection | null;
}

export interface GapActionDto {
  id: string;
  text: string;
  horizon: ActionHorizon;
  level: ActionLevel;
  control: ActionControl;
  responsibleOrganisationIds: string[];
  collaboratingOrganisationIds: string[];
}

export interface DriverPageData {
  dialogue: { id: string; planningQuestion: string };
  role: MemberRole;
  abilities: Abilities;
  driver: {
    id: string;
    title: string;
    description: string;
    whoClass: WhoClass;
    careAreas: string[];
    changePerspectives: string[];
    sourceRef: string | null;
  };
  texts: Record<TextPart, RichTextNode>;
  indicators: Record<IndicatorPart, LinkedIndicatorDto[]>;
  goalStatements: GoalStatementDto[];
  gapActions: GapActionDto[];
  organisations: { id: string; name: string; type: string }[];
  /** The reader, as the presence list and carets name them. */
  viewer: { userId: string; name: string; organisationName: string };
  previousDriverId: string | null;
  nextDriverId: string | null;
}

/** Everything the driver page shows, read through the dialogue the actor belongs to. */
export async function getDriverPage(actor: Actor, dialogueId: string, driverId: string): Promise<DriverPageData> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  const db = getDb();
  const [siblings, [driver], texts, links, statements, actions, participating, [dialogueRow], [viewerRow]] = await Promise.all([
    db
      .select({ id: drivers.id })
      .from(drivers)
      .where(eq(drivers.dialogueId, dialogueId))
      .orderBy(asc(drivers.position)),
    db
      .select({
        id: drivers.id,
        title: drivers.title,
        description: drivers.description,
        whoClass: drivers.whoClass,
        careAreas: drivers.careAreas,
        changePerspectives: drivers.changePerspectives,
        sourceRef: drivers.sourceRef,
      })
      .from(drivers)
      .where(eq(drivers.id, driverId)),
    db.select({ part: driverTexts.part, doc: driverTexts.doc }).from(driverTexts).where(eq(driverTexts.driverId, driverId)),
    db
      .select({
        part: driverIndicators.part,
        id: indicators.id,
        nameSv: indicators.nameSv,
        nameEn: indicators.nameEn,
        direction: indicators.direction,
      })
      .from(driverIndicators)
      .innerJoin(indicators, eq(indicators.id, driverIndicators.indicatorId))
      .where(eq(driverIndicators.driverId, driverId))
      .orderBy(asc(driverIndicators.position)),
    db
      .select({
        id: goalStatements.id,
        text: goalStatements.text,
        targetIndicatorId: goalStatements.targetIndicatorId,
        targetRegionCode: goalStatements.targetRegionCode,
        targetValue: goalStatements.targetValue,
        targetYear: goalStatements.targetYear,
        targetDirection: goalStatements.targetDirection,
      })
      .from(goalStatements)
      .where(eq(goalStatements.driverId, driverId))
      .orderBy(asc(goalStatements.position)),
    db
      .select({
        id: gapActions.id,
        text: gapActions.text,
        horizon: gapActions.horizon,
        level: gapActions.level,
        control: gapActions.control,
      })
      .from(gapActions)
      .where(eq(gapActions.driverId, driverId))
      .orderBy(asc(gapActions.position)),
    listOrganisationsOfDialogue(db, dialogueId),
    db.select({ planningQuestion: dialogues.planningQuestion }).from(dialogues).where(eq(dialogues.id, dialogueId)),
    db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, actor.userId)),
  ]);

  const actionIds = actions.map((action) => action.id);
  const [actionOrganisations] = await Promise.all([
    actionIds.length
      ? db
          .select({
            actionId: gapActionOrganisations.actionId,
            organisationId: gapActionOrganisations.organisationId,
            role: gapActionOrganisations.role,
          })
          .from(gapActionOrganisations)
          .innerJoin(organisations, eq(organisations.id, gapActionOrganisations.organisationId))
          .where(inArray(gapActionOrganisations.actionId, actionIds))
          .orderBy(asc(organisations.name))
      : Promise.resolve([]),
  ]);

  const linked: Record<IndicatorPart, LinkedIndicatorDto[]> = { nulage: [], future: [] };
  for (const { part, ...indicator } of links) {
    linked[part].push(indicator);
  }
  const textByPart = new Map(texts.map((text) => [text.part, text.doc as RichTextNode]));
  const position = siblings.findIndex((sibling) => sibling.id === driverId);

  return {
    dialogue: { id: dialogueId, planningQuestion: dialogueRow?.planningQuestion ?? "" },
    role: access.role,
    abilities: access.abilities,
    driver: driver!,
    texts: {
      nulage: textByPart.get("nulage") ?? EMPTY_DOC,
      future: textByPart.get("future") ?? EMPTY_DOC,
      gap: textByPart.get("gap") ?? EMPTY_DOC,
    },
    indicators: linked,
    goalStatements: statements,
    gapActions: actions.map((action) => ({
      ...action,
      responsibleOrganisationIds: actionOrganisations
        .filter((link) => link.actionId === action.id && link.role === "responsible")
        .map((link) => link.organisationId),
      collaboratingOrganisationIds: actionOrganisations
        .filter((link) => link.actionId === action.id && link.role === "collaborating")
        .map((link) => link.organisationId),
    })),
    organisations: participating,
    viewer: {
      userId: actor.userId,
      name: viewerRow?.name || viewerRow?.email || "",
      organisationName: participating.find((organisation) => organisation.id === access.organisationId)?.name ?? "",
    },
    previousDriverId: siblings[position - 1]?.id ?? null,
    nextDriverId: siblings[position + 1]?.id ?? null,
  };
}
