/**
 * RELIABILITY.md C2: an update is acknowledged only after its row committed. The storage fails
 * the second write and every third after it, and delays each by 0–200 ms, while 5 clients send
 * 1 000 updates spread over several group commits: no
 * acknowledgement ever runs ahead of what committed, every failure is logged once, and in the end
 * every update is in the database.
 */
import * as Y from "yjs";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { appendDriverDocUpdates } from "@/db/queries/driver-docs";
import { textFragment } from "@/lib/collab/driver-doc";
import { loadDocument } from "@/lib/server/collab/document-store";
import { buildDialogue, buildDriver } from "../factories";
import { buildSession, connectClient, flakyAppend, startCollabServer, waitFor, whenSynced, type RunningCollabServer, type TestClient } from "../support/collab";

let running: RunningCollabServer | undefined;
const clients: TestClient[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await running?.stop();
});

describe("acknowledged only after commit", () => {
  it("never acknowledges ahead of the committed rows, logs each failure once and stores all 1 000 updates", async () => {
    // Every committed row applied in order: its state vector is what the database holds.
    const committedDoc = new Y.Doc();
    const committed = { get: (client: number) => Y.decodeStateVector(Y.encodeStateVector(committedDoc)).get(client) };
    let injectedFailures = 0;
    const failureLogs: unknown[] = [];
    const append = flakyAppend(
      async (rows) => {
        await appendDriverDocUpdates(getDb(), rows);
        for (const row of rows) Y.applyUpdate(committedDoc, row.update);
      },
      (call) => {
        // The second call fails whatever the batching: group commit may need only a few calls.
        const fail = call % 3 === 2;
        if (fail) injectedFailures++;
        return { fail, delayMs: Math.floor(Math.random() * 200) };
      },
    );
    running = await startCollabServer({
      append,
      upgradesPerMinute: 10_000,
      log: (event, fields) => event === "collab.persist.failed" && failureLogs.push(fields),
    });
    const { dialogue, facilitator } = await buildDialogue();
    const driver = await buildDriver(dialogue.id);
    const token = await buildSession(facilitator.id);
    for (let index = 0; index < 5; index++) clients.push(connectClient(running.url, driver.id, token));
    await Promise.all(clients.map((client) => whenSynced(client)));
    Y.applyUpdate(committedDoc, Y.encodeStateAsUpdate(clients[0]!.doc));

    const violations: string[] = [];
    const watcher = setInterval(() => {
      for (const client of clients) {
        const acked = client.saved().get(client.doc.clientID) ?? 0;
        if (acked > (committed.get(client.doc.clientID) ?? 0)) violations.push(`client ${client.doc.clientID} acked ${acked} committed ${committed.get(client.doc.clientID)}`);
      }
    }, 2);
    await Promise.all(
      clients.map(async (client, index) => {
        for (let sequence = 0; sequence < 200; sequence++) {
          const fragment = textFragment(client.doc, "gap");
          client.doc.transact(() => fragment.push([new Y.XmlText(`${index}:${sequence} `)]));
          if (sequence % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }),
    );
    await waitFor(() => clients.every((client) => client.isSaved()), 30_000, "all saved");
    clearInterval(watcher);

    expect(violations.slice(0, 5)).toEqual([]);
    expect(injectedFailures).toBeGreaterThan(0);
    expect(failureLogs).toHaveLength(injectedFailures);
    const stored = await loadDocument(getDb(), driver.id);
    const storedVector = Y.decodeStateVector(Y.encodeStateVector(stored.doc));
    for (const client of clients) expect(storedVector.get(client.doc.clientID)).toBe(Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID));
    // The 1 000 texts after the empty paragraph every new driver starts with.
    expect(textFragment(stored.doc, "gap").length).toBe(1_001);
    stored.doc.destroy();
  }, 60_000);
});

describe("saved state of a client that reconnects", () => {
  it("tells a client its edit is saved when the edit committed under its previous connection", async () => {
    // Commits wait until the test opens the gate.
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const server = await startCollabServer({
      append: async (rows) => {
        await gate;
        await appendDriverDocUpdates(getDb(), rows);
      },
      upgradesPerMinute: 10_000,
    });
    const { dialogue, facilitator } = await buildDialogue();
    const driver = await buildDriver(dialogue.id);
    const client = connectClient(server.url, driver.id, await buildSession(facilitator.id));
    try {
      await whenSynced(client);
      client.doc.transact(() => textFragment(client.doc, "nulage").push([new Y.XmlText("före avbrottet")]));
      await waitFor(() => server.server.remoteDocument(driver.id)?.unsavedUpdates === 1, 5_000, "the edit queued");

      // The connection drops before the commit; the server already holds the edit, so the new
      // connection's sync sends nothing and its greeting still reports the edit unsaved.
      client.provider.disconnect();
      client.provider.connect();
      await whenSynced(client);
      expect(client.isSaved()).toBe(false);

      openGate();
      await waitFor(() => client.isSaved(), 5_000, "the reconnected client told its edit is saved");
    } finally {
      client.destroy();
      await server.stop();
    }
  }, 30_000);
});
