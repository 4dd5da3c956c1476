/**
 * Comment threads against a real database (issue 6, first step: storage and services). Negatives
 * first: who may read, comment, edit, delete and resolve; then bad input that stores nothing; then
 * the journeys: a thread on a passage, on a data point and on the driver, replies, edits with
 * history, deletion with a placeholder, reactions, resolving, pagination and the overview counts.
 */
import { count, eq, inArray, sql } from "drizzle-orm";
import * as Y from "yjs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { commentReactions, commentRevisions, commentThreads, comments, dialogues, type User } from "@/db/schema";
import { anchorFragment, createTextAnchor } from "@/lib/collab/text-anchor";
import { COMMENT_LIMITS, threadAbilities, type CommentViewer } from "@/lib/model/comment";
import { readStoredState } from "@/lib/server/collab/document-store";
import { updateDialogue } from "@/lib/server/services/dialogues";
import {
  countOpenThreads,
  createThread,
  getCommentViewer,
  deleteComment,
  editComment,
  listDriverThreads,
  listThreadComments,
  replyToThread,
  setThreadResolved,
  toggleReaction,
} from "@/lib/server/services/comments";
import { actorOf, buildDialogue, buildDriver, buildGoalStatement, buildIndicator, buildMember } from "../factories";
import { expectAppError } from "../setup/assertions";

interface World {
  dialogueId: string;
  driverId: string;
  otherDriverId: string;
  goalId: string;
  indicatorId: string;
  facilitator: User;
  participant: User;
  secondParticipant: User;
  observer: User;
  outsider: User;
  otherDialogueId: string;
  otherDriverOfOtherDialogue: string;
}

let world: World;

/** The two ends of a passage in a real Yjs text, encoded as the editor sends them. */
function passage(): { start: string; end: string } {
  const doc = new Y.Doc();
  const text = doc.getXmlFragment("nulage");
  const node = new Y.XmlText("Bristen på specialistsjuksköterskor");
  text.insert(0, [node]);
  const encode = (index: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(node, index))).toString("base64");
  return { start: encode(0), end: encode(9) };
}

/** The ends of characters `from`–`to` of the world's goal, in the driver's document as stored. */
async function goalPassage(from: number, to: number): Promise<{ start: string; end: string; quote: string }> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await readStoredState(getDb(), world.driverId));
  const anchor = createTextAnchor(anchorFragment(doc, "goal", world.goalId)!, from, to)!;
  doc.destroy();
  const encode = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  return { start: encode(anchor.start), end: encode(anchor.end), quote: anchor.quote };
}

/** A valid position with one byte too many: it decodes, but is not what the editor sent. */
function withTrailingByte(encoded: string): string {
  return Buffer.concat([Buffer.from(encoded, "base64"), Buffer.of(0)]).toString("base64");
}

function commentViewer(actor: ReturnType<typeof actorOf>): Promise<CommentViewer> {
  return getCommentViewer(actor, world.dialogueId);
}

async function threadCount(): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(commentThreads).where(eq(commentThreads.dialogueId, world.dialogueId));
  return row!.n;
}

async function commentCount(): Promise<number> {
  const threads = await getDb().select({ id: commentThreads.id }).from(commentThreads).where(eq(commentThreads.dialogueId, world.dialogueId));
  if (!threads.length) return 0;
  const [row] = await getDb().select({ n: count() }).from(comments).where(inArray(comments.threadId, threads.map((thread) => thread.id)));
  return row!.n;
}

beforeAll(async () => {
  const { dialogue, facilitator, organisation } = await buildDialogue();
  const other = await buildDialogue();
  const driver = await buildDriver(dialogue.id);
  const otherDriver = await buildDriver(dialogue.id);
  const goal = await buildGoalStatement(driver.id, { text: "Bristen på specialistsjuksköterskor" });
  const { indicator } = await buildIndicator();
  const participant = await buildMember(dialogue.id, { role: "participant" });
  world = {
    dialogueId: dialogue.id,
    driverId: driver.id,
    otherDriverId: otherDriver.id,
    goalId: goal.id,
    indicatorId: indicator.id,
    facilitator,
    participant: participant.user,
    secondParticipant: (await buildMember(dialogue.id, { role: "participant", organisationId: organisation.id })).user,
    observer: (await buildMember(dialogue.id, { role: "observer" })).user,
    outsider: (await buildMember(other.dialogue.id, { role: "participant" })).user,
    otherDialogueId: other.dialogue.id,
    otherDriverOfOtherDialogue: (await buildDriver(other.dialogue.id)).id,
  };
});

