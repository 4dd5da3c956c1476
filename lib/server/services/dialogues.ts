import "server-only";
import { notifyAccessChanged } from "../collab/host";
import { asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { listOrganisationsOfDialogue } from "@/db/queries/organisations";
import {
  dialogueMembers,
  dialogueOrganisations,
  dialogues,
  driverIndicators,
  driverTexts,
  drivers,
  gapActions,
  goalStatements,
  organisations,
} from "@/db/schema";
import type { Abilities } from "@/lib/authz/policy";
import { driverProgress, type DriverProgress } from "@/lib/model/driver-progress";
import { createDialogueSchema, updateDialogueSchema } from "@/lib/model/dialogue";
import type { DialogueStatus, MemberRole, WhoClass } from "@/lib/model/enums";
import { fieldError, parseInput } from "@/lib/validation";
import { requireDialogueAccess, type Actor } from "../access";
import { rawId } from "./raw-input";

export interface DialogueSummary {
  id: string;
  planningQuestion: string;
  status: DialogueStatus;
  horizonFrom: number;
  horizonTo: number;
  role: MemberRole;
  organisationName: string;
  driverCount: number;
}

/** The dialogues the actor is a member of, with their role. */
export async function listMyDialogues(actor: Actor): Promise<DialogueSummary[]> {
  const db = getDb();
  const rows = await db
    .select({
      id: dialogues.id,
      planningQuestion: dialogues.planningQuestion,
      status: dialogues.status,
      horizonFrom: dialogues.horizonFrom,
      horizonTo: dialogues.horizonTo,
      role: dialogueMembers.role,
      organisationName: organisations.name,
      driverCount: sql<number>`(select count(*)::int from ${drivers} where ${drivers.dialogueId} = ${dialogues.id})`,
    })
    .from(dialogueMembers)
    .innerJoin(dialogues, eq(dialogues.id, dialogueMembers.dialogueId))
    .innerJoin(organisations, eq(organisations.id, dialogueMembers.organisationId))
    .where(eq(dialogueMembers.userId, actor.userId))
    .orderBy(asc(dialogues.planningQuestion));
  return rows;
}

export interface DialogueDetails {
  id: string;
  planningQuestion: string;
  description: string;
  regionCodes: string[];
  horizonFrom: number;
  horizonTo: number;
  status: DialogueStatus;
  isDemo: boolean;
}

export interface DriverOverviewItem {
  id: string;
  title: string;
  whoClass: WhoClass;
  careAreas: string[];
  changePerspectives: string[];
  position: number;
  progress: DriverProgress;
}

export interface DialogueOverview {
  dialogue: DialogueDetails;
  role: MemberRole;
  abilities: Abilities;
  drivers: DriverOverviewItem[];
  organisations: { id: string; name: string; type: string }[];
}

export async function getDialogueDetails(actor: Actor, dialogueId: string) {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const [dialogue] = await getDb()
    .select({
      id: dialogues.id,
      planningQuestion: dialogues.planningQuestion,
      description: dialogues.description,
      regionCodes: dialogues.regionCodes,
      horizonFrom: dialogues.horizonFrom,
      horizonTo: dialogues.horizonTo,
      status: dialogues.status,
      isDemo: dialogues.isDemo,
      observersMayComment: dialogues.observersMayComment,
    })
    .from(dialogues)
    .where(eq(dialogues.id, access.dialogueId));
  return { dialogue: dialogue!, role: access.role, abilities: access.abilities };
}

/**
 * The outer driver's id, written with its table name: in a single-table select drizzle leaves
 * columns unqualified, and a bare "id" inside a subquery on goal_statements or gap_actions names
 * that table's own id (so those counts were always 0).
 */
const outerDriverId = sql`${drivers}.${sql.identifier("id")}`;

/** The overview page: the dialogue, its drivers in order with how far each is filled in. */
export async function getDialogueOverview(actor: Actor, dialogueId: string): Promise<DialogueOverview> {
  const db = getDb();
  const { dialogue, role, abilities } = await getDialogueDetails(actor, dialogueId);
  const [driverRows, participating] = await Promise.all([
    db
      .select({
        id: drivers.id,
        title: drivers.title,
        whoClass: drivers.whoClass,
        careAreas: drivers.careAreas,
        changePerspectives: drivers.changePerspectives,
        position: drivers.position,
        nulageTextLength: sql<number>`coalesce((select length(${driverTexts.plainText}) from ${driverTexts} where ${driverTexts.driverId} = ${outerDriverId} and ${driverTexts.part} = 'nulage'), 0)::int`,
        futureTextLength: sql<number>`coalesce((select length(${driverTexts.plainText}) from ${driverTexts} where ${driverTexts.driverId} = ${outerDriverId} and ${driverTexts.part} = 'future'), 0)::int`,
        gapTextLength: sql<number>`coalesce((select length(${driverTexts.plainText}) from ${driverTexts} where ${driverTexts.driverId} = ${outerDriverId} and ${driverTexts.part} = 'gap'), 0)::int`,
        nulageIndicatorCount: sql<number>`(select count(*) from ${driverIndicators} where ${driverIndicators.driverId} = ${outerDriverId} and ${driverIndicators.part} = 'nulage')::int`,
        futureIndicatorCount: sql<number>`(select count(*) from ${driverIndicators} where ${driverIndicators.driverId} = ${outerDriverId} and ${driverIndicators.part} = 'future')::int`,
        goalStatementCount: sql<number>`(select count(*) from ${goalStatements} where ${goalStatements.driverId} = ${outerDriverId})::int`,
        gapActionCount: sql<number>`(select count(*) from ${gapActions} where ${gapActions.driverId} = ${outerDriverId})::int`,
      })
      .from(drivers)
      .where(eq(drivers.dialogueId, dialogue.id))
      .orderBy(asc(drivers.position)),
    listOrganisationsOfDialogue(db, dialogue.id),
  ]);
  return {
    dialogue,
    role,
    abilities,
    organisations: participating,
    drivers: driverRows.map((row) => ({
      id: row.id,
      title: row.title,
      whoClass: row.whoClass,
      careAreas: row.careAreas,
      changePerspectives: row.changePerspectives,
      position: row.position,
      progress: driverProgress(row),
    })),
  };
}

/**
 * The organisations taking part in a dialogue, for its members. Exported services authorize
 * themselves: an unchecked export here let any caller list any dialogue's organisations.
 */
export async function listDialogueOrganisations(actor: Actor, dialogueId: string) {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  return listOrganisationsOfDialogue(getDb(), access.dialogueId);
}

/** Creates a dialogue; its creator becomes its facilitator, speaking for the chosen organisation. */
export async function createDialogue(actor: Actor, raw: unknown): Promise<{ id: string }> {
  const input = parseInput(createDialogueSchema, raw);
  const db = getDb();
  const [organisation] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, input.organisationId));
  if (!organisation) throw fieldError("organisationId", "invalidChoice");
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(dialogues)
      .values({
        planningQuestion: input.planningQuestion,
        description: input.description,
        regionCodes: input.regionCodes,
        horizonFrom: input.horizonFrom,
        horizonTo: input.horizonTo,
        status: input.status,
        createdBy: actor.userId,
      })
      .returning({ id: dialogues.id });
    await tx.insert(dialogueOrganisations).values({ dialogueId: created!.id, organisationId: organisation.id });
    await tx.insert(dialogueMembers).values({
      dialogueId: created!.id,
      userId: actor.userId,
      organisationId: organisation.id,
      role: "facilitator",
    });
    return { id: created!.id };
  });
}

export async function updateDialogue(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "dialogue.update");
  const input = parseInput(updateDialogueSchema, raw);
  await getDb()
    .update(dialogues)
    .set({
      planningQuestion: input.planningQuestion,
      description: input.description,
      regionCodes: input.regionCodes,
      horizonFrom: input.horizonFrom,
      horizonTo: input.horizonTo,
      status: input.status,
      observersMayComment: input.observersMayComment,
      updatedAt: new Date(),
    })
    .where(eq(dialogues.id, access.dialogueId));
  // Closing a dialogue makes participants read-only; reopening lets them edit again.
  if (input.status !== access.status) await notifyAccessChanged({ dialogueId: access.dialogueId });
}
