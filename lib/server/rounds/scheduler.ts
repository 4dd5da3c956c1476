/**
 * A round's moments (issue 7): it opens at `opens_at`, reminders go out 48 h and 24 h before
 * `closes_at`, and it closes at `closes_at`. Each moment is a pg-boss job sent to start at its time
 * (it survives restarts: the jobs are rows in the database), and a sweep every minute catches what
 * no job carried (a round planned where no runner ran, a deadline moved, a lost job). Every step is
 * a conditional update or a deduplicated insert, so a job, the sweep and a second instance may all
 * run it: it happens once.
 *
 * Runs in the job runner's module graph: nothing here may import `server-only` modules.
 */
import { and, eq, isNotNull, isNull, lte } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { roundDrivers, roundOrganisations, rounds, type Round } from "@/db/schema";
import { REMINDER_HOURS_BEFORE_CLOSE, type ReminderHours } from "@/lib/model/round";
import { notifyAccessChanged } from "../collab/host";
import { enqueueAt } from "../jobs/queues";
import { logError, logEvent } from "../log";
import { notifyEvent } from "../notifications/events";
import { recordAudit } from "../audit";
import { findAnsweringMembers, findFacilitators, findRound, loadRoundAnswers, organisationsStillToAnswer } from "./answers";

const HOUR_MS = 3_600_000;

/** Sends the round's jobs for the moments still ahead (when a runner runs in this process). */
export async function scheduleRoundJobs(round: Pick<Round, "id" | "opensAt" | "closesAt">, now: Date = new Date()): Promise<void> {
  const closesAt = round.closesAt.toISOString();
  try {
    if (round.opensAt.getTime() > now.getTime()) await enqueueAt("round-open", [{ data: { roundId: round.id }, startAfter: round.opensAt }]);
    await enqueueAt("round-close", [{ data: { roundId: round.id, closesAt }, startAfter: round.closesAt }]);
    const reminders = REMINDER_HOURS_BEFORE_CLOSE.map((hoursBefore) => ({ hoursBefore, at: new Date(round.closesAt.getTime() - hoursBefore * HOUR_MS) }))
      .filter(({ at }) => at.getTime() > now.getTime())
      .map(({ hoursBefore, at }) => ({ data: { roundId: round.id, closesAt, hoursBefore }, startAfter: at }));
    await enqueueAt("round-reminder", reminders);
  } catch (error) {
    // The sweep runs every minute and does what the jobs would have done.
    logError("round.schedule_failed", error, { roundId: round.id });
  }
}

/** Opens the round if it is due and not yet open; returns whether this call opened it. */
export async function openRoundIfDue(db: Executor, roundId: string, now: Date = new Date()): Promise<boolean> {
  const opened = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(rounds)
      .set({ openedAt: now })
      .where(and(eq(rounds.id, roundId), isNull(rounds.openedAt), isNull(rounds.closedAt), lte(rounds.opensAt, now)))
      .returning();
    if (row) await recordAudit(tx, null, { dialogueId: row.dialogueId, kind: "round.opened", subject: { roundId, title: row.title, kind: row.kind } });
    return row;
  });
  if (!opened) return false;
  logEvent("round.opened", { roundId });
  await afterPhaseChange(db, opened);
  const answers = await loadRoundAnswers(db, opened, now);
  const recipients = await findAnsweringMembers(db, opened.dialogueId, answers.organisations.map((organisation) => organisation.id));
  await notifyEvent(db, recipients, { dialogueId: opened.dialogueId, reason: "round_opened", roundId, dedupeKey: `round:${roundId}:opened` });
  return true;
}

/**
 * Closes the round: at its deadline (`closedBy` null; the deadline must have passed, and when
 * `expectedClosesAt` is given it must still be the round's deadline), or early by a facilitator.
 * Returns whether this call closed it.
 */
