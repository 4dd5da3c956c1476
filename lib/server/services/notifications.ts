/**
 * Notifications of comment activity (issue 6): who is told about a new comment, the inbox, and a
 * person's notification settings; and the people and organisations a comment may mention.
 *
 * Who is notified of a new comment (never its author, only members of the dialogue, nobody whose
 * level is `none`, nobody deactivated), with the strongest reason when several apply:
 *  1. mention: members mentioned by name, and every member speaking for a mentioned organisation;
 *  2. reply: for a reply, everyone who wrote earlier in the thread, and whoever opened it;
 *  3. activity: members whose level is `all`, for any new comment in their dialogues.
 * `mentions_and_replies` (the default level) gets 1 and 2. One notification per person and
 * comment (a unique key). Mails: lib/server/notifications/delivery.ts, through the jobs.
 *
 * A person only ever reads and marks their own notifications, and only those of dialogues they may
 * still read (lib/server/access.ts decides both).
 */
import "server-only";
import { and, asc, count, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { selectNotificationItems } from "@/db/queries/notification-items";
import {
  commentThreads,
  comments,
  dialogueMembers,
  dialogues,
  drivers,
  notificationSettings,
  notifications,
  organisations,
  users,
} from "@/db/schema";
import { isUuid } from "@/lib/model/ids";
import { parseMentions, type MentionKind } from "@/lib/model/mention";
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  NOTIFICATION_LIMITS,
  commentExcerpt,
  inboxQuerySchema,
  levelAllows,
  notificationPermalink,
  notificationSettingsSchema,
  strongerReason,
  type EmailMode,
  type NotificationLevel,
  type NotificationReason,
} from "@/lib/model/notification";
import { fieldError, parseInput } from "@/lib/validation";
import { readableDialogueIds, requireActiveUser, requireDialogueAccess, requireOwnNotifications, type Actor } from "../access";
import { enqueue } from "../jobs/queues";
import { logError, logEvent } from "../log";

// --- after a comment is posted ---------------------------------------------------------------

/**
 * Notifies whoever a new comment concerns. Called by createThread and replyToThread once the
 * comment has committed, with the comment's author as the actor; a comment by anyone else notifies
 * nobody. Immediate mails are queued for the background jobs, never sent here.
 *
 * It never throws: the comment is stored whatever happens here, so a failure is logged and the
 * request goes on (`{ notified: 0 }`).
 */
export async function notifyCommentPosted(actor: Actor, commentId: string): Promise<{ notified: number }> {
  try {
    return await createNotifications(actor, commentId);
  } catch (error) {
    logError("notification.create_failed", error, { commentId });
    return { notified: 0 };
  }
}

async function createNotifications(actor: Actor, commentId: string): Promise<{ notified: number }> {
  if (!isUuid(commentId) || !isUuid(actor.userId)) return { notified: 0 };
  const db = getDb();
  const [comment] = await db
    .select({
      id: comments.id,
      threadId: comments.threadId,
      authorId: comments.authorId,
      body: comments.body,
      createdAt: comments.createdAt,
      deletedAt: comments.deletedAt,
      dialogueId: commentThreads.dialogueId,
      driverId: commentThreads.driverId,
      threadCreatedBy: commentThreads.createdBy,
    })
    .from(comments)
    .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
    .where(eq(comments.id, commentId))
    .limit(1);
  if (!comment || comment.deletedAt || comment.authorId !== actor.userId) return { notified: 0 };

  const members = await db
    .select({
      userId: dialogueMembers.userId,
      organisationId: dialogueMembers.organisationId,
      level: notificationSettings.level,
      emailMode: notificationSettings.emailMode,
    })
    .from(dialogueMembers)
    .innerJoin(users, and(eq(users.id, dialogueMembers.userId), isNull(users.deactivatedAt)))
    .leftJoin(notificationSettings, eq(notificationSettings.userId, dialogueMembers.userId))
    .where(eq(dialogueMembers.dialogueId, comment.dialogueId));

  const mentioned = parseMentions(comment.body);
  const mentionedUsers = new Set(mentioned.userIds);
  const mentionedOrganisations = new Set(mentioned.organisationIds);
  const participants = new Set<string>();
  const earlier = await db
    .selectDistinct({ authorId: comments.authorId })
    .from(comments)
    .where(
      and(
        eq(comments.threadId, comment.threadId),
        or(lt(comments.createdAt, comment.createdAt), and(eq(comments.createdAt, comment.createdAt), lt(comments.id, comment.id))),
      ),
    );
  const isReply = earlier.length > 0;
  if (isReply) {
    for (const { authorId } of earlier) if (authorId) participants.add(authorId);
    if (comment.threadCreatedBy) participants.add(comment.threadCreatedBy);
  }

  const rows: { recipientId: string; reason: NotificationReason; emailMode: EmailMode }[] = [];
  for (const member of members) {
    if (member.userId === actor.userId) continue;
    const level: NotificationLevel = member.level ?? DEFAULT_NOTIFICATION_SETTINGS.level;
    const reasons: NotificationReason[] = [];
    if (mentionedUsers.has(member.userId) || mentionedOrganisations.has(member.organisationId)) reasons.push("mention");
    if (participants.has(member.userId)) reasons.push("reply");
    reasons.push("activity");
    const allowed = reasons.filter((reason) => levelAllows(level, reason));
    if (!allowed.length) continue;
    rows.push({
      recipientId: member.userId,
      reason: allowed.reduce(strongerReason),
      emailMode: member.emailMode ?? DEFAULT_NOTIFICATION_SETTINGS.emailMode,
    });
  }
  if (!rows.length) return { notified: 0 };

  const inserted = await db
    .insert(notifications)
    .values(
      rows.map((row) => ({
        recipientId: row.recipientId,
        dialogueId: comment.dialogueId,
        driverId: comment.driverId,
        threadId: comment.threadId,
        commentId: comment.id,
        reason: row.reason,
      })),
    )
    .onConflictDoNothing({ target: [notifications.recipientId, notifications.commentId] })
    .returning({ id: notifications.id, recipientId: notifications.recipientId });
  const immediate = new Set(rows.filter((row) => row.emailMode === "immediate").map((row) => row.recipientId));
  const toMail = inserted.filter((row) => immediate.has(row.recipientId)).map((row) => ({ notificationId: row.id }));
  try {
    await enqueue("notification-mail", toMail);
  } catch (error) {
    // The rows stand; the sweep job mails what no job carried.
    logError("notification.enqueue_failed", error, { commentId });
  }
  logEvent("notification.created", { commentId, count: inserted.length });
  return { notified: inserted.length };
}