const driverThread = (body = "Vad menar vi med bemanning här?") => ({
  dialogueId: world.dialogueId,
  driverId: world.driverId,
  anchor: { kind: "driver" as const },
  body,
});

describe("who may comment", () => {
  it("a non-member can neither read nor write, as if the dialogue did not exist", async () => {
    const { threadId, commentId } = await createThread(actorOf(world.participant), driverThread());
    const outsider = actorOf(world.outsider);
    await expectAppError(listDriverThreads(outsider, world.dialogueId, world.driverId), "not_found");
    await expectAppError(listThreadComments(outsider, world.dialogueId, threadId), "not_found");
    await expectAppError(countOpenThreads(outsider, world.dialogueId), "not_found");
    await expectAppError(createThread(outsider, driverThread()), "not_found");
    await expectAppError(replyToThread(outsider, { dialogueId: world.dialogueId, threadId, body: "x" }), "not_found");
    await expectAppError(toggleReaction(outsider, { dialogueId: world.dialogueId, commentId, reaction: "heart" }), "not_found");
    await expectAppError(setThreadResolved(outsider, { dialogueId: world.dialogueId, threadId, resolved: true }), "not_found");
    // Through a dialogue they are in, another dialogue's thread is still not found.
    await expectAppError(listThreadComments(outsider, world.otherDialogueId, threadId), "not_found");
    await expectAppError(replyToThread(outsider, { dialogueId: world.otherDialogueId, threadId, body: "x" }), "not_found");
  });

  it("observers read but do not comment, unless the dialogue allows it", async () => {
    const observer = actorOf(world.observer);
    const before = await threadCount();
    await expectAppError(createThread(observer, driverThread()), "forbidden");
    expect(await threadCount()).toBe(before);
    expect((await listDriverThreads(observer, world.dialogueId, world.driverId)).length).toBeGreaterThan(0);
    // The facilitator ticks "observers may comment" in the dialogue's settings.
    const [settings] = await getDb().select().from(dialogues).where(eq(dialogues.id, world.dialogueId));
    const form = {
      dialogueId: world.dialogueId,
      planningQuestion: settings!.planningQuestion,
      description: settings!.description ?? "",
      regionCodes: settings!.regionCodes,
      horizonFrom: String(settings!.horizonFrom),
      horizonTo: String(settings!.horizonTo),
      status: settings!.status,
    };
    await updateDialogue(actorOf(world.facilitator), { ...form, observersMayComment: "yes" });
    try {
      const { threadId } = await createThread(observer, driverThread("En fråga från en observatör"));
      const [listed] = (await listDriverThreads(observer, world.dialogueId, world.driverId)).filter((thread) => thread.id === threadId);
      expect(threadAbilities(listed!, await commentViewer(observer))).toEqual({ canReply: true, canResolve: true });
    } finally {
      await updateDialogue(actorOf(world.facilitator), form);
    }
    await expectAppError(createThread(observer, driverThread("Utan tillåtelse igen")), "forbidden");
  });

  it("only the author edits or deletes a comment, even a facilitator may not", async () => {
    const { commentId } = await createThread(actorOf(world.participant), driverThread("Mitt inlägg"));
    for (const user of [world.secondParticipant, world.facilitator]) {
      await expectAppError(editComment(actorOf(user), { dialogueId: world.dialogueId, commentId, body: "Ändrat" }), "forbidden");
      await expectAppError(deleteComment(actorOf(user), { dialogueId: world.dialogueId, commentId }), "forbidden");
    }
    const [stored] = await getDb().select().from(comments).where(eq(comments.id, commentId));
    expect(stored).toMatchObject({ body: "Mitt inlägg", editedAt: null, deletedAt: null });
  });

  it("the thread's author or a facilitator resolves it, another participant may not", async () => {
    const { threadId } = await createThread(actorOf(world.participant), driverThread());
    await expectAppError(setThreadResolved(actorOf(world.secondParticipant), { dialogueId: world.dialogueId, threadId, resolved: true }), "forbidden");
    await setThreadResolved(actorOf(world.participant), { dialogueId: world.dialogueId, threadId, resolved: true });
    await setThreadResolved(actorOf(world.facilitator), { dialogueId: world.dialogueId, threadId, resolved: false });
    const [thread] = await getDb().select().from(commentThreads).where(eq(commentThreads.id, threadId));
    expect(thread).toMatchObject({ resolvedAt: null, resolvedBy: null });
  });

  it("once the dialogue is closed, only facilitators comment", async () => {
    await getDb().update(dialogues).set({ status: "closed" }).where(eq(dialogues.id, world.dialogueId));
    try {
      await expectAppError(createThread(actorOf(world.participant), driverThread()), "forbidden");
      await createThread(actorOf(world.facilitator), driverThread("Sammanfattning efter stängning"));
    } finally {
      await getDb().update(dialogues).set({ status: "active" }).where(eq(dialogues.id, world.dialogueId));
    }
  });
});

