/**
 * Reads only the goal-set export needs (issue 8), in one pass over all chosen drivers rather than
 * one query per driver. Scoped by the dialogue.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../client";
import { commentThreads, comments, organisations, users } from "../schema";

/** The drivers' comment threads (not suggestions' threads) with their comments, oldest first. */
export async function listThreadsWithComments(db: Executor, dialogueId: string, driverIds: string[]) {
  if (driverIds.length === 0) return [];
  const threads = await db
    .select({
      id: commentThreads.id,
      driverId: commentThreads.driverId,
      anchorKind: commentThreads.anchorKind,
      anchorPart: commentThreads.anchorPart,
      quote: commentThreads.quote,
      resolvedAt: commentThreads.resolvedAt,
    })
    .from(commentThreads)
    .where(and(eq(commentThreads.dialogueId, dialogueId), inArray(commentThreads.driverId, driverIds), isNull(commentThreads.suggestionId)))
    .orderBy(asc(commentThreads.createdAt), asc(commentThreads.id));
  if (threads.length === 0) return [];
  const rows = await db
    .select({
      threadId: comments.threadId,
      authorName: users.name,
      authorEmail: users.email,
      organisationName: organisations.name,
      createdAt: comments.createdAt,
      body: comments.body,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .leftJoin(organisations, eq(organisations.id, comments.organisationId))
    .where(and(inArray(comments.threadId, threads.map((thread) => thread.id)), isNull(comments.deletedAt)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  const byThread = new Map<string, typeof rows>();
  for (const row of rows) byThread.set(row.threadId, [...(byThread.get(row.threadId) ?? []), row]);
  return threads.map((thread) => ({ ...thread, comments: byThread.get(thread.id) ?? [] }));
}

/** Organisations by id (names and types for those an action or stance names). */
export function listOrganisationsById(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: organisations.id, name: organisations.name, type: organisations.type })
    .from(organisations)
    .where(inArray(organisations.id, ids));
}
