import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { CommentTextPart } from "../../lib/model/enums";
import type { Executor } from "../client";
import { preparedPerExecutor } from "../prepared";
import { commentThreads } from "../schema";

export interface StoredTextAnchor {
  threadId: string;
  driverId: string;
  part: CommentTextPart;
  itemId: string | null;
  start: Uint8Array;
  end: Uint8Array;
  quote: string;
  isDetached: boolean;
}

/**
 * The passages open threads of these drivers are anchored to (resolved threads are left as they were).
 * The collaboration server asks after every relational copy (once a second while people edit): the
 * drivers travel as one array so the text never changes and the statement is prepared once per
 * connection, instead of described anew for each number of drivers.
 */
export async function listOpenTextAnchors(db: Executor, driverIds: string[]): Promise<StoredTextAnchor[]> {
  if (!driverIds.length) return [];
  const rows = await openTextAnchorsStatement(db).execute({ driverIds });
  return rows.map(({ detachedAt, part, start, end, quote, ...row }) => ({
    ...row,
    part: part!,
    start: start!,
    end: end!,
    quote: quote ?? "",
    isDetached: detachedAt !== null,
  }));
}

const openTextAnchorsStatement = preparedPerExecutor((db) =>
  db
    .select({
      threadId: commentThreads.id,
      driverId: commentThreads.driverId,
      part: commentThreads.anchorPart,
      itemId: commentThreads.anchorItemId,
      start: commentThreads.anchorStart,
      end: commentThreads.anchorEnd,
      quote: commentThreads.quote,
      detachedAt: commentThreads.detachedAt,
    })
    .from(commentThreads)
    .where(and(sql`${commentThreads.driverId} = any(${sql.placeholder("driverIds")}::uuid[])`, eq(commentThreads.anchorKind, "text"), isNull(commentThreads.resolvedAt)))
    .prepare("list_open_text_anchors"),
);

/** Marks threads detached (from now) or attached again; each only if it is not so already. */
export async function setAnchorsDetached(db: Executor, detached: string[], attached: string[]): Promise<void> {
  if (detached.length) {
    await db.update(commentThreads).set({ detachedAt: new Date() }).where(and(inArray(commentThreads.id, detached), isNull(commentThreads.detachedAt)));
  }
  if (attached.length) {
    await db.update(commentThreads).set({ detachedAt: null }).where(and(inArray(commentThreads.id, attached), isNotNull(commentThreads.detachedAt)));
  }
}
