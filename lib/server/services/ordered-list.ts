import "server-only";
import { and, asc, desc, eq, gt, lt, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { drivers } from "@/db/schema";

/** Drivers are the one ordered list left here; goals and actions are ordered in the live document. */
type OrderedTable = typeof drivers;

/**
 * Moves one item of an ordered list a place up or down by swapping positions with its neighbour,
 * under row locks so that two concurrent moves cannot leave duplicate positions.
 */
export async function moveInOrderedList(
  table: OrderedTable,
  /** Which rows form the list (e.g. one driver's goal statements). */
  scope: SQL,
  itemId: string,
  direction: "up" | "down",
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [current] = await tx
      .select({ id: table.id, position: table.position })
      .from(table)
      .where(and(eq(table.id, itemId), scope))
      .for("update");
    if (!current) return;
    const isUp = direction === "up";
    const [neighbour] = await tx
      .select({ id: table.id, position: table.position })
      .from(table)
      .where(and(scope, isUp ? lt(table.position, current.position) : gt(table.position, current.position)))
      .orderBy(isUp ? desc(table.position) : asc(table.position))
      .limit(1)
      .for("update");
    if (!neighbour) return;
    await tx.update(table).set({ position: neighbour.position }).where(eq(table.id, current.id));
    await tx.update(table).set({ position: current.position }).where(eq(table.id, neighbour.id));
  });
}
