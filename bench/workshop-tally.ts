/**
 * `npm run bench:workshop`, case `tally` (issue 9, "Speed": the vote tally for 150 participants
 * updates for the facilitator with p99 < 300 ms). Runs in a child process per database (see
 * bench/workshop.ts), with a real collaboration server on a port and 151 real websocket clients of
 * the workshop room: the facilitator and 150 participants.
 *
 * Each of the 150 participants saves an allocation (castVote, the service the form's action
 * calls: the ballot upsert and its dots in one transaction, then the room told); the time is
 * measured from the call until the facilitator's socket receives a state whose turnout includes
 * that voter. Votes are cast one after another (each waits for the previous one to reach the
 * facilitator), so every measurement is one vote's whole path: the write, the room's coalescing
 * (25 ms), the shared live state and every viewer's activity (one shared read, 151 projections),
 * 151 frames sent.
 *
 * Reference, in the same run: the room's push floor — `notifyWorkshopChanged` with nothing
 * written, until the facilitator's socket receives the next state (the same coalescing, reads and
 * 151 frames, without the vote's transaction), 150 times.
 *
 * rss_mb is the process's resident memory after the run: the server, its 151 connections and the
 * harness's 151 clients (they share the process, so this overstates the server alone).
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { harnessMonitor, percentile, round } from "./lib";

export const TALLY_PARTICIPANTS = 150;

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)), p99_ms: round(percentile(sorted, 99)), max_ms: round(sorted.at(-1) ?? 0) };
}

export async function tallyChild(db: "pglite" | "postgres", url: string | undefined, dataDir: string | undefined): Promise<void> {
  process.env.SAMSYN_QUIET_LOGS = "1";
  const [{ openDatabase, setDatabaseHandle, getDb }, schema, { migrateDatabase }, { CollabServer }, host, activity, workshopsService, { connectRoom }] = await Promise.all([
    import("../db/client"),
    import("../db/schema"),
    import("../db/migrate"),
    import("../lib/server/collab/collab-server"),
    import("../lib/server/collab/host"),
    import("../lib/server/services/workshop-activity"),
    import("../lib/server/services/workshops"),
    import("../tests/support/workshop-client"),
  ]);
  const handle = db === "postgres" ? openDatabase({ kind: "postgres", url: url! }) : openDatabase({ kind: "pglite", dataDir: dataDir! });
  setDatabaseHandle(handle);
  await migrateDatabase(handle);
  const database = getDb();

  // --- the world: a dialogue, three drivers on a workshop's agenda, 150 participants in 30 organisations
  const run = randomUUID().slice(0, 8);
  const organisations = await database
    .insert(schema.organisations)
    .values(Array.from({ length: 31 }, (_, index) => ({ name: `Bänk ${run} organisation ${index}`, type: "region" as const })))
    .returning({ id: schema.organisations.id });
  const users = await database
    .insert(schema.users)
    .values(Array.from({ length: TALLY_PARTICIPANTS + 1 }, (_, index) => ({ name: `Deltagare ${index}`, email: `bench-tally-${run}-${index}@bench.invalid` })))
    .returning({ id: schema.users.id });
  const facilitatorId = users[0]!.id;
  const [dialogue] = await database
    .insert(schema.dialogues)
    .values({ planningQuestion: "Bänk: röstning", horizonFrom: 2025, horizonTo: 2035, status: "active", createdBy: facilitatorId })
    .returning({ id: schema.dialogues.id });
  const dialogueId = dialogue!.id;
  await database.insert(schema.dialogueOrganisations).values(organisations.map((organisation) => ({ dialogueId, organisationId: organisation.id })));
  await database.insert(schema.dialogueMembers).values(
    users.map((user, index) => ({ dialogueId, userId: user.id, organisationId: organisations[index % organisations.length]!.id, role: index === 0 ? ("facilitator" as const) : ("participant" as const) })),
  );
  const driverRows = await database
    .insert(schema.drivers)
    .values(["Kompetensförsörjning", "Arbetsmiljö", "Digitalisering"].map((title, position) => ({ dialogueId, title, whoClass: "predictable" as const, position })))
    .returning({ id: schema.drivers.id });
  const facilitator = { userId: facilitatorId };
  const { id: workshopId } = await workshopsService.createWorkshop(facilitator, { dialogueId, title: "Bänkworkshop" });
  await workshopsService.setAgenda(facilitator, { dialogueId, workshopId, driverIds: driverRows.map((driver) => driver.id), timeboxes: Object.fromEntries(driverRows.map((driver) => [driver.id, 20])) });
  const tokens = users.map(() => randomUUID().replaceAll("-", ""));
  await database.insert(schema.sessions).values(users.map((user, index) => ({ sessionToken: tokens[index]!, userId: user.id, expires: new Date(Date.now() + 3_600_000) })));

  // --- the server and 151 clients ------------------------------------------------------------------
  const origin = "http://samsyn.bench";
  const server = new CollabServer({
    db: getDb,
    allowedOrigins: [origin],
    sessionCookieName: "samsyn.session",
    sessionLimits: { idleMinutes: 30, maxHours: 12 },
    log: () => undefined,
    unloadDelayMs: 200,
    upgradesPerMinute: 100_000,
  } as ConstructorParameters<typeof CollabServer>[0]);
  host.registerCollabHost(server);
  const httpServer = http.createServer((_request, response) => response.writeHead(404).end());
  httpServer.on("upgrade", (request, socket, head) => {
    if (!server.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const wsUrl = `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}/collab`;
  // The test client sends the test origin and cookie name; the bench uses its own origin.
  const clients: ReturnType<typeof connectRoom>[] = [];
  for (const token of tokens) {
    const client = connectRoom(wsUrl, workshopId, token, { origin, validate: false });
    clients.push(client);
    if (!(await client.opened)) throw new Error(`a room client was refused (${client.refusedWith})`);
  }
  const facilitatorClient = clients[0]!;
  /** Resolves as soon as `condition` holds: checked on each state the facilitator's socket receives, and every 5 ms. */
  const waitUntil = (condition: () => boolean, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      if (condition()) return resolve();
      const previous = facilitatorClient.onState;
      const done = (error?: Error) => {
        clearTimeout(timer);
        clearInterval(poll);
        facilitatorClient.onState = previous;
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => done(new Error("timed out")), timeoutMs);
      const poll = setInterval(() => condition() && done(), 5);
      facilitatorClient.onState = (state) => {
        previous?.(state);
        if (condition()) done();
      };
    });
  await waitUntil(() => clients.every((client) => client.states.length > 0));

  const { id: voteId } = await activity.openVote(facilitator, { dialogueId, workshopId, title: "Viktigaste drivkraften", targetKind: "driver", dotsPerVoter: 3 });
  await waitUntil(() => facilitatorClient.latest()?.activity.vote?.id === voteId);

  // Participants' sockets must never see a result before the reveal; the clients keep only their
  // latest state, so the harness's own memory stays out of the server's RSS as far as it can.
  let participantSawResults = false;
  for (const client of clients) {
    const keepLatest = () => client.states.splice(0, Math.max(0, client.states.length - 1));
    keepLatest();
    const previous = client.onState;
    client.onState = (state) => {
      previous?.(state);
      if (client !== facilitatorClient && state.activity.vote?.results) participantSawResults = true;
      keepLatest();
    };
  }

  // --- reference: the room's push floor ----------------------------------------------------------
  let monitor = harnessMonitor();
  const floor: number[] = [];
  for (let index = 0; index < TALLY_PARTICIPANTS; index++) {
    const before = facilitatorClient.latest();
    const started = performance.now();
    host.notifyWorkshopChanged(workshopId);
    await waitUntil(() => facilitatorClient.latest() !== before);
    floor.push(performance.now() - started);
  }
  const floorMonitor = monitor();

  // --- the tally ---------------------------------------------------------------------------------
  monitor = harnessMonitor();
  const times: number[] = [];
  for (let index = 1; index <= TALLY_PARTICIPANTS; index++) {
    const voter = { userId: users[index]!.id };
    const allocation = { [driverRows[index % 3]!.id]: 2, [driverRows[(index + 1) % 3]!.id]: 1 };
    const started = performance.now();
    await activity.castVote(voter, { dialogueId, workshopId, voteId, allocation });
    await waitUntil(() => (facilitatorClient.latest()?.activity.vote?.turnout?.voters ?? 0) >= index);
    times.push(performance.now() - started);
  }
  const tallyMonitor = monitor();
  const final = facilitatorClient.latest()!.activity.vote!;
  if (final.turnout?.voters !== TALLY_PARTICIPANTS || final.turnout.dots !== TALLY_PARTICIPANTS * 3) throw new Error(`the tally is wrong: ${JSON.stringify(final.turnout)}`);
  if (participantSawResults) throw new Error("a participant's socket received results before the reveal");
  const rssMb = round(process.memoryUsage().rss / 1_048_576, 1);
  const shape = { participants: TALLY_PARTICIPANTS, sockets: clients.length, db };

  console.log(JSON.stringify({ bench: "workshop", case: "tally", ...shape, system: "samsyn", ...summary(times), rss_mb: rssMb, ...tallyMonitor }));
  console.log(
    JSON.stringify({ bench: "workshop", case: "tally", ...shape, system: "reference", reference: "the room's push floor: notifyWorkshopChanged with nothing written, to the facilitator's socket", ...summary(floor), rss_mb: rssMb, ...floorMonitor }),
  );

  for (const client of clients) client.close();
  host.registerCollabHost(undefined);
  await server.close();
  httpServer.closeAllConnections();
  await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  await handle.close();
}
