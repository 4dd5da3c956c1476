import { and, eq, inArray, isNull } from "drizzle-orm";
import { can } from "../../lib/authz/policy";
import type { DialogueStatus, MemberRole } from "../../lib/model/enums";
import type { Executor } from "../client";
import { dialogueMembers, dialogues, drivers, organisations, users } from "../schema";

export interface Membership {
  dialogueId: string;
  status: DialogueStatus;
  observersMayComment: boolean;
  role: MemberRole;
  organisationId: string;
  organisationName: string;
}

/**
 * A user's membership of a dialogue, or null. Callers pass it to lib/authz/policy.ts; this is the
 * only query that decides membership, for HTTP and the collaboration websocket alike.
 */
export async function findMembership(db: Executor, userId: string, dialogueId: string): Promise<Membership | null> {
  const [row] = await db
    .select({
      dialogueId: dialogues.id,
      status: dialogues.status,
      observersMayComment: dialogues.observersMayComment,
      role: dialogueMembers.role,
      organisationId: dialogueMembers.organisationId,
      organisationName: organisations.name,
    })
    .from(dialogues)
    .innerJoin(dialogueMembers, and(eq(dialogueMembers.dialogueId, dialogues.id), eq(dialogueMembers.userId, userId)))
    .innerJoin(organisations, eq(organisations.id, dialogueMembers.organisationId))
    .where(eq(dialogues.id, dialogueId))
    .limit(1);
  return row ?? null;
}

/** The dialogue a driver belongs to, or null for an unknown driver. */
export async function findDriverDialogueId(db: Executor, driverId: string): Promise<string | null> {
  const [row] = await db.select({ dialogueId: drivers.dialogueId }).from(drivers).where(eq(drivers.id, driverId)).limit(1);
  return row?.dialogueId ?? null;
}

/** The dialogue of each known driver among `driverIds` (unknown drivers are absent). */
export async function findDriverDialogueIds(db: Executor, driverIds: string[]): Promise<Map<string, string>> {
  if (!driverIds.length) return new Map();
  const rows = await db.select({ id: drivers.id, dialogueId: drivers.dialogueId }).from(drivers).where(inArray(drivers.id, driverIds));
  return new Map(rows.map((row) => [row.id, row.dialogueId]));
}

/**
 * The dialogues a user may read (`dialogue.read` in lib/authz/policy.ts), for what spans dialogues:
 * the inbox and the notification mails. A user who left a dialogue, or was removed, no longer sees
 * its notifications. Deactivated users read nothing.
 */
export async function listReadableDialogueIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({
      dialogueId: dialogues.id,
      status: dialogues.status,
      observersMayComment: dialogues.observersMayComment,
      role: dialogueMembers.role,
    })
    .from(dialogueMembers)
    .innerJoin(dialogues, eq(dialogues.id, dialogueMembers.dialogueId))
    .innerJoin(users, and(eq(users.id, dialogueMembers.userId), isNull(users.deactivatedAt)))
    .where(eq(dialogueMembers.userId, userId));
  return rows
    .filter((row) => can(row.role, "dialogue.read", { dialogueStatus: row.status, observersMayComment: row.observersMayComment }))
    .map((row) => row.dialogueId);
}
