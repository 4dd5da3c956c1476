/**
 * Private writing and dot voting (lib/server/services/workshop-activity.ts) on a real database and
 * a real collaboration server in the process: refusals (outsiders, observers, participants doing
 * the facilitator's part), answers private until the reveal, an anonymous reveal carrying no
 * names, an answer turned into a goal, an action and a comment thread (and recorded), and votes
 * from 150 participants repeated and sent concurrently (reconnects, several tabs) counted once.
 */
import * as Y from "yjs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, commentThreads, workshopAnswers, workshopBallotDots, workshopBallots, workshopCreatedItems } from "@/db/schema";
import { readDriverDoc } from "@/lib/collab/driver-doc";
import { registerCollabHost } from "@/lib/server/collab/host";
import { loadWorkshopActivity } from "@/lib/server/workshops/activity";
import {
  castVote,
  closePrompt,
  closeVote,
  getWorkshopActivity,
  openPrompt,
  openVote,
  revealPrompt,
  revealVote,
  saveAnswer,
  useAnswer,
} from "@/lib/server/services/workshop-activity";
import { createWorkshop, setAgenda } from "@/lib/server/services/workshops";
import { getWorkshopRecord } from "@/lib/server/services/workshop-record";
import { changeSessionStatus, setFocus, setLock } from "@/lib/server/services/workshop-session";
import { buildGoalSetExport } from "@/lib/server/services/goal-set-export";
import { workshops } from "@/db/schema";
import { tallyVotes, type Allocation } from "@/lib/workshop/activity";
import { timeboxField } from "@/lib/model/workshop";
import { actorOf, buildDialogue, buildDriver, buildGapAction, buildGoalStatement, buildMember, buildUser } from "../factories";
import { expectAppError } from "../setup/assertions";
import { buildSession, startCollabServer, waitFor, type RunningCollabServer } from "../support/collab";
import { connectRoom, type RoomClient } from "../support/workshop-client";

let running: RunningCollabServer;

beforeAll(async () => {
  running = await startCollabServer({ upgradesPerMinute: 10_000 });
  registerCollabHost(running.server);
});

const rooms: RoomClient[] = [];

afterAll(async () => {
  for (const room of rooms) room.close();
  registerCollabHost(undefined);
  await running.stop();
});

