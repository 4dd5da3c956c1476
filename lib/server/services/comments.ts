/**
 * Comment threads on a driver (issue 6): on the driver as a whole, on a passage of its text, or on
 * an indicator data point. Members read every thread (`dialogue.read`); editors start threads,
 * reply and react (`comment.create`; observers where the dialogue allows it). Only authors edit
 * and delete their own comments; a thread's author or a facilitator resolves and reopens it.
 */
import "server-only";
import { and, asc, count, desc, eq, gt, inArray, isNull, isNotNull, or, sql } from "drizzle-orm";
import * as Y from "yjs";
import { getDb, type Executor } from "@/db/client";
import { listVisibleIndicators } from "@/db/queries/indicators";
import { commentReactions, commentRevisions, commentThreads, comments, gapActions, goalStatements, organisations, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { resolveTextAnchor } from "@/lib/collab/text-anchor";
import { isUuid } from "@/lib/model/ids";
import {
  COMMENT_LIMITS,
  commentRefSchema,
  type CommentAnchor,
  type CommentEvent,
  type CommentPage,
  type CommentView,
  type CommentViewer,
  type ThreadView,
  createThreadSchema,
  editCommentSchema,
  reactionSchema,
  replySchema,
  resolveThreadSchema,
  threadFilterSchema,
  type CommentAnchorInput,
  type ThreadFilter,
} from "@/lib/model/comment";
import type { CommentAnchorKind, CommentReaction } from "@/lib/model/enums";
import { fieldError, parseInput, type FieldErrors } from "@/lib/validation";
import { requireCommentAccess, requireDialogueAccess, requireDriverAccess, requireThreadAccess, type Actor } from "../access";
import { consume, limiters } from "../rate-limit";
import { currentDriverState } from "../collab/document-store";
import { broadcastCommentEvent } from "../collab/host";
import { logError } from "../log";
import { notifyCommentPosted } from "./notifications";
import { rawId } from "./raw-input";

/** The driver's threads, newest activity first: open ones unless the filter says otherwise. */
export async function listDriverThreads(actor: Actor, dialogueId: string, driverId: string, rawFilter: ThreadFilter = "open"): Promise<ThreadView[]> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  // The filter comes from the address: checked like any other input.
  const { filter } = parseInput(threadFilterSchema, { filter: rawFilter });
  const db = getDb();
  const status = filter === "open" ? isNull(commentThreads.resolvedAt) : filter === "resolved" ? isNotNull(commentThreads.resolvedAt) : undefined;
  const threads = await db
    .select()
    .from(commentThreads)
    .where(and(eq(commentThreads.driverId, driverId), eq(commentThreads.dialogueId, access.dialogueId), isNull(commentThreads.suggestionId), status))
    .orderBy(desc(commentThreads.lastActivityAt), desc(commentThreads.id));
  return threadViews(db, threads);
}

/**
 * A thread's comments, oldest first, a page at a time (keyset on time and id, so a long thread
 * costs the same per page wherever the reader is).
 */
