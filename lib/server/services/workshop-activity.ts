/**
 * Private writing and dot voting in a facilitated workshop (issue 9, parts 3 and 4).
 *
 * - A facilitator opens a prompt (optionally about a driver); facilitators and participants write
 *   one answer each (saved as an upsert, editable until the prompt is closed), seen by nobody
 *   else; the facilitator sees how many have answered, then reveals all at once, optionally
 *   anonymously; a revealed answer becomes a goal statement or action (a server-side edit of the
 *   driver's live document, stored as the facilitator's) or a comment thread, and that is recorded.
 * - A facilitator opens a dot vote over goal statements, actions or drivers (captured with their
 *   labels), N dots per participant or per organisation; a voter's save is "my allocation is now
 *   X", replaced whole in one transaction under the ballot's unique key, so repeats from
 *   reconnects and other tabs count once; results reach participants only once revealed.
 *
 * Observers read what is revealed but neither answer nor vote (`workshop.participate`). After
 * every change the workshop room is told (workshopChanged), and it pushes each viewer's activity
 * (lib/server/workshops/activity.ts).
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import {
  drivers,
  gapActions,
  goalStatements,
  workshopAgendaItems,
  workshopAnswers,
  workshopBallotDots,
  workshopBallots,
  workshopCreatedItems,
  workshopPrompts,
  workshopVotes,
  workshops,
  type Workshop,
} from "@/db/schema";
import { ACTIONS, GOALS } from "@/lib/collab/driver-doc";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/model/ids";
import { fieldError, parseInput } from "@/lib/validation";
import {
  ACTIVITY_LIMITS,
  allocationFromInput,
  answerSchema,
  openPromptSchema,
  openVoteSchema,
  projectActivity,
  promptRefSchema,
  revealPromptSchema,
  useAnswerSchema,
  validateAllocation,
  voteRefSchema,
  type Allocation,
  type VoteTarget,
  type WorkshopActivity,
} from "@/lib/workshop/activity";
import { requireDialogueAccess, type Actor, type DialogueAccess } from "../access";
import { recordAudit } from "../audit";
import { collabHost, notifyWorkshopChanged } from "../collab/host";
import { loadActivitySource } from "../workshops/activity";
import { createThread } from "./comments";
import { rawId } from "./raw-input";

/** Tells the workshop room to push everyone's activity anew (a no-op without a collaboration server). */
const workshopChanged = notifyWorkshopChanged;

async function requireWorkshop(db: Executor, access: DialogueAccess, workshopId: string): Promise<Workshop> {
  if (!isUuid(workshopId)) throw new AppError("not_found");
  const [workshop] = await db
    .select()
    .from(workshops)
    .where(and(eq(workshops.id, workshopId), eq(workshops.dialogueId, access.dialogueId)));
  if (!workshop) throw new AppError("not_found");
  return workshop;
}

/** Access to the dialogue for `action`, and the workshop, which must be the dialogue's. */
async function requireWorkshopAccess(actor: Actor, raw: unknown, action: "workshop.manage" | "workshop.participate" | "dialogue.read") {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), action);
  const workshop = await requireWorkshop(getDb(), access, rawId(raw, "workshopId"));
  return { access, workshop };
}

function refuseIfEnded(workshop: Workshop): void {
  if (workshop.status === "ended") throw new AppError("conflict", { reason: "activity_not_open" });
}

// --- reading -----------------------------------------------------------------------------------

/** The current activity as the actor's live view would show it (the page's first render). */
export async function getWorkshopActivity(actor: Actor, dialogueId: string, workshopId: string): Promise<WorkshopActivity> {
  const { access, workshop } = await requireWorkshopAccess(actor, { dialogueId, workshopId }, "dialogue.read");
  const { source } = await loadActivitySource(getDb(), workshop.id);
  return projectActivity(source, {
    userId: actor.userId,
    organisationId: access.organisationId,
    isFacilitator: access.abilities["workshop.manage"],
    canParticipate: access.abilities["workshop.participate"],
  });
}