async function buildWorld() {
  const { dialogue, facilitator, organisation } = await buildDialogue();
  const driver = await buildDriver(dialogue.id, { title: "Kompetensförsörjning" });
  const other = await buildDriver(dialogue.id, { title: "Arbetsmiljö" });
  const goal = await buildGoalStatement(driver.id, { text: "Fler specialistsjuksköterskor" });
  const action = await buildGapAction(driver.id, { text: "Utbildningsplatser" });
  const action2 = await buildGapAction(other.id, { text: "Schemaläggning" });
  const anna = await buildMember(dialogue.id, { role: "participant", user: await buildUser({ name: "Anna Andersson" }) });
  const bo = await buildMember(dialogue.id, { role: "participant", user: await buildUser({ name: "Bo Berg" }) });
  const observer = await buildMember(dialogue.id, { role: "observer" });
  const fac = actorOf(facilitator);
  const { id: workshopId } = await createWorkshop(fac, { dialogueId: dialogue.id, title: "Workshop" });
  await setAgenda(fac, { dialogueId: dialogue.id, workshopId, driverIds: [driver.id, other.id], [timeboxField(driver.id)]: "20", [timeboxField(other.id)]: "20" });
  const ref = { dialogueId: dialogue.id, workshopId };
  return { dialogue, facilitator, organisation, driver, other, goal, action, action2, anna, bo, observer, fac, ref, outsider: actorOf(await buildUser()) };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

const activityOf = (w: World, userId: string) => getWorkshopActivity({ userId }, w.dialogue.id, w.ref.workshopId);

describe("private writing", () => {
  it("refuses outsiders (not found), observers (forbidden to answer) and participants (forbidden to run prompts)", async () => {
    const w = await buildWorld();
    await expectAppError(openPrompt(w.outsider, { ...w.ref, question: "Fråga" }), "not_found");
    await expectAppError(openPrompt(actorOf(w.anna.user), { ...w.ref, question: "Fråga" }), "forbidden");
    const { id: promptId } = await openPrompt(w.fac, { ...w.ref, question: "Vilket gap är viktigast att stänga?", driverId: w.driver.id });
    await expectAppError(saveAnswer(actorOf(w.observer.user), { ...w.ref, promptId, body: "Mitt svar" }), "forbidden");
    await expectAppError(saveAnswer(w.outsider, { ...w.ref, promptId, body: "Mitt svar" }), "not_found");
    await expectAppError(revealPrompt(actorOf(w.anna.user), { ...w.ref, promptId }), "forbidden");
    const other = await buildDialogue();
    await expectAppError(saveAnswer(actorOf(w.anna.user), { dialogueId: other.dialogue.id, workshopId: w.ref.workshopId, promptId, body: "x" }), "not_found");
    expect(await getDb().select().from(workshopAnswers).where(eq(workshopAnswers.promptId, promptId))).toEqual([]);
    // The observer reads the prompt but may not answer.
    expect((await activityOf(w, w.observer.user.id)).prompt).toMatchObject({ question: "Vilket gap är viktigast att stänga?", canAnswer: false });
  });

  it("keeps answers private until the reveal, one per person (an upsert), editable until closed", async () => {
    const w = await buildWorld();
    const { id: promptId } = await openPrompt(w.fac, { ...w.ref, question: "Vilket gap är viktigast att stänga?", driverId: w.driver.id });
    await saveAnswer(actorOf(w.anna.user), { ...w.ref, promptId, body: "Första utkastet" });
    await saveAnswer(actorOf(w.anna.user), { ...w.ref, promptId, body: "Specialistsjuksköterskor i primärvården" });
    await saveAnswer(actorOf(w.bo.user), { ...w.ref, promptId, body: "Arbetsmiljön på akuten" });
    expect(await getDb().select().from(workshopAnswers).where(eq(workshopAnswers.promptId, promptId))).toHaveLength(2);

    const forAnna = await activityOf(w, w.anna.user.id);
    expect(forAnna.prompt).toMatchObject({ myAnswer: "Specialistsjuksköterskor i primärvården", answers: null, answered: 2, driverTitle: "Kompetensförsörjning" });
    expect(JSON.stringify(forAnna)).not.toContain("Arbetsmiljön");
    const forFacilitator = await activityOf(w, w.facilitator.id);
    expect(forFacilitator.prompt).toMatchObject({ answered: 2, answers: null });
    expect(JSON.stringify(forFacilitator)).not.toMatch(/Arbetsmiljön|Specialistsjuksköterskor i|Första/);
    // The room's loader (what the sockets receive) says the same.
    const pushed = await loadWorkshopActivity(getDb(), w.ref.workshopId, { userId: w.facilitator.id, organisationId: w.organisation.id, isFacilitator: true });
    expect(JSON.stringify(pushed)).not.toMatch(/Arbetsmiljön|Specialistsjuksköterskor i/);

    await closePrompt(w.fac, { ...w.ref, promptId });
    await expectAppError(saveAnswer(actorOf(w.bo.user), { ...w.ref, promptId, body: "Ändrat" }), "conflict");
    await expectAppError(useAnswer(w.fac, { ...w.ref, answerId: (await getDb().select().from(workshopAnswers).where(eq(workshopAnswers.promptId, promptId)))[0]!.id, use: "goal", driverId: w.driver.id }), "conflict");

    await revealPrompt(w.fac, { ...w.ref, promptId });
    const revealed = (await activityOf(w, w.bo.user.id)).prompt!;
    expect(revealed.answers!.map((answer) => [answer.author?.name, answer.body, answer.mine]).sort()).toEqual([
      ["Anna Andersson", "Specialistsjuksköterskor i primärvården", false],
      ["Bo Berg", "Arbetsmiljön på akuten", true],
    ]);
  });

  it("reveals anonymously: no name reaches any client, the facilitator's included", async () => {
    const w = await buildWorld();
    const { id: promptId } = await openPrompt(w.fac, { ...w.ref, question: "Vad saknas?" });
    await saveAnswer(actorOf(w.anna.user), { ...w.ref, promptId, body: "Data om bemanning" });
    await saveAnswer(actorOf(w.bo.user), { ...w.ref, promptId, body: "Tid för handledning" });
    await revealPrompt(w.fac, { ...w.ref, promptId, anonymous: "on" });
    for (const viewer of [w.facilitator.id, w.anna.user.id, w.bo.user.id, w.observer.user.id]) {
      const json = JSON.stringify(await activityOf(w, viewer));
      expect(json).toContain("Data om bemanning");
      expect(json).toContain("Tid för handledning");
      expect(json).not.toMatch(/Anna|Andersson|Bo Berg/);
      expect(json).not.toContain(w.anna.user.id);
      expect(json).not.toContain(w.bo.user.id);
    }
    const pushed = JSON.stringify(await loadWorkshopActivity(getDb(), w.ref.workshopId, { userId: w.facilitator.id, organisationId: w.organisation.id, isFacilitator: true }));
    expect(pushed).not.toMatch(/Anna|Andersson|Bo Berg/);
    const [audit] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.dialogueId, w.dialogue.id), eq(auditEvents.kind, "workshop.prompt_revealed")));
    expect(audit!.subject).toMatchObject({ anonymous: true, answers: 2 });
  });

  it("turns a revealed answer into a goal, an action or a comment thread in one step, and records it", async () => {
    const w = await buildWorld();
    const { id: promptId } = await openPrompt(w.fac, { ...w.ref, question: "Förslag?", driverId: w.driver.id });
    await saveAnswer(actorOf(w.anna.user), { ...w.ref, promptId, body: "Andelen specialistsjuksköterskor ska öka" });
    await saveAnswer(actorOf(w.bo.user), { ...w.ref, promptId, body: "Inför mentorskap för nyanställda" });
    await revealPrompt(w.fac, { ...w.ref, promptId, anonymous: true });
    const answers = (await activityOf(w, w.facilitator.id)).prompt!.answers!;
    const goalAnswer = answers.find((answer) => answer.body.startsWith("Andelen"))!;
    const actionAnswer = answers.find((answer) => answer.body.startsWith("Inför"))!;
    await expectAppError(useAnswer(actorOf(w.anna.user), { ...w.ref, answerId: goalAnswer.id, use: "goal", driverId: w.driver.id }), "forbidden");

    const goal = await useAnswer(w.fac, { ...w.ref, answerId: goalAnswer.id, use: "goal", driverId: w.driver.id });
    const action = await useAnswer(w.fac, { ...w.ref, answerId: actionAnswer.id, use: "action", driverId: w.other.id });
    const thread = await useAnswer(w.fac, { ...w.ref, answerId: actionAnswer.id, use: "comment", driverId: w.driver.id });

    const doc = new Y.Doc();
    Y.applyUpdate(doc, await running.server.readState(w.driver.id, w.dialogue.id));
    const content = readDriverDoc(doc);
    expect(content.goals.map((g) => g.text)).toEqual(["Fler specialistsjuksköterskor", "Andelen specialistsjuksköterskor ska öka"]);
    expect(content.goals.at(-1)!.id).toBe(goal.itemId);
    const otherDoc = new Y.Doc();
    Y.applyUpdate(otherDoc, await running.server.readState(w.other.id, w.dialogue.id));
    expect(readDriverDoc(otherDoc).actions.map((a) => [a.id, a.text])).toContainEqual([action.itemId, "Inför mentorskap för nyanställda"]);
    const [createdThread] = await getDb().select().from(commentThreads).where(eq(commentThreads.id, thread.itemId));
    expect(createdThread).toMatchObject({ driverId: w.driver.id, createdBy: w.facilitator.id });

    const recorded = await getDb().select().from(workshopCreatedItems).where(eq(workshopCreatedItems.workshopId, w.ref.workshopId)).orderBy(workshopCreatedItems.createdAt);
    expect(recorded.map((row) => [row.use, row.driverId, row.itemId, row.answerId])).toEqual([
      ["goal", w.driver.id, goal.itemId, goalAnswer.id],
      ["action", w.other.id, action.itemId, actionAnswer.id],
      ["comment", w.driver.id, thread.itemId, actionAnswer.id],
    ]);
    const after = (await activityOf(w, w.anna.user.id)).prompt!.answers!;
    expect(after.find((answer) => answer.id === actionAnswer.id)!.uses).toEqual([
      { use: "action", driverId: w.other.id },
      { use: "comment", driverId: w.driver.id },
    ]);
  });
});

