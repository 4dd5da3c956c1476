/**
 * Facilitated workshops (issue 9), parts 2 and 5: the live session. The facilitator
 * (`workshop.manage`) starts, pauses, resumes and ends it, points everyone at a driver and part
 * (follow-me), runs the shared timer of the agenda item under discussion, and locks a driver or
 * one part of it. Each command writes the database in one transaction — the workshop's row, a
 * `workshop_events` row for the session record, and for status and lock changes an audit record
 * — and then tells the collaboration server (host.ts), which pushes the new live state to
 * everyone in the room on every instance. Every member reads the live state (`dialogue.read`).
 */
import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "@/db/client";
import { findLocksOnDrivers, loadSharedLiveState } from "@/db/queries/workshops";
import { drivers, driverTexts, gapActions, goalStatements, workshopAgendaItems, workshopEvents, workshopLocks, workshops, type Workshop } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/model/ids";
import type { WorkshopStatus } from "@/lib/model/workshop";
import { fieldError, parseInput } from "@/lib/validation";
import { driverPartSchema, lockScopeSchema, type SharedLiveState, type WorkshopLock } from "@/lib/workshop/live-state";
import { requireDialogueAccess, type Actor, type DialogueAccess } from "../access";
import { recordAudit } from "../audit";
import { notifyLocksChanged, notifyWorkshopChanged } from "../collab/host";
import { rawId } from "./raw-input";

/** What a session record is built from (another module reads these). */
export const WORKSHOP_EVENT_KINDS = ["started", "paused", "resumed", "ended", "focus", "timer", "locked", "unlocked"] as const;
export type WorkshopEventKind = (typeof WORKSHOP_EVENT_KINDS)[number];

export interface WorkshopEvent {
  id: number;
  kind: WorkshopEventKind;
  actorId: string | null;
  at: Date;
  payload: Record<string, unknown>;
}

export interface LiveSession {
  canManage: boolean;
  state: SharedLiveState;
}

async function requireWorkshop(db: Executor, access: DialogueAccess, workshopId: string): Promise<Workshop> {
  if (!isUuid(workshopId)) throw new AppError("not_found");
  const [workshop] = await db
    .select()
    .from(workshops)
    .where(and(eq(workshops.id, workshopId), eq(workshops.dialogueId, access.dialogueId)))
    .for("update");
  if (!workshop) throw new AppError("not_found");
  return workshop;
}

async function appendEvent(db: Executor, workshopId: string, actorId: string, kind: WorkshopEventKind, payload: Record<string, unknown>): Promise<void> {
  await db.insert(workshopEvents).values({ workshopId, kind, actorId, payload });
}

/**
 * Runs a facilitator's command on the locked workshop row, then pushes the new state. Access is
 * checked before the input is read (an outsider learns nothing from validation).
 */
async function command<T>(actor: Actor, raw: unknown, run: (tx: Executor, workshop: Workshop, access: DialogueAccess) => Promise<T>): Promise<T> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "workshop.manage");
  const workshopId = rawId(raw, "workshopId");
  const result = await getDb().transaction(async (tx) => run(tx, await requireWorkshop(tx, access, workshopId), access));
  notifyWorkshopChanged(workshopId);
  return result;
}

/** The timer stopped at `now`: what had elapsed is kept. */
function stoppedTimer(workshop: Workshop, now: Date) {
  const running = workshop.timerRunningSince ? Math.max(0, now.getTime() - workshop.timerRunningSince.getTime()) : 0;
  return { timerElapsedMs: workshop.timerElapsedMs + running, timerRunningSince: null };
}

// --- the session's status ----------------------------------------------------------------------

const TRANSITIONS = {
  start: { from: ["planned"], to: "running", event: "started" },
  pause: { from: ["running"], to: "paused", event: "paused" },
  resume: { from: ["paused"], to: "running", event: "resumed" },
  end: { from: ["running", "paused"], to: "ended", event: "ended" },
} as const satisfies Record<string, { from: readonly WorkshopStatus[]; to: WorkshopStatus; event: WorkshopEventKind }>;

const sessionCommandSchema = z.object({ command: z.enum(["start", "pause", "resume", "end"]) });

/**
 * planned → running ⇄ paused → ended. Pausing or ending the session stops the timer (what had
 * elapsed is kept); resuming leaves it stopped for the facilitator to start again.
 */