/** What a vote can be over: the agenda's drivers (or the dialogue's, without an agenda), and their goals and actions. */
export async function listVoteCandidates(db: Executor, dialogueId: string, workshopId: string, driverIds: readonly string[] = []) {
  const agenda = await db
    .select({ id: drivers.id, title: drivers.title })
    .from(workshopAgendaItems)
    .innerJoin(drivers, eq(drivers.id, workshopAgendaItems.driverId))
    .where(eq(workshopAgendaItems.workshopId, workshopId))
    .orderBy(asc(workshopAgendaItems.position));
  let chosen = agenda.length
    ? agenda
    : await db.select({ id: drivers.id, title: drivers.title }).from(drivers).where(eq(drivers.dialogueId, dialogueId)).orderBy(asc(drivers.position), asc(drivers.createdAt));
  if (driverIds.length) {
    const own = await db
      .select({ id: drivers.id, title: drivers.title })
      .from(drivers)
      .where(and(eq(drivers.dialogueId, dialogueId), inArray(drivers.id, [...driverIds])));
    if (own.length !== new Set(driverIds).size) throw fieldError("driverIds", "notInDialogue");
    const byId = new Map(own.map((driver) => [driver.id, driver]));
    chosen = driverIds.filter((id, index) => driverIds.indexOf(id) === index).map((id) => byId.get(id)!);
  }
  const ids = chosen.map((driver) => driver.id);
  const [goals, actions] = ids.length
    ? await Promise.all([
        db.select({ id: goalStatements.id, driverId: goalStatements.driverId, text: goalStatements.text }).from(goalStatements).where(inArray(goalStatements.driverId, ids)).orderBy(asc(goalStatements.position)),
        db.select({ id: gapActions.id, driverId: gapActions.driverId, text: gapActions.text }).from(gapActions).where(inArray(gapActions.driverId, ids)).orderBy(asc(gapActions.position)),
      ])
    : [[], []];
  const clip = (text: string) => (text.length > ACTIVITY_LIMITS.labelLength ? `${text.slice(0, ACTIVITY_LIMITS.labelLength - 1)}…` : text);
  const inDriverOrder = <T extends { driverId: string }>(items: T[]) => ids.flatMap((driverId) => items.filter((item) => item.driverId === driverId));
  const target = (id: string, driverId: string, label: string): VoteTarget => ({ id, driverId, label: clip(label), context: clip(chosen.find((driver) => driver.id === driverId)?.title ?? "") });
  return {
    driver: chosen.map((driver) => ({ id: driver.id, driverId: driver.id, label: clip(driver.title), context: "" })),
    goal: inDriverOrder(goals).filter((goal) => goal.text.trim()).map((goal) => target(goal.id, goal.driverId, goal.text)),
    action: inDriverOrder(actions).filter((action) => action.text.trim()).map((action) => target(action.id, action.driverId, action.text)),
  };
}

// --- private writing ---------------------------------------------------------------------------

export async function openPrompt(actor: Actor, raw: unknown): Promise<{ id: string }> {
  const { access, workshop } = await requireWorkshopAccess(actor, raw, "workshop.manage");
  refuseIfEnded(workshop);
  const input = parseInput(openPromptSchema, raw);
  if (input.driverId) {
    const [driver] = await getDb().select({ id: drivers.id }).from(drivers).where(and(eq(drivers.id, input.driverId), eq(drivers.dialogueId, access.dialogueId)));
    if (!driver) throw fieldError("driverId", "notInDialogue");
  }
  const id = await getDb().transaction(async (tx) => {
    // Opening a prompt closes the one before it: one prompt is written to at a time.
    await tx.update(workshopPrompts).set({ status: "closed", closedAt: new Date() }).where(and(eq(workshopPrompts.workshopId, workshop.id), eq(workshopPrompts.status, "open")));
    const [prompt] = await tx
      .insert(workshopPrompts)
      .values({ workshopId: workshop.id, question: input.question, driverId: input.driverId, createdBy: actor.userId })
      .returning({ id: workshopPrompts.id });
    return prompt!.id;
  });
  workshopChanged(workshop.id);
  return { id };
}

