/**
 * `npm run bench:comments` (issue 6, "Speed"): JSON lines, on PGlite and on PostgreSQL, each in a
 * child process of its own with a fresh database.
 *
 * The world: a dialogue with 40 drivers and 5 000 comments — one thread of 2 000 comments on the
 * first driver, the other 3 000 in 600 threads of five spread over all 40 drivers — 1 000
 * reactions, and 150 members, each signed in.
 *
 * - thread-list: the first driver's threads (`listDriverThreads`, what the page and a reconnect
 *   read), 200 calls after a warm-up; p50/p95.
 * - first-page: the first page of the 2 000-comment thread (`listThreadComments`); p50/p95.
 * - delivery: 150 viewers on the first driver's collaboration socket (the real CollabServer, in
 *   this process, with thin websocket clients that only read comment frames); 40 comments are
 *   posted through the service one after another, each timed from the call until each viewer
 *   has it; p50/p95/p99 over the 6 000 deliveries.
 *
 * References, measured in the same run: for the two reads, one plain SQL query returning the same
 * rows (the floor of any service: no access check, no authors, counts or reactions); for
 * delivery, a bare `ws` server broadcasting the same event's bytes to 150 sockets (the floor of
 * any fan-out: no database, no service). Services are called directly (no HTTP around them);
 * the harness's CPU and event-loop delay are printed beside each line.
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket, { WebSocketServer } from "ws";
import { forEachDatabase, harnessMonitor, percentile, round, runBenchChild } from "./lib";

const DRIVERS = 40;
const LONG_THREAD = 2_000;
const SHORT_THREADS = 600;
const SHORT_THREAD_LENGTH = 5;
const REACTIONS = 1_000;
const VIEWERS = 150;
const POSTS = 40;
const CALLS = 200;
const WARMUP = 30;
const ORIGIN = "http://bench.invalid";
const COOKIE = "samsyn.session";
const MESSAGE_COMMENTS = 101;

type DbKind = "pglite" | "postgres";

interface World {
  dialogueId: string;
  driverIds: string[];
  longThreadId: string;
  /** Members, each with a session token; the first is the facilitator. */
  members: { userId: string; token: string }[];
}

async function buildWorld(): Promise<World> {
  const [{ getDb }, schema] = await Promise.all([import("../db/client"), import("../db/schema")]);
  const db = getDb();
  const run = randomUUID().slice(0, 8);
  const organisations = await db
    .insert(schema.organisations)
    .values(Array.from({ length: 10 }, (_, index) => ({ name: `Bänk ${run} ${index}`, type: "region" as const })))
    .returning({ id: schema.organisations.id });
  const users = await db
    .insert(schema.users)
    .values(Array.from({ length: VIEWERS }, (_, index) => ({ name: `Läsare ${index}`, email: `bench-${run}-${index}@bench.invalid` })))
    .returning({ id: schema.users.id });
  const [dialogue] = await db
    .insert(schema.dialogues)
    .values({ planningQuestion: "Bänk", horizonFrom: 2025, horizonTo: 2035, status: "active", regionCodes: ["03"], createdBy: users[0]!.id })
    .returning({ id: schema.dialogues.id });
  const dialogueId = dialogue!.id;
  await db.insert(schema.dialogueOrganisations).values(organisations.map((organisation) => ({ dialogueId, organisationId: organisation.id })));
  await db.insert(schema.dialogueMembers).values(
    users.map((user, index) => ({ dialogueId, userId: user.id, organisationId: organisations[index % organisations.length]!.id, role: index === 0 ? ("facilitator" as const) : ("participant" as const) })),
  );
  const drivers = await db
    .insert(schema.drivers)
    .values(Array.from({ length: DRIVERS }, (_, position) => ({ dialogueId, title: `Drivkraft ${position + 1}`, whoClass: "within" as const, position })))
    .returning({ id: schema.drivers.id, position: schema.drivers.position });
  const driverIds = drivers.sort((a, b) => a.position - b.position).map((driver) => driver.id);

  // Threads: the long one on the first driver, the short ones round-robin over all drivers.
  const threadRows = [
    { dialogueId, driverId: driverIds[0]!, anchorKind: "driver" as const, createdBy: users[0]!.id },
    ...Array.from({ length: SHORT_THREADS }, (_, index) => ({ dialogueId, driverId: driverIds[index % DRIVERS]!, anchorKind: "driver" as const, createdBy: users[index % VIEWERS]!.id })),
  ];
  const threads: { id: string }[] = [];
  for (let start = 0; start < threadRows.length; start += 500) {
    threads.push(...(await db.insert(schema.commentThreads).values(threadRows.slice(start, start + 500)).returning({ id: schema.commentThreads.id })));
  }
  const longThreadId = threads[0]!.id;
  const base = Date.UTC(2026, 0, 1);
  const commentRows = [
    ...Array.from({ length: LONG_THREAD }, (_, index) => ({ threadId: longThreadId, index })),
    ...threads.slice(1).flatMap((thread) => Array.from({ length: SHORT_THREAD_LENGTH }, (_, index) => ({ threadId: thread.id, index }))),
  ].map(({ threadId, index }, row) => ({
    threadId,
    authorId: users[row % VIEWERS]!.id,
    organisationId: organisations[row % organisations.length]!.id,
    body: `Kommentar ${index}: ${"bemanning och kompetensförsörjning ".repeat(1 + (row % 4))}`,
    createdAt: new Date(base + row * 1_000),
  }));
  const commentIds: string[] = [];
  for (let start = 0; start < commentRows.length; start += 500) {
    commentIds.push(...(await db.insert(schema.comments).values(commentRows.slice(start, start + 500)).returning({ id: schema.comments.id })).map((row) => row.id));
  }
  const reactions = Array.from({ length: REACTIONS }, (_, index) => ({
    commentId: commentIds[(index * 7) % commentIds.length]!,
    userId: users[index % VIEWERS]!.id,
    reaction: (["thumbs_up", "heart", "eyes", "check", "question"] as const)[index % 5]!,
  }));
  await db.insert(schema.commentReactions).values(reactions).onConflictDoNothing();

  const now = new Date();
  const members = users.map((user) => ({ userId: user.id, token: randomBytes(32).toString("hex") }));
  await db.insert(schema.sessions).values(members.map((member) => ({ sessionToken: member.token, userId: member.userId, expires: new Date(now.getTime() + 3_600_000), createdAt: now, lastSeenAt: now })));
  return { dialogueId, driverIds, longThreadId, members };
}

