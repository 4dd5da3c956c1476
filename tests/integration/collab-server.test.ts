/**
 * The collaboration server against the real database, with real y-websocket clients: refusals at
 * the upgrade come first (RELIABILITY.md C6), then sync, saved acknowledgements, read-only
 * observers (C7), revocation (C8), the relational copy and bad input (C5, C9).
 */
import { and, eq } from "drizzle-orm";
import WebSocket from "ws";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { dialogueMembers, driverDocs, drivers, driverTexts, goalStatements, sessions } from "@/db/schema";
import { addItem, GOALS, itemText, readDriverDoc, textFragment } from "@/lib/collab/driver-doc";
import { CLOSE_CODES, driverDocumentName } from "@/lib/collab/protocol";
import { buildDialogue, buildDriver, buildGoalStatement, buildMember, buildUser } from "../factories";
import {
  authenticatedWebSocket,
  buildSession,
  connectClient,
  nulageText,
  startCollabServer,
  storedUpdateCount,
  typeInto,
  waitFor,
  whenSynced,
  type RunningCollabServer,
  type TestClient,
} from "../support/collab";

let running: RunningCollabServer;
const clients: TestClient[] = [];

function client(driverId: string, token: string | null, origin?: string): TestClient {
  const created = connectClient(running.url, driverId, token, origin ? { origin } : {});
  clients.push(created);
  return created;
}

/** The HTTP status of a refused upgrade, or 101 when it was accepted. */
function upgradeStatus(driverId: string, token: string | null, origin?: string): Promise<number> {
  const Socket = authenticatedWebSocket(token, origin);
  return new Promise((resolve) => {
    const socket = new Socket(`${running.url}/${driverDocumentName(driverId)}`);
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("open", () => {
      resolve(101);
      socket.terminate();
    });
    socket.on("error", () => undefined);
  });
}

beforeAll(async () => {
  running = await startCollabServer({ upgradesPerMinute: 10_000 });
});

afterAll(async () => {
  for (const created of clients) created.destroy();
  await running.stop();
});

async function dialogueWithDriver() {
  const built = await buildDialogue();
  const driver = await buildDriver(built.dialogue.id);
  const facilitatorToken = await buildSession(built.facilitator.id);
  return { ...built, driver, facilitatorToken };
}

describe("upgrade gate", () => {
  it("refuses a socket without a session with 401, before the upgrade", async () => {
    const { driver } = await dialogueWithDriver();
    expect(await upgradeStatus(driver.id, null)).toBe(401);
  });

  it("refuses a foreign Origin with 403", async () => {
    const { driver, facilitatorToken } = await dialogueWithDriver();
    expect(await upgradeStatus(driver.id, facilitatorToken, "https://evil.example")).toBe(403);
  });

  it("refuses a non-member and an unknown driver alike with 403", async () => {
    const { driver } = await dialogueWithDriver();
    const outsider = await buildSession((await buildUser()).id);
    expect(await upgradeStatus(driver.id, outsider)).toBe(403);
    expect(await upgradeStatus("00000000-0000-4000-8000-000000000000", outsider)).toBe(403);
  });

  it("refuses a malformed document name with 404", async () => {
    const { facilitatorToken } = await dialogueWithDriver();
    const Socket = authenticatedWebSocket(facilitatorToken);
    const status = await new Promise<number>((resolve) => {
      const socket = new Socket(`${running.url}/driver.not-a-uuid`);
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.on("open", () => resolve(101));
      socket.on("error", () => undefined);
    });
    expect(status).toBe(404);
  });

  it("a refused non-member receives no document byte", async () => {
    const { driver, facilitatorToken } = await dialogueWithDriver();
    const writer = client(driver.id, facilitatorToken);
    await whenSynced(writer);
    typeInto(writer.doc, "hemligt innehåll");
    await waitFor(() => writer.isSaved());
    const outsider = client(driver.id, await buildSession((await buildUser()).id));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(outsider.provider.synced).toBe(false);
    expect(nulageText(outsider.doc)).toBe("");
    outsider.provider.disconnect();
  });
});