describe("dot voting", () => {
  it("refuses outsiders, observers and participants running the vote; over-allocation with a clear error; nothing stored", async () => {
    const w = await buildWorld();
    const input = { ...w.ref, title: "Viktigaste åtgärden", targetKind: "action", dotsPerVoter: "3" };
    await expectAppError(openVote(w.outsider, input), "not_found");
    await expectAppError(openVote(actorOf(w.anna.user), input), "forbidden");
    const { id: voteId } = await openVote(w.fac, input);
    const vote = (await activityOf(w, w.anna.user.id)).vote!;
    expect(vote.targets.map((target) => [target.label, target.context])).toEqual([
      ["Utbildningsplatser", "Kompetensförsörjning"],
      ["Schemaläggning", "Arbetsmiljö"],
    ]);
    const [first, second] = vote.targets.map((target) => target.id);
    await expectAppError(castVote(actorOf(w.observer.user), { ...w.ref, voteId, allocation: { [first!]: 1 } }), "forbidden");
    await expectAppError(castVote(w.outsider, { ...w.ref, voteId, allocation: { [first!]: 1 } }), "not_found");
    await expectAppError(castVote(actorOf(w.anna.user), { ...w.ref, voteId, allocation: { [first!]: 2, [second!]: 2 } }), "invalid_input", {
      allocation: { key: "tooManyDots", params: { max: 3, total: 4 } },
    });
    await expectAppError(castVote(actorOf(w.anna.user), { ...w.ref, voteId, allocation: { "not-a-target": 1 } }), "invalid_input");
    await expectAppError(castVote(actorOf(w.anna.user), { ...w.ref, voteId, [`dots.${first}`]: "-1" }), "invalid_input");
    expect(await getDb().select().from(workshopBallots).where(eq(workshopBallots.voteId, voteId))).toEqual([]);
    await expectAppError(openVote(w.fac, { ...input, dotsPerVoter: "0" }), "invalid_input");
  });

  it("hides the results from participants until revealed; the facilitator sees the turnout live", async () => {
    const w = await buildWorld();
    const { id: voteId } = await openVote(w.fac, { ...w.ref, title: "Viktigaste drivkraften", targetKind: "driver", dotsPerVoter: 2 });
    await castVote(actorOf(w.anna.user), { ...w.ref, voteId, [`dots.${w.driver.id}`]: "2" });
    await castVote(actorOf(w.bo.user), { ...w.ref, voteId, allocation: { [w.other.id]: 1 } });
    const forAnna = await activityOf(w, w.anna.user.id);
    expect(forAnna.vote).toMatchObject({ myAllocation: { [w.driver.id]: 2 }, results: null, turnout: null });
    const pushed = await loadWorkshopActivity(getDb(), w.ref.workshopId, { userId: w.bo.user.id, organisationId: w.bo.organisationId, isFacilitator: false });
    expect(pushed.vote).toMatchObject({ results: null, turnout: null, myAllocation: { [w.other.id]: 1 } });
    expect((await activityOf(w, w.facilitator.id)).vote).toMatchObject({ turnout: { voters: 2, dots: 3 }, results: { preview: true } });
    await closeVote(w.fac, { ...w.ref, voteId });
    await expectAppError(castVote(actorOf(w.anna.user), { ...w.ref, voteId, allocation: {} }), "conflict");
    expect((await activityOf(w, w.anna.user.id)).vote!.results).toBeNull();
    await revealVote(w.fac, { ...w.ref, voteId });
    const revealed = (await activityOf(w, w.observer.user.id)).vote!;
    expect(revealed.results).toEqual({
      preview: false,
      rows: [
        { targetId: w.driver.id, dots: 2, voters: 1, rank: 1 },
        { targetId: w.other.id, dots: 1, voters: 1, rank: 2 },
      ],
    });
  });

  it("counts one allocation per organisation in organisation mode, the last saved by any of its members", async () => {
    const w = await buildWorld();
    const colleague = await buildMember(w.dialogue.id, { role: "participant", organisationId: w.anna.organisationId });
    const { id: voteId } = await openVote(w.fac, { ...w.ref, title: "Per organisation", targetKind: "driver", mode: "organisation", dotsPerVoter: 3 });
    await castVote(actorOf(w.anna.user), { ...w.ref, voteId, allocation: { [w.driver.id]: 3 } });
    await castVote(actorOf(colleague.user), { ...w.ref, voteId, allocation: { [w.other.id]: 1 } });
    const ballots = await getDb().select().from(workshopBallots).where(eq(workshopBallots.voteId, voteId));
    expect(ballots.map((ballot) => [ballot.voter, ballot.dots, ballot.castBy])).toEqual([[w.anna.organisationId, 1, colleague.user.id]]);
    expect((await activityOf(w, w.anna.user.id)).vote!.myAllocation).toEqual({ [w.other.id]: 1 });
  });

  it("counts 150 participants exactly once despite repeated and concurrent submissions (reconnects, several tabs)", async () => {
    const w = await buildWorld();
    const voters = [];
    for (let index = 0; index < 150; index++) voters.push(await buildMember(w.dialogue.id, { role: "participant", organisationId: index % 2 ? w.anna.organisationId : w.bo.organisationId }));
    const { id: voteId } = await openVote(w.fac, { ...w.ref, title: "150 röster", targetKind: "action", dotsPerVoter: 5 });
    const targets = (await activityOf(w, w.facilitator.id)).vote!.targets.map((target) => target.id);
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const randomAllocation = (): Allocation => {
      const allocation: Allocation = {};
      let left = 1 + Math.floor(random() * 5);
      while (left > 0) {
        const target = targets[Math.floor(random() * targets.length)]!;
        const dots = 1 + Math.floor(random() * left);
        allocation[target] = (allocation[target] ?? 0) + dots;
        left -= dots;
      }
      return allocation;
    };
    const final = new Map<string, Allocation>();
    // Each voter changes their mind 1–3 times; each save is sent 1–3 times at once (several tabs,
    // a reconnect resending), and all voters' saves run concurrently.
    await Promise.all(
      voters.map(async (voter) => {
        const changes = 1 + Math.floor(random() * 3);
        for (let change = 0; change < changes; change++) {
          const allocation = randomAllocation();
          const copies = 1 + Math.floor(random() * 3);
          await Promise.all(Array.from({ length: copies }, () => castVote(actorOf(voter.user), { ...w.ref, voteId, allocation })));
          final.set(voter.user.id, allocation);
        }
      }),
    );
    const ballots = await getDb().select().from(workshopBallots).where(eq(workshopBallots.voteId, voteId));
    expect(ballots).toHaveLength(150);
    const dots = await getDb().select().from(workshopBallotDots).where(eq(workshopBallotDots.voteId, voteId));
    const stored = new Map<string, Allocation>();
    for (const row of dots) stored.set(row.voter, { ...(stored.get(row.voter) ?? {}), [row.targetId]: row.dots });
    expect(stored).toEqual(final);
    const expected = tallyVotes(targets, [...final].map(([voter, allocation]) => ({ voter, allocation })));
    await revealVote(w.fac, { ...w.ref, voteId });
    const results = (await activityOf(w, w.anna.user.id)).vote!;
    expect(results.results!.rows).toEqual(expected.rows);
    expect(results.turnout).toEqual({ voters: 150, dots: expected.dots });
    const [audit] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.dialogueId, w.dialogue.id), eq(auditEvents.kind, "workshop.vote_revealed")));
    expect(audit!.subject).toMatchObject({ voters: 150, dots: expected.dots });
  });
});

