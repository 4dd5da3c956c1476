/**
 * `npm run bench:rounds` (issue 7, "Speed"): JSON lines, on PGlite and on PostgreSQL, each in a
 * child process of its own with a fresh database and the real job runner (pg-boss) started.
 *
 * The world: a dialogue with 40 drivers (three goal statements each), 60 organisations and 150
 * participants spread over them (plus the facilitator), and a stance round open over all 40
 * drivers and 60 organisations in which half the cells are answered, a tenth of those since gone
 * stale (the önskat läge changed after the stance).
 *
 * - matrix: the facilitator's response matrix (`getRound`, what the round page reads: access,
 *   round, drivers, organisations, latest stances, fingerprints, 2 400 cells), 200 calls after a
 *   warm-up; p50/p95.
 * - close: closing a round with 150 participants (`closeRound` at its deadline, as the scheduler
 *   does: the update, the audit record, the sockets told, and a notification per participant and
 *   facilitator with its mail job enqueued in pg-boss), 5 rounds one after another; each timed.
 *
 * References in the same run: for the matrix, one plain query returning the latest stance per
 * cell (the floor of any matrix: no access check, no organisations or staleness); for closing, one
 * plain multi-row insert of the same number of notification rows (the floor of notifying everyone:
 * no recipients looked up, no settings, no jobs). Services are called directly (no HTTP around
 * them); the harness's CPU and event-loop delay are printed beside each line.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { forEachDatabase, harnessMonitor, percentile, round, runBenchChild } from "./lib";

const DRIVERS = 40;
const ORGANISATIONS = 60;
const PARTICIPANTS = 150;
const GOALS_PER_DRIVER = 3;
const CALLS = 200;
const WARMUP = 20;
const CLOSES = 5;
const DAY_MS = 86_400_000;

type DbKind = "pglite" | "postgres";

interface World {
  dialogueId: string;
  facilitatorId: string;
  driverIds: string[];
  organisationIds: string[];
  participantIds: string[];
}

async function buildWorld(): Promise<World> {
  const [{ getDb }, schema] = await Promise.all([import("../db/client"), import("../db/schema")]);
  const db = getDb();
  const run = randomUUID().slice(0, 8);
  const organisations = await db
    .insert(schema.organisations)
    .values(Array.from({ length: ORGANISATIONS }, (_, index) => ({ name: `Bänk ${run} organisation ${index}`, type: "region" as const })))
    .returning({ id: schema.organisations.id });
  const users = await db
    .insert(schema.users)
    .values(Array.from({ length: PARTICIPANTS + 1 }, (_, index) => ({ name: `Deltagare ${index}`, email: `bench-rounds-${run}-${index}@bench.invalid` })))
    .returning({ id: schema.users.id });
  const [dialogue] = await db
    .insert(schema.dialogues)
    .values({ planningQuestion: "Bänk: rundor", horizonFrom: 2025, horizonTo: 2035, status: "active", regionCodes: ["03"], createdBy: users[0]!.id })
    .returning({ id: schema.dialogues.id });
  const dialogueId = dialogue!.id;
  await db.insert(schema.dialogueOrganisations).values(organisations.map((organisation) => ({ dialogueId, organisationId: organisation.id })));
  await db.insert(schema.dialogueMembers).values(
    users.map((user, index) => ({
      dialogueId,
      userId: user.id,
      organisationId: organisations[index % ORGANISATIONS]!.id,
      role: index === 0 ? ("facilitator" as const) : ("participant" as const),
    })),
  );
  const drivers = await db
    .insert(schema.drivers)
    .values(Array.from({ length: DRIVERS }, (_, position) => ({ dialogueId, title: `Drivkraft ${position + 1}`, whoClass: "within" as const, position })))
    .returning({ id: schema.drivers.id, position: schema.drivers.position });
  const driverIds = drivers.sort((a, b) => a.position - b.position).map((driver) => driver.id);
  await db.insert(schema.goalStatements).values(
    driverIds.flatMap((driverId) =>
      Array.from({ length: GOALS_PER_DRIVER }, (_, position) => ({ driverId, position, text: `Andelen specialistsjuksköterskor ska öka, mål ${position + 1}.` })),
    ),
  );
  return {
    dialogueId,
    facilitatorId: users[0]!.id,
    driverIds,
    organisationIds: organisations.map((organisation) => organisation.id),
    participantIds: users.slice(1).map((user) => user.id),
  };
}

/** A stance round over every driver and organisation, opened now through the service. */
async function openStanceRound(world: World, title: string): Promise<string> {
  const [{ createRound }, { dateToStockholmLocal }] = await Promise.all([import("../lib/server/services/rounds"), import("../lib/model/round")]);
  const now = Date.now();
  const { id } = await createRound(
    { userId: world.facilitatorId },
    {
      dialogueId: world.dialogueId,
      kind: "stance",
      title,
      driverIds: world.driverIds,
      organisationIds: world.organisationIds,
      opensAt: dateToStockholmLocal(new Date(now - 60_000)),
      closesAt: dateToStockholmLocal(new Date(now + 3 * DAY_MS)),
    },
  );
  return id;
}

