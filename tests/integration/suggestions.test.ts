/**
 * Suggestions (issue 7) with a real database and a real collaboration server in the process:
 * refusals first (no suggestion round, an uninvited organisation, observers, outsiders, other
 * drivers), then accepting (the live document, the relational copy, the audit log and the
 * suggester's notification), rejecting with a reason, deciding twice, a text edited since the
 * suggestion, and the suggestion's own comments.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, goalStatements, notifications, suggestions, type User } from "@/db/schema";
import { GOALS, readDriverDoc, replaceItemText } from "@/lib/collab/driver-doc";
import { dateToStockholmLocal, type RoundKind } from "@/lib/model/round";
import { CLOSE_CODES } from "@/lib/collab/protocol";
import { registerCollabHost } from "@/lib/server/collab/host";
import { listDriverThreads } from "@/lib/server/services/comments";
import { createRound, getRound } from "@/lib/server/services/rounds";
import { commentOnSuggestion, createSuggestion, decideSuggestion, getDriverSuggestions } from "@/lib/server/services/suggestions";
import { restoreDriverVersion, saveDriverVersion } from "@/lib/server/services/driver-versions";
import { changeSessionStatus, setLock } from "@/lib/server/services/workshop-session";
import { createWorkshop } from "@/lib/server/services/workshops";
import { actorOf, buildDialogue, buildDriver, buildGapAction, buildGoalStatement, buildMember, buildOrganisation, buildUser } from "../factories";
import { expectAppError } from "../setup/assertions";
import { buildSession, connectClient, startCollabServer, waitFor, whenSynced, type RunningCollabServer, type TestClient } from "../support/collab";

const HOUR = 3_600_000;
const BASE = "Andelen specialistsjuksköterskor ska öka.";
const PROPOSED = "Andelen specialistsjuksköterskor ska öka till 30 procent.";

let running: RunningCollabServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  running = await startCollabServer({ upgradesPerMinute: 10_000 });
  registerCollabHost(running.server);
});

afterAll(async () => {
  registerCollabHost(undefined);
  for (const client of clients) client.destroy();
  await running.stop();
});

async function buildWorld() {
  const { dialogue, facilitator } = await buildDialogue();
  const driver = await buildDriver(dialogue.id);
  const goal = await buildGoalStatement(driver.id, { text: BASE });
  const action = await buildGapAction(driver.id, { text: "Inför AT-tjänster i primärvården." });
  const invited = await buildOrganisation({ name: `Region Testa ${randomUUID()}` });
  const anna = await buildMember(dialogue.id, { role: "participant", organisationId: invited.id, user: await buildUser({ name: "Anna" }) });
  const david = await buildMember(dialogue.id, { role: "participant" });
  const observer = await buildMember(dialogue.id, { role: "observer", organisationId: invited.id });
  const ref = { dialogueId: dialogue.id, driverId: driver.id };
  return { dialogue, facilitator, driver, goal, action, invited, anna, david, observer, outsider: await buildUser(), ref };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

async function openRound(w: World, kind: RoundKind): Promise<string> {
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const { id } = await createRound(
    actorOf(w.facilitator),
    {
      dialogueId: w.dialogue.id,
      kind,
      title: `Förslagsrunda ${kind}`,
      driverIds: [w.driver.id],
      organisationIds: [w.invited.id],
      opensAt: dateToStockholmLocal(now),
      closesAt: dateToStockholmLocal(new Date(now.getTime() + 72 * HOUR)),
    },
    now,
  );
  return id;
}

function suggestGoal(w: World, user: Pick<User, "id">, proposedText = PROPOSED) {
  return createSuggestion(actorOf(user), { ...w.ref, itemKind: "goal", itemId: w.goal.id, proposedText });
}

async function connect(w: World, user: Pick<User, "id">): Promise<TestClient> {
  const client = connectClient(running.url, w.driver.id, await buildSession(user.id));
  clients.push(client);
  await whenSynced(client);
  return client;
}

const goalTextOf = (client: TestClient, goalId: string) => readDriverDoc(client.doc).goals.find((goal) => goal.id === goalId)?.text;

async function statusOf(id: string) {
  const [row] = await getDb().select().from(suggestions).where(eq(suggestions.id, id));
  return row!;
}

describe("the live document in a suggestion round", () => {
  it("switches a participant's open socket to read-only when the round opens: they suggest, only facilitators edit", async () => {
    const w = await buildWorld();
    const participant = await connect(w, w.anna.user);
    await openRound(w, "suggestion");
    await waitFor(() => participant.closeEvents.some((event) => event.code === CLOSE_CODES.accessChanged), 2_000, "4501 when the round opens");
    await waitFor(() => participant.provider.wsconnected && participant.provider.synced, 5_000, "the participant reconnects");
    replaceItemText(participant.doc, { list: GOALS, itemId: w.goal.id, expectedText: BASE, proposedText: "Deltagarens egen ändring." });
    const facilitator = await connect(w, w.facilitator);
    replaceItemText(facilitator.doc, { list: GOALS, itemId: w.goal.id, expectedText: BASE, proposedText: "Processledarens ändring." });
    await waitFor(() => facilitator.isSaved(), 5_000, "the facilitator's edit is saved");
    const fresh = await connect(w, w.observer.user);
    expect(goalTextOf(fresh, w.goal.id)).toBe("Processledarens ändring.");
  });
});

describe("suggesting: refusals", () => {
  it("refuses a suggestion without an open suggestion round, also in a round of another kind", async () => {
    const w = await buildWorld();
    await expectAppError(suggestGoal(w, w.anna.user), "conflict");
    await openRound(w, "comment");
    const error = await expectAppError(suggestGoal(w, w.anna.user), "conflict");
    expect(error.reason).toBe("round_not_open");
    const stored = await getDb().select().from(suggestions).where(eq(suggestions.driverId, w.driver.id));
    expect(stored).toEqual([]);
  });

  it("refuses outsiders and other dialogues as not found, observers as forbidden and an uninvited organisation as not invited", async () => {
    const w = await buildWorld();
    await openRound(w, "suggestion");
    await expectAppError(suggestGoal(w, w.outsider), "not_found");
    const other = await buildDialogue();
    const otherDriver = await buildDriver(other.dialogue.id);
    await expectAppError(createSuggestion(actorOf(w.anna.user), { ...w.ref, driverId: otherDriver.id, itemKind: "goal", itemId: w.goal.id, proposedText: PROPOSED }), "not_found");
    await expectAppError(suggestGoal(w, w.observer.user), "forbidden");
    const uninvited = await expectAppError(suggestGoal(w, w.david.user), "forbidden");
    expect(uninvited.reason).toBe("not_invited");
  });

  it("checks the wording and that the item is the driver's", async () => {
    const w = await buildWorld();
    await openRound(w, "suggestion");
    await expectAppError(suggestGoal(w, w.anna.user, "  "), "invalid_input", { proposedText: { key: "required" } });
    await expectAppError(suggestGoal(w, w.anna.user, ` ${BASE}  `), "invalid_input", { proposedText: { key: "unchangedWording" } });
    await expectAppError(createSuggestion(actorOf(w.anna.user), { ...w.ref, itemKind: "action", itemId: w.goal.id, proposedText: PROPOSED }), "invalid_input", {
      itemId: { key: "invalidChoice" },
    });
  });
});

describe("deciding", () => {
  it("accepts: the live document, the relational copy, the audit log and the suggester's notification", async () => {
    const w = await buildWorld();
    await openRound(w, "suggestion");
    const watcher = await connect(w, w.observer.user);
    const { id } = await suggestGoal(w, w.anna.user);

    await expectAppError(decideSuggestion(actorOf(w.anna.user), { ...w.ref, suggestionId: id, decision: "accept" }), "forbidden");
    await expectAppError(decideSuggestion(actorOf(w.observer.user), { ...w.ref, suggestionId: id, decision: "accept" }), "forbidden");
    expect((await statusOf(id)).status).toBe("pending");

    await decideSuggestion(actorOf(w.facilitator), { ...w.ref, suggestionId: id, decision: "accept" });
    await waitFor(() => goalTextOf(watcher, w.goal.id) === PROPOSED, 5_000, "the accepted wording reaches a connected client");
    const [copied] = await getDb().select({ text: goalStatements.text }).from(goalStatements).where(eq(goalStatements.id, w.goal.id));
    expect(copied?.text).toBe(PROPOSED);
    expect(await statusOf(id)).toMatchObject({ status: "accepted", decidedBy: w.facilitator.id, createdBy: w.anna.user.id });

    const [audit] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.dialogueId, w.dialogue.id), eq(auditEvents.kind, "suggestion.accepted")));
    expect(audit).toMatchObject({ actorId: w.facilitator.id, subject: { suggestionId: id, suggestedBy: w.anna.user.id, baseText: BASE, proposedText: PROPOSED } });
    const told = await getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.recipientId, w.anna.user.id), sql`${notifications.reason} = 'suggestion_decided'`));
    expect(told).toMatchObject([{ suggestionId: id, driverId: w.driver.id }]);

    const again = await expectAppError(decideSuggestion(actorOf(w.facilitator), { ...w.ref, suggestionId: id, decision: "reject", reason: "Nej" }), "conflict");
    expect(again.reason).toBe("suggestion_decided");
  });

  it("refuses to accept into a part locked in a workshop, and a restore of a saved version too; both go through once unlocked", async () => {
    const w = await buildWorld();
    await openRound(w, "suggestion");
    const facilitator = actorOf(w.facilitator);
    const { id: versionId } = await saveDriverVersion(facilitator, { ...w.ref, name: "Före workshopen" });
    const { id } = await suggestGoal(w, w.anna.user);
    const { id: workshopId } = await createWorkshop(facilitator, { dialogueId: w.dialogue.id, title: "Workshop" });
    const workshop = { dialogueId: w.dialogue.id, workshopId };
    await changeSessionStatus(facilitator, { ...workshop, command: "start" });
    await setLock(facilitator, { ...workshop, driverId: w.driver.id, scope: "desired", locked: true });

    const refused = await expectAppError(decideSuggestion(facilitator, { ...w.ref, suggestionId: id, decision: "accept" }), "conflict");
    expect(refused.reason).toBe("part_locked");
    expect((await statusOf(id)).status).toBe("pending");
    const restore = await expectAppError(restoreDriverVersion(facilitator, { ...w.ref, versionId }), "conflict");
    expect(restore.reason).toBe("part_locked");
    const watcher = await connect(w, w.observer.user);
    expect(goalTextOf(watcher, w.goal.id)).toBe(BASE);

    await setLock(facilitator, { ...workshop, driverId: w.driver.id, scope: "desired", locked: false });
    await decideSuggestion(facilitator, { ...w.ref, suggestionId: id, decision: "accept" });
    await waitFor(() => goalTextOf(watcher, w.goal.id) === PROPOSED, 5_000, "the accepted wording once unlocked");
    await restoreDriverVersion(facilitator, { ...w.ref, versionId });
    await waitFor(() => goalTextOf(watcher, w.goal.id) === BASE, 5_000, "the restored version once unlocked");
  });

  it("rejects only with a reason, and the reason is kept and shown", async () => {
    const w = await buildWorld();
    await openRound(w, "suggestion");
    const { id } = await suggestGoal(w, w.anna.user);
    await expectAppError(decideSuggestion(actorOf(w.facilitator), { ...w.ref, suggestionId: id, decision: "reject", reason: " " }), "invalid_input", {
      reason: { key: "reasonRequired" },
    });
    await decideSuggestion(actorOf(w.facilitator), { ...w.ref, suggestionId: id, decision: "reject", reason: "Målet ska inte låsa en siffra." });
    const view = await getDriverSuggestions(actorOf(w.observer.user), w.dialogue.id, w.driver.id);
    expect(view.canDecide).toBe(false);
    expect(view.suggestions).toMatchObject([{ id, status: "rejected", decisionReason: "Målet ska inte låsa en siffra.", suggestedByName: "Anna" }]);
    const [audit] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.dialogueId, w.dialogue.id), eq(auditEvents.kind, "suggestion.rejected")));
    expect(audit?.subject).toMatchObject({ suggestionId: id, reason: "Målet ska inte låsa en siffra." });
    const again = await expectAppError(decideSuggestion(actorOf(w.facilitator), { ...w.ref, suggestionId: id, decision: "accept" }), "conflict");
    expect(again.reason).toBe("suggestion_decided");
  });

  it("refuses to apply a suggestion over a text edited since, and leaves it pending", async () => {
    const w = await buildWorld();
    await openRound(w, "suggestion");
    const { id } = await suggestGoal(w, w.anna.user);
    const editor = await connect(w, w.facilitator);
    replaceItemText(editor.doc, { list: GOALS, itemId: w.goal.id, expectedText: BASE, proposedText: "Fler specialistsjuksköterskor." });
    await waitFor(() => editor.isSaved(), 5_000, "the facilitator's edit is saved");

    const listed = await getDriverSuggestions(actorOf(w.facilitator), w.dialogue.id, w.driver.id);
    expect(listed.suggestions).toMatchObject([{ id, isBaseChanged: true }]);
    const error = await expectAppError(decideSuggestion(actorOf(w.facilitator), { ...w.ref, suggestionId: id, decision: "accept" }), "conflict");
    expect(error.reason).toBe("suggestion_base_changed");
    expect((await statusOf(id)).status).toBe("pending");
    expect(goalTextOf(editor, w.goal.id)).toBe("Fler specialistsjuksköterskor.");
  });

  it("does not decide another driver's suggestion", async () => {
    const w = await buildWorld();
    await openRound(w, "suggestion");
    const { id } = await suggestGoal(w, w.anna.user);
    const otherDriver = await buildDriver(w.dialogue.id);
    await expectAppError(decideSuggestion(actorOf(w.facilitator), { ...w.ref, driverId: otherDriver.id, suggestionId: id, decision: "accept" }), "not_found");
    await expectAppError(decideSuggestion(actorOf(w.facilitator), { ...w.ref, suggestionId: randomUUID(), decision: "accept" }), "not_found");
  });
});

describe("a suggestion's comments", () => {
  it("keeps one thread per suggestion, out of the driver's thread list", async () => {
    const w = await buildWorld();
    await openRound(w, "suggestion");
    const { id } = await suggestGoal(w, w.anna.user);
    await commentOnSuggestion(actorOf(w.facilitator), { ...w.ref, suggestionId: id, body: "Vilken källa har 30 procent?" });
    await commentOnSuggestion(actorOf(w.anna.user), { ...w.ref, suggestionId: id, body: "Kompetensförsörjningsplanen." });
    await expectAppError(commentOnSuggestion(actorOf(w.outsider), { ...w.ref, suggestionId: id, body: "Hej" }), "not_found");
    await expectAppError(commentOnSuggestion(actorOf(w.observer.user), { ...w.ref, suggestionId: id, body: "Hej" }), "forbidden");

    const view = await getDriverSuggestions(actorOf(w.observer.user), w.dialogue.id, w.driver.id);
    expect(view.suggestions[0]?.comments.map((comment) => comment.body)).toEqual(["Vilken källa har 30 procent?", "Kompetensförsörjningsplanen."]);
    expect(await listDriverThreads(actorOf(w.facilitator), w.dialogue.id, w.driver.id, "all")).toEqual([]);
  });
});

describe("the round's answers", () => {
  it("counts a suggestion as its organisation's answer on the driver", async () => {
    const w = await buildWorld();
    const roundId = await openRound(w, "suggestion");
    const stateOf = async () => (await getRound(actorOf(w.facilitator), w.dialogue.id, roundId)).cells.find((cell) => cell.organisationId === w.invited.id)?.state;
    expect(await stateOf()).toBe("missing");
    await suggestGoal(w, w.anna.user);
    expect(await stateOf()).toBe("answered");
  });
});

describe("reading", () => {
  it("offers the items to suggest on only to invited members during the round", async () => {
    const w = await buildWorld();
    const before = await getDriverSuggestions(actorOf(w.anna.user), w.dialogue.id, w.driver.id);
    expect(before).toMatchObject({ canSuggest: false, openSuggestionRound: null, items: [] });
    await openRound(w, "suggestion");
    const during = await getDriverSuggestions(actorOf(w.anna.user), w.dialogue.id, w.driver.id);
    expect(during.canSuggest).toBe(true);
    expect(during.items).toEqual([
      { kind: "goal", id: w.goal.id, number: 1, text: BASE },
      { kind: "action", id: w.action.id, number: 1, text: "Inför AT-tjänster i primärvården." },
    ]);
    expect((await getDriverSuggestions(actorOf(w.david.user), w.dialogue.id, w.driver.id)).canSuggest).toBe(false);
    expect((await getDriverSuggestions(actorOf(w.facilitator), w.dialogue.id, w.driver.id)).canDecide).toBe(true);
    await expectAppError(getDriverSuggestions(actorOf(w.outsider), w.dialogue.id, w.driver.id), "not_found");
  });
});