describe("bad input stores nothing", () => {
  const cases: [string, () => Record<string, unknown>, Record<string, string>][] = [
    ["an empty comment", () => driverThread("   "), { body: "required" }],
    ["a comment over the limit", () => driverThread("x".repeat(COMMENT_LIMITS.bodyLength + 1)), { body: "tooLong" }],
    ["an unknown anchor kind", () => ({ ...driverThread(), anchor: { kind: "cell" } }), { "anchor.kind": "invalid" }],
    ["a passage without its quote", () => ({ ...driverThread(), anchor: { kind: "text", part: "nulage", ...passage(), quote: "" } }), { "anchor.quote": "required" }],
    ["a passage whose ends are not positions", () => ({ ...driverThread(), anchor: { kind: "text", part: "nulage", start: "//8=", end: withTrailingByte(passage().end), quote: "Bristen" } }), { "anchor.start": "invalid", "anchor.end": "invalid" }],
    ["a passage in a goal without the goal", () => ({ ...driverThread(), anchor: { kind: "text", part: "goal", ...passage(), quote: "Bristen" } }), { "anchor.itemId": "invalidChoice" }],
    ["a passage in another driver's goal", () => ({ ...driverThread(), driverId: world.otherDriverId, anchor: { kind: "text", part: "goal", itemId: world.goalId, ...passage(), quote: "Bristen" } }), { "anchor.itemId": "invalidChoice" }],
    ["a data point of an unknown indicator", () => ({ ...driverThread(), anchor: { kind: "data_point", indicatorId: "no_such_indicator", regionCode: "01", period: "2023" } }), { "anchor.indicatorId": "invalidChoice" }],
    ["a data point in an unknown region", () => ({ ...driverThread(), anchor: { kind: "data_point", indicatorId: world.indicatorId, regionCode: "02", period: "2023" } }), { "anchor.regionCode": "invalidChoice" }],
  ];

  it.each(cases)("%s", async (_name, input, expected) => {
    const before = { threads: await threadCount(), comments: await commentCount() };
    const error = await expectAppError(createThread(actorOf(world.participant), input()), "invalid_input");
    expect(Object.fromEntries(Object.entries(error.fieldErrors ?? {}).map(([field, value]) => [field, value.key]))).toMatchObject(expected);
    expect({ threads: await threadCount(), comments: await commentCount() }).toEqual(before);
  });

  it("a passage that no longer reads as quoted (edited meanwhile, or positions of another text)", async () => {
    const before = { threads: await threadCount(), comments: await commentCount() };
    const ends = await goalPassage(0, 10);
    for (const anchor of [
      { kind: "text", part: "goal", itemId: world.goalId, ...ends, quote: "Bristen PÅ" },
      { kind: "text", part: "goal", itemId: world.goalId, ...passage(), quote: "Bristen på" },
    ]) {
      const error = await expectAppError(createThread(actorOf(world.participant), { ...driverThread(), anchor }), "invalid_input");
      expect(error.fieldErrors).toEqual({ "anchor.quote": { key: "passageChanged" } });
    }
    expect({ threads: await threadCount(), comments: await commentCount() }).toEqual(before);
  });

  it("a thread on a driver of another dialogue is not found", async () => {
    await expectAppError(createThread(actorOf(world.participant), { ...driverThread(), driverId: world.otherDriverOfOtherDialogue }), "not_found");
  });
});

