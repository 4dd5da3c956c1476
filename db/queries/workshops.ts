/**
 * Reads of a workshop's live session that both Next's services and the collaboration server make
 * (the server runs outside Next's bundle, so nothing here imports `server-only`).
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { LockScope, SharedLiveState, WorkshopLock } from "../../lib/workshop/live-state";
import type { Executor } from "../client";
import { drivers, users, workshopAgendaItems, workshopLocks, workshops } from "../schema";

/** The dialogue a workshop belongs to, or null for an unknown workshop. */
export async function findWorkshopDialogueId(db: Executor, workshopId: string): Promise<string | null> {
  const [row] = await db.select({ dialogueId: workshops.dialogueId }).from(workshops).where(eq(workshops.id, workshopId)).limit(1);
  return row?.dialogueId ?? null;
}

/** The dialogue of each known workshop among `workshopIds`. */
export async function findWorkshopDialogueIds(db: Executor, workshopIds: string[]): Promise<Map<string, string>> {
  if (!workshopIds.length) return new Map();
  const rows = await db.select({ id: workshops.id, dialogueId: workshops.dialogueId }).from(workshops).where(inArray(workshops.id, workshopIds));
  return new Map(rows.map((row) => [row.id, row.dialogueId]));
}

function lockOf(row: { driverId: string; scope: LockScope; lockedAt: Date; name: string | null; email: string | null }): WorkshopLock {
  return { driverId: row.driverId, scope: row.scope, lockedBy: row.name ?? row.email ?? "", lockedAt: row.lockedAt.toISOString() };
}

const lockColumns = {
  driverId: workshopLocks.driverId,
  scope: workshopLocks.scope,
  lockedAt: workshopLocks.lockedAt,
  name: users.name,
  email: users.email,
};

/** Every lock on the drivers, from any workshop, oldest first. */
export async function findLocksOnDrivers(db: Executor, driverIds: string[]): Promise<WorkshopLock[]> {
  if (!driverIds.length) return [];
  const rows = await db
    .select(lockColumns)
    .from(workshopLocks)
    .leftJoin(users, eq(users.id, workshopLocks.lockedBy))
    .where(inArray(workshopLocks.driverId, driverIds))
    .orderBy(asc(workshopLocks.lockedAt));
  return rows.map(lockOf);
}

/** What everyone in the workshop room shares, or null once the workshop is gone. */
export async function loadSharedLiveState(db: Executor, workshopId: string): Promise<SharedLiveState | null> {
  const [workshop] = await db.select().from(workshops).where(eq(workshops.id, workshopId));
  if (!workshop) return null;
  const [agenda, locks] = await Promise.all([
    db
      .select({ driverId: workshopAgendaItems.driverId, title: drivers.title, timeboxMinutes: workshopAgendaItems.timeboxMinutes })
      .from(workshopAgendaItems)
      .innerJoin(drivers, eq(drivers.id, workshopAgendaItems.driverId))
      .where(eq(workshopAgendaItems.workshopId, workshopId))
      .orderBy(asc(workshopAgendaItems.position)),
    db
      .select(lockColumns)
      .from(workshopLocks)
      .leftJoin(users, eq(users.id, workshopLocks.lockedBy))
      .where(eq(workshopLocks.workshopId, workshopId))
      .orderBy(asc(workshopLocks.lockedAt)),
  ]);
  const timerItem = agenda.find((item) => item.driverId === workshop.timerDriverId);
  return {
    workshop: { id: workshop.id, dialogueId: workshop.dialogueId, title: workshop.title, status: workshop.status },
    agenda,
    focus: workshop.focusDriverId && workshop.focusPart ? { driverId: workshop.focusDriverId, part: workshop.focusPart } : null,
    timer: {
      driverId: workshop.timerDriverId,
      timeboxSeconds: (timerItem?.timeboxMinutes ?? 0) * 60,
      elapsedMs: workshop.timerElapsedMs,
      runningSince: workshop.timerRunningSince?.toISOString() ?? null,
    },
    locks: locks.map(lockOf),
  };
}