/** Half the cells answered (every other organisation on every driver); a tenth of those stale. */
async function answerHalf(world: World, roundId: string): Promise<number> {
  const [{ getDb }, schema, { findDesiredFingerprints }] = await Promise.all([import("../db/client"), import("../db/schema"), import("../db/queries/rounds")]);
  const db = getDb();
  const fingerprints = await findDesiredFingerprints(db, world.driverIds);
  const rows = world.driverIds.flatMap((driverId, driverIndex) =>
    world.organisationIds
      .filter((_, index) => (index + driverIndex) % 2 === 0)
      .map((organisationId, index) => ({
        dialogueId: world.dialogueId,
        roundId,
        driverId,
        organisationId,
        value: (["support", "accept", "object"] as const)[index % 3]!,
        reason: index % 3 === 2 ? "Saknar finansiering för utbildningsplatserna." : "",
        givenBy: world.participantIds[world.organisationIds.indexOf(organisationId) % world.participantIds.length]!,
        desiredFingerprint: index % 10 === 0 ? "stale" : fingerprints.get(driverId)!,
      })),
  );
  for (let start = 0; start < rows.length; start += 500) await db.insert(schema.stances).values(rows.slice(start, start + 500));
  return rows.length;
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

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: sorted.length, min_ms: round(sorted[0]!), median_ms: round(percentile(sorted, 50)), max_ms: round(sorted.at(-1)!) };
}

async function child(db: DbKind, url: string | undefined, dataDir: string | undefined): Promise<void> {
  process.env.SAMSYN_QUIET_LOGS = "1";
  const [{ openDatabase, setDatabaseHandle }, schema, { migrateDatabase }, { startJobRunner }, rounds, scheduler, { sql }] = await Promise.all([
    import("../db/client"),
    import("../db/schema"),
    import("../db/migrate"),
    import("../lib/server/jobs/runner"),
    import("../lib/server/services/rounds"),
    import("../lib/server/rounds/scheduler"),
    import("drizzle-orm"),
  ]);
  const handle = db === "postgres" ? openDatabase({ kind: "postgres", url: url! }) : openDatabase({ kind: "pglite", dataDir: dataDir! });
  setDatabaseHandle(handle);
  await migrateDatabase(handle);
  const jobs = await startJobRunner(handle);
  const world = await buildWorld();
  const shape = { organisations: ORGANISATIONS, drivers: DRIVERS, participants: PARTICIPANTS };

  // --- the response matrix ---------------------------------------------------------------------
  const matrixRound = await openStanceRound(world, "Matrisen");
  const stances = await answerHalf(world, matrixRound);
  const facilitator = { userId: world.facilitatorId };
  let monitor = harnessMonitor();
  const detail = await rounds.getRound(facilitator, world.dialogueId, matrixRound);
  const matrix = await timeCalls(() => rounds.getRound(facilitator, world.dialogueId, matrixRound));
  const states = { answered: 0, stale: 0, missing: 0 };
  for (const cell of detail.cells) states[cell.state]++;
  console.log(JSON.stringify({ bench: "rounds", case: "matrix", db, system: "samsyn", ...shape, cells: detail.cells.length, stances, ...states, ...matrix, target_p95_ms: 300, load1: round(os.loadavg()[0] ?? 0), ...monitor() }));
  monitor = harnessMonitor();
  const floor = await timeCalls(() =>
    handle.db.execute(sql`select distinct on (driver_id, organisation_id) * from stances where round_id = ${matrixRound} order by driver_id, organisation_id, created_at desc`),
  );
  console.log(JSON.stringify({ bench: "rounds", case: "matrix", db, system: "reference", reference: "one plain query (latest stance per cell)", ...floor, ...monitor() }));

  // --- closing a round with 150 participants -----------------------------------------------------
  const closeTimes: number[] = [];
  let notified = 0;
  let mailJobs = 0;
  const countMailJobs = async () => countOf(await handle.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'notification-mail'`));
  monitor = harnessMonitor();
  for (let index = 0; index < CLOSES; index++) {
    const roundId = index === 0 ? matrixRound : await openStanceRound(world, `Stängs ${index}`);
    const countClosed = async () => countOf(await handle.db.execute(sql`select count(*)::int as n from notifications where round_id = ${roundId} and reason = 'round_closed'`));
    const before = await countClosed();
    const jobsBefore = await countMailJobs();
    const started = performance.now();
    const closed = await scheduler.closeRound(handle.db, roundId, { now: new Date(Date.now() + 4 * DAY_MS) });
    closeTimes.push(performance.now() - started);
    if (!closed) throw new Error("the round did not close");
    notified = (await countClosed()) - before;
    mailJobs = (await countMailJobs()) - jobsBefore;
  }
  console.log(
    JSON.stringify({
      bench: "rounds",
      case: "close",
      db,
      system: "samsyn",
      ...shape,
      notified_per_close: notified,
      mail_jobs_per_close: mailJobs,
      close_ms: round(Math.max(...closeTimes)),
      ...summary(closeTimes),
      target_close_ms: 2_000,
      ...monitor(),
    }),
  );
  const insertTimes: number[] = [];
  monitor = harnessMonitor();
  for (let index = 0; index < CLOSES; index++) {
    const recipients = [world.facilitatorId, ...world.participantIds];
    const dedupeKey = randomUUID();
    const started = performance.now();
    await handle.db.insert(schema.notifications).values(recipients.map((recipientId) => ({ recipientId, dialogueId: world.dialogueId, reason: "round_closed" as const, dedupeKey })));
    insertTimes.push(performance.now() - started);
  }
  console.log(JSON.stringify({ bench: "rounds", case: "close", db, system: "reference", reference: "one plain insert of the notification rows", rows: PARTICIPANTS + 1, close_ms: round(Math.max(...insertTimes)), ...summary(insertTimes), ...monitor() }));

  await jobs.stop();
  await handle.close();
}

/** The first row's `n` of a counting query, whichever driver answered (PGlite: rows; postgres: an array). */
function countOf(result: unknown): number {
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return Number((rows[0] as { n: number }).n);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const childDb = option("--child");
  if (childDb === "pglite" || childDb === "postgres") return child(childDb, option("--url"), option("--data-dir"));

  await forEachDatabase("rounds", option("--db") ?? "both", (target) => runBenchChild("rounds", "bench/rounds.ts", target));
}

await main();