async function requirePrompt(db: Executor, workshopId: string, promptId: string, lock = false) {
  if (!isUuid(promptId)) throw new AppError("not_found");
  const query = db.select().from(workshopPrompts).where(and(eq(workshopPrompts.id, promptId), eq(workshopPrompts.workshopId, workshopId)));
  const [prompt] = lock ? await query.for("update") : await query;
  if (!prompt) throw new AppError("not_found");
  return prompt;
}

/** Writes (or rewrites) the actor's one answer to an open prompt. */
export async function saveAnswer(actor: Actor, raw: unknown): Promise<void> {
  const { access, workshop } = await requireWorkshopAccess(actor, raw, "workshop.participate");
  const input = parseInput(answerSchema, raw);
  await getDb().transaction(async (tx) => {
    const prompt = await requirePrompt(tx, workshop.id, input.promptId, true);
    if (prompt.status !== "open") throw new AppError("conflict", { reason: "activity_not_open" });
    await tx
      .insert(workshopAnswers)
      .values({ promptId: prompt.id, authorId: actor.userId, organisationId: access.organisationId, body: input.body })
      .onConflictDoUpdate({
        target: [workshopAnswers.promptId, workshopAnswers.authorId],
        set: { body: input.body, organisationId: access.organisationId, updatedAt: new Date() },
      });
  });
  workshopChanged(workshop.id);
}

/** Closes a prompt to answers (without revealing them yet). */
export async function closePrompt(actor: Actor, raw: unknown): Promise<void> {
  const { workshop } = await requireWorkshopAccess(actor, raw, "workshop.manage");
  const input = parseInput(promptRefSchema, raw);
  await getDb().transaction(async (tx) => {
    const prompt = await requirePrompt(tx, workshop.id, input.promptId, true);
    if (prompt.status !== "open") return;
    await tx.update(workshopPrompts).set({ status: "closed", closedAt: new Date() }).where(eq(workshopPrompts.id, prompt.id));
  });
  workshopChanged(workshop.id);
}

/** Reveals every answer at once (closing the prompt), with or without the writers' names. */
export async function revealPrompt(actor: Actor, raw: unknown): Promise<void> {
  const { access, workshop } = await requireWorkshopAccess(actor, raw, "workshop.manage");
  const input = parseInput(revealPromptSchema, raw);
  await getDb().transaction(async (tx) => {
    const prompt = await requirePrompt(tx, workshop.id, input.promptId, true);
    if (prompt.status === "revealed") return;
    const now = new Date();
    await tx
      .update(workshopPrompts)
      .set({ status: "revealed", anonymous: input.anonymous, closedAt: prompt.closedAt ?? now, revealedAt: now })
      .where(eq(workshopPrompts.id, prompt.id));
    const [answered] = await tx.select({ n: sql<number>`count(*)::int` }).from(workshopAnswers).where(eq(workshopAnswers.promptId, prompt.id));
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: "workshop.prompt_revealed",
      subject: { workshopId: workshop.id, promptId: prompt.id, question: prompt.question, anonymous: input.anonymous, answers: Number(answered?.n ?? 0) },
    });
  });
  workshopChanged(workshop.id);
}

/**
 * Turns a revealed answer into a goal statement or an action at the end of the driver's list (an
 * edit of the live document by the facilitator), or into a comment thread on the driver (the
 * facilitator's), and records what it became.
 */
