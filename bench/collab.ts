/**
 * `npm run bench:collab`: the samsyn collaboration server (persistence on) against the reference
 * `@y/websocket-server` 0.1.1 (no persistence), side by side in one run, under the same harness of
 * y-websocket clients. Each server runs as a fresh child process per case and run; systems are
 * interleaved. One JSON line per case and system on stdout, progress on stderr.
 *
 * Options:
 *   --runs N          repetitions (default 1); with more, min/median summary lines follow
 *   --cases a,b       1x50, 1x150, 100x3, 20x10, cold-open, idle-docs (default: all)
 *   --systems a,b     samsyn, reference (default: both)
 *   --db X            samsyn's database: pglite (default, the embedded mode), postgres, or both
 *   --quick           5 s loads, 2 000-update cold open, 50 idle documents (a smoke run)
 *   --seconds N       length of each load's timed phase (default 20; the issue's figure)
 *   --warm-up N       unmeasured editing before it (default 5): a longer one shows steady state
 *   --seed N          edit phases (printed on stderr)
 *   --attempts N      measurements of a case that other processes disturbed (default 3)
 *   --quiet-wait S    longest wait for other processes to go quiet before a measurement (120)
 *   --quiet-budget S  all such waits of a run together (600)
 *   --keep            keep the temp folder with the server logs
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { driverDocumentName } from "../lib/collab/protocol";
import { round } from "./lib";
import type { Endpoint } from "./collab/clients";
import { runColdOpen } from "./collab/cold-open";
import { createPostgresDatabase, prepareSamsynFixture, type SamsynFixture } from "./collab/fixture";
import { IDLE_WARM_UP_DOCS, runIdleDocs } from "./collab/idle-docs";
import { runLoad, WARM_UP_MS, type LoadSpec } from "./collab/load";
import { configureQuietWait, LIMITS } from "./collab/monitor";
import { killAllServers, SAMSYN_SCRIPT, startServer, type ServerProcess, type SystemName } from "./collab/servers";

const LOADS: readonly Omit<LoadSpec, "warmUpMs">[] = [
  { name: "1x50", docs: 1, clientsPerDoc: 50, editsPerSecond: 1, durationMs: 20_000 },
  { name: "1x150", docs: 1, clientsPerDoc: 150, editsPerSecond: 0.5, durationMs: 20_000 },
  { name: "100x3", docs: 100, clientsPerDoc: 3, editsPerSecond: 0.2, durationMs: 20_000 },
  { name: "20x10", docs: 20, clientsPerDoc: 10, editsPerSecond: 5, durationMs: 20_000 },
];
const EXTRA_CASES = ["cold-open", "idle-docs"] as const;

type DbKind = "pglite" | "postgres";

/** A system under test: the reference, or samsyn on one database. */
interface Target {
  system: SystemName;
  db: DbKind | null;
  /** Fields that identify the target in every JSON line. */
  label: Record<string, string>;
}

interface Options {
  runs: number;
  cases: string[];
  targets: Target[];
  quick: boolean;
  /** Overrides of the timed phase and the warm-up, in ms. */
  durationMs?: number;
  warmUpMs?: number;
  seed: number;
  keep: boolean;
  attempts: number;
  quietWaitS: number;
  quietBudgetS: number;
}

