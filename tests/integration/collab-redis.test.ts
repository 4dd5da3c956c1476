/**
 * Scale-out (RELIABILITY.md M1, C8 two-instance variant): two collaboration servers share documents
 * through a real Redis (a private redis-server on a free port, so the test can stop and restart it).
 * Clients on each instance converge; a revocation on one closes the socket on the other within 2 s;
 * after a Redis outage the instances resync and converge.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { eq } from "drizzle-orm";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { dialogueMembers } from "@/db/schema";
import { textFragment } from "@/lib/collab/driver-doc";
import { CLOSE_CODES } from "@/lib/collab/protocol";
import { registerCollabHost } from "@/lib/server/collab/host";
import { connectRedisBridge } from "@/lib/server/collab/redis-bridge";
import { createThread } from "@/lib/server/services/comments";
import { actorOf, buildDialogue, buildDriver, buildMember } from "../factories";
import { buildSession, connectClient, startCollabServer, waitFor, whenSynced, type RunningCollabServer, type TestClient } from "../support/collab";
import { freePort } from "../support/collab-process";

let redisPort: number;
let redis: ChildProcess | undefined;
let first: RunningCollabServer;
let second: RunningCollabServer;
const clients: TestClient[] = [];

async function startRedis(): Promise<void> {
  redis = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  await waitFor(async () => {
    const { Redis } = await import("ioredis");
    const probe = new Redis(redisPort, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === "PONG";
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  }, 10_000, "redis-server");
}

async function stopRedis(): Promise<void> {
  const running = redis;
  redis = undefined;
  if (!running || running.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    running.once("exit", () => resolve());
    running.kill("SIGKILL");
  });
}

async function startInstance(): Promise<RunningCollabServer> {
  const instance = await startCollabServer({ upgradesPerMinute: 10_000 });
  instance.server.attachBridge(connectRedisBridge(instance.server, `redis://127.0.0.1:${redisPort}`));
  return instance;
}

beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
  first = await startInstance();
  second = await startInstance();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await first?.stop();
  await second?.stop();
  await stopRedis();
});

function append(doc: Y.Doc, text: string): void {
  const fragment = textFragment(doc, "nulage");
  doc.transact(() => {
    const paragraph = new Y.XmlElement("paragraph");
    fragment.push([paragraph]);
    paragraph.insert(0, [new Y.XmlText(text)]);
  });
}

const content = (client: TestClient) => textFragment(client.doc, "nulage").toString();

async function pair() {
  const built = await buildDialogue();
  const driver = await buildDriver(built.dialogue.id);
  const member = await buildMember(built.dialogue.id, { role: "participant" });
  const onFirst = connectClient(first.url, driver.id, await buildSession(built.facilitator.id));
  const onSecond = connectClient(second.url, driver.id, await buildSession(member.user.id));
  clients.push(onFirst, onSecond);
  await Promise.all([whenSynced(onFirst), whenSynced(onSecond)]);
  return { ...built, driver, member, onFirst, onSecond };
}

describe("two instances over Redis", () => {
  it("clients on each instance see each other's edits and converge", async () => {
    const { onFirst, onSecond } = await pair();
    append(onFirst.doc, "från instans ett");
    append(onSecond.doc, "från instans två");
    await waitFor(() => content(onFirst) === content(onSecond) && content(onFirst).includes("ett") && content(onFirst).includes("två"), 5_000, "convergence");
    await waitFor(() => onFirst.isSaved() && onSecond.isSaved(), 5_000, "saved on both");
  });

  it("a revocation made on one instance closes the socket on the other within 2 s", async () => {
    const { dialogue, member, onSecond } = await pair();
    await getDb().delete(dialogueMembers).where(eq(dialogueMembers.id, member.memberId));
    const started = Date.now();
    await first.server.invalidateAccess({ dialogueId: dialogue.id, userId: member.user.id });
    await waitFor(() => onSecond.closeEvents.some((event) => event.code === CLOSE_CODES.forbidden), 2_000, "4403 on the other instance");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("a comment posted through one instance reaches a viewer on the other within 1 s", async () => {
    const { dialogue, driver, member, onSecond } = await pair();
    registerCollabHost(first.server);
    try {
      const { threadId } = await createThread(actorOf(member.user), { dialogueId: dialogue.id, driverId: driver.id, anchor: { kind: "driver" }, body: "Över Redis" });
      await waitFor(() => onSecond.commentEvents.some((event) => event.type === "thread" && event.thread.id === threadId), 1_000, "the event on the other instance");
    } finally {
      registerCollabHost(undefined);
    }
  });

  it("converges again after a Redis outage", async () => {
    const { onFirst, onSecond } = await pair();
    append(onFirst.doc, "före avbrottet");
    await waitFor(() => content(onSecond).includes("före avbrottet"), 5_000, "before the outage");
    await stopRedis();
    append(onFirst.doc, "under avbrottet, instans ett");
    append(onSecond.doc, "under avbrottet, instans två");
    await waitFor(() => onFirst.isSaved() && onSecond.isSaved(), 5_000, "saved during the outage");
    expect(content(onSecond)).not.toContain("instans ett");
    await startRedis();
    await waitFor(
      () => content(onFirst) === content(onSecond) && content(onFirst).includes("instans ett") && content(onFirst).includes("instans två"),
      10_000,
      "convergence after Redis returned",
    );
  }, 60_000);
});