describe("session record and exports", () => {
  it("keeps prompts, reveals, votes and created items in the record and the goal-set export, without what was never revealed", async () => {
    const w = await buildWorld();
    const { id: promptId } = await openPrompt(w.fac, { ...w.ref, question: "Vilket gap är viktigast att stänga?", driverId: w.driver.id });
    await saveAnswer(actorOf(w.anna.user), { ...w.ref, promptId, body: "Bemanningen på natten" });
    await revealPrompt(w.fac, { ...w.ref, promptId, anonymous: "on" });
    const [answer] = await getDb().select().from(workshopAnswers).where(eq(workshopAnswers.promptId, promptId));
    await useAnswer(w.fac, { ...w.ref, answerId: answer!.id, use: "goal", driverId: w.driver.id });
    const { id: secret } = await openPrompt(w.fac, { ...w.ref, question: "Inte visad fråga" });
    await saveAnswer(actorOf(w.bo.user), { ...w.ref, promptId: secret, body: "Hemligt svar" });
    const { id: voteId } = await openVote(w.fac, { ...w.ref, title: "Viktigaste drivkraften", targetKind: "driver", dotsPerVoter: 2 });
    await castVote(actorOf(w.bo.user), { ...w.ref, voteId, allocation: { [w.other.id]: 2 } });
    await revealVote(w.fac, { ...w.ref, voteId });

    const record = await getWorkshopRecord(actorOf(w.observer.user), w.dialogue.id, w.ref.workshopId);
    expect(record.prompts.map((prompt) => [prompt.question, prompt.answers])).toEqual([
      ["Vilket gap är viktigast att stänga?", [{ body: "Bemanningen på natten", author: null }]],
      ["Inte visad fråga", null],
    ]);
    expect(record.votes[0]!.results![0]).toMatchObject({ label: "Arbetsmiljö", dots: 2, voters: 1, rank: 1 });
    expect(record.createdItems).toEqual([expect.objectContaining({ use: "goal", driverTitle: "Kompetensförsörjning", text: "Bemanningen på natten" })]);
    expect(JSON.stringify(record)).not.toMatch(/Hemligt svar|Anna|Bo Berg/);
    await expectAppError(getWorkshopRecord(w.outsider, w.dialogue.id, w.ref.workshopId), "not_found");

    const request = { format: "json", language: "sv", source: "draft", include: ["workshopSummaries"] };
    expect((await buildGoalSetExport(w.fac, w.dialogue.id, request)).workshopSummaries).toEqual([]);
    await getDb().update(workshops).set({ status: "ended" }).where(eq(workshops.id, w.ref.workshopId));
    const exported = await buildGoalSetExport(w.fac, w.dialogue.id, request);
    expect(exported.workshopSummaries).toHaveLength(1);
    expect(exported.workshopSummaries[0]!.title).toBe("Workshop");
    const summary = exported.workshopSummaries[0]!.summary;
    expect(summary).toContain("Vilket gap är viktigast att stänga?");
    expect(summary).toContain("Bemanningen på natten");
    expect(summary).toContain("Arbetsmiljö");
    expect(summary).not.toMatch(/Hemligt svar|Anna|Bo Berg/);
    const english = await buildGoalSetExport(w.fac, w.dialogue.id, { ...request, language: "en" });
    expect(english.workshopSummaries[0]!.summary).toMatch(/Prompt: Vilket gap/);
    expect((await buildGoalSetExport(w.fac, w.dialogue.id, { ...request, include: [] })).workshopSummaries).toEqual([]);
  });
});