interface Sizes {
  durationMs: number;
  warmUpMs: number;
  coldOpenUpdates: number;
  coldOpenRepeats: number;
  idleDocs: number;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const known = [...LOADS.map((load) => load.name), ...EXTRA_CASES];
  const cases = (value("--cases") ?? known.join(",")).split(",").filter(Boolean);
  for (const name of cases) if (!known.includes(name)) throw new Error(`unknown case ${name}; known: ${known.join(", ")}`);
  const systems = (value("--systems") ?? "samsyn,reference").split(",").filter(Boolean);
  for (const system of systems) if (system !== "samsyn" && system !== "reference") throw new Error(`unknown system ${system}`);
  const dbOption = value("--db") ?? "pglite";
  if (!["pglite", "postgres", "both"].includes(dbOption)) throw new Error("--db must be pglite, postgres or both");
  const dbs: DbKind[] = dbOption === "both" ? ["pglite", "postgres"] : [dbOption as DbKind];
  const targets: Target[] = systems.flatMap((system): Target[] =>
    system === "reference"
      ? [{ system: "reference", db: null, label: { system: "reference" } }]
      : dbs.map((db) => ({ system: "samsyn", db, label: { system: "samsyn", db } })),
  );
  const runs = Number(value("--runs") ?? 1);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error("--runs must be 1–20");
  return {
    runs,
    cases,
    targets,
    quick: argv.includes("--quick"),
    durationMs: seconds(value("--seconds"), "--seconds", 1),
    warmUpMs: seconds(value("--warm-up"), "--warm-up", 0),
    seed: Number(value("--seed") ?? Math.floor(Math.random() * 1_000_000)),
    keep: argv.includes("--keep"),
    attempts: Math.max(1, Math.min(5, Number(value("--attempts") ?? 3))),
    quietWaitS: Number(value("--quiet-wait") ?? 120),
    quietBudgetS: Number(value("--quiet-budget") ?? 600),
  };
}

function seconds(raw: string | undefined, flag: string, least: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < least || value > 600) throw new Error(`${flag} must be ${least}–600 seconds`);
  return value * 1000;
}

const key = (target: Target) => `${target.system}:${target.db ?? ""}`;

/** How many drivers a run needs on a samsyn database: one per document, fresh for every attempt. */
function documentsNeeded(options: Options, sizes: Sizes): number {
  let count = 0;
  for (const name of options.cases) {
    const load = LOADS.find((candidate) => candidate.name === name);
    if (load) count += load.docs;
    if (name === "cold-open") count += 2;
    if (name === "idle-docs") count += sizes.idleDocs + IDLE_WARM_UP_DOCS;
  }
  return count * options.attempts;
}

/**
 * How many people a run needs: one per client of its largest case, so that no person opens more
 * connections a minute than the server allows one person (a real workshop is 150 people).
 */
function peopleNeeded(options: Options, sizes: Sizes): number {
  let count = 1;
  for (const name of options.cases) {
    const load = LOADS.find((candidate) => candidate.name === name);
    if (load) count = Math.max(count, load.docs * load.clientsPerDoc);
    if (name === "idle-docs") count = Math.max(count, sizes.idleDocs + IDLE_WARM_UP_DOCS);
  }
  return count;
}

/** Hands out document names: samsyn drivers from the fixture, random ones for the reference. */
class Documents {
  private next = 0;
  constructor(private readonly driverIds: string[] | null) {}
  take(count: number): string[] {
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.driverIds ? this.driverIds[this.next++] : randomUUID();
      if (!id) throw new Error("the fixture has too few drivers");
      names.push(driverDocumentName(id));
    }
    return names;
  }
}

interface Prepared {
  fixture: SamsynFixture | null;
  documents: Documents;
}

const results: Record<string, unknown>[] = [];

function emit(line: Record<string, unknown>): void {
  results.push(line);
  console.log(JSON.stringify(line));
}

function endpointFor(server: ServerProcess, fixture: SamsynFixture | null): Endpoint {
  return { wsBase: server.wsBase, origin: server.origin, cookies: fixture?.cookies ?? [] };
}

