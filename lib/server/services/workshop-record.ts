/**
 * The session record of a workshop (issue 9, part 6): read from the session's events, prompts,
 * answers, votes, ballots and created items, and phrased by lib/workshop/record.ts for the record
 * page and the goal-set exports' workshop summaries. Every member reads it (`dialogue.read`); it
 * holds only what was revealed to the room.
 */
import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import {
  drivers,
  organisations,
  users,
  workshopAgendaItems,
  workshopAnswers,
  workshopBallotDots,
  workshopCreatedItems,
  workshopEvents,
  workshopPrompts,
  workshopVotes,
  workshops,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/model/ids";
import type { Allocation } from "@/lib/workshop/activity";
import { buildWorkshopRecord, type RecordEventInput, type RecordInput, type WorkshopRecord } from "@/lib/workshop/record";
import { requireDialogueAccess, type Actor } from "../access";

const nameOf = sql<string | null>`coalesce(${users.name}, ${users.email})`;

/** The session's events (started, paused, focus, locks …) with the actor's name, in order. */
async function loadEvents(db: Executor, workshopId: string): Promise<RecordEventInput[]> {
  const rows = await db
    .select({ kind: workshopEvents.kind, at: workshopEvents.at, actorName: nameOf, payload: workshopEvents.payload })
    .from(workshopEvents)
    .leftJoin(users, eq(users.id, workshopEvents.actorId))
    .where(eq(workshopEvents.workshopId, workshopId))
    .orderBy(asc(workshopEvents.id));
  return rows.map((row) => ({ ...row, payload: (row.payload ?? {}) as Record<string, unknown> }));
}

export async function loadRecordInput(db: Executor, workshopId: string): Promise<RecordInput | null> {
  const [workshop] = await db.select().from(workshops).where(eq(workshops.id, workshopId));
  if (!workshop) return null;
  const [agenda, driverRows, events, prompts, votes, createdItems] = await Promise.all([
    db
      .select({ driverId: workshopAgendaItems.driverId, title: drivers.title, timeboxMinutes: workshopAgendaItems.timeboxMinutes })
      .from(workshopAgendaItems)
      .innerJoin(drivers, eq(drivers.id, workshopAgendaItems.driverId))
      .where(eq(workshopAgendaItems.workshopId, workshopId))
      .orderBy(asc(workshopAgendaItems.position)),
    db.select({ id: drivers.id, title: drivers.title }).from(drivers).where(eq(drivers.dialogueId, workshop.dialogueId)),
    loadEvents(db, workshopId),
    db.select().from(workshopPrompts).where(eq(workshopPrompts.workshopId, workshopId)).orderBy(asc(workshopPrompts.createdAt)),
    db.select().from(workshopVotes).where(eq(workshopVotes.workshopId, workshopId)).orderBy(asc(workshopVotes.createdAt)),
    db
      .select({ use: workshopCreatedItems.use, driverId: workshopCreatedItems.driverId, text: workshopCreatedItems.text, createdAt: workshopCreatedItems.createdAt, createdByName: nameOf })
      .from(workshopCreatedItems)
      .leftJoin(users, eq(users.id, workshopCreatedItems.createdBy))
      .where(eq(workshopCreatedItems.workshopId, workshopId))
      .orderBy(asc(workshopCreatedItems.createdAt)),
  ]);
  const promptIds = prompts.map((prompt) => prompt.id);
  const voteIds = votes.map((vote) => vote.id);
  const [answers, dots] = await Promise.all([
    promptIds.length
      ? db
          .select({ id: workshopAnswers.id, promptId: workshopAnswers.promptId, body: workshopAnswers.body, authorName: nameOf, organisation: organisations.name, createdAt: workshopAnswers.createdAt })
          .from(workshopAnswers)
          .innerJoin(users, eq(users.id, workshopAnswers.authorId))
          .leftJoin(organisations, eq(organisations.id, workshopAnswers.organisationId))
          .where(inArray(workshopAnswers.promptId, promptIds))
          .orderBy(asc(organisations.name), asc(users.name), asc(workshopAnswers.id))
      : Promise.resolve([]),
    voteIds.length ? db.select().from(workshopBallotDots).where(inArray(workshopBallotDots.voteId, voteIds)) : Promise.resolve([]),
  ]);
  return {
    workshop: { id: workshop.id, title: workshop.title, status: workshop.status, plannedFor: workshop.plannedFor },
    agenda,
    driverTitles: new Map(driverRows.map((driver) => [driver.id, driver.title])),
    events,
    prompts: prompts.map((prompt) => ({
      ...prompt,
      answers: answers
        .filter((answer) => answer.promptId === prompt.id)
        .map((answer) => ({ id: answer.id, body: answer.body, authorName: answer.authorName ?? "", organisation: answer.organisation ?? "" })),
    })),
    votes: votes.map((vote) => {
      const byVoter = new Map<string, Allocation>();
      for (const row of dots) {
        if (row.voteId !== vote.id) continue;
        byVoter.set(row.voter, { ...(byVoter.get(row.voter) ?? {}), [row.targetId]: row.dots });
      }
      return { ...vote, ballots: [...byVoter].map(([voter, allocation]) => ({ voter, allocation })) };
    }),
    createdItems,
  };
}

export interface WorkshopRecordPage {
  planningQuestion: string;
  record: WorkshopRecord;
}

export async function getWorkshopRecord(actor: Actor, dialogueId: string, workshopId: string, now: Date = new Date()): Promise<WorkshopRecord> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  if (!isUuid(workshopId)) throw new AppError("not_found");
  const [own] = await getDb()
    .select({ id: workshops.id })
    .from(workshops)
    .where(and(eq(workshops.id, workshopId), eq(workshops.dialogueId, access.dialogueId)));
  if (!own) throw new AppError("not_found");
  const input = await loadRecordInput(getDb(), own.id);
  if (!input) throw new AppError("not_found");
  return buildWorkshopRecord(input, now);
}

/**
 * The records of the dialogue's workshops that have been held (ended), for the exports: oldest
 * first, each with the time it started (or was planned for).
 */
export async function loadHeldWorkshopRecords(db: Executor, dialogueId: string, now: Date = new Date()): Promise<WorkshopRecord[]> {
  const rows = await db
    .select({ id: workshops.id })
    .from(workshops)
    .where(and(eq(workshops.dialogueId, dialogueId), eq(workshops.status, "ended")))
    .orderBy(asc(workshops.plannedFor), asc(workshops.createdAt));
  const records: WorkshopRecord[] = [];
  for (const row of rows) {
    const input = await loadRecordInput(db, row.id);
    if (input) records.push(buildWorkshopRecord(input, now));
  }
  return records;
}