export async function changeSessionStatus(actor: Actor, raw: unknown, now: Date = new Date()): Promise<void> {
  await command(actor, raw, async (tx, workshop, access) => {
    const { command: name } = parseInput(sessionCommandSchema, raw);
    const transition = TRANSITIONS[name];
    if (!(transition.from as readonly WorkshopStatus[]).includes(workshop.status)) throw new AppError("conflict", { reason: "workshop_status" });
    const timer = transition.to === "running" ? {} : stoppedTimer(workshop, now);
    await tx.update(workshops).set({ status: transition.to, ...timer }).where(eq(workshops.id, workshop.id));
    await appendEvent(tx, workshop.id, actor.userId, transition.event, { from: workshop.status, to: transition.to });
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: `workshop.session_${transition.event}`,
      subject: { workshopId: workshop.id, title: workshop.title, from: workshop.status, to: transition.to },
    });
  });
}

function requireLive(workshop: Workshop): void {
  if (workshop.status !== "running" && workshop.status !== "paused") throw new AppError("conflict", { reason: "workshop_not_live" });
}

async function requireDriverOfDialogue(tx: Executor, access: DialogueAccess, driverId: string): Promise<void> {
  const [driver] = await tx.select({ id: drivers.id }).from(drivers).where(and(eq(drivers.id, driverId), eq(drivers.dialogueId, access.dialogueId)));
  if (!driver) throw fieldError("driverId", "notInDialogue");
}

// --- follow-me ---------------------------------------------------------------------------------

const focusInputSchema = z.object({ driverId: z.uuid(), part: driverPartSchema });

/**
 * Points everyone at a driver and part. Moving to another driver moves the timer to that
 * driver's agenda item, stopped and reset (a driver off the agenda has no timebox).
 */
export async function setFocus(actor: Actor, raw: unknown): Promise<void> {
  await command(actor, raw, async (tx, workshop, access) => {
    const input = parseInput(focusInputSchema, raw);
    requireLive(workshop);
    await requireDriverOfDialogue(tx, access, input.driverId);
    const timer = workshop.timerDriverId === input.driverId ? {} : { timerDriverId: input.driverId, timerElapsedMs: 0, timerRunningSince: null };
    await tx.update(workshops).set({ focusDriverId: input.driverId, focusPart: input.part, ...timer }).where(eq(workshops.id, workshop.id));
    await appendEvent(tx, workshop.id, actor.userId, "focus", { driverId: input.driverId, part: input.part });
  });
}

// --- the timer ---------------------------------------------------------------------------------

const timerInputSchema = z.object({ timer: z.enum(["start", "pause", "reset"]) });

/** Starts, pauses or resets the timer of the agenda item under discussion. */
export async function controlTimer(actor: Actor, raw: unknown, now: Date = new Date()): Promise<void> {
  await command(actor, raw, async (tx, workshop) => {
    const { timer: action } = parseInput(timerInputSchema, raw);
    requireLive(workshop);
    const driverId = workshop.timerDriverId ?? workshop.focusDriverId;
    const [item] = driverId
      ? await tx
          .select({ timeboxMinutes: workshopAgendaItems.timeboxMinutes })
          .from(workshopAgendaItems)
          .where(and(eq(workshopAgendaItems.workshopId, workshop.id), eq(workshopAgendaItems.driverId, driverId)))
      : [];
    if (!driverId || !item) throw new AppError("conflict", { reason: "workshop_no_timebox" });
    const update: { timerRunningSince: Date | null; timerElapsedMs?: number } =
      action === "start"
        ? { timerRunningSince: workshop.timerRunningSince ?? now }
        : action === "pause"
          ? stoppedTimer(workshop, now)
          : { timerElapsedMs: 0, timerRunningSince: null };
    if (action === "start" && workshop.status !== "running") throw new AppError("conflict", { reason: "workshop_not_live" });
    await tx.update(workshops).set({ timerDriverId: driverId, ...update }).where(eq(workshops.id, workshop.id));
    await appendEvent(tx, workshop.id, actor.userId, "timer", { action, driverId, timeboxMinutes: item.timeboxMinutes, elapsedMs: update.timerElapsedMs ?? workshop.timerElapsedMs });
  });
}

// --- locks -------------------------------------------------------------------------------------

const lockInputSchema = z.object({ driverId: z.uuid(), scope: lockScopeSchema, locked: z.enum(["true", "false"]).or(z.boolean()) });

/**
 * Locks or unlocks a driver (`all`) or one part of it. A lock outlives the session until it is
 * unlocked (what is settled stays settled); the collaboration server refuses edits to locked
 * parts on every instance from the moment this returns.
 */