describe("upgrade rate limits", () => {
  /** The HTTP status of an upgrade to `server`, or 101 when it opened (the socket is then closed). */
  function statusAt(server: RunningCollabServer, driverId: string, token: string | null): Promise<number> {
    const Socket = authenticatedWebSocket(token);
    return new Promise<number>((resolve) => {
      const socket = new Socket(`${server.url}/${driverDocumentName(driverId)}`);
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.on("open", () => {
        resolve(101);
        socket.terminate();
      });
      socket.on("error", () => undefined);
    });
  }

  it("answers 429 to attempts past an address's budget in a minute, before any session is looked up", async () => {
    const limited = await startCollabServer({ upgradesPerAddressPerMinute: 30 });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 32; attempt++) statuses.push(await statusAt(limited, crypto.randomUUID(), null));
      expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
    } finally {
      await limited.stop();
    }
  });

  it("opens 30 connections a minute per person; a 31st is 429, while someone else at the same address still connects", async () => {
    // The default budgets: 30 per person, and an address far above it (a workshop room behind one office address).
    const limited = await startCollabServer();
    try {
      const { dialogue, driver, facilitatorToken } = await dialogueWithDriver();
      const participant = await buildMember(dialogue.id, { role: "participant" });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 31; attempt++) statuses.push(await statusAt(limited, driver.id, facilitatorToken));
      expect(statuses.slice(0, 30).every((status) => status === 101)).toBe(true);
      expect(statuses[30]).toBe(429);
      expect(await statusAt(limited, driver.id, await buildSession(participant.user.id))).toBe(101);
      // A refused attempt spends nothing of a person's budget: a non-member is refused (403) as often as they try.
      const outsider = await buildSession((await buildUser()).id);
      const refusals = await Promise.all(Array.from({ length: 35 }, () => statusAt(limited, driver.id, outsider)));
      expect(new Set(refusals)).toEqual(new Set([403]));
    } finally {
      await limited.stop();
    }
  });
});