export async function listThreadComments(actor: Actor, dialogueId: string, threadId: string, after: string | null = null): Promise<CommentPage> {
  const access = await requireThreadAccess(actor, dialogueId, threadId, "dialogue.read");
  const db = getDb();
  const cursor = after ? parseCursor(after) : null;
  const rows = await db
    .select(commentColumns)
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .leftJoin(organisations, eq(organisations.id, comments.organisationId))
    .where(
      and(
        eq(comments.threadId, access.thread.id),
        cursor ? sql`(${comments.createdAt}, ${comments.id}) > (${cursor.time}::timestamptz, ${cursor.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(COMMENT_LIMITS.pageSize + 1);
  const page = rows.slice(0, COMMENT_LIMITS.pageSize);
  const last = page.at(-1);
  return {
    comments: await toViews(db, page),
    nextCursor: rows.length > COMMENT_LIMITS.pageSize && last ? `${last.cursorTime}_${last.id}` : null,
  };
}

/** Where a comment is (its thread and driver), for a permalink; `not_found` outside the dialogue. */
export async function locateComment(actor: Actor, dialogueId: string, commentId: string): Promise<{ threadId: string; driverId: string; commentId: string }> {
  const access = await requireCommentAccess(actor, dialogueId, commentId, "dialogue.read");
  return { threadId: access.comment.threadId, driverId: access.comment.driverId, commentId: access.comment.id };
}

/** What the viewer may do with threads in the dialogue, for the buttons the pages show. */
export async function getCommentViewer(actor: Actor, dialogueId: string): Promise<CommentViewer> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  return { userId: actor.userId, mayComment: access.abilities["comment.create"], mayModerate: access.abilities["comment.moderate"] };
}

/** Open threads per driver of the dialogue, for the overview (drivers without any are absent). */
export async function countOpenThreads(actor: Actor, dialogueId: string): Promise<Record<string, number>> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const rows = await getDb()
    .select({ driverId: commentThreads.driverId, n: count() })
    .from(commentThreads)
    .where(and(eq(commentThreads.dialogueId, access.dialogueId), isNull(commentThreads.resolvedAt), isNull(commentThreads.suggestionId)))
    .groupBy(commentThreads.driverId);
  return Object.fromEntries(rows.map((row) => [row.driverId, row.n]));
}

/**
 * Starts a thread with its first comment; returns both ids. `suggestionId` makes it a thread about
 * that suggestion (the suggestion service has checked it is the driver's): such threads are shown
 * with their suggestion, not in the driver's thread list.
 */
export async function createThread(actor: Actor, raw: unknown, options: { suggestionId?: string } = {}): Promise<{ threadId: string; commentId: string }> {
  const access = await requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "comment.create");
  const input = parseInput(createThreadSchema, raw);
  await consume(limiters.commentsPerUser, actor.userId);
  // Checked before the transaction: the passage check may load the live document, which on PGlite
  // (one connection) must not wait behind a transaction of our own.
  const anchor = await anchorColumns(getDb(), access.dialogueId, input.driverId, input.anchor);
  const created = await getDb().transaction(async (tx) => {
    const [thread] = await tx
      .insert(commentThreads)
      .values({ dialogueId: access.dialogueId, driverId: input.driverId, createdBy: actor.userId, suggestionId: options.suggestionId ?? null, ...anchor })
      .returning({ id: commentThreads.id });
    const [comment] = await tx
      .insert(comments)
      .values({ threadId: thread!.id, authorId: actor.userId, organisationId: access.organisationId, body: input.body })
      .returning({ id: comments.id });
    return { threadId: thread!.id, commentId: comment!.id };
  });
  await publishThreadChange(input.driverId, created.threadId, undefined, "thread");
  await notifyCommentPosted(actor, created.commentId);
  return created;
}

/** Adds a reply to an open thread. */
export async function replyToThread(actor: Actor, raw: unknown): Promise<{ commentId: string }> {
  const access = await requireThreadAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "threadId"), "comment.create");
  const input = parseInput(replySchema, raw);
  // A resolved thread is closed to replies until someone reopens it.
  if (access.thread.isResolved) throw new AppError("conflict");
  await consume(limiters.commentsPerUser, actor.userId);
  const reply = await getDb().transaction(async (tx) => {
    const [comment] = await tx
      .insert(comments)
      .values({ threadId: input.threadId, authorId: actor.userId, organisationId: access.organisationId, body: input.body })
      .returning({ id: comments.id, createdAt: comments.createdAt });
    await tx.update(commentThreads).set({ lastActivityAt: comment!.createdAt }).where(eq(commentThreads.id, input.threadId));
    return { commentId: comment!.id };
  });
  await publishThreadChange(access.thread.driverId, input.threadId, reply.commentId, "comment");
  await notifyCommentPosted(actor, reply.commentId);
  return reply;
}

/** Replaces the text of one's own comment, keeping the text it had ("redigerad"). */
export async function editComment(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireCommentAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "commentId"), "comment.create");
  const input = parseInput(editCommentSchema, raw);
  if (access.comment.authorId !== actor.userId) throw new AppError("forbidden");
  if (access.comment.isDeleted) throw new AppError("not_found");
  await getDb().transaction(async (tx) => {
    const [current] = await tx.select({ body: comments.body }).from(comments).where(eq(comments.id, input.commentId)).for("update");
    if (!current || current.body === input.body) return;
    await tx.insert(commentRevisions).values({ commentId: input.commentId, body: current.body });
    await tx.update(comments).set({ body: input.body, editedAt: sql`now()` }).where(eq(comments.id, input.commentId));
  });
  await publishThreadChange(access.comment.driverId, access.comment.threadId, input.commentId);
}

/**
 * Deletes one's own comment. The first comment of a thread with replies stays as a placeholder
 * (its text and history gone); without replies the whole thread goes. A reply is removed.
 */
export async function deleteComment(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireCommentAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "commentId"), "comment.create");
  const input = parseInput(commentRefSchema, raw);
  if (access.comment.authorId !== actor.userId) throw new AppError("forbidden");
  await getDb().transaction(async (tx) => {
    const threadComments = await tx
      .select({ id: comments.id })
      .from(comments)
      .where(eq(comments.threadId, access.comment.threadId))
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .for("update");
    const isFirst = threadComments[0]?.id === input.commentId;
    if (!isFirst) {
      await tx.delete(comments).where(eq(comments.id, input.commentId));
    } else if (threadComments.length === 1) {
      await tx.delete(commentThreads).where(eq(commentThreads.id, access.comment.threadId));
    } else {
      await tx.delete(commentRevisions).where(eq(commentRevisions.commentId, input.commentId));
      await tx.delete(commentReactions).where(eq(commentReactions.commentId, input.commentId));
      await tx.update(comments).set({ body: "", deletedAt: sql`now()` }).where(eq(comments.id, input.commentId));
    }
  });
  await publishThreadChange(access.comment.driverId, access.comment.threadId, input.commentId);
}

/** Adds the viewer's reaction to a comment, or takes it back; returns whether it is there now. */
export async function toggleReaction(actor: Actor, raw: unknown): Promise<{ isOn: boolean }> {
  const access = await requireCommentAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "commentId"), "comment.create");
  const input = parseInput(reactionSchema, raw);
  if (access.comment.isDeleted) throw new AppError("not_found");
  const db = getDb();
  const removed = await db
    .delete(commentReactions)
    .where(and(eq(commentReactions.commentId, input.commentId), eq(commentReactions.userId, actor.userId), eq(commentReactions.reaction, input.reaction)))
    .returning({ commentId: commentReactions.commentId });
  if (!removed.length) {
    await db.insert(commentReactions).values({ commentId: input.commentId, userId: actor.userId, reaction: input.reaction }).onConflictDoNothing();
  }
  await publishThreadChange(access.comment.driverId, access.comment.threadId, input.commentId);
  return { isOn: !removed.length };
}

/** Resolves or reopens a thread: its author (while they may comment) or a facilitator. */
export async function setThreadResolved(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireThreadAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "threadId"), "comment.create");
  const input = parseInput(resolveThreadSchema, raw);
  if (!access.abilities["comment.moderate"] && access.thread.createdBy !== actor.userId) throw new AppError("forbidden");
  await getDb()
    .update(commentThreads)
    .set(input.resolved ? { resolvedAt: sql`now()`, resolvedBy: actor.userId, lastActivityAt: sql`now()` } : { resolvedAt: null, resolvedBy: null, lastActivityAt: sql`now()` })
    .where(eq(commentThreads.id, input.threadId));
  await publishThreadChange(access.thread.driverId, input.threadId);
}

// --- helpers ---------------------------------------------------------------------------------

type ThreadRow = typeof commentThreads.$inferSelect;

function anchorOf(thread: ThreadRow): CommentAnchor {
  switch (thread.anchorKind as CommentAnchorKind) {
    case "text":
      return {
        kind: "text",
        part: thread.anchorPart!,
        itemId: thread.anchorItemId,
        start: Buffer.from(thread.anchorStart!).toString("base64"),
        end: Buffer.from(thread.anchorEnd!).toString("base64"),
        quote: thread.quote ?? "",
        isDetached: thread.detachedAt !== null,
      };
    case "data_point":
      return { kind: "data_point", indicatorId: thread.indicatorId!, regionCode: thread.regionCode!, period: thread.period ?? "" };
    default:
      return { kind: "driver" };
  }
}

/**
 * The columns of an anchor, checked against what only the database knows: the goal statement or
 * action is the driver's, the indicator is one the dialogue sees, and the passage's ends decode
 * as Yjs relative positions. Each failure is reported at its field; nothing is written.
 */
async function anchorColumns(db: Executor, dialogueId: string, driverId: string, anchor: CommentAnchorInput) {
  if (anchor.kind === "driver") return { anchorKind: "driver" as const };
  if (anchor.kind === "data_point") {
    const [indicator] = await listVisibleIndicators(db, dialogueId, [anchor.indicatorId]);
    if (!indicator) throw fieldError("anchor.indicatorId", "invalidChoice");
    return { anchorKind: "data_point" as const, indicatorId: anchor.indicatorId, regionCode: anchor.regionCode, period: anchor.period };
  }
  if (anchor.itemId) {
    const table = anchor.part === "goal" ? goalStatements : gapActions;
    const [item] = await db
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.id, anchor.itemId), eq(table.driverId, driverId)))
      .limit(1);
    if (!item) throw fieldError("anchor.itemId", "invalidChoice");
  }
  const [anchorStart, anchorEnd] = [positionBytes(anchor.start), positionBytes(anchor.end)];
  if (!anchorStart || !anchorEnd) {
    const fieldErrors: FieldErrors = {};
    if (!anchorStart) fieldErrors["anchor.start"] = { key: "invalid" };
    if (!anchorEnd) fieldErrors["anchor.end"] = { key: "invalid" };
    throw new AppError("invalid_input", { fieldErrors });
  }
  const columns = { anchorKind: "text" as const, anchorPart: anchor.part, anchorItemId: anchor.itemId ?? null, anchorStart, anchorEnd, quote: anchor.quote };
  // The passage must read as quoted in the driver as it is now, or the thread would start detached
  // (or worse, quote what the text never said).
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, await currentDriverState(db, driverId, dialogueId));
    if (resolveTextAnchor(doc, { part: anchor.part, itemId: anchor.itemId ?? null, start: anchorStart, end: anchorEnd, quote: anchor.quote }).status !== "attached") {
      throw fieldError("anchor.quote", "passageChanged");
    }
  } finally {
    doc.destroy();
  }
  return columns;
}

/** The bytes of one Yjs relative position, or null unless they decode and encode back the same. */
function positionBytes(encoded: string): Uint8Array | null {
  const bytes = new Uint8Array(Buffer.from(encoded, "base64"));
  try {
    return Buffer.from(Y.encodeRelativePosition(Y.decodeRelativePosition(bytes))).equals(bytes) ? bytes : null;
  } catch {
    return null;
  }
}

/**
 * A cursor is the last comment's time at full (microsecond) precision and its id: a JavaScript
 * Date keeps only milliseconds, and comments written in the same millisecond would repeat or
 * vanish between pages.
 */
function parseCursor(cursor: string): { time: string; id: string } {
  const [time, id] = cursor.split("_");
  if (!time || !CURSOR_TIME.test(time) || Number.isNaN(new Date(time).getTime()) || !isUuid(id)) throw fieldError("after", "invalid");
  return { time, id };
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A comment with its author's name and organisation, read in the same query. */
const commentColumns = {
  id: comments.id,
  threadId: comments.threadId,
  authorId: comments.authorId,
  authorName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
  organisationName: organisations.name,
  body: comments.body,
  createdAt: comments.createdAt,
  cursorTime: sql<string>`to_char(${comments.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  editedAt: comments.editedAt,
  deletedAt: comments.deletedAt,
};

/** What commentColumns reads: the view before its times, deletion and reactions are worked out. */
type CommentRow = Omit<CommentView, "isDeleted" | "reactions" | "createdAt" | "editedAt"> & {
  createdAt: Date;
  cursorTime: string;
  editedAt: Date | null;
  deletedAt: Date | null;
};

/** The comments as threads show them, with who gave each reaction. */
async function toViews(db: Executor, rows: CommentRow[]): Promise<CommentView[]> {
  if (!rows.length) return [];
  const reactions = await db
    .select({ commentId: commentReactions.commentId, userId: commentReactions.userId, reaction: commentReactions.reaction })
    .from(commentReactions)
    .where(inArray(commentReactions.commentId, rows.map((row) => row.id)))
    .orderBy(asc(commentReactions.reaction), asc(commentReactions.createdAt), asc(commentReactions.userId));
  return rows.map(({ deletedAt, cursorTime: _cursorTime, createdAt, editedAt, ...row }) => {
    const tally = new Map<CommentReaction, string[]>();
    for (const reaction of reactions) {
      if (reaction.commentId !== row.id) continue;
      tally.set(reaction.reaction, [...(tally.get(reaction.reaction) ?? []), reaction.userId]);
    }
    return {
      ...row,
      body: deletedAt ? "" : row.body,
      createdAt: createdAt.toISOString(),
      editedAt: editedAt?.toISOString() ?? null,
      isDeleted: deletedAt !== null,
      reactions: [...tally].map(([reaction, userIds]) => ({ reaction, userIds })),
    };
  });
}

/** Threads with their first comment and reply count, as lists and events show them. */
async function threadViews(db: Executor, threads: ThreadRow[]): Promise<ThreadView[]> {
  if (!threads.length) return [];
  const ids = threads.map((thread) => thread.id);
  const [firsts, replyCounts] = await Promise.all([
    db
      .selectDistinctOn([comments.threadId], commentColumns)
      .from(comments)
      .leftJoin(users, eq(users.id, comments.authorId))
      .leftJoin(organisations, eq(organisations.id, comments.organisationId))
      .where(inArray(comments.threadId, ids))
      .orderBy(comments.threadId, asc(comments.createdAt), asc(comments.id)),
    db.select({ threadId: comments.threadId, n: count() }).from(comments).where(inArray(comments.threadId, ids)).groupBy(comments.threadId),
  ]);
  const views = new Map((await toViews(db, firsts)).map((view) => [view.threadId, view]));
  const counts = new Map(replyCounts.map((row) => [row.threadId, row.n]));
  return threads.flatMap((thread) => {
    const first = views.get(thread.id);
    if (!first) return [];
    return [
      {
        id: thread.id,
        driverId: thread.driverId,
        anchor: anchorOf(thread),
        createdBy: thread.createdBy,
        createdAt: thread.createdAt.toISOString(),
        lastActivityAt: thread.lastActivityAt.toISOString(),
        isResolved: thread.resolvedAt !== null,
        resolvedAt: thread.resolvedAt?.toISOString() ?? null,
        first,
        replyCount: Math.max(0, (counts.get(thread.id) ?? 1) - 1),
      },
    ];
  });
}

// --- realtime ----------------------------------------------------------------------------------

/**
 * Tells everyone viewing the driver (on every instance) what changed: the thread as it is now and,
 * for a change to one comment, that comment. Read after the commit, so an event never shows what
 * the database does not hold. A failure here loses only liveness: viewers re-read the threads
 * whenever their socket reconnects.
 */
async function publishThreadChange(driverId: string, threadId: string, commentId?: string, created?: "thread" | "comment"): Promise<void> {
  try {
    const db = getDb();
    const [thread] = await db.select().from(commentThreads).where(eq(commentThreads.id, threadId));
    // A suggestion's thread is shown with the suggestion (read on each page load), never in the
    // driver's live thread list.
    if (thread?.suggestionId) return;
    const events: CommentEvent[] = [];
    if (!thread) {
      events.push({ type: "thread-removed", threadId });
    } else {
      const [view] = await threadViews(db, [thread]);
      if (view) events.push({ type: "thread", thread: view, isNew: created === "thread" });
      if (commentId && commentId !== view?.first.id) {
        const [row] = await db
          .select(commentColumns)
          .from(comments)
          .leftJoin(users, eq(users.id, comments.authorId))
          .leftJoin(organisations, eq(organisations.id, comments.organisationId))
          .where(eq(comments.id, commentId));
        const [comment] = row ? await toViews(db, [row]) : [];
        events.push(comment ? { type: "comment", comment, isNew: created === "comment" } : { type: "comment-removed", threadId, commentId });
      }
    }
    for (const event of events) broadcastCommentEvent(driverId, event);
  } catch (error) {
    logError("comments.publish.failed", error);
  }
}