describe("locks and the session's events", () => {
  it("refuses to put an answer into a locked part, and the record shows the session, its focus and the lock", async () => {
    const w = await buildWorld();
    await changeSessionStatus(w.fac, { ...w.ref, command: "start" });
    await setFocus(w.fac, { ...w.ref, driverId: w.driver.id, part: "desired" });
    const { id: promptId } = await openPrompt(w.fac, { ...w.ref, question: "Mål?" });
    await saveAnswer(actorOf(w.anna.user), { ...w.ref, promptId, body: "Ett nytt mål" });
    await revealPrompt(w.fac, { ...w.ref, promptId });
    const [answer] = await getDb().select().from(workshopAnswers).where(eq(workshopAnswers.promptId, promptId));
    await setLock(w.fac, { ...w.ref, driverId: w.driver.id, scope: "desired", locked: true });
    const refusal = await expectAppError(useAnswer(w.fac, { ...w.ref, answerId: answer!.id, use: "goal", driverId: w.driver.id }), "conflict");
    expect(refusal.reason).toBe("part_locked");
    // The gap is not locked: the same answer may become an action.
    await useAnswer(w.fac, { ...w.ref, answerId: answer!.id, use: "action", driverId: w.driver.id });
    await setLock(w.fac, { ...w.ref, driverId: w.driver.id, scope: "desired", locked: false });
    await useAnswer(w.fac, { ...w.ref, answerId: answer!.id, use: "goal", driverId: w.driver.id });
    await changeSessionStatus(w.fac, { ...w.ref, command: "end" });
    const record = await getWorkshopRecord(w.fac, w.dialogue.id, w.ref.workshopId);
    expect(record.startedAt).not.toBeNull();
    expect(record.endedAt).not.toBeNull();
    expect(record.durationMinutes).toBe(0);
    expect(record.agenda.map((item) => [item.title, item.actualMinutes])).toEqual([
      ["Kompetensförsörjning", 0],
      ["Arbetsmiljö", 0],
    ]);
    expect(record.locks).toEqual([expect.objectContaining({ driverTitle: "Kompetensförsörjning", scope: "desired", unlockedAt: expect.any(String) })]);
    expect(record.createdItems.map((item) => item.use)).toEqual(["action", "goal"]);
  });
});