describe("editing", () => {
  it("two members of different organisations converge, and each edit is acknowledged after its row committed", async () => {
    const { dialogue, driver, facilitatorToken } = await dialogueWithDriver();
    const participant = await buildMember(dialogue.id, { role: "participant" });
    const first = client(driver.id, facilitatorToken);
    const second = client(driver.id, await buildSession(participant.user.id));
    await Promise.all([whenSynced(first), whenSynced(second)]);
    typeInto(first.doc, "Fler specialistsjuksköterskor");
    typeInto(second.doc, "Bättre bemanning");
    await waitFor(() => nulageText(first.doc) === nulageText(second.doc) && nulageText(first.doc).includes("Bättre"));
    await waitFor(() => first.isSaved() && second.isSaved(), 5_000, "saved acknowledgements");
    expect(await storedUpdateCount(driver.id)).toBeGreaterThanOrEqual(2);
    expect(Y.encodeStateVector(first.doc)).toEqual(Y.encodeStateVector(second.doc));
  });

  it("twenty clients converge", async () => {
    const { dialogue, driver, facilitatorToken } = await dialogueWithDriver();
    const tokens = [facilitatorToken];
    for (let index = 1; index < 20; index++) {
      const member = await buildMember(dialogue.id, { role: "participant" });
      tokens.push(await buildSession(member.user.id));
    }
    const twenty = tokens.map((token) => client(driver.id, token));
    await Promise.all(twenty.map((each) => whenSynced(each)));
    twenty.forEach((each, index) => typeInto(each.doc, `rad ${index}`));
    const expected = (each: TestClient) => Y.encodeStateVector(each.doc).toString();
    await waitFor(() => twenty.every((each) => expected(each) === expected(twenty[0]!) && nulageText(each.doc).split("rad").length === 21), 10_000, "convergence");
    await waitFor(() => twenty.every((each) => each.isSaved()), 5_000, "saved");
  });

  it("keeps the relational copy within 2 s of an edit", async () => {
    const { driver, facilitatorToken } = await dialogueWithDriver();
    const writer = client(driver.id, facilitatorToken);
    await whenSynced(writer);
    typeInto(writer.doc, "Nuläge i relationell kopia");
    const goal = addItem(writer.doc, GOALS, crypto.randomUUID());
    const text = itemText(goal)!;
    writer.doc.transact(() => (text.get(0) as Y.XmlElement).insert(0, [new Y.XmlText("Målbild")]));
    const started = Date.now();
    await waitFor(async () => {
      const [row] = await getDb().select().from(driverTexts).where(and(eq(driverTexts.driverId, driver.id), eq(driverTexts.part, "nulage")));
      const goals = await getDb().select().from(goalStatements).where(eq(goalStatements.driverId, driver.id));
      return Boolean(row?.plainText.includes("relationell kopia")) && goals.some((each) => each.text === "Målbild");
    }, 2_000, "relational copy");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("writes the copies of several drivers together, and a deleted driver does not hold back the others", async () => {
    const first = await dialogueWithDriver();
    const second = await buildDriver(first.dialogue.id);
    const doomed = await buildDriver(first.dialogue.id);
    const writers = [first.driver.id, second.id, doomed.id].map((driverId) => client(driverId, first.facilitatorToken));
    await Promise.all(writers.map((writer) => whenSynced(writer)));
    writers.forEach((writer, index) => typeInto(writer.doc, `Kopia ${index}`));
    await waitFor(() => writers.every((writer) => writer.isSaved()), 5_000, "saved");
    // Deleted after its updates were stored but before the copy is written (1 s after the edit).
    await getDb().delete(drivers).where(eq(drivers.id, doomed.id));
    await waitFor(async () => {
      const rows = await getDb().select().from(driverTexts).where(eq(driverTexts.part, "nulage"));
      const copied = (driverId: string, text: string) => rows.some((row) => row.driverId === driverId && row.plainText.includes(text));
      return copied(first.driver.id, "Kopia 0") && copied(second.id, "Kopia 1");
    }, 3_000, "copies of the remaining drivers");
    expect(await getDb().select().from(driverTexts).where(eq(driverTexts.driverId, doomed.id))).toEqual([]);
  });

  it("rewrites only the part an edit changed once a copy has been written", async () => {
    const { driver, facilitatorToken } = await dialogueWithDriver();
    const writer = client(driver.id, facilitatorToken);
    await whenSynced(writer);
    typeInto(writer.doc, "Första nuläget");
    const textRows = () => getDb().select().from(driverTexts).where(eq(driverTexts.driverId, driver.id));
    await waitFor(async () => (await textRows()).some((row) => row.part === "nulage" && row.plainText.includes("Första nuläget")), 3_000, "first copy");
    const before = new Map((await textRows()).map((row) => [row.part, row.updatedAt.getTime()]));

    const gap = textFragment(writer.doc, "gap");
    writer.doc.transact(() => gap.push([new Y.XmlElement("paragraph")]));
    writer.doc.transact(() => (gap.get(gap.length - 1) as Y.XmlElement).insert(0, [new Y.XmlText("Bara gapet")]));
    await waitFor(async () => (await textRows()).some((row) => row.part === "gap" && row.plainText.includes("Bara gapet")), 3_000, "gap copy");

    const after = new Map((await textRows()).map((row) => [row.part, row.updatedAt.getTime()]));
    expect(after.get("gap")).toBeGreaterThan(before.get("gap") ?? 0);
    expect(after.get("nulage")).toBe(before.get("nulage"));
    expect(after.get("future")).toBe(before.get("future"));
  });

  it("seeds a driver's first document from the content stored before live editing", async () => {
    const { dialogue, driver, facilitatorToken } = await dialogueWithDriver();
    await buildGoalStatement(driver.id, { text: "Lagrat mål" });
    const reader = client(driver.id, facilitatorToken);
    await whenSynced(reader);
    expect(readDriverDoc(reader.doc).goals.map((goal) => goal.text)).toEqual(["Lagrat mål"]);
    expect(dialogue.id).toBeTruthy();
  });
});

describe("observers (read-only)", () => {
  it("receive everything while their 1 000 updates are neither relayed nor stored", async () => {
    const { dialogue, driver, facilitatorToken } = await dialogueWithDriver();
    const observerMember = await buildMember(dialogue.id, { role: "observer" });
    const editor = client(driver.id, facilitatorToken);
    const observer = client(driver.id, await buildSession(observerMember.user.id));
    await Promise.all([whenSynced(editor), whenSynced(observer)]);
    for (let index = 0; index < 1_000; index++) typeInto(observer.doc, `o${index}`);
    typeInto(editor.doc, "från redaktören");
    await waitFor(() => nulageText(observer.doc).includes("från redaktören"), 10_000, "observer receives");
    await waitFor(() => editor.isSaved());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(nulageText(editor.doc)).not.toContain("o999");
    expect(nulageText(editor.doc)).not.toContain("o0");
    const fresh = client(driver.id, facilitatorToken);
    await whenSynced(fresh);
    expect(nulageText(fresh.doc).trim()).toBe("från redaktören");
    expect(await storedUpdateCount(driver.id)).toBeLessThanOrEqual(2);
  });
});

describe("revocation", () => {
  it("closes a removed member's socket with 4403 within 2 s, and reconnecting is refused", async () => {
    const { dialogue, driver } = await dialogueWithDriver();
    const member = await buildMember(dialogue.id, { role: "participant" });
    const token = await buildSession(member.user.id);
    const removed = client(driver.id, token);
    await whenSynced(removed);
    await getDb().delete(dialogueMembers).where(eq(dialogueMembers.id, member.memberId));
    const started = Date.now();
    await running.server.invalidateAccess({ dialogueId: dialogue.id, userId: member.user.id });
    await waitFor(() => removed.closeEvents.some((event) => event.code === CLOSE_CODES.forbidden), 2_000, "4403");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await upgradeStatus(driver.id, token)).toBe(403);
  });

  it("closes a participant lowered to observer with 4501 so it reconnects read-only", async () => {
    const { dialogue, driver } = await dialogueWithDriver();
    const member = await buildMember(dialogue.id, { role: "participant" });
    const lowered = client(driver.id, await buildSession(member.user.id));
    await whenSynced(lowered);
    await getDb().update(dialogueMembers).set({ role: "observer" }).where(eq(dialogueMembers.id, member.memberId));
    await running.server.invalidateAccess({ dialogueId: dialogue.id, userId: member.user.id });
    await waitFor(() => lowered.closeEvents.some((event) => event.code === CLOSE_CODES.accessChanged), 2_000, "4501");
  });
});

describe("a pass over many sockets (the minutely re-check, a dialogue-wide change)", () => {
  it("reads every session and membership at once and closes exactly the sockets that lost access", async () => {
    const { dialogue, driver } = await dialogueWithDriver();
    const [kept, removed, lowered, loggedOut, observer] = await Promise.all(
      (["participant", "participant", "participant", "participant", "observer"] as const).map((role) => buildMember(dialogue.id, { role })),
    );
    const keptToken = await buildSession(kept!.user.id);
    const loggedOutToken = await buildSession(loggedOut!.user.id);
    const sockets = {
      kept: client(driver.id, keptToken),
      keptAgain: client(driver.id, keptToken),
      removed: client(driver.id, await buildSession(removed!.user.id)),
      lowered: client(driver.id, await buildSession(lowered!.user.id)),
      loggedOut: client(driver.id, loggedOutToken),
      observer: client(driver.id, await buildSession(observer!.user.id)),
    };
    await Promise.all(Object.values(sockets).map((socket) => whenSynced(socket)));
    await getDb().delete(dialogueMembers).where(eq(dialogueMembers.id, removed!.memberId));
    await getDb().update(dialogueMembers).set({ role: "observer" }).where(eq(dialogueMembers.id, lowered!.memberId));
    await getDb().delete(sessions).where(eq(sessions.sessionToken, loggedOutToken));

    await running.server.invalidateAccess({ dialogueId: dialogue.id });

    await waitFor(() => sockets.removed.closeEvents.some((event) => event.code === CLOSE_CODES.forbidden), 2_000, "4403");
    await waitFor(() => sockets.lowered.closeEvents.some((event) => event.code === CLOSE_CODES.accessChanged), 2_000, "4501");
    await waitFor(() => sockets.loggedOut.closeEvents.some((event) => event.code === CLOSE_CODES.unauthenticated), 2_000, "4401");
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const name of ["kept", "keptAgain", "observer"] as const) expect(sockets[name].closeEvents, name).toEqual([]);
  });
});