export async function closeRound(
  db: Executor,
  roundId: string,
  options: { now?: Date; closedBy?: string | null; expectedClosesAt?: Date } = {},
): Promise<boolean> {
  const now = options.now ?? new Date();
  const closedBy = options.closedBy ?? null;
  const closed = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(rounds)
      .set({ closedAt: now, closedBy })
      .where(
        and(
          eq(rounds.id, roundId),
          isNull(rounds.closedAt),
          closedBy ? undefined : lte(rounds.closesAt, now),
          options.expectedClosesAt ? eq(rounds.closesAt, options.expectedClosesAt) : undefined,
        ),
      )
      .returning();
    if (row) {
      await recordAudit(tx, closedBy, { dialogueId: row.dialogueId, kind: "round.closed", subject: { roundId, title: row.title, kind: row.kind, early: closedBy !== null } });
    }
    return row;
  });
  if (!closed) return false;
  logEvent("round.closed", { roundId, early: closedBy !== null });
  await afterPhaseChange(db, closed);
  // The facilitators, to consolidate; the invited organisations' members, who can no longer answer.
  const invited = await db.select({ id: roundOrganisations.organisationId }).from(roundOrganisations).where(eq(roundOrganisations.roundId, roundId));
  const [facilitators, participants] = await Promise.all([
    findFacilitators(db, closed.dialogueId),
    findAnsweringMembers(db, closed.dialogueId, invited.map((row) => row.id)),
  ]);
  const recipients = [...facilitators, ...participants].filter((id) => id !== closedBy);
  await notifyEvent(db, recipients, { dialogueId: closed.dialogueId, reason: "round_closed", roundId, dedupeKey: `round:${roundId}:closed` });
  return true;
}

/**
 * Reminds the organisations that have not answered everything. At most one reminder per moment
 * and deadline (an extended round reminds again before its new deadline), and only for moments
 * the round was already open at: a round opened 30 hours before its close gets the 24-hour one.
 */
export async function sendDueReminder(db: Executor, roundId: string, now: Date = new Date()): Promise<number> {
  const round = await findRound(db, roundId);
  if (!round?.openedAt || round.closedAt || round.closesAt.getTime() <= now.getTime()) return 0;
  const hoursBefore = dueReminder(round, now);
  if (hoursBefore === null) return 0;
  const answers = await loadRoundAnswers(db, round, now);
  const recipients = await findAnsweringMembers(db, round.dialogueId, organisationsStillToAnswer(answers));
  return notifyEvent(db, recipients, {
    dialogueId: round.dialogueId,
    reason: "round_reminder",
    roundId,
    dedupeKey: `round:${roundId}:reminder:${hoursBefore}:${round.closesAt.getTime()}`,
  });
}

/** The latest reminder moment that has come and that the round was open for, if any. */
export function dueReminder(round: Pick<Round, "openedAt" | "closesAt">, now: Date): ReminderHours | null {
  if (!round.openedAt) return null;
  const due = REMINDER_HOURS_BEFORE_CLOSE.filter((hoursBefore) => {
    const at = round.closesAt.getTime() - hoursBefore * HOUR_MS;
    return at <= now.getTime() && at >= round.openedAt!.getTime();
  });
  return due.length ? Math.min(...due) as ReminderHours : null;
}

/** What no job carried: every round due to open, to close, or to be reminded. */
export async function sweepRounds(db: Executor, now: Date = new Date()): Promise<{ opened: number; closed: number; reminded: number }> {
  const dueToOpen = await db
    .select({ id: rounds.id })
    .from(rounds)
    .where(and(isNull(rounds.openedAt), isNull(rounds.closedAt), lte(rounds.opensAt, now)));
  let opened = 0;
  for (const { id } of dueToOpen) if (await openRoundIfDue(db, id, now)) opened++;
  const dueToClose = await db.select({ id: rounds.id }).from(rounds).where(and(isNull(rounds.closedAt), lte(rounds.closesAt, now)));
  let closed = 0;
  for (const { id } of dueToClose) if (await closeRound(db, id, { now })) closed++;
  const open = await db.select({ id: rounds.id }).from(rounds).where(and(isNotNull(rounds.openedAt), isNull(rounds.closedAt)));
  let reminded = 0;
  for (const { id } of open) reminded += await sendDueReminder(db, id, now);
  return { opened, closed, reminded };
}

/** Opening or closing changes who may edit the round's drivers: their open sockets re-authorize. */
async function afterPhaseChange(db: Executor, round: Round): Promise<void> {
  const driverRows = await db.select({ driverId: roundDrivers.driverId }).from(roundDrivers).where(eq(roundDrivers.roundId, round.id));
  for (const { driverId } of driverRows) {
    try {
      await notifyAccessChanged({ driverId });
    } catch (error) {
      logError("round.access_refresh_failed", error, { roundId: round.id, driverId });
    }
  }
}