async function timeCalls(call: () => Promise<unknown>): Promise<{ calls: number; p50_ms: number; p95_ms: number }> {
  for (let index = 0; index < WARMUP; index++) await call();
  const times: number[] = [];
  for (let index = 0; index < CALLS; index++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { calls: CALLS, p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)) };
}

/** A viewer that only reads frames: the comment events (message 101) it receives, by id, with the time. */
interface Viewer {
  socket: WebSocket;
  received: Map<string, number>;
}

function commentEventKey(json: string): string | null {
  const event = JSON.parse(json) as { type: string; isNew?: boolean; comment?: { id: string }; thread?: { first: { id: string } } };
  if (event.type === "comment" && event.isNew) return event.comment!.id;
  if (event.type === "thread" && event.isNew) return event.thread!.first.id;
  return null;
}

function connectViewer(url: string, headers: Record<string, string>): Promise<Viewer> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const viewer: Viewer = { socket, received: new Map() };
    socket.binaryType = "nodebuffer";
    socket.on("message", (data: Buffer) => {
      const arrivedAt = performance.now();
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== MESSAGE_COMMENTS) return;
      const key = commentEventKey(decoding.readVarString(decoder));
      if (key) viewer.received.set(key, arrivedAt);
    });
    socket.once("open", () => resolve(viewer));
    socket.once("error", reject);
    socket.once("unexpected-response", (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return condition();
}

function latencySummary(latencies: number[], expected: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    deliveries: sorted.length,
    lost: expected - sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
  };
}

