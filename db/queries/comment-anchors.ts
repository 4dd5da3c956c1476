import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { CommentTextPart } from "../../lib/model/enums";
import type { Executor } from "../client";
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

/** The passages open threads of these drivers are anchored to (resolved threads are left as they were). */
export async function listOpenTextAnchors(db: Executor, driverIds: string[]): Promise<StoredTextAnchor[]> {
  if (!driverIds.length) return [];
  const rows = await db
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
    .where(and(inArray(commentThreads.driverId, driverIds), eq(commentThreads.anchorKind, "text"), isNull(commentThreads.resolvedAt)));
  return rows.map(({ detachedAt, part, start, end, quote, ...row }) => ({
    ...row,
    part: part!,
    start: start!,
    end: end!,
    quote: quote ?? "",
    isDetached: detachedAt !== null,
  }));
}

/** Marks threads detached (from now) or attached again; each only if it is not so already. */
export async function setAnchorsDetached(db: Executor, detached: string[], attached: string[]): Promise<void> {
  if (detached.length) {
    await db.update(commentThreads).set({ detachedAt: new Date() }).where(and(inArray(commentThreads.id, detached), isNull(commentThreads.detachedAt)));
  }
  if (attached.length) {
    await db.update(commentThreads).set({ detachedAt: null }).where(and(inArray(commentThreads.id, attached), isNotNull(commentThreads.detachedAt)));
  }
}