// --- the inbox ---------------------------------------------------------------------------------

export interface InboxItem {
  id: string;
  reason: NotificationReason;
  createdAt: Date;
  isRead: boolean;
  dialogueId: string;
  dialogueTitle: string;
  /** The driver it concerns, if any (every comment notification has one). */
  driverId: string | null;
  driverTitle: string | null;
  /** Null for notifications that are not about a comment (rounds, stances, suggestions, agreements). */
  commentId: string | null;
  authorName: string | null;
  organisationName: string | null;
  /** Plain text (mentions as `@Name`, Markdown marks dropped); empty for a deleted comment or no comment. */
  excerpt: string;
  isCommentDeleted: boolean;
  roundTitle: string | null;
  roundClosesAt: Date | null;
  /** Where it leads (lib/model/notification.ts). */
  permalink: string;
}

export interface InboxPage {
  items: InboxItem[];
  /** Pass as `cursor` for the next (older) page; null on the last. */
  nextCursor: string | null;
}

/** The actor's notifications, newest first, a page at a time; only from dialogues they may still read. */
export async function listInbox(actor: Actor, raw: unknown = {}): Promise<InboxPage> {
  const readable = await readableDialogueIds(actor);
  const query = parseInput(inboxQuerySchema, raw);
  const cursor = query.cursor ? parseCursor(query.cursor) : null;
  if (!readable.length) return { items: [], nextCursor: null };
  const pageSize = NOTIFICATION_LIMITS.inboxPageSize;
  const rows = await selectNotificationItems(
    getDb(),
    and(
      eq(notifications.recipientId, actor.userId),
      inArray(notifications.dialogueId, readable),
      query.unreadOnly ? isNull(notifications.readAt) : undefined,
      cursor
        ? or(lt(notifications.createdAt, cursor.createdAt), and(eq(notifications.createdAt, cursor.createdAt), lt(notifications.id, cursor.id)))
        : undefined,
    ),
  )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    items: page.map(({ body, deletedAt, readAt, suggestionId, agreementId, roundId, ...row }) => ({
      ...row,
      isRead: readAt !== null,
      excerpt: deletedAt || body === null ? "" : commentExcerpt(body),
      isCommentDeleted: deletedAt !== null,
      permalink: notificationPermalink({ ...row, roundId, suggestionId, agreementId }),
    })),
    nextCursor: rows.length > pageSize && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
  };
}

/** How many of the actor's notifications are unread (in dialogues they may still read). */
export async function countUnread(actor: Actor): Promise<number> {
  const readable = await readableDialogueIds(actor);
  if (!readable.length) return 0;
  const [row] = await getDb()
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.recipientId, actor.userId), isNull(notifications.readAt), inArray(notifications.dialogueId, readable)));
  return row?.n ?? 0;
}