describe("bad input", () => {
  async function rawSocket(driverId: string, token: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
    const Socket = authenticatedWebSocket(token);
    const socket = new Socket(`${running.url}/${driverDocumentName(driverId)}`);
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    socket.on("error", () => undefined);
    await new Promise((resolve) => socket.on("open", resolve));
    return { socket, closed };
  }

  it("closes only the offending socket on an unknown message type, a truncated update and a foreign root type", async () => {
    const { driver, facilitatorToken } = await dialogueWithDriver();
    const honest = client(driver.id, facilitatorToken);
    await whenSynced(honest);
    const foreign = new Y.Doc();
    foreign.getText("not-a-driver-part").insert(0, "x");
    const foreignUpdate = Y.encodeStateAsUpdate(foreign);
    const frames = [
      Uint8Array.of(42, 1, 2, 3),
      Uint8Array.of(0, 2, 200, 1, 5),
      Uint8Array.from([0, 2, ...varUint(foreignUpdate.length), ...foreignUpdate]),
    ];
    for (const frame of frames) {
      const { socket, closed } = await rawSocket(driver.id, facilitatorToken);
      socket.send(frame);
      expect(await closed).toBe(CLOSE_CODES.malformed);
    }
    typeInto(honest.doc, "fortfarande uppe");
    await waitFor(() => honest.isSaved(), 5_000, "honest client still served");
    expect(honest.closeEvents).toEqual([]);
  });

  it("closes an over-size frame with 1009", async () => {
    const { driver, facilitatorToken } = await dialogueWithDriver();
    const { socket, closed } = await rawSocket(driver.id, facilitatorToken);
    socket.send(new Uint8Array(1024 * 1024 + 1));
    expect(await closed).toBe(CLOSE_CODES.frameTooLarge);
  });
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

describe("shutdown", () => {
  it("compacts open documents, so the next open reads one stored snapshot with everything in it", async () => {
    const { driver, facilitatorToken } = await dialogueWithDriver();
    const own = await startCollabServer({ upgradesPerMinute: 10_000 });
    const writer = connectClient(own.url, driver.id, facilitatorToken);
    try {
      await whenSynced(writer);
      for (let line = 0; line < 50; line++) typeInto(writer.doc, `rad ${line}`);
      await waitFor(() => writer.isSaved(), 5_000, "saved");
      expect(await storedUpdateCount(driver.id)).toBeGreaterThan(0);
    } finally {
      writer.destroy();
      await own.stop();
    }
    expect(await storedUpdateCount(driver.id)).toBe(0);
    const [snapshot] = await getDb().select().from(driverDocs).where(eq(driverDocs.driverId, driver.id));
    const stored = new Y.Doc();
    Y.applyUpdate(stored, snapshot!.state);
    expect(nulageText(stored)).toBe(nulageText(writer.doc));

    const reader = client(driver.id, facilitatorToken);
    await whenSynced(reader);
    expect(nulageText(reader.doc).split("\n").filter((line) => line.startsWith("rad "))).toHaveLength(50);
    expect(nulageText(reader.doc)).toBe(nulageText(writer.doc));
  });
});