export async function setLock(actor: Actor, raw: unknown): Promise<void> {
  let driverId = "";
  await command(actor, raw, async (tx, workshop, access) => {
    const input = parseInput(lockInputSchema, raw);
    driverId = input.driverId;
    const locked = input.locked === true || input.locked === "true";
    if (locked) requireLive(workshop);
    await requireDriverOfDialogue(tx, access, input.driverId);
    const key = and(eq(workshopLocks.workshopId, workshop.id), eq(workshopLocks.driverId, input.driverId), eq(workshopLocks.scope, input.scope));
    const changed = locked
      ? await tx.insert(workshopLocks).values({ workshopId: workshop.id, driverId: input.driverId, scope: input.scope, lockedBy: actor.userId }).onConflictDoNothing().returning()
      : await tx.delete(workshopLocks).where(key).returning();
    if (!changed.length) return;
    const kind = locked ? "locked" : "unlocked";
    await appendEvent(tx, workshop.id, actor.userId, kind, { driverId: input.driverId, scope: input.scope });
    await recordAudit(tx, actor.userId, { dialogueId: access.dialogueId, kind: `workshop.${kind}`, subject: { workshopId: workshop.id, title: workshop.title, driverId: input.driverId, scope: input.scope } });
  });
  await notifyLocksChanged(driverId);
}

// --- reading -----------------------------------------------------------------------------------

/** The live state as the room would push it (the pages render it before the socket connects). */
export async function getLiveSession(actor: Actor, dialogueId: string, workshopId: string): Promise<LiveSession> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  if (!isUuid(workshopId)) throw new AppError("not_found");
  const state = await loadSharedLiveState(getDb(), workshopId);
  if (!state || state.workshop.dialogueId !== access.dialogueId) throw new AppError("not_found");
  return { canManage: access.abilities["workshop.manage"], state };
}

/** The session's events in order: what the session record is built from. */
export async function listWorkshopEvents(actor: Actor, dialogueId: string, workshopId: string): Promise<WorkshopEvent[]> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  if (!isUuid(workshopId)) throw new AppError("not_found");
  const [workshop] = await getDb().select({ id: workshops.id }).from(workshops).where(and(eq(workshops.id, workshopId), eq(workshops.dialogueId, access.dialogueId)));
  if (!workshop) throw new AppError("not_found");
  const rows = await getDb().select().from(workshopEvents).where(eq(workshopEvents.workshopId, workshopId)).orderBy(asc(workshopEvents.id));
  return rows.map((row) => ({ id: row.id, kind: row.kind as WorkshopEventKind, actorId: row.actorId, at: row.at, payload: row.payload as Record<string, unknown> }));
}

/** What the participant and projector views show of each agenda driver (the relational copy). */
export interface DriverPartContents {
  driverId: string;
  title: string;
  nulage: string;
  future: string;
  goals: string[];
  gap: string;
  actions: string[];
}

/**
 * The agenda drivers' texts as plain text, for reading along (the views re-read them when the
 * focus moves). The relational copy trails the live document by about a second.
 */
export async function getWorkshopContents(actor: Actor, dialogueId: string, workshopId: string): Promise<DriverPartContents[]> {
  const { state } = await getLiveSession(actor, dialogueId, workshopId);
  const driverIds = [...new Set([...state.agenda.map((item) => item.driverId), ...(state.focus ? [state.focus.driverId] : [])])];
  if (!driverIds.length) return [];
  const db = getDb();
  const [driverRows, texts, goals, actions] = await Promise.all([
    db.select({ id: drivers.id, title: drivers.title }).from(drivers).where(and(eq(drivers.dialogueId, dialogueId), inArray(drivers.id, driverIds))),
    db.select({ driverId: driverTexts.driverId, part: driverTexts.part, plainText: driverTexts.plainText }).from(driverTexts).where(inArray(driverTexts.driverId, driverIds)),
    db.select({ driverId: goalStatements.driverId, text: goalStatements.text }).from(goalStatements).where(inArray(goalStatements.driverId, driverIds)).orderBy(asc(goalStatements.position)),
    db.select({ driverId: gapActions.driverId, text: gapActions.text }).from(gapActions).where(inArray(gapActions.driverId, driverIds)).orderBy(asc(gapActions.position)),
  ]);
  return driverRows.map((driver) => {
    const text = (part: string) => texts.find((row) => row.driverId === driver.id && row.part === part)?.plainText ?? "";
    return {
      driverId: driver.id,
      title: driver.title,
      nulage: text("nulage"),
      future: text("future"),
      gap: text("gap"),
      goals: goals.filter((goal) => goal.driverId === driver.id && goal.text.trim()).map((goal) => goal.text),
      actions: actions.filter((action) => action.driverId === driver.id && action.text.trim()).map((action) => action.text),
    };
  });
}

/** The workshop locks on a driver (the driver page shows them and makes those parts read-only). */
export async function getDriverLocks(actor: Actor, dialogueId: string, driverId: string): Promise<WorkshopLock[]> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  if (!isUuid(driverId)) throw new AppError("not_found");
  const [driver] = await getDb().select({ id: drivers.id }).from(drivers).where(and(eq(drivers.id, driverId), eq(drivers.dialogueId, access.dialogueId)));
  if (!driver) throw new AppError("not_found");
  return findLocksOnDrivers(getDb(), [driverId]);
}
