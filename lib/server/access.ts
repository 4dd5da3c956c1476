/**
 * The authorization checkpoint. Every page, server action, route handler (and the collaboration
 * websocket) resolves the actor here and asks for a dialogue action here. Nested resources are
 * loaded through their dialogue, so an ID from another dialogue is "not found", never a leak.
 */
import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { findMembership, listReadableDialogueIds, type Membership } from "@/db/queries/membership";
import { findOpenRoundOnDriver, type OpenRoundOnDriver } from "@/db/queries/rounds";
import { commentThreads, comments, compositeIndexes, dialogueMembers, drivers, notifications, users } from "@/db/schema";
import { abilitiesFor, can, canAnywhere, type Abilities, type AccountAction, type DialogueAction, type PolicyContext } from "@/lib/authz/policy";
import { AppError } from "@/lib/errors";
import type { DialogueStatus, MemberRole } from "@/lib/model/enums";
import { isUuid } from "@/lib/model/ids";
import { driverLockFor } from "@/lib/model/round";
import { getSessionUser, type SessionUser } from "./auth/session";
import { logDenied } from "./log";

/** Who is acting. Services take it explicitly so they can be called from any edge and from tests. */
export interface Actor {
  userId: string;
}

export interface DialogueAccess {
  dialogueId: string;
  status: DialogueStatus;
  role: MemberRole;
  organisationId: string;
  abilities: Abilities;
}

/** The signed-in user, or an `unauthenticated` error. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthenticated");
  return user;
}

export async function requireActor(): Promise<Actor> {
  const user = await requireUser();
  return { userId: user.id };
}

/**
 * Checks that the actor is a member of the dialogue and may perform `action`. Non-members and
 * unknown or malformed IDs get `not_found` (no existence leak); members without the role get
 * `forbidden`.
 */
export async function requireDialogueAccess(
  actor: Actor,
  dialogueId: string,
  action: DialogueAction,
  db: Executor = getDb(),
): Promise<DialogueAccess> {
  const membership = await requireMembership(actor, dialogueId, action, db);
  return decide(actor, membership, action, {});
}

async function requireMembership(actor: Actor, dialogueId: string, action: DialogueAction, db: Executor): Promise<Membership> {
  const row = isUuid(dialogueId) ? await findMembership(db, actor.userId, dialogueId) : null;
  if (!row) throw denied("not_found", actor, dialogueId, action);
  return row;
}

/** The policy's answer for a member, with what else the context knows (e.g. a driver's lock). */
function decide(actor: Actor, row: Membership, action: DialogueAction, extra: Pick<PolicyContext, "driverLock">): DialogueAccess {
  const context: PolicyContext = { dialogueStatus: row.status, observersMayComment: row.observersMayComment, ...extra };
  if (!can(row.role, action, context)) throw denied("forbidden", actor, row.dialogueId, action);
  return {
    dialogueId: row.dialogueId,
    status: row.status,
    role: row.role,
    organisationId: row.organisationId,
    abilities: abilitiesFor(row.role, context),
  };
}

/**
 * requireDialogueAccess, then `find` must see the record in that dialogue: a malformed ID, an
 * unknown one and another dialogue's are all "not found", even for someone who may act in that
 * other dialogue.
 */
async function requireInDialogue<T>(
  actor: Actor,
  dialogueId: string,
  id: string,
  action: DialogueAction,
  db: Executor,
  find: (id: string) => Promise<T | undefined>,
): Promise<{ access: DialogueAccess; found: T }> {
  const access = await requireDialogueAccess(actor, dialogueId, action, db);
  const found = isUuid(id) ? await find(id) : undefined;
  if (found === undefined) throw denied("not_found", actor, dialogueId, action);
  return { access, found };
}

/**
 * Like requireDialogueAccess, and the driver must belong to that dialogue. A round open on the
 * driver is part of the decision (issue 7): it locks the driver's texts (lib/model/round.ts), so
 * `driverContent.update` and the abilities say so, and `openRound` tells the caller which round.
 */
export async function requireDriverAccess(
  actor: Actor,
  dialogueId: string,
  driverId: string,
  action: DialogueAction,
  db: Executor = getDb(),
): Promise<DriverAccess> {
  const membership = await requireMembership(actor, dialogueId, action, db);
  const [driver] = isUuid(driverId)
    ? await db
        .select({ id: drivers.id })
        .from(drivers)
        .where(and(eq(drivers.id, driverId), eq(drivers.dialogueId, dialogueId)))
        .limit(1)
    : [];
  if (!driver) throw denied("not_found", actor, dialogueId, action);
  const openRound = await findOpenRoundOnDriver(db, driverId);
  return { ...decide(actor, membership, action, { driverLock: driverLockFor(openRound?.kind ?? null) }), openRound };
}

export interface DriverAccess extends DialogueAccess {
  /** The round open on the driver, if any. */
  openRound: OpenRoundOnDriver | null;
}

/** Like requireDialogueAccess, and the saved composite index must belong to that dialogue. */
export async function requireCompositeIndexAccess(
  actor: Actor,
  dialogueId: string,
  indexId: string,
  action: DialogueAction,
  db: Executor = getDb(),
): Promise<DialogueAccess> {
  const { access } = await requireInDialogue(actor, dialogueId, indexId, action, db, async (id) => {
    const [index] = await db
      .select({ id: compositeIndexes.id })
      .from(compositeIndexes)
      .where(and(eq(compositeIndexes.id, id), eq(compositeIndexes.dialogueId, dialogueId)))
      .limit(1);
    return index;
  });
  return access;
}

