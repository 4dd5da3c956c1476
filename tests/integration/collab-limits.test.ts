/**
 * Limits and bad input (RELIABILITY.md C5 with 2 000 frames, C9): floods are throttled then closed,
 * silent sockets time out, a document over its size limit refuses the growth and stays unchanged,
 * oversize presence is dropped, and malformed frames from many sockets close only those sockets
 * while honest documents end byte-equal to a replay of the honest clients' updates.
 */
import fc from "fast-check";
import { eq, inArray } from "drizzle-orm";
import WebSocket from "ws";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { driverDocUpdates } from "@/db/schema";
import { textFragment } from "@/lib/collab/driver-doc";
import { CLOSE_CODES, COLLAB_LIMITS, driverDocumentName } from "@/lib/collab/protocol";
import { loadDocument } from "@/lib/server/collab/document-store";
import { buildDialogue, buildDriver, buildMember } from "../factories";
import {
  authenticatedWebSocket,
  buildSession,
  connectClient,
  startCollabServer,
  waitFor,
  whenSynced,
  type RunningCollabServer,
  type TestClient,
} from "../support/collab";

let running: RunningCollabServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  running = await startCollabServer({ upgradesPerMinute: 100_000 });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await running.stop();
});

async function rawSocket(driverId: string, token: string | null): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const Socket = authenticatedWebSocket(token);
  const socket = new Socket(`${running.url}/${driverDocumentName(driverId)}`);
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  socket.on("error", () => undefined);
  await new Promise<void>((resolve) => {
    socket.on("open", () => resolve());
    socket.on("unexpected-response", () => resolve());
  });
  return { socket, closed };
}

function appendParagraph(doc: Y.Doc, text: string): void {
  const fragment = textFragment(doc, "nulage");
  doc.transact(() => {
    const paragraph = new Y.XmlElement("paragraph");
    fragment.push([paragraph]);
    paragraph.insert(0, [new Y.XmlText(text)]);
  });
}

async function driverWithEditor() {
  const built = await buildDialogue();
  const driver = await buildDriver(built.dialogue.id);
  const token = await buildSession(built.facilitator.id);
  return { ...built, driver, token };
}

