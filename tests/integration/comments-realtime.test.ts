/**
 * Comment threads in real time (issue 6, item 5): every change to a driver's threads reaches the
 * people viewing that driver over their collaboration socket (real server, real y-websocket
 * clients), whole, so no one reloads; viewers of another driver hear nothing, and a non-member is
 * refused before any byte (RELIABILITY.md A2 for the realtime channel).
 */
import { eq } from "drizzle-orm";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { commentThreads } from "@/db/schema";
import { textFragment } from "@/lib/collab/driver-doc";
import { createTextAnchor } from "@/lib/collab/text-anchor";
import type { CommentEvent } from "@/lib/model/comment";
import { registerCollabHost } from "@/lib/server/collab/host";
import {
  createThread,
  deleteComment,
  editComment,
  replyToThread,
  setThreadResolved,
  toggleReaction,
} from "@/lib/server/services/comments";
import { actorOf, buildDialogue, buildDriver, buildMember } from "../factories";
import { buildSession, connectClient, startCollabServer, waitFor, whenSynced, type RunningCollabServer, type TestClient } from "../support/collab";

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

async function viewer(driverId: string, userId: string): Promise<TestClient> {
  const client = connectClient(running.url, driverId, await buildSession(userId));
  clients.push(client);
  await whenSynced(client);
  return client;
}

async function setting() {
  const { dialogue, facilitator } = await buildDialogue();
  const driver = await buildDriver(dialogue.id);
  const otherDriver = await buildDriver(dialogue.id);
  const author = (await buildMember(dialogue.id, { role: "participant" })).user;
  const observer = (await buildMember(dialogue.id, { role: "observer" })).user;
  return {
    dialogueId: dialogue.id,
    driverId: driver.id,
    facilitator,
    author,
    watching: await viewer(driver.id, observer.id),
    elsewhere: await viewer(otherDriver.id, facilitator.id),
  };
}

/** The next event after `seen` that matches, waited for at most 1 s (the bound). */
async function nextEvent<T extends CommentEvent["type"]>(client: TestClient, seen: number, type: T): Promise<Extract<CommentEvent, { type: T }>> {
  let found: CommentEvent | undefined;
  await waitFor(() => (found = client.commentEvents.slice(seen).find((event) => event.type === type)) !== undefined, 1_000, `a ${type} event`);
  return found as Extract<CommentEvent, { type: T }>;
}