/** A comment thread as the access check found it: in the dialogue, on one of its drivers. */
export interface ThreadAccess extends DialogueAccess {
  thread: { id: string; driverId: string; createdBy: string | null; isResolved: boolean };
}

/** Like requireDialogueAccess, and the comment thread must belong to that dialogue. */
export async function requireThreadAccess(
  actor: Actor,
  dialogueId: string,
  threadId: string,
  action: DialogueAction,
  db: Executor = getDb(),
): Promise<ThreadAccess> {
  const { access, found } = await requireInDialogue(actor, dialogueId, threadId, action, db, async (id) => {
    const [thread] = await db
      .select({ id: commentThreads.id, driverId: commentThreads.driverId, createdBy: commentThreads.createdBy, isResolved: sql<boolean>`${commentThreads.resolvedAt} is not null` })
      .from(commentThreads)
      .where(and(eq(commentThreads.id, id), eq(commentThreads.dialogueId, dialogueId)))
      .limit(1);
    return thread;
  });
  return { ...access, thread: found };
}

/** A comment as the access check found it, with its thread (in the dialogue). */
export interface CommentAccess extends DialogueAccess {
  comment: { id: string; threadId: string; driverId: string; authorId: string | null; isDeleted: boolean };
}

/** Like requireDialogueAccess, and the comment must be in a thread of that dialogue. */
export async function requireCommentAccess(
  actor: Actor,
  dialogueId: string,
  commentId: string,
  action: DialogueAction,
  db: Executor = getDb(),
): Promise<CommentAccess> {
  const { access, found } = await requireInDialogue(actor, dialogueId, commentId, action, db, async (id) => {
    const [comment] = await db
      .select({ id: comments.id, threadId: comments.threadId, driverId: commentThreads.driverId, authorId: comments.authorId, isDeleted: sql<boolean>`${comments.deletedAt} is not null` })
      .from(comments)
      .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
      .where(and(eq(comments.id, id), eq(commentThreads.dialogueId, dialogueId)))
      .limit(1);
    return comment;
  });
  return { ...access, comment: found };
}

/**
 * The dialogues the actor may read, for lists that span dialogues (the inbox, unread counts):
 * membership and the policy's `dialogue.read`, decided as for one dialogue. Nothing for an
 * unknown or deactivated user.
 */
export async function readableDialogueIds(actor: Actor, db: Executor = getDb()): Promise<string[]> {
  return listReadableDialogueIds(db, actor.userId);
}

/**
 * Checks that every ID is one of the actor's own notifications, in a dialogue they may still read,
 * and returns them. A malformed ID, an unknown one, someone else's and one from a dialogue the
 * actor left are all `not_found`: nobody learns whether another person's notification exists.
 */
export async function requireOwnNotifications(actor: Actor, ids: readonly string[], db: Executor = getDb()): Promise<string[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.every(isUuid)) throw deniedOwn(actor, "notification.read");
  const readable = await readableDialogueIds(actor, db);
  const found = wanted.length && readable.length
    ? await db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(inArray(notifications.id, wanted), eq(notifications.recipientId, actor.userId), inArray(notifications.dialogueId, readable)))
    : [];
  if (found.length !== wanted.length) throw deniedOwn(actor, "notification.read");
  return wanted;
}

/** Every role the actor holds in any dialogue (an inactive or unknown user holds none). */
async function rolesAnywhere(actor: Actor, db: Executor): Promise<MemberRole[]> {
  if (!isUuid(actor.userId)) return [];
  const rows = await db
    .selectDistinct({ role: dialogueMembers.role })
    .from(dialogueMembers)
    .innerJoin(users, and(eq(users.id, dialogueMembers.userId), isNull(users.deactivatedAt)))
    .where(eq(dialogueMembers.userId, actor.userId));
  return rows.map((row) => row.role);
}

/** Whether the actor may perform an action outside any one dialogue (for showing a link). */
export async function mayAnywhere(actor: Actor, action: AccountAction, db: Executor = getDb()): Promise<boolean> {
  return canAnywhere(await rolesAnywhere(actor, db), action);
}

/**
 * "Only facilitators import" (issue 8). An import creates a new dialogue, so there is no dialogue
 * to ask: the rule is that the actor facilitates at least one dialogue (ACCOUNT_POLICY in
 * lib/authz/policy.ts says why). Anyone else signed in gets `forbidden`; there is nothing to hide
 * here, since the rule names no dialogue.
 */
export async function requireFacilitatorSomewhere(actor: Actor, db: Executor = getDb()): Promise<void> {
  if (await mayAnywhere(actor, "goalSet.import", db)) return;
  logDenied({ userId: actor.userId, dialogueId: "", action: "goalSet.import", code: "forbidden" });
  throw new AppError("forbidden");
}

/** The actor's own user row must exist and be active (settings are stored against it). */
export async function requireActiveUser(actor: Actor, db: Executor = getDb()): Promise<void> {
  const [user] = isUuid(actor.userId)
    ? await db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, actor.userId)).limit(1)
    : [];
  if (!user || user.deactivatedAt) throw deniedOwn(actor, "user.settings");
}

function deniedOwn(actor: Actor, action: string) {
  logDenied({ userId: actor.userId, dialogueId: "", action, code: "not_found" });
  return new AppError("not_found");
}

function denied(code: "not_found" | "forbidden", actor: Actor, dialogueId: string, action: string) {
  logDenied({ userId: actor.userId, dialogueId, action, code });
  return new AppError(code);
}