describe("limits", () => {
  it("throttles a flooding socket, then closes it with 4429, while an honest client keeps editing", async () => {
    const { driver, token } = await driverWithEditor();
    const honest = connectClient(running.url, driver.id, token);
    clients.push(honest);
    await whenSynced(honest);
    const { socket, closed } = await rawSocket(driver.id, token);
    const emptyAwareness = Uint8Array.of(1, 1, 0);
    let sent = 0;
    const flood = setInterval(() => {
      for (let burst = 0; burst < 50 && socket.readyState === WebSocket.OPEN; burst++, sent++) socket.send(emptyAwareness);
    }, 10);
    const started = Date.now();
    const code = await closed;
    clearInterval(flood);
    expect(code).toBe(CLOSE_CODES.rateLimited);
    expect(Date.now() - started).toBeGreaterThanOrEqual(COLLAB_LIMITS.floodSeconds * 1000 - 500);
    expect(sent).toBeGreaterThan(COLLAB_LIMITS.messagesPerSecond * COLLAB_LIMITS.floodSeconds);
    appendParagraph(honest.doc, "ärlig redigering");
    await waitFor(() => honest.isSaved(), 5_000, "honest client served");
  }, 30_000);

  it("closes a silent socket after the idle timeout", async () => {
    // A server of its own with a short timeout, so slow saves elsewhere never count as silence.
    const impatient = await startCollabServer({ idleTimeoutMs: 1_500 });
    try {
      const { driver, token } = await driverWithEditor();
      const Socket = authenticatedWebSocket(token);
      const socket = new Socket(`${impatient.url}/${driverDocumentName(driver.id)}`);
      socket.on("error", () => undefined);
      const code = await new Promise<number>((resolve) => socket.on("close", (closeCode) => resolve(closeCode)));
      expect(code).toBe(CLOSE_CODES.idle);
    } finally {
      await impatient.stop();
    }
  });

  it("refuses growth past the document size limit with 4413 and leaves the document unchanged", async () => {
    const { driver, token } = await driverWithEditor();
    const writer = connectClient(running.url, driver.id, token);
    clients.push(writer);
    await whenSynced(writer);
    const chunk = "x".repeat(900 * 1024);
    for (let index = 0; index < 5; index++) {
      appendParagraph(writer.doc, chunk);
      await waitFor(() => writer.isSaved() || writer.closeEvents.length > 0, 20_000, `chunk ${index}`);
      if (writer.closeEvents.length) break;
    }
    const before = await loadDocument(getDb(), driver.id);
    const storedVector = Y.encodeStateVector(before.doc);
    if (!writer.closeEvents.length) {
      appendParagraph(writer.doc, chunk);
      await waitFor(() => writer.closeEvents.length > 0, 20_000, "refusal");
    }
    expect(writer.closeEvents[0]?.code).toBe(CLOSE_CODES.documentTooLarge);
    writer.provider.disconnect();
    const after = await loadDocument(getDb(), driver.id);
    expect(Y.encodeStateVector(after.doc)).toEqual(storedVector);
    expect(Y.encodeStateAsUpdate(after.doc).byteLength).toBeLessThanOrEqual(COLLAB_LIMITS.maxDocumentBytes);
    before.doc.destroy();
    after.doc.destroy();
  }, 60_000);

  it("drops a presence state over 16 KiB but relays normal presence with the server's identity", async () => {
    const { dialogue, driver, token } = await driverWithEditor();
    const member = await buildMember(dialogue.id, { role: "participant" });
    const watcher = connectClient(running.url, driver.id, await buildSession(member.user.id));
    const sender = connectClient(running.url, driver.id, token);
    clients.push(watcher, sender);
    await Promise.all([whenSynced(watcher), whenSynced(sender)]);
    sender.provider.awareness.setLocalStateField("user", { name: "Förfalskat namn", organisation: "X", color: "#000" });
    await waitFor(() => watcher.provider.awareness.getStates().has(sender.doc.clientID), 5_000, "presence relayed");
    const relayed = watcher.provider.awareness.getStates().get(sender.doc.clientID) as { user: { name: string } };
    expect(relayed.user.name).not.toBe("Förfalskat namn");
    sender.provider.awareness.setLocalStateField("padding", "p".repeat(COLLAB_LIMITS.maxAwarenessStateBytes + 1));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((watcher.provider.awareness.getStates().get(sender.doc.clientID) as Record<string, unknown>).padding).toBeUndefined();
  });
});

/** `npm run test:reliability` sends 10 000 frames. */
const FRAME_COUNT = process.env.SAMSYN_RELIABILITY === "1" ? 10_000 : 2_000;

