/**
 * Keeps `comment_threads.detached_at` in step with the live documents: after the relational copy
 * of changed documents is written, the open threads anchored to their passages are resolved again
 * (lib/collab/text-anchor.ts) and marked detached, or attached again (an undo), where that changed.
 * Pages resolve anchors live themselves; the stored mark serves what reads the database: the page
 * before its document has synced, exports, and other instances.
 */
import type { Executor } from "@/db/client";
import { listOpenTextAnchors, setAnchorsDetached } from "@/db/queries/comment-anchors";
import { resolveTextAnchor } from "@/lib/collab/text-anchor";
import type { CopySource } from "./relational-copy";

/** Returns how many threads changed state. */
export async function refreshAnchorStates(db: Executor, sources: CopySource[]): Promise<number> {
  const docs = new Map(sources.map((source) => [source.driverId, source.doc]));
  const anchors = await listOpenTextAnchors(db, [...docs.keys()]);
  const detached: string[] = [];
  const attached: string[] = [];
  for (const anchor of anchors) {
    const doc = docs.get(anchor.driverId);
    if (!doc) continue;
    const isDetached = resolveTextAnchor(doc, anchor).status === "detached";
    if (isDetached && !anchor.isDetached) detached.push(anchor.threadId);
    if (!isDetached && anchor.isDetached) attached.push(anchor.threadId);
  }
  await setAnchorsDetached(db, detached, attached);
  return detached.length + attached.length;
}