describe("threads", () => {
  it("on a passage of a goal statement: stored with its positions and quote, listed with author and organisation", async () => {
    const ends = await goalPassage(0, 10);
    const { threadId, commentId } = await createThread(actorOf(world.participant), {
      ...driverThread("Gäller detta hela regionen?"),
      anchor: { kind: "text", part: "goal", itemId: world.goalId, ...ends },
    });
    const [stored] = await getDb().select().from(commentThreads).where(eq(commentThreads.id, threadId));
    expect(Buffer.from(stored!.anchorStart!).toString("base64")).toBe(ends.start);
    expect(Buffer.from(stored!.anchorEnd!).toString("base64")).toBe(ends.end);
    const listed = (await listDriverThreads(actorOf(world.observer), world.dialogueId, world.driverId)).find((thread) => thread.id === threadId);
    expect(listed).toMatchObject({
      anchor: { kind: "text", part: "goal", itemId: world.goalId, start: ends.start, end: ends.end, quote: "Bristen på", isDetached: false },
      first: { id: commentId, body: "Gäller detta hela regionen?", authorId: world.participant.id, isDeleted: false },
      replyCount: 0,
    });
    expect(threadAbilities(listed!, await commentViewer(actorOf(world.observer)))).toEqual({ canReply: false, canResolve: false });
    expect(listed!.first.organisationName).toBeTruthy();
    expect(listed!.first.authorName).toBeTruthy();
  });

  it("on a data point and on the driver", async () => {
    const { threadId } = await createThread(actorOf(world.participant), {
      ...driverThread("Siffran för Stockholm ser låg ut"),
      anchor: { kind: "data_point", indicatorId: world.indicatorId, regionCode: "01", period: "2024" },
    });
    const listed = (await listDriverThreads(actorOf(world.participant), world.dialogueId, world.driverId)).find((thread) => thread.id === threadId);
    expect(listed!.anchor).toEqual({ kind: "data_point", indicatorId: world.indicatorId, regionCode: "01", period: "2024" });
  });

  it("replies, edits with history, reactions, and resolving hides the thread until the filter asks", async () => {
    const participant = actorOf(world.participant);
    const other = actorOf(world.secondParticipant);
    const { threadId, commentId } = await createThread(participant, driverThread("Första versionen"));
    const { commentId: replyId } = await replyToThread(other, { dialogueId: world.dialogueId, threadId, body: "Ett svar" });
    await editComment(participant, { dialogueId: world.dialogueId, commentId, body: "Andra versionen" });
    await editComment(participant, { dialogueId: world.dialogueId, commentId, body: "Andra versionen" });
    const revisions = await getDb().select().from(commentRevisions).where(eq(commentRevisions.commentId, commentId));
    expect(revisions.map((revision) => revision.body)).toEqual(["Första versionen"]);
    expect(await toggleReaction(other, { dialogueId: world.dialogueId, commentId, reaction: "thumbs_up" })).toEqual({ isOn: true });
    expect(await toggleReaction(participant, { dialogueId: world.dialogueId, commentId, reaction: "thumbs_up" })).toEqual({ isOn: true });
    expect(await toggleReaction(participant, { dialogueId: world.dialogueId, commentId, reaction: "thumbs_up" })).toEqual({ isOn: false });
    await expectAppError(toggleReaction(participant, { dialogueId: world.dialogueId, commentId, reaction: "skull" }), "invalid_input");

    const page = await listThreadComments(other, world.dialogueId, threadId);
    expect(page.comments.map((comment) => [comment.id, comment.body, comment.editedAt !== null])).toEqual([
      [commentId, "Andra versionen", true],
      [replyId, "Ett svar", false],
    ]);
    expect(page.comments[0]!.reactions).toEqual([{ reaction: "thumbs_up", userIds: [world.secondParticipant.id] }]);
    expect(page.nextCursor).toBeNull();

    await setThreadResolved(participant, { dialogueId: world.dialogueId, threadId, resolved: true });
    await expectAppError(replyToThread(other, { dialogueId: world.dialogueId, threadId, body: "Sent svar" }), "conflict");
    expect((await listDriverThreads(other, world.dialogueId, world.driverId)).map((thread) => thread.id)).not.toContain(threadId);
    const resolved = await listDriverThreads(other, world.dialogueId, world.driverId, "resolved");
    await expectAppError(listDriverThreads(other, world.dialogueId, world.driverId, "closed" as "resolved"), "invalid_input");
    expect(resolved.find((thread) => thread.id === threadId)).toMatchObject({ isResolved: true, replyCount: 1 });
  });

  it("deleting: a reply goes, a first comment with replies leaves a placeholder, a lone first comment takes its thread", async () => {
    const participant = actorOf(world.participant);
    const { threadId, commentId } = await createThread(participant, driverThread("Ska bort"));
    const { commentId: replyId } = await replyToThread(participant, { dialogueId: world.dialogueId, threadId, body: "Svar som ska bort" });
    const { commentId: keptReplyId } = await replyToThread(actorOf(world.secondParticipant), { dialogueId: world.dialogueId, threadId, body: "Svar som blir kvar" });
    await editComment(participant, { dialogueId: world.dialogueId, commentId, body: "Ska bort, ändrad" });
    await deleteComment(participant, { dialogueId: world.dialogueId, commentId: replyId });
    await deleteComment(participant, { dialogueId: world.dialogueId, commentId });
    const page = await listThreadComments(participant, world.dialogueId, threadId);
    expect(page.comments.map((comment) => [comment.id, comment.body, comment.isDeleted])).toEqual([
      [commentId, "", true],
      [keptReplyId, "Svar som blir kvar", false],
    ]);
    expect(await getDb().select().from(commentRevisions).where(eq(commentRevisions.commentId, commentId))).toEqual([]);
    await expectAppError(editComment(participant, { dialogueId: world.dialogueId, commentId, body: "Tillbaka" }), "not_found");

    const lone = await createThread(participant, driverThread("Ensam"));
    await toggleReaction(actorOf(world.secondParticipant), { dialogueId: world.dialogueId, commentId: lone.commentId, reaction: "eyes" });
    await deleteComment(participant, { dialogueId: world.dialogueId, commentId: lone.commentId });
    expect(await getDb().select().from(commentThreads).where(eq(commentThreads.id, lone.threadId))).toEqual([]);
    expect(await getDb().select().from(commentReactions).where(eq(commentReactions.commentId, lone.commentId))).toEqual([]);
  });

  it("a long thread comes a page at a time, in order, each comment once", async () => {
    const { threadId, commentId } = await createThread(actorOf(world.facilitator), { ...driverThread("Lång tråd"), driverId: world.otherDriverId });
    const rows = Array.from({ length: COMMENT_LIMITS.pageSize * 2 + 3 }, (_, index) => ({
      threadId,
      authorId: world.facilitator.id,
      body: `Svar ${index}`,
      // Same second for many: the id breaks ties, so no comment is skipped or repeated.
      createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, Math.floor(index / 10))),
    }));
    await getDb().insert(comments).values(rows);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listThreadComments(actorOf(world.observer), world.dialogueId, threadId, cursor);
      seen.push(...page.comments.map((comment) => comment.body));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(rows.length + 1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, -1).sort()).toEqual(rows.map((row) => row.body).sort());
    expect(seen.at(-1)).toBe("Lång tråd");
    await expectAppError(listThreadComments(actorOf(world.observer), world.dialogueId, threadId, "not-a-cursor"), "invalid_input");
    expect(commentId).toBeTruthy();
  });

  it("pages hold when comments are microseconds apart (a millisecond cursor would repeat or skip them)", async () => {
    const { threadId } = await createThread(actorOf(world.facilitator), { ...driverThread("Tät tråd"), driverId: world.otherDriverId });
    const total = COMMENT_LIMITS.pageSize + 7;
    await getDb().insert(comments).values(
      Array.from({ length: total }, (_, index) => ({
        threadId,
        authorId: world.facilitator.id,
        body: `Tätt ${String(index).padStart(3, "0")}`,
        // All in one millisecond after the opening comment, a microsecond apart.
        createdAt: sql`now() + interval '1 second' + ${index} * interval '1 microsecond'`,
      })),
    );
    const first = await listThreadComments(actorOf(world.observer), world.dialogueId, threadId);
    const second = await listThreadComments(actorOf(world.observer), world.dialogueId, threadId, first.nextCursor);
    const bodies = [...first.comments, ...second.comments].map((comment) => comment.body);
    expect(bodies).toEqual(["Tät tråd", ...Array.from({ length: total }, (_, index) => `Tätt ${String(index).padStart(3, "0")}`)]);
    expect(second.nextCursor).toBeNull();
    expect(first.nextCursor).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_/);
  });

  it("the overview counts open threads per driver", async () => {
    const counts = await countOpenThreads(actorOf(world.observer), world.dialogueId);
    const open = await getDb()
      .select({ driverId: commentThreads.driverId, n: count() })
      .from(commentThreads)
      .where(eq(commentThreads.dialogueId, world.dialogueId))
      .groupBy(commentThreads.driverId);
    expect(counts[world.driverId]).toBeGreaterThan(0);
    expect(Object.keys(counts).sort()).toEqual(open.map((row) => row.driverId).sort());
    const { threadId } = await createThread(actorOf(world.participant), driverThread("Räknas"));
    expect((await countOpenThreads(actorOf(world.observer), world.dialogueId))[world.driverId]).toBe(counts[world.driverId]! + 1);
    await setThreadResolved(actorOf(world.facilitator), { dialogueId: world.dialogueId, threadId, resolved: true });
    expect((await countOpenThreads(actorOf(world.observer), world.dialogueId))[world.driverId]).toBe(counts[world.driverId]);
  });
});
