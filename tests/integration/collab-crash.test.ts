/**
 * RELIABILITY.md C1 (one round; `npm run test:reliability` runs more): kill -9 the collaboration
 * server while 20 clients edit. Before any client reconnects, every edit the server had reported
 * saved must be in the document rebuilt from the database alone; after a restart all clients and
 * a fresh reader converge.
 */
import * as Y from "yjs";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { textFragment } from "@/lib/collab/driver-doc";
import { loadDocument } from "@/lib/server/collab/document-store";
import { buildDialogue, buildDriver, buildMember } from "../factories";
import { buildSession, connectClient, waitFor, whenSynced, type TestClient } from "../support/collab";
import { processDatabase, startCollabProcess, type CollabProcess, type ProcessDatabase } from "../support/collab-process";

/** `npm run test:reliability` runs the full plan: 50 clients on 5 documents, 5 rounds. */
const FULL = process.env.SAMSYN_RELIABILITY === "1";
const CLIENTS = FULL ? 50 : 20;
const DOCUMENTS = FULL ? 5 : 2;
const ROUNDS = FULL ? 5 : 1;

let database: ProcessDatabase | undefined;
let server: CollabProcess | undefined;
const clients: TestClient[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.kill();
  await database?.cleanup();
});

/** Inserts a short word at a random position of the nuläge text. */
function randomEdit(doc: Y.Doc, label: string): void {
  const fragment = textFragment(doc, "nulage");
  doc.transact(() => {
    let paragraph = fragment.get(0) as Y.XmlElement | undefined;
    if (!(paragraph instanceof Y.XmlElement)) {
      paragraph = new Y.XmlElement("paragraph");
      fragment.insert(0, [paragraph]);
    }
    let text = paragraph.get(0) as Y.XmlText | undefined;
    if (!(text instanceof Y.XmlText)) {
      text = new Y.XmlText();
      paragraph.insert(0, [text]);
    }
    text.insert(Math.floor(Math.random() * (text.length + 1)), `${label} `);
  });
}

/** The client's own clock that the server has reported saved. */
const ackedClock = (client: TestClient) => client.saved().get(client.doc.clientID) ?? 0;

describe(`kill -9 while ${CLIENTS} clients edit`, () => {
  it.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))("round %i: loses no acknowledged edit and converges after the restart", async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.kill();
    await database?.cleanup();
    database = await processDatabase();
    const fixture = await database.withDatabase(async () => {
      const built = await buildDialogue();
      const drivers = [];
      for (let index = 0; index < DOCUMENTS; index++) drivers.push(await buildDriver(built.dialogue.id));
      const tokens = [];
      for (let index = 0; index < CLIENTS; index++) {
        const member = await buildMember(built.dialogue.id, { role: "participant" });
        tokens.push(await buildSession(member.user.id));
      }
      return { driverIds: drivers.map((driver) => driver.id), tokens };
    });

    server = await startCollabProcess(database.env);
    const driverOf = (index: number) => fixture.driverIds[index % DOCUMENTS]!;
    for (let index = 0; index < CLIENTS; index++) clients.push(connectClient(server.url, driverOf(index), fixture.tokens[index]!));
    await Promise.all(clients.map((client) => whenSynced(client, 20_000)));

    let editing = true;
    const loops = clients.map(async (client, index) => {
      let sequence = 0;
      while (editing) {
        randomEdit(client.doc, `c${index}e${sequence++}`);
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, FULL ? 10_000 + Math.random() * 20_000 : 2_000 + Math.random() * 2_000));
    await server.kill("SIGKILL");
    const acked = clients.map(ackedClock);
    editing = false;
    await Promise.all(loops);
    expect(acked.every((clock) => clock > 0)).toBe(true);

    // Before anyone reconnects (the server is down): the database alone holds every saved edit.
    const stored = await database.withDatabase(async () => {
      const vectors = new Map<string, Map<number, number>>();
      for (const driverId of fixture.driverIds) {
        const loaded = await loadDocument(getDb(), driverId);
        vectors.set(driverId, Y.decodeStateVector(Y.encodeStateVector(loaded.doc)));
        loaded.doc.destroy();
      }
      return vectors;
    });
    const lost = clients.filter((client, index) => (stored.get(driverOf(index))!.get(client.doc.clientID) ?? 0) < acked[index]!);
    expect(lost).toHaveLength(0);

    const restartedAt = Date.now();
    server = await startCollabProcess(database.env, server.port);
    await waitFor(() => clients.every((client) => client.provider.synced), 20_000, "all clients resynced");
    for (const driverId of fixture.driverIds) {
      const group = clients.filter((_, index) => driverOf(index) === driverId);
      const reader = connectClient(server.url, driverId, fixture.tokens[0]!);
      clients.push(reader);
      await whenSynced(reader);
      const encoded = (client: TestClient) => Buffer.from(Y.encodeStateVector(client.doc)).toString("hex");
      const content = (client: TestClient) => textFragment(client.doc, "nulage").toString();
      await waitFor(
        () => group.every((client) => encoded(client) === encoded(reader) && content(client) === content(reader)),
        10_000,
        `convergence of ${driverId}`,
      );
    }
    expect(Date.now() - restartedAt).toBeLessThan(30_000);
    await waitFor(() => clients.every((client) => client.isSaved()), 10_000, "everything saved after the restart");
  }, 180_000);
});