describe("the workshop room's sockets", () => {
  async function join(workshopId: string, userId: string): Promise<RoomClient> {
    const room = connectRoom(running.url, workshopId, await buildSession(userId));
    rooms.push(room);
    expect(await room.opened).toBe(true);
    await waitFor(() => room.states.length > 0, 10_000, "the first state");
    return room;
  }

  it("brings the tally to the facilitator's socket live, and none to participants' sockets before the reveal", async () => {
    const w = await buildWorld();
    const [facilitator, anna, bo, observer] = await Promise.all([
      join(w.ref.workshopId, w.facilitator.id),
      join(w.ref.workshopId, w.anna.user.id),
      join(w.ref.workshopId, w.bo.user.id),
      join(w.ref.workshopId, w.observer.user.id),
    ]);
    const { id: voteId } = await openVote(w.fac, { ...w.ref, title: "Viktigaste drivkraften", targetKind: "driver", dotsPerVoter: 3 });
    await waitFor(() => anna.latest()?.activity.vote?.id === voteId, 10_000, "the vote reaches a participant");
    await castVote(actorOf(w.anna.user), { ...w.ref, voteId, allocation: { [w.driver.id]: 2, [w.other.id]: 1 } });
    await castVote(actorOf(w.bo.user), { ...w.ref, voteId, allocation: { [w.other.id]: 3 } });
    await waitFor(() => facilitator.latest()?.activity.vote?.turnout?.voters === 2, 10_000, "the turnout on the facilitator's socket");
    const tally = facilitator.latest()!.activity.vote!.results!;
    expect(tally.preview).toBe(true);
    expect(tally.rows.map((row) => [row.targetId, row.dots])).toEqual([
      [w.other.id, 4],
      [w.driver.id, 2],
    ]);
    await waitFor(() => JSON.stringify(anna.latest()?.activity.vote?.myAllocation) === JSON.stringify({ [w.driver.id]: 2, [w.other.id]: 1 }), 10_000, "anna's own allocation");
    for (const participant of [anna, bo, observer]) {
      for (const state of participant.states) {
        expect(state.activity.vote?.results ?? null).toBeNull();
        expect(state.activity.vote?.turnout ?? null).toBeNull();
      }
    }
    expect(observer.latest()!.activity.vote).toMatchObject({ canVote: false, myAllocation: null });

    await revealVote(w.fac, { ...w.ref, voteId });
    await waitFor(() => bo.latest()?.activity.vote?.results !== null && bo.latest()?.activity.vote?.status === "revealed", 10_000, "the revealed result");
    expect(bo.latest()!.activity.vote!.results).toMatchObject({ preview: false, rows: [{ targetId: w.other.id, dots: 4 }, { targetId: w.driver.id, dots: 2 }] });
  });

  it("never sends an answer to anyone else before the reveal, and no names after an anonymous one", async () => {
    const w = await buildWorld();
    const [facilitator, anna, bo] = await Promise.all([join(w.ref.workshopId, w.facilitator.id), join(w.ref.workshopId, w.anna.user.id), join(w.ref.workshopId, w.bo.user.id)]);
    const { id: promptId } = await openPrompt(w.fac, { ...w.ref, question: "Vad saknas?" });
    await saveAnswer(actorOf(w.anna.user), { ...w.ref, promptId, body: "Annas hemliga svar" });
    await waitFor(() => facilitator.latest()?.activity.prompt?.answered === 1, 10_000, "the count on the facilitator's socket");
    await waitFor(() => anna.latest()?.activity.prompt?.myAnswer === "Annas hemliga svar", 10_000, "anna's own answer");
    for (const state of [...facilitator.states, ...bo.states]) expect(JSON.stringify(state)).not.toContain("Annas hemliga svar");
    await revealPrompt(w.fac, { ...w.ref, promptId, anonymous: true });
    await waitFor(() => bo.latest()?.activity.prompt?.status === "revealed" && facilitator.latest()?.activity.prompt?.status === "revealed", 10_000, "the reveal");
    for (const room of [facilitator, anna, bo]) {
      const json = JSON.stringify(room.latest()!.activity);
      expect(json).toContain("Annas hemliga svar");
      expect(json).not.toMatch(/Anna Andersson|Bo Berg/);
    }
  });
});