async function measureCase(
  name: string,
  target: Target,
  prepared: Prepared,
  sizes: Sizes,
  seed: number,
  start: () => Promise<ServerProcess>,
): Promise<Record<string, unknown>> {
  const endpoint = (server: ServerProcess) => endpointFor(server, prepared.fixture);
  const load = LOADS.find((candidate) => candidate.name === name);
  if (load) {
    const server = await start();
    const docs = prepared.documents.take(load.docs);
    return runLoad(server, endpoint(server), docs, { ...load, durationMs: sizes.durationMs, warmUpMs: sizes.warmUpMs }, seed);
  }
  if (name === "cold-open") {
    return runColdOpen({
      system: target.system,
      start,
      documents: prepared.documents.take(2),
      endpointFor: endpoint,
      updates: sizes.coldOpenUpdates,
      repeats: sizes.coldOpenRepeats,
    });
  }
  const server = await start();
  return runIdleDocs(server, endpoint(server), prepared.documents.take(sizes.idleDocs + IDLE_WARM_UP_DOCS));
}

/** One case on one target: measured again (up to --attempts) while other processes disturb it. */
async function runCase(name: string, target: Target, prepared: Prepared, workDir: string, options: Options, sizes: Sizes, run: number) {
  const runField = options.runs > 1 ? { run: run + 1 } : {};
  const title = `${name} on ${target.system}${target.db ? ` (${target.db})` : ""}`;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    process.stderr.write(`[run ${run + 1}] ${title}${attempt > 1 ? `, attempt ${attempt}` : ""}\n`);
    const attemptField = attempt > 1 ? { attempt } : {};
    const servers: ServerProcess[] = [];
    const start = async () => {
      const server = await startServer({ system: target.system, logDir: workDir, env: prepared.fixture?.env ?? {} });
      servers.push(server);
      return server;
    };
    try {
      const result = await measureCase(name, target, prepared, sizes, options.seed + run, start);
      const errors = servers.flatMap((server) => server.errorLines());
      if (errors.length) process.stderr.write(`  ${target.system} logged:\n    ${errors.slice(0, 10).join("\n    ")}\n`);
      const disturbed = result.valid === false && Number(result.other_cpu_pct) >= LIMITS.otherCpuPct;
      if (disturbed && attempt < options.attempts) {
        // Not on stdout (it measured the neighbours too), but never hidden either.
        process.stderr.write(`  other processes used ${result.other_cpu_pct} % of a core meanwhile; measuring again\n`);
        process.stderr.write(`  discarded: ${JSON.stringify({ case: name, ...target.label, ...result, attempt })}\n`);
        continue;
      }
      const logged = errors.length ? { server_log_errors: errors.length } : {};
      emit({ bench: "collab", case: name, ...target.label, ...result, ...logged, ...attemptField, ...runField });
      return;
    } catch (error) {
      process.stderr.write(`  ${title} failed: ${(error as Error).stack ?? error}\n`);
      const last = servers.at(-1);
      if (last) process.stderr.write(`  ${target.system} server log (tail):\n${last.logTail()}\n`);
      emit({ bench: "collab", case: name, ...target.label, error: (error as Error).message, ...attemptField, ...runField });
      return;
    } finally {
      for (const server of servers) await server.stop();
    }
  }
}

const NUMERIC_SUMMARY = [
  "p50_ms",
  "p95_ms",
  "p99_ms",
  "lost",
  "cpu_ms_per_1k",
  "rss_mb",
  "ms",
  "rss_mb_per_doc",
  "harness_cpu_pct",
  "harness_loop_p99_ms",
  "other_cpu_pct",
];