async function delivery(db: DbKind, world: World): Promise<void> {
  const [{ getDb }, { CollabServer }, { registerCollabHost }, services] = await Promise.all([
    import("../db/client"),
    import("../lib/server/collab/collab-server"),
    import("../lib/server/collab/host"),
    import("../lib/server/services/comments"),
  ]);
  const collab = new CollabServer({
    db: getDb,
    allowedOrigins: [ORIGIN],
    sessionCookieName: COOKIE,
    sessionLimits: { idleMinutes: 30, maxHours: 12 },
    log: () => undefined,
    upgradesPerMinute: 10_000,
  });
  registerCollabHost(collab);
  const server = http.createServer((_request, response) => response.writeHead(404).end());
  server.on("upgrade", (request, socket, head) => {
    if (!collab.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/collab/driver.${world.driverIds[0]}`;
  const viewers: Viewer[] = [];
  for (const member of world.members) viewers.push(await connectViewer(url, { origin: ORIGIN, cookie: `${COOKIE}=${member.token}` }));
  await new Promise((resolve) => setTimeout(resolve, 500));

  const monitor = harnessMonitor();
  const latencies: number[] = [];
  const { threadId } = await services.createThread({ userId: world.members[0]!.userId }, { dialogueId: world.dialogueId, driverId: world.driverIds[0]!, anchor: { kind: "driver" }, body: "Leverans" });
  for (let post = 0; post < POSTS; post++) {
    // Ten authors in turn: each stays under the per-person comment limit (30 a minute).
    const author = world.members[1 + (post % 10)]!;
    const started = performance.now();
    const { commentId } = await services.replyToThread({ userId: author.userId }, { dialogueId: world.dialogueId, threadId, body: `Svar ${post} med **fetstil** och en länk till https://www.socialstyrelsen.se` });
    await waitFor(() => viewers.every((viewer) => viewer.received.has(commentId)), 5_000);
    for (const viewer of viewers) {
      const arrivedAt = viewer.received.get(commentId);
      if (arrivedAt !== undefined) latencies.push(arrivedAt - started);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.log(JSON.stringify({ bench: "comments", case: "delivery", db, system: "samsyn", viewers: VIEWERS, posts: POSTS, ...latencySummary(latencies, VIEWERS * POSTS), target_p99_ms: 300, ...monitor() }));

  for (const viewer of viewers) viewer.socket.close();
  registerCollabHost(undefined);
  await collab.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The floor of fan-out: a bare ws server sending the same bytes to 150 sockets. */
async function deliveryReference(): Promise<void> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  const sockets: WebSocket[] = [];
  wss.on("connection", (socket) => sockets.push(socket));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const viewers: Viewer[] = [];
  for (let index = 0; index < VIEWERS; index++) viewers.push(await connectViewer(url, {}));
  await waitFor(() => sockets.length === VIEWERS, 5_000);
  const monitor = harnessMonitor();
  const latencies: number[] = [];
  for (let post = 0; post < POSTS; post++) {
    const commentId = randomUUID();
    const event = { type: "comment", isNew: true, comment: { id: commentId, threadId: randomUUID(), authorId: randomUUID(), authorName: "Läsare 1", organisationName: "Bänk", body: `Svar ${post} med **fetstil** och en länk till https://www.socialstyrelsen.se`, createdAt: new Date().toISOString(), editedAt: null, isDeleted: false, reactions: [] } };
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_COMMENTS);
    encoding.writeVarString(encoder, JSON.stringify(event));
    const frame = encoding.toUint8Array(encoder);
    const started = performance.now();
    for (const socket of sockets) socket.send(frame);
    await waitFor(() => viewers.every((viewer) => viewer.received.has(commentId)), 5_000);
    for (const viewer of viewers) {
      const arrivedAt = viewer.received.get(commentId);
      if (arrivedAt !== undefined) latencies.push(arrivedAt - started);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.log(JSON.stringify({ bench: "comments", case: "delivery", system: "reference", reference: "bare ws broadcast", viewers: VIEWERS, posts: POSTS, ...latencySummary(latencies, VIEWERS * POSTS), ...monitor() }));
  for (const viewer of viewers) viewer.socket.close();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
}

async function child(db: DbKind, url: string | undefined, dataDir: string | undefined): Promise<void> {
  process.env.SAMSYN_QUIET_LOGS = "1";
  const [{ openDatabase, setDatabaseHandle }, { migrateDatabase }, services, { sql }] = await Promise.all([
    import("../db/client"),
    import("../db/migrate"),
    import("../lib/server/services/comments"),
    import("drizzle-orm"),
  ]);
  const handle = db === "postgres" ? openDatabase({ kind: "postgres", url: url! }) : openDatabase({ kind: "pglite", dataDir: dataDir! });
  setDatabaseHandle(handle);
  await migrateDatabase(handle);
  const world = await buildWorld();
  const actor = { userId: world.members[5]!.userId };
  const driverId = world.driverIds[0]!;
  const shape = { drivers: DRIVERS, comments: LONG_THREAD + SHORT_THREADS * SHORT_THREAD_LENGTH };

  let monitor = harnessMonitor();
  const threads = await services.listDriverThreads(actor, world.dialogueId, driverId, "all");
  const listed = await timeCalls(() => services.listDriverThreads(actor, world.dialogueId, driverId, "all"));
  console.log(JSON.stringify({ bench: "comments", case: "thread-list", db, system: "samsyn", ...shape, threads: threads.length, ...listed, target_p95_ms: 100, load1: round(os.loadavg()[0] ?? 0), ...monitor() }));
  monitor = harnessMonitor();
  const listFloor = await timeCalls(() => handle.db.execute(sql`select * from comment_threads where driver_id = ${driverId} order by last_activity_at desc, id desc`));
  console.log(JSON.stringify({ bench: "comments", case: "thread-list", db, system: "reference", reference: "one plain query", ...listFloor, ...monitor() }));

  monitor = harnessMonitor();
  const page = await services.listThreadComments(actor, world.dialogueId, world.longThreadId);
  const firstPage = await timeCalls(() => services.listThreadComments(actor, world.dialogueId, world.longThreadId));
  console.log(JSON.stringify({ bench: "comments", case: "first-page", db, system: "samsyn", thread_comments: LONG_THREAD, page: page.comments.length, ...firstPage, target_p95_ms: 100, load1: round(os.loadavg()[0] ?? 0), ...monitor() }));
  monitor = harnessMonitor();
  const pageFloor = await timeCalls(() => handle.db.execute(sql`select * from comments where thread_id = ${world.longThreadId} order by created_at, id limit 51`));
  console.log(JSON.stringify({ bench: "comments", case: "first-page", db, system: "reference", reference: "one plain query", ...pageFloor, ...monitor() }));

  await delivery(db, world);
  if (db === "pglite") await deliveryReference();
  await handle.close();
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const childDb = option("--child");
  if (childDb === "pglite" || childDb === "postgres") return child(childDb, option("--url"), option("--data-dir"));

  await forEachDatabase("comments", option("--db") ?? "both", (target) => runBenchChild("comments", "bench/comments.ts", target));
}

await main();
