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
 * A user's membership of a dialogue, or null. Callers pass it to lib/authz/policy.ts; this and
 * findMemberships (which it uses) are the only query that decides membership, for HTTP and the
 * collaboration websocket alike.
 */
export async function findMembership(db: Executor, userId: string, dialogueId: string): Promise<Membership | null> {
  return (await findMemberships(db, [{ userId, dialogueId }])).get(membershipKey(userId, dialogueId)) ?? null;
}

export interface MembershipQuestion {
  userId: string;
  dialogueId: string;
}

export function membershipKey(userId: string, dialogueId: string): string {
  return `${userId}:${dialogueId}`;
}

/**
 * Many users' memberships in one read (the collaboration server re-checks every open socket each
 * minute), keyed by membershipKey; a user who is not a member of that dialogue is absent.
 */
export async function findMemberships(db: Executor, questions: readonly MembershipQuestion[]): Promise<Map<string, Membership>> {
  const found = new Map<string, Membership>();
  if (!questions.length) return found;
  const asked = new Set(questions.map(({ userId, dialogueId }) => membershipKey(userId, dialogueId)));
  const userIds = [...new Set(questions.map((question) => question.userId))];
  const dialogueIds = [...new Set(questions.map((question) => question.dialogueId))];
  const rows = await db
    .select({
      userId: dialogueMembers.userId,
      dialogueId: dialogues.id,
      status: dialogues.status,
      observersMayComment: dialogues.observersMayComment,
      role: dialogueMembers.role,
      organisationId: dialogueMembers.organisationId,
      organisationName: organisations.name,
    })
    .from(dialogues)
    .innerJoin(dialogueMembers, and(eq(dialogueMembers.dialogueId, dialogues.id), inArray(dialogueMembers.userId, userIds)))
    .innerJoin(organisations, eq(organisations.id, dialogueMembers.organisationId))
    .where(inArray(dialogues.id, dialogueIds));
  // The read covers every asked user in every asked dialogue; keep only the pairs asked about.
  for (const { userId, ...membership } of rows) {
    const key = membershipKey(userId, membership.dialogueId);
    if (asked.has(key)) found.set(key, membership);
  }
  return found;
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