describe(`${FRAME_COUNT} malformed frames while honest clients edit`, () => {
  it("closes the bad sockets, keeps serving, and leaves honest documents equal to a replay of honest updates", async () => {
    const built = await buildDialogue();
    const honestDrivers = [await buildDriver(built.dialogue.id), await buildDriver(built.dialogue.id)];
    const attackDriver = await buildDriver(built.dialogue.id);
    const observer = await buildMember(built.dialogue.id, { role: "observer" });
    const editorToken = await buildSession(built.facilitator.id);
    const observerToken = await buildSession(observer.user.id);

    const honest = honestDrivers.flatMap((driver) => [0, 1].map(() => connectClient(running.url, driver.id, editorToken)));
    clients.push(...honest);
    await Promise.all(honest.map((client) => whenSynced(client)));
    const initialStates = honestDrivers.map((_, index) => Y.encodeStateAsUpdate(honest[index * 2]!.doc));
    const honestUpdates = new Map<string, Uint8Array[]>(honestDrivers.map((driver) => [driver.id, []]));
    honest.forEach((client, index) => {
      const driverId = honestDrivers[Math.floor(index / 2)]!.id;
      client.doc.on("update", (update: Uint8Array, origin: unknown) => {
        if (origin !== client.provider) honestUpdates.get(driverId)!.push(update);
      });
    });

    const valid = Y.encodeStateAsUpdate((() => {
      const doc = new Y.Doc();
      appendParagraph(doc, "giltig");
      return doc;
    })());
    const frameArbitrary = fc.oneof(
      { weight: 4, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 4096 }) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.integer({ min: 0, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.boolean())
          .map(([position, byte, truncate]) => {
            const message = Uint8Array.from([0, 2, ...varUint(valid.length), ...valid]);
            if (truncate) return message.slice(0, position + 2);
            message[position + 3] = byte;
            return message;
          }),
      },
      { weight: 2, arbitrary: fc.constant(Uint8Array.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2])) },
      { weight: 1, arbitrary: fc.constant(new Uint8Array(COLLAB_LIMITS.maxFrameBytes + 1)) },
    );
    const seed = Number(process.env.FC_SEED ?? 20261123);
    console.log(`fuzz seed ${seed}`);
    const frames = fc.sample(frameArbitrary, { numRuns: FRAME_COUNT, seed });

    let editing = true;
    const editLoops = honest.map(async (client, index) => {
      for (let sequence = 0; editing; sequence++) {
        appendParagraph(client.doc, `h${index}-${sequence}`);
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    });

    // 20 editor sockets on the attack document, 10 unauthenticated, and observers on the honest ones.
    const senders = [
      ...Array.from({ length: 20 }, () => ({ driverId: attackDriver.id, token: editorToken as string | null })),
      ...Array.from({ length: 10 }, () => ({ driverId: honestDrivers[0]!.id, token: null })),
      ...honestDrivers.map((driver) => ({ driverId: driver.id, token: observerToken as string | null })),
    ];
    let closedSockets = 0;
    let refusedUpgrades = 0;
    /** Frames of an unknown message type (or over-size) that did not close their socket within 1 s. */
    const unclosed: number[] = [];
    let next = 0;
    await Promise.all(
      senders.map(async (sender) => {
        while (next < frames.length) {
          const { socket, closed } = await rawSocket(sender.driverId, sender.token);
          if (socket.readyState !== WebSocket.OPEN) {
            refusedUpgrades++;
            socket.terminate();
            next++;
            continue;
          }
          let wasClosed = false;
          void closed.then(() => (wasClosed = true));
          while (next < frames.length && !wasClosed) {
            const index = next++;
            const frame = frames[index]!;
            socket.send(frame);
            const mustClose = frame.length > COLLAB_LIMITS.maxFrameBytes || ![0, 1, 3].includes(frame[0]!);
            const deadline = Date.now() + (mustClose ? 1_000 : 20);
            while (!wasClosed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
            if (mustClose && !wasClosed) unclosed.push(index);
          }
          if (wasClosed) closedSockets++;
          else socket.terminate();
          await closed;
        }
      }),
    );
    editing = false;
    await Promise.all(editLoops);
    await waitFor(() => honest.every((client) => client.isSaved()), 10_000, "honest edits saved");
    expect(unclosed).toEqual([]);
    expect(closedSockets).toBeGreaterThan(FRAME_COUNT / 4);
    expect(refusedUpgrades).toBeGreaterThan(0);

    for (const [index, driver] of honestDrivers.entries()) {
      const control = new Y.Doc();
      Y.applyUpdate(control, initialStates[index]!);
      for (const update of honestUpdates.get(driver.id)!) Y.applyUpdate(control, update);
      const stored = await loadDocument(getDb(), driver.id);
      expect(Buffer.from(Y.encodeStateAsUpdate(stored.doc)).equals(Buffer.from(Y.encodeStateAsUpdate(control)))).toBe(true);
      control.destroy();
      stored.doc.destroy();
    }
    const attackRows = await getDb().select({ id: driverDocUpdates.id }).from(driverDocUpdates).where(inArray(driverDocUpdates.driverId, [attackDriver.id]));
    expect(attackRows.length).toBeLessThan(frames.length);
  }, 600_000);
});

function varUint(value: number): number[] {
  const bytes: number[] = [];
  while (value > 127) {
    bytes.push((value & 127) | 128);
    value >>>= 7;
  }
  bytes.push(value);
  return bytes;
}