function summarize(options: Options): void {
  for (const name of options.cases) {
    for (const target of options.targets) {
      const lines = results.filter(
        (line) => line.case === name && line.system === target.system && (line.db ?? null) === target.db && line.error === undefined,
      );
      if (lines.length < 2) continue;
      const summary: Record<string, unknown> = { bench: "collab", case: name, ...target.label, runs: lines.length, summary: "min/median" };
      for (const field of NUMERIC_SUMMARY) {
        const values = lines.map((line) => line[field]).filter((value): value is number => typeof value === "number");
        if (values.length === 0) continue;
        values.sort((a, b) => a - b);
        const middle = values.length / 2;
        const median = values.length % 2 ? values[Math.floor(middle)]! : (values[middle - 1]! + values[middle]!) / 2;
        summary[field] = { min: round(values[0]!), median: round(median) };
      }
      if (lines.some((line) => "converged" in line)) summary.converged = lines.every((line) => line.converged === true);
      summary.valid = lines.every((line) => line.valid !== false);
      emit(summary);
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const defaults: Sizes = options.quick
    ? { durationMs: 5_000, warmUpMs: 1_000, coldOpenUpdates: 2_000, coldOpenRepeats: 1, idleDocs: 50 }
    : { durationMs: 20_000, warmUpMs: WARM_UP_MS, coldOpenUpdates: 10_000, coldOpenRepeats: 5, idleDocs: 200 };
  const sizes: Sizes = { ...defaults, durationMs: options.durationMs ?? defaults.durationMs, warmUpMs: options.warmUpMs ?? defaults.warmUpMs };
  // Hundreds of providers each register an exit listener (y-websocket); that is expected here.
  process.setMaxListeners(0);
  configureQuietWait(options.quietWaitS * 1000, options.quietBudgetS * 1000);
  if (options.targets.some((target) => target.system === "samsyn") && !fs.existsSync(SAMSYN_SCRIPT)) {
    emit({ bench: "collab", system: "samsyn", skipped: `${SAMSYN_SCRIPT} does not exist on this branch yet` });
    options.targets = options.targets.filter((target) => target.system !== "samsyn");
  }
  process.stderr.write(
    `bench:collab seed ${options.seed}; cases ${options.cases.join(",")}; ` +
      `systems ${options.targets.map((target) => target.system + (target.db ? `/${target.db}` : "")).join(", ")}\n`,
  );
  const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), "samsyn-bench-collab-"));
  const drops: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    killAllServers();
    for (const drop of drops.splice(0)) await drop().catch(() => {});
    if (!options.keep) fs.rmSync(workRoot, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    for (let run = 0; run < options.runs; run++) {
      const workDir = path.join(workRoot, `run-${run + 1}`);
      fs.mkdirSync(workDir, { recursive: true });
      // Fresh databases per run, prepared before any server starts (PGlite allows one process).
      const prepared = new Map<string, Prepared>();
      for (const target of [...options.targets]) {
        if (target.system === "reference") {
          prepared.set(key(target), { fixture: null, documents: new Documents(null) });
          continue;
        }
        process.stderr.write(`[run ${run + 1}] preparing the samsyn database (${target.db})\n`);
        let config: Parameters<typeof prepareSamsynFixture>[0];
        if (target.db === "postgres") {
          const database = await createPostgresDatabase();
          if ("unavailable" in database) {
            emit({ bench: "collab", ...target.label, skipped: database.unavailable });
            options.targets = options.targets.filter((candidate) => candidate !== target);
            continue;
          }
          drops.push(database.drop);
          config = { kind: "postgres", url: database.url };
        } else {
          config = { kind: "pglite", dataDir: path.join(workDir, "pglite") };
        }
        const fixture = await prepareSamsynFixture(config, documentsNeeded(options, sizes), peopleNeeded(options, sizes));
        prepared.set(key(target), { fixture, documents: new Documents(fixture.driverIds) });
      }
      for (const [position, name] of options.cases.entries()) {
        // Interleave: alternate which system goes first, per case and run.
        const order = (run + position) % 2 === 0 ? options.targets : [...options.targets].reverse();
        for (const target of order) await runCase(name, target, prepared.get(key(target))!, workDir, options, sizes, run);
      }
      for (const drop of drops.splice(0)) await drop();
    }
    if (options.runs > 1) summarize(options);
  } finally {
    await cleanup();
    if (options.keep) process.stderr.write(`kept ${workRoot}\n`);
  }
  // Providers leave timers behind (y-websocket's reconnect/awareness checks); do not wait for them.
  process.exit(results.some((line) => line.error !== undefined) ? 1 : 0);
}

await main();
