/**
 * The workshop's current activity for one viewer: private writing and dot voting (issue 9, parts 3
 * and 4). The collaboration server's workshop room calls this on every change and sends the result
 * to that viewer as `activity` in the live state (lib/workshop/live-state.ts,
 * workshopActivitySchema). Loaded outside Next's bundle: nothing here may import `server-only`.
 *
 * The room asks for every viewer at once (one synchronous loop after a change); those calls share
 * one read of the workshop's prompt, answers, vote and ballots, and each viewer's view is then cut
 * from it by projectActivity (lib/workshop/activity.ts), the one place that decides what a viewer
 * may see. A read is shared only by calls made in the same synchronous turn, so a later change is
 * never answered with an earlier read.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import {
  dialogueMembers,
  dialogues,
  drivers,
  organisations,
  users,
  workshopAnswers,
  workshopBallotDots,
  workshopCreatedItems,
  workshopPrompts,
  workshopVotes,
  workshops,
} from "@/db/schema";
import { projectActivity, type ActivitySource, type Allocation, type Ballot, type WorkshopActivity } from "@/lib/workshop/activity";

export interface ActivityViewer {
  userId: string;
  organisationId: string;
  isFacilitator: boolean;
}

export interface LoadedActivity {
  source: ActivitySource;
  /** Members who only watch (observers), and whether the dialogue is closed to participants' content. */
  observerIds: Set<string>;
  dialogueClosed: boolean;
}

/** Everything the current prompt and vote hold, private parts included: never sent as is. */
export async function loadActivitySource(db: Executor, workshopId: string): Promise<LoadedActivity> {
  const [workshop] = await db
    .select({ dialogueId: workshops.dialogueId, dialogueStatus: dialogues.status })
    .from(workshops)
    .innerJoin(dialogues, eq(dialogues.id, workshops.dialogueId))
    .where(eq(workshops.id, workshopId));
  if (!workshop) return { source: { prompt: null, vote: null }, observerIds: new Set(), dialogueClosed: false };
  const [[prompt], [vote], observers] = await Promise.all([
    db
      .select({
        id: workshopPrompts.id,
        question: workshopPrompts.question,
        driverId: workshopPrompts.driverId,
        driverTitle: drivers.title,
        status: workshopPrompts.status,
        anonymous: workshopPrompts.anonymous,
      })
      .from(workshopPrompts)
      .leftJoin(drivers, eq(drivers.id, workshopPrompts.driverId))
      .where(eq(workshopPrompts.workshopId, workshopId))
      .orderBy(desc(workshopPrompts.createdAt), desc(workshopPrompts.id))
      .limit(1),
    db
      .select()
      .from(workshopVotes)
      .where(eq(workshopVotes.workshopId, workshopId))
      .orderBy(desc(workshopVotes.createdAt), desc(workshopVotes.id))
      .limit(1),
    db
      .select({ userId: dialogueMembers.userId })
      .from(dialogueMembers)
      .where(and(eq(dialogueMembers.dialogueId, workshop.dialogueId), eq(dialogueMembers.role, "observer"))),
  ]);
  const source: ActivitySource = { prompt: null, vote: null };
  if (prompt) {
    const answers = await db
      .select({
        id: workshopAnswers.id,
        authorId: workshopAnswers.authorId,
        authorName: sql<string>`coalesce(${users.name}, ${users.email})`,
        organisation: organisations.name,
        body: workshopAnswers.body,
      })
      .from(workshopAnswers)
      .innerJoin(users, eq(users.id, workshopAnswers.authorId))
      .leftJoin(organisations, eq(organisations.id, workshopAnswers.organisationId))
      .where(eq(workshopAnswers.promptId, prompt.id));
    const uses = answers.length
      ? await db
          .select({ answerId: workshopCreatedItems.answerId, use: workshopCreatedItems.use, driverId: workshopCreatedItems.driverId })
          .from(workshopCreatedItems)
          .where(inArray(workshopCreatedItems.answerId, answers.map((answer) => answer.id)))
          .orderBy(workshopCreatedItems.createdAt)
      : [];
    source.prompt = {
      ...prompt,
      answers: answers.map((answer) => ({
        ...answer,
        authorName: answer.authorName ?? "",
        organisation: answer.organisation ?? "",
        uses: uses.filter((use) => use.answerId === answer.id).map((use) => ({ use: use.use, driverId: use.driverId ?? "" })),
      })),
    };
  }
  if (vote) {
    const dots = await db
      .select({ voter: workshopBallotDots.voter, targetId: workshopBallotDots.targetId, dots: workshopBallotDots.dots })
      .from(workshopBallotDots)
      .where(eq(workshopBallotDots.voteId, vote.id));
    const byVoter = new Map<string, Allocation>();
    for (const row of dots) {
      const allocation = byVoter.get(row.voter) ?? {};
      allocation[row.targetId] = row.dots;
      byVoter.set(row.voter, allocation);
    }
    const ballots: Ballot[] = [...byVoter].map(([voter, allocation]) => ({ voter, allocation }));
    source.vote = {
      id: vote.id,
      title: vote.title,
      targetKind: vote.targetKind,
      mode: vote.mode,
      dotsPerVoter: vote.dotsPerVoter,
      status: vote.status,
      targets: vote.targets,
      ballots,
    };
  }
  return { source, observerIds: new Set(observers.map((row) => row.userId)), dialogueClosed: workshop.dialogueStatus === "closed" };
}

/** Reads started in the current synchronous turn, by workshop (see the module's comment). */
const sharedReads = new Map<string, Promise<LoadedActivity>>();

function sharedRead(db: Executor, workshopId: string): Promise<LoadedActivity> {
  let read = sharedReads.get(workshopId);
  if (!read) {
    read = loadActivitySource(db, workshopId);
    sharedReads.set(workshopId, read);
    queueMicrotask(() => sharedReads.delete(workshopId));
  }
  return read;
}

export async function loadWorkshopActivity(db: Executor, workshopId: string, viewer: ActivityViewer): Promise<WorkshopActivity> {
  const { source, observerIds, dialogueClosed } = await sharedRead(db, workshopId);
  const canParticipate = viewer.isFacilitator || (!observerIds.has(viewer.userId) && !dialogueClosed);
  return projectActivity(source, { ...viewer, canParticipate });
}