/**
 * Marks the actor's notifications read: the given IDs (all must be theirs, else `not_found` and
 * nothing changes) or `"all"`. Returns how many were unread before.
 */
export async function markRead(actor: Actor, target: unknown): Promise<{ marked: number }> {
  const db = getDb();
  if (target === "all") {
    const readable = await readableDialogueIds(actor);
    if (!readable.length) return { marked: 0 };
    const marked = await db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(and(eq(notifications.recipientId, actor.userId), isNull(notifications.readAt), inArray(notifications.dialogueId, readable)))
      .returning({ id: notifications.id });
    return { marked: marked.length };
  }
  if (!Array.isArray(target) || !target.every((id) => typeof id === "string")) throw fieldError("ids", "invalid");
  if (target.length === 0) throw fieldError("ids", "required");
  if (target.length > NOTIFICATION_LIMITS.markReadIds) throw fieldError("ids", "tooManyChoices");
  return db.transaction(async (tx) => {
    const ids = await requireOwnNotifications(actor, target as string[], tx);
    const marked = await tx
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(and(inArray(notifications.id, ids), eq(notifications.recipientId, actor.userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return { marked: marked.length };
  });
}

// --- settings ----------------------------------------------------------------------------------

export interface NotificationSettingsView {
  level: NotificationLevel;
  emailMode: EmailMode;
}

export async function getNotificationSettings(actor: Actor): Promise<NotificationSettingsView> {
  await requireActiveUser(actor);
  const [row] = await getDb()
    .select({ level: notificationSettings.level, emailMode: notificationSettings.emailMode })
    .from(notificationSettings)
    .where(eq(notificationSettings.userId, actor.userId))
    .limit(1);
  return row ?? { ...DEFAULT_NOTIFICATION_SETTINGS };
}

/** Saves the actor's settings; the interface language they saved in becomes their mail language. */
export async function updateNotificationSettings(actor: Actor, raw: unknown): Promise<NotificationSettingsView> {
  await requireActiveUser(actor);
  const input = parseInput(notificationSettingsSchema, raw);
  await getDb().transaction(async (tx) => {
    await tx
      .insert(notificationSettings)
      .values({ userId: actor.userId, level: input.level, emailMode: input.emailMode })
      .onConflictDoUpdate({ target: notificationSettings.userId, set: { level: input.level, emailMode: input.emailMode, updatedAt: sql`now()` } });
    if (input.locale) await tx.update(users).set({ locale: input.locale }).where(eq(users.id, actor.userId));
  });
  return { level: input.level, emailMode: input.emailMode };
}

// --- mention candidates ------------------------------------------------------------------------

export interface MentionCandidate {
  kind: MentionKind;
  id: string;
  name: string;
  /** For a person, the organisation they speak for in the dialogue; for an organisation, nothing. */
  detail?: string;
}

/**
 * Who a comment in the dialogue can mention: its members (but the actor), with the organisation
 * each speaks for, and the organisations that have members in it. Every member may read this.
 */
export async function listMentionCandidates(actor: Actor, dialogueId: string): Promise<MentionCandidate[]> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const rows = await getDb()
    .select({
      userId: users.id,
      name: sql<string>`coalesce(${users.name}, ${users.email})`,
      organisationId: organisations.id,
      organisationName: organisations.name,
    })
    .from(dialogueMembers)
    .innerJoin(users, and(eq(users.id, dialogueMembers.userId), isNull(users.deactivatedAt)))
    .innerJoin(organisations, eq(organisations.id, dialogueMembers.organisationId))
    .where(eq(dialogueMembers.dialogueId, access.dialogueId))
    .orderBy(asc(users.name), asc(users.id));
  const collator = new Intl.Collator("sv");
  const people: MentionCandidate[] = rows
    .filter((row) => row.userId !== actor.userId)
    .map((row) => ({ kind: "user" as const, id: row.userId, name: row.name, detail: row.organisationName }))
    .sort((a, b) => collator.compare(a.name, b.name));
  const organisationsById = new Map(rows.map((row) => [row.organisationId, row.organisationName]));
  const groups: MentionCandidate[] = [...organisationsById]
    .map(([id, name]) => ({ kind: "organisation" as const, id, name }))
    .sort((a, b) => collator.compare(a.name, b.name));
  return [...people, ...groups];
}

// --- helpers -----------------------------------------------------------------------------------

function parseCursor(cursor: string): { createdAt: Date; id: string } {
  const [time, id] = cursor.split("_");
  const createdAt = new Date(time ?? "");
  if (Number.isNaN(createdAt.getTime()) || !isUuid(id)) throw fieldError("cursor", "invalid");
  return { createdAt, id };
}