export async function useAnswer(actor: Actor, raw: unknown): Promise<{ use: string; itemId: string }> {
  const { access, workshop } = await requireWorkshopAccess(actor, raw, "workshop.manage");
  const input = parseInput(useAnswerSchema, raw);
  const [answer] = await getDb()
    .select({ id: workshopAnswers.id, body: workshopAnswers.body, status: workshopPrompts.status })
    .from(workshopAnswers)
    .innerJoin(workshopPrompts, eq(workshopPrompts.id, workshopAnswers.promptId))
    .where(and(eq(workshopAnswers.id, input.answerId), eq(workshopPrompts.workshopId, workshop.id)));
  if (!answer) throw new AppError("not_found");
  if (answer.status !== "revealed") throw new AppError("conflict", { reason: "not_revealed" });
  const [driver] = await getDb().select({ id: drivers.id }).from(drivers).where(and(eq(drivers.id, input.driverId), eq(drivers.dialogueId, access.dialogueId)));
  if (!driver) throw fieldError("driverId", "notInDialogue");
  let itemId: string;
  if (input.use === "comment") {
    ({ threadId: itemId } = await createThread(actor, { dialogueId: access.dialogueId, driverId: driver.id, anchor: { kind: "driver" }, body: answer.body }));
  } else {
    const host = collabHost();
    // The new item must reach everyone editing the driver live, which only the collaboration server can do.
    if (!host) throw new AppError("unavailable");
    itemId = randomUUID();
    // A part a facilitator has locked is settled: no answer is added to it either (unlock first).
    const outcome = await host.appendItem(driver.id, access.dialogueId, { list: input.use === "goal" ? GOALS : ACTIONS, itemId, text: answer.body }, actor.userId);
    if (outcome === "locked") throw new AppError("conflict", { reason: "part_locked" });
  }
  await getDb().transaction(async (tx) => {
    await tx.insert(workshopCreatedItems).values({ workshopId: workshop.id, answerId: answer.id, use: input.use, driverId: driver.id, itemId, text: answer.body, createdBy: actor.userId });
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: "workshop.answer_used",
      subject: { workshopId: workshop.id, answerId: answer.id, use: input.use, driverId: driver.id, itemId, text: answer.body },
    });
  });
  workshopChanged(workshop.id);
  return { use: input.use, itemId };
}

// --- dot voting --------------------------------------------------------------------------------

/** Opens a vote over the targets as they read now (closing any vote still open). */
export async function openVote(actor: Actor, raw: unknown): Promise<{ id: string }> {
  const { access, workshop } = await requireWorkshopAccess(actor, raw, "workshop.manage");
  refuseIfEnded(workshop);
  const input = parseInput(openVoteSchema, raw);
  const candidates = await listVoteCandidates(getDb(), access.dialogueId, workshop.id, input.driverIds);
  const targets = candidates[input.targetKind].slice(0, ACTIVITY_LIMITS.targetsMax);
  if (!targets.length) throw fieldError("targetKind", "noTargets");
  const id = await getDb().transaction(async (tx) => {
    await tx.update(workshopVotes).set({ status: "closed", closedAt: new Date() }).where(and(eq(workshopVotes.workshopId, workshop.id), eq(workshopVotes.status, "open")));
    const [vote] = await tx
      .insert(workshopVotes)
      .values({ workshopId: workshop.id, title: input.title, targetKind: input.targetKind, mode: input.mode, dotsPerVoter: input.dotsPerVoter, targets, createdBy: actor.userId })
      .returning({ id: workshopVotes.id });
    return vote!.id;
  });
  workshopChanged(workshop.id);
  return { id };
}

async function requireVote(db: Executor, workshopId: string, voteId: string, lock: "update" | "share" | null = null) {
  if (!isUuid(voteId)) throw new AppError("not_found");
  const query = db.select().from(workshopVotes).where(and(eq(workshopVotes.id, voteId), eq(workshopVotes.workshopId, workshopId)));
  const [vote] = lock ? await query.for(lock) : await query;
  if (!vote) throw new AppError("not_found");
  return vote;
}

/**
 * "My allocation is now X" (the organisation's, in organisation mode): the voter's ballot row is
 * upserted first, which locks it, then its dots are replaced, all in one transaction. However many
 * tabs or reconnects repeat the save, the voter has one ballot holding the last allocation saved.
 * More dots than allowed are refused whole, with the total and the allowance.
 */
