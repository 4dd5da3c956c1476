import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { preparedPerExecutor } from "../prepared";
import { driverDocs, driverDocUpdates } from "../schema";

export interface StoredDriverDoc {
  state: Uint8Array;
  lastUpdateId: number;
  updates: { id: number; update: Uint8Array }[];
}

/** The snapshot and the update tail after it, or null when the driver has no document yet. */
export async function loadDriverDocRows(db: Executor, driverId: string, afterUpdateId = 0): Promise<StoredDriverDoc | null> {
  const [snapshot] = await db
    .select({ state: driverDocs.state, lastUpdateId: driverDocs.lastUpdateId })
    .from(driverDocs)
    .where(eq(driverDocs.driverId, driverId));
  if (!snapshot) return null;
  const updates = await db
    .select({ id: driverDocUpdates.id, update: driverDocUpdates.update })
    .from(driverDocUpdates)
    .where(and(eq(driverDocUpdates.driverId, driverId), gt(driverDocUpdates.id, Math.max(snapshot.lastUpdateId, afterUpdateId))))
    .orderBy(asc(driverDocUpdates.id));
  return { ...snapshot, updates };
}

/**
 * Stores the first snapshot of a driver's document unless another instance got there first; the
 * caller then loads whatever is stored, so every instance starts from the same Yjs history.
 */
export async function insertInitialDriverDoc(db: Executor, driverId: string, state: Uint8Array): Promise<void> {
  await db.insert(driverDocs).values({ driverId, state, lastUpdateId: 0 }).onConflictDoNothing();
}

export interface UpdateRow {
  driverId: string;
  update: Uint8Array;
  userId: string | null;
}

/**
 * Appends updates in one statement (one commit for a whole batch, across documents). The text is
 * the same whatever the batch size — the updates travel as one bytea with their offsets, the rest
 * as arrays — so PostgreSQL parses it once per connection: drizzle otherwise runs postgres.js
 * queries unprepared, and a statement per row count is described anew each time (a second round
 * trip, drizzle-orm#6096). Rows are numbered in batch order: `unnest` yields the arrays in order.
 */
export async function appendDriverDocUpdates(db: Executor, rows: UpdateRow[]): Promise<void> {
  if (!rows.length) return;
  const starts: number[] = [];
  const lengths: number[] = [];
  let offset = 1;
  for (const { update } of rows) {
    starts.push(offset);
    lengths.push(update.byteLength);
    offset += update.byteLength;
  }
  await appendStatement(db).execute({
    updates: Buffer.concat(rows.map((row) => row.update)),
    driverIds: rows.map((row) => row.driverId),
    starts,
    lengths,
    userIds: rows.map((row) => row.userId),
  });
}

const appendStatement = preparedPerExecutor((db) =>
  db
    .insert(driverDocUpdates)
    .select(
      sql`select nextval('driver_doc_updates_id_seq'), u.driver_id, substring(${sql.placeholder("updates")}::bytea from u.start for u.length), u.user_id, now()
        from unnest(${sql.placeholder("driverIds")}::uuid[], ${sql.placeholder("starts")}::int4[], ${sql.placeholder("lengths")}::int4[], ${sql.placeholder("userIds")}::uuid[])
          as u(driver_id, start, length, user_id)`,
    )
    .prepare("append_driver_doc_updates"),
);

/**
 * Folds the update tail into the snapshot. `merge` gets the snapshot and the tail and returns the
 * new state. The snapshot row is locked, so two instances never compact the same document at
 * once; updates appended meanwhile have higher IDs and stay in the tail.
 */
export async function compactDriverDoc(
  db: Executor,
  driverId: string,
  merge: (state: Uint8Array, updates: Uint8Array[]) => Uint8Array,
): Promise<{ folded: number }> {
  return db.transaction(async (tx) => {
    const [snapshot] = await tx
      .select({ state: driverDocs.state, lastUpdateId: driverDocs.lastUpdateId })
      .from(driverDocs)
      .where(eq(driverDocs.driverId, driverId))
      .for("update");
    if (!snapshot) return { folded: 0 };
    const tail = await tx
      .select({ id: driverDocUpdates.id, update: driverDocUpdates.update })
      .from(driverDocUpdates)
      .where(and(eq(driverDocUpdates.driverId, driverId), gt(driverDocUpdates.id, snapshot.lastUpdateId)))
      .orderBy(asc(driverDocUpdates.id));
    if (!tail.length) return { folded: 0 };
    const lastUpdateId = tail.at(-1)!.id;
    const state = merge(snapshot.state, tail.map((row) => row.update));
    await tx.update(driverDocs).set({ state, lastUpdateId, updatedAt: new Date() }).where(eq(driverDocs.driverId, driverId));
    await tx
      .delete(driverDocUpdates)
      .where(and(eq(driverDocUpdates.driverId, driverId), lte(driverDocUpdates.id, lastUpdateId)));
    return { folded: tail.length };
  });
}

/** Number of updates not yet folded into the snapshot. */
export async function countDriverDocTail(db: Executor, driverId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(driverDocUpdates)
    .innerJoin(driverDocs, eq(driverDocs.driverId, driverDocUpdates.driverId))
    .where(and(eq(driverDocUpdates.driverId, driverId), gt(driverDocUpdates.id, driverDocs.lastUpdateId)));
  return row?.count ?? 0;
}
