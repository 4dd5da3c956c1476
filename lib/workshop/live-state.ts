/**
 * The live state of a facilitated workshop (issue 9, parts 2 and 5), as the collaboration server
 * pushes it to everyone in the workshop room (MESSAGE_WORKSHOP, lib/collab/protocol.ts). Pure and
 * shared by the browser and the server: the schemas, the driver parts a focus or a lock names,
 * which driver-document roots belong to which part, and the shared timer's arithmetic.
 *
 * `activity` (private writing and dot voting) is defined by workshopActivitySchema below and
 * loaded by lib/server/workshops/activity.ts; the rest of the state does not depend on it.
 */
import { z } from "zod";
import { WORKSHOP_STATUSES } from "../model/workshop";
import { workshopActivitySchema } from "./activity";

/** The parts of a driver a facilitator can point at or lock (nuläge, förväntad framtid, önskat läge, gap). */
export const DRIVER_PARTS = ["nulage", "future", "desired", "gap"] as const;
export type DriverPart = (typeof DRIVER_PARTS)[number];
export const driverPartSchema = z.enum(DRIVER_PARTS);

/** A lock covers one part, or the whole driver (`all`). */
export const LOCK_SCOPES = ["all", ...DRIVER_PARTS] as const;
export type LockScope = (typeof LOCK_SCOPES)[number];
export const lockScopeSchema = z.enum(LOCK_SCOPES);

/**
 * Which driver-document root (lib/collab/driver-doc.ts, DRIVER_DOC_ROOTS) belongs to which part:
 * the goal statements are the desired state, and the actions close the gap.
 */
export const ROOT_PARTS: Readonly<Record<string, DriverPart>> = {
  nulage: "nulage",
  future: "future",
  goals: "desired",
  gap: "gap",
  actions: "gap",
};

/** The roots a set of locks closes to edits. */
export function lockedRoots(scopes: Iterable<LockScope>): Set<string> {
  const parts = new Set<string>();
  for (const scope of scopes) {
    if (scope === "all") return new Set(Object.keys(ROOT_PARTS));
    parts.add(scope);
  }
  return new Set(Object.entries(ROOT_PARTS).filter(([, part]) => parts.has(part)).map(([root]) => root));
}

/** Whether a lock of `scope` covers `part`. */
export function lockCovers(scope: LockScope, part: DriverPart): boolean {
  return scope === "all" || scope === part;
}

export const focusSchema = z.object({ driverId: z.uuid(), part: driverPartSchema });
export type WorkshopFocus = z.infer<typeof focusSchema>;

/**
 * The shared timer of the agenda item under discussion. The server stores when it was last started
 * (`runningSince`, null while stopped) and what had elapsed before; clients count down locally
 * from `serverNow`, corrected for their own clock.
 */
export const timerSchema = z.object({
  driverId: z.uuid().nullable(),
  timeboxSeconds: z.number().int().nonnegative(),
  elapsedMs: z.number().int().nonnegative(),
  runningSince: z.iso.datetime().nullable(),
});
export type WorkshopTimer = z.infer<typeof timerSchema>;

export const lockSchema = z.object({
  driverId: z.uuid(),
  scope: lockScopeSchema,
  lockedBy: z.string(),
  lockedAt: z.iso.datetime(),
});
export type WorkshopLock = z.infer<typeof lockSchema>;

/** One person in the room (several tabs are one entry). */
export const presencePersonSchema = z.object({ userId: z.uuid(), name: z.string(), facilitator: z.boolean() });
export const presenceGroupSchema = z.object({ organisation: z.string(), people: z.array(presencePersonSchema) });
export type PresenceGroup = z.infer<typeof presenceGroupSchema>;

export const agendaEntrySchema = z.object({ driverId: z.uuid(), title: z.string(), timeboxMinutes: z.number().int() });

/**
 * Private writing and dot voting: defined in lib/workshop/activity.ts (what each viewer may see is
 * decided there, by projectActivity) and loaded by lib/server/workshops/activity.ts.
 */
export { workshopActivitySchema, type WorkshopActivity } from "./activity";

export const liveStateSchema = z.object({
  workshop: z.object({ id: z.uuid(), dialogueId: z.uuid(), title: z.string(), status: z.enum(WORKSHOP_STATUSES) }),
  agenda: z.array(agendaEntrySchema),
  focus: focusSchema.nullable(),
  timer: timerSchema,
  locks: z.array(lockSchema),
  presence: z.array(presenceGroupSchema),
  /** The viewer: what they may do here. */
  viewer: z.object({ userId: z.uuid(), facilitator: z.boolean() }),
  /** The server's clock when the state was sent (for the timer). */
  serverNow: z.iso.datetime(),
  activity: workshopActivitySchema,
});
export type LiveState = z.infer<typeof liveStateSchema>;

/** What every viewer shares; presence, viewer and activity are added per connection. */
export type SharedLiveState = Omit<LiveState, "presence" | "viewer" | "serverNow" | "activity">;

// --- the timer ---------------------------------------------------------------------------------

/** Milliseconds elapsed at `nowMs` (server time). */
export function timerElapsedMs(timer: WorkshopTimer, nowMs: number): number {
  const running = timer.runningSince ? Math.max(0, nowMs - Date.parse(timer.runningSince)) : 0;
  return timer.elapsedMs + running;
}

/** Milliseconds left (negative once over time). */
export function timerRemainingMs(timer: WorkshopTimer, nowMs: number): number {
  return timer.timeboxSeconds * 1000 - timerElapsedMs(timer, nowMs);
}

/**
 * The moments worth announcing (politely, to screen readers): 5 minutes left, 1 minute left, time
 * is up. Returns the milestone crossed between two readings of the remaining time, or null.
 */
export const TIMER_MILESTONES = [300_000, 60_000, 0] as const;
export type TimerMilestone = (typeof TIMER_MILESTONES)[number];
export function crossedMilestone(previousRemainingMs: number, remainingMs: number): TimerMilestone | null {
  let crossed: TimerMilestone | null = null;
  for (const milestone of TIMER_MILESTONES) {
    if (previousRemainingMs > milestone && remainingMs <= milestone) crossed = milestone;
  }
  return crossed;
}

/** mm:ss (or -mm:ss once over time) for the timer's display. */
export function formatTimer(remainingMs: number): string {
  const negative = remainingMs < 0;
  const totalSeconds = Math.ceil(Math.abs(remainingMs) / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${negative ? "−" : ""}${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

// --- presence ----------------------------------------------------------------------------------

export interface PresenceEntry {
  userId: string;
  name: string;
  organisation: string;
  facilitator: boolean;
}

/** Groups connections by organisation, one entry per person however many tabs they have open. */
export function groupPresence(entries: Iterable<PresenceEntry>): PresenceGroup[] {
  const people = new Map<string, PresenceEntry>();
  for (const entry of entries) if (!people.has(entry.userId)) people.set(entry.userId, entry);
  const groups = new Map<string, PresenceGroup>();
  for (const person of people.values()) {
    let group = groups.get(person.organisation);
    if (!group) groups.set(person.organisation, (group = { organisation: person.organisation, people: [] }));
    group.people.push({ userId: person.userId, name: person.name, facilitator: person.facilitator });
  }
  const byName = (a: string, b: string) => a.localeCompare(b, "sv");
  for (const group of groups.values()) group.people.sort((a, b) => byName(a.name, b.name) || byName(a.userId, b.userId));
  return [...groups.values()].sort((a, b) => byName(a.organisation, b.organisation));
}