export async function castVote(actor: Actor, raw: unknown): Promise<{ allocation: Allocation; total: number }> {
  const { access, workshop } = await requireWorkshopAccess(actor, raw, "workshop.participate");
  const input = parseInput(voteRefSchema, raw);
  const result = await getDb().transaction(async (tx) => {
    // Shared: votes cast at once proceed together; closing the vote (for update) waits for them.
    const vote = await requireVote(tx, workshop.id, input.voteId, "share");
    if (vote.status !== "open") throw new AppError("conflict", { reason: "activity_not_open" });
    const checked = validateAllocation(allocationFromInput(raw as Record<string, unknown>), vote.targets.map((target) => target.id), vote.dotsPerVoter);
    if (!checked.ok) {
      const { error } = checked;
      if (error.code === "overAllocated") {
        throw new AppError("invalid_input", { fieldErrors: { allocation: { key: "tooManyDots", params: { max: error.max, total: error.total } } } });
      }
      throw fieldError(error.code === "unknownTarget" ? "allocation" : `dots.${error.targetId}`, error.code === "unknownTarget" ? "invalidChoice" : "notInteger");
    }
    const voter = vote.mode === "organisation" ? access.organisationId : actor.userId;
    await tx
      .insert(workshopBallots)
      .values({ voteId: vote.id, voter, castBy: actor.userId, dots: checked.total })
      .onConflictDoUpdate({ target: [workshopBallots.voteId, workshopBallots.voter], set: { castBy: actor.userId, dots: checked.total, updatedAt: new Date() } });
    await tx.delete(workshopBallotDots).where(and(eq(workshopBallotDots.voteId, vote.id), eq(workshopBallotDots.voter, voter)));
    const rows = Object.entries(checked.allocation).map(([targetId, dots]) => ({ voteId: vote.id, voter, targetId, dots }));
    if (rows.length) await tx.insert(workshopBallotDots).values(rows);
    return { allocation: checked.allocation, total: checked.total };
  });
  workshopChanged(workshop.id);
  return result;
}

async function setVoteStatus(actor: Actor, raw: unknown, status: "closed" | "revealed"): Promise<void> {
  const { access, workshop } = await requireWorkshopAccess(actor, raw, "workshop.manage");
  const input = parseInput(voteRefSchema, raw);
  await getDb().transaction(async (tx) => {
    const vote = await requireVote(tx, workshop.id, input.voteId, "update");
    if (vote.status === status || vote.status === "revealed") return;
    const now = new Date();
    await tx
      .update(workshopVotes)
      .set({ status, closedAt: vote.closedAt ?? now, ...(status === "revealed" ? { revealedAt: now } : {}) })
      .where(eq(workshopVotes.id, vote.id));
    if (status === "revealed") {
      const [turnout] = await tx.select({ voters: sql<number>`count(*)::int`, dots: sql<number>`coalesce(sum(${workshopBallots.dots}), 0)::int` }).from(workshopBallots).where(and(eq(workshopBallots.voteId, vote.id), sql`${workshopBallots.dots} > 0`));
      await recordAudit(tx, actor.userId, {
        dialogueId: access.dialogueId,
        kind: "workshop.vote_revealed",
        subject: { workshopId: workshop.id, voteId: vote.id, title: vote.title, voters: Number(turnout?.voters ?? 0), dots: Number(turnout?.dots ?? 0) },
      });
    }
  });
  workshopChanged(workshop.id);
}

/** Stops the voting (the results stay hidden until revealed). */
export function closeVote(actor: Actor, raw: unknown): Promise<void> {
  return setVoteStatus(actor, raw, "closed");
}

/** Closes the vote if open and shows its results to everyone. */
export function revealVote(actor: Actor, raw: unknown): Promise<void> {
  return setVoteStatus(actor, raw, "revealed");
}

/** The workshop's prompts and votes, newest first (the record and the facilitator's history). */
export async function listActivityHistory(db: Executor, workshopId: string) {
  const [prompts, votes] = await Promise.all([
    db.select().from(workshopPrompts).where(eq(workshopPrompts.workshopId, workshopId)).orderBy(desc(workshopPrompts.createdAt)),
    db.select().from(workshopVotes).where(eq(workshopVotes.workshopId, workshopId)).orderBy(desc(workshopVotes.createdAt)),
  ]);
  return { prompts, votes };
}