describe("comment events on the collaboration socket", () => {
  it("a new thread, a reply, an edit, a reaction, resolving and deleting reach a viewer within 1 s, whole", async () => {
    const { dialogueId, driverId, author, watching, elsewhere } = await setting();
    const as = actorOf(author);

    let seen = watching.commentEvents.length;
    const { threadId, commentId } = await createThread(as, { dialogueId, driverId, anchor: { kind: "driver" }, body: "Hur räknar vi **heltid**?" });
    const created = await nextEvent(watching, seen, "thread");
    expect(created.isNew).toBe(true);
    expect(created.thread).toMatchObject({ id: threadId, driverId, isResolved: false, replyCount: 0, anchor: { kind: "driver" } });
    expect(created.thread.first).toMatchObject({ id: commentId, body: "Hur räknar vi **heltid**?", authorId: author.id, isDeleted: false });

    seen = watching.commentEvents.length;
    const { commentId: replyId } = await replyToThread(actorOf((await buildMember(dialogueId, { role: "participant" })).user), { dialogueId, threadId, body: "Som årsarbetare" });
    expect((await nextEvent(watching, seen, "thread")).thread.replyCount).toBe(1);
    expect(await nextEvent(watching, seen, "comment")).toMatchObject({ isNew: true, comment: { id: replyId, threadId, body: "Som årsarbetare" } });

    seen = watching.commentEvents.length;
    await editComment(as, { dialogueId, commentId, body: "Hur räknar vi årsarbetare?" });
    const editEvent = await nextEvent(watching, seen, "thread");
    expect(editEvent.isNew).toBe(false);
    const edited = editEvent.thread.first;
    expect(edited.body).toBe("Hur räknar vi årsarbetare?");
    expect(edited.editedAt).not.toBeNull();

    seen = watching.commentEvents.length;
    await toggleReaction(as, { dialogueId, commentId: replyId, reaction: "heart" });
    expect((await nextEvent(watching, seen, "comment")).comment.reactions).toEqual([{ reaction: "heart", userIds: [author.id] }]);

    seen = watching.commentEvents.length;
    await setThreadResolved(as, { dialogueId, threadId, resolved: true });
    expect((await nextEvent(watching, seen, "thread")).thread).toMatchObject({ id: threadId, isResolved: true });
    seen = watching.commentEvents.length;
    await setThreadResolved(as, { dialogueId, threadId, resolved: false });
    expect((await nextEvent(watching, seen, "thread")).thread.isResolved).toBe(false);

    seen = watching.commentEvents.length;
    await deleteComment(as, { dialogueId, commentId });
    const placeholder = (await nextEvent(watching, seen, "thread")).thread.first;
    expect(placeholder).toMatchObject({ id: commentId, isDeleted: true, body: "" });

    const lone = await createThread(as, { dialogueId, driverId, anchor: { kind: "driver" }, body: "Ensam" });
    seen = watching.commentEvents.length;
    await deleteComment(as, { dialogueId, commentId: lone.commentId });
    expect(await nextEvent(watching, seen, "thread-removed")).toEqual({ type: "thread-removed", threadId: lone.threadId });

    // The viewer of another driver of the same dialogue heard none of it.
    expect(elsewhere.commentEvents).toEqual([]);
  });

  it("a deleted reply is announced as removed, with the thread's new count", async () => {
    const { dialogueId, driverId, author, watching } = await setting();
    const { threadId } = await createThread(actorOf(author), { dialogueId, driverId, anchor: { kind: "driver" }, body: "Fråga" });
    const { commentId } = await replyToThread(actorOf(author), { dialogueId, threadId, body: "Svar" });
    const seen = watching.commentEvents.length;
    await deleteComment(actorOf(author), { dialogueId, commentId });
    expect(await nextEvent(watching, seen, "comment-removed")).toEqual({ type: "comment-removed", threadId, commentId });
    expect((await nextEvent(watching, seen, "thread")).thread.replyCount).toBe(0);
  });

  it("a passage rewritten live marks its thread detached in the database within 2 s, and restoring it attaches it again", async () => {
    const { dialogueId, driverId, author } = await setting();
    const writer = await viewer(driverId, author.id);
    const fragment = textFragment(writer.doc, "nulage");
    const text = new Y.XmlText("Bristen på barnmorskor är störst i norr");
    writer.doc.transact(() => {
      const paragraph = new Y.XmlElement("paragraph");
      fragment.push([paragraph]);
      paragraph.insert(0, [text]);
    });
    await waitFor(() => writer.isSaved(), 5_000, "saved");
    const anchor = createTextAnchor(fragment, 11, 22)!;
    expect(anchor.quote).toBe("barnmorskor");
    const encode = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
    const { threadId } = await createThread(actorOf(author), {
      dialogueId,
      driverId,
      anchor: { kind: "text", part: "nulage", start: encode(anchor.start), end: encode(anchor.end), quote: anchor.quote },
      body: "Gäller det hela regionen?",
    });
    const detachedAt = async () => (await getDb().select({ at: commentThreads.detachedAt }).from(commentThreads).where(eq(commentThreads.id, threadId)))[0]!.at;
    expect(await detachedAt()).toBeNull();

    text.delete(13, 3);
    await waitFor(async () => (await detachedAt()) !== null, 2_000, "detached_at set");
    text.insert(13, "rnm");
    await waitFor(async () => (await detachedAt()) === null, 2_000, "detached_at cleared");
  });

  it("a non-member cannot subscribe: the upgrade is refused and no event reaches them", async () => {
    const { dialogueId, driverId, author } = await setting();
    const outsider = (await buildMember((await buildDialogue()).dialogue.id, { role: "facilitator" })).user;
    const intruder = connectClient(running.url, driverId, await buildSession(outsider.id));
    clients.push(intruder);
    await createThread(actorOf(author), { dialogueId, driverId, anchor: { kind: "driver" }, body: "Internt" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(intruder.provider.wsconnected).toBe(false);
    expect(intruder.provider.synced).toBe(false);
    expect(intruder.commentEvents).toEqual([]);
    intruder.destroy();
  });
});
