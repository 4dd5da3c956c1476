/**
 * `npm run bench:collab`: the samsyn collaboration server (persistence on, PGlite) against the
 * reference `@y/websocket-server` 0.1.1 (no persistence), side by side in one run, under the same
 * harness of y-websocket clients. Each server runs as a fresh child process per case and run;
 * systems are interleaved. One JSON line per case and system on stdout, progress on stderr.
 *
 * Options: --runs N (default 1; with more, min/median summary lines follow), --cases a,b (load
 * cases and/or cold-open, idle-docs), --systems samsyn,reference, --quick (short smoke run),
 * --seed N, --keep (keep the temp folder with the server logs), --quiet-wait S (longest wait for
 * other processes to go quiet before a measurement, default 120) and --quiet-budget S (all such
 * waits of a run together, default 600), --attempts N (measurements of a case disturbed by other
 * processes, default 3).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { driverDocumentName } from "../lib/collab/protocol";
import { round } from "./lib";
import type { Endpoint } from "./collab/clients";
import { runColdOpen } from "./collab/cold-open";
import { prepareSamsynFixture, type SamsynFixture } from "./collab/fixture";
import { runIdleDocs } from "./collab/idle-docs";
import { runLoad, type LoadSpec } from "./collab/load";
import { configureQuietWait, LIMITS } from "./collab/monitor";
import { killAllServers, SAMSYN_SCRIPT, startServer, type ServerProcess, type SystemName } from "./collab/servers";

const LOADS: readonly LoadSpec[] = [
  { name: "1x50", docs: 1, clientsPerDoc: 50, editsPerSecond: 1, durationMs: 20_000 },
  { name: "1x150", docs: 1, clientsPerDoc: 150, editsPerSecond: 0.5, durationMs: 20_000 },
  { name: "100x3", docs: 100, clientsPerDoc: 3, editsPerSecond: 0.2, durationMs: 20_000 },
  { name: "20x10", docs: 20, clientsPerDoc: 10, editsPerSecond: 5, durationMs: 20_000 },
];
const EXTRA_CASES = ["cold-open", "idle-docs"] as const;

interface Options {
  runs: number;
  cases: string[];
  systems: SystemName[];
  quick: boolean;
  seed: number;
  keep: boolean;
  /** Measurements per case and run when other processes disturbed the previous one. */
  attempts: number;
  /** Longest wait for a quiet machine before one measurement, and for all of them, in s. */
  quietWaitS: number;
  quietBudgetS: number;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const known = [...LOADS.map((load) => load.name), ...EXTRA_CASES];
  const cases = (value("--cases") ?? known.join(",")).split(",").filter(Boolean);
  for (const name of cases) if (!known.includes(name)) throw new Error(`unknown case ${name}; known: ${known.join(", ")}`);
  const systems = (value("--systems") ?? "samsyn,reference").split(",").filter(Boolean) as SystemName[];
  for (const system of systems) if (system !== "samsyn" && system !== "reference") throw new Error(`unknown system ${system}`);
  const runs = Number(value("--runs") ?? 1);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error("--runs must be 1–20");
  return {
    runs,
    cases,
    systems,
    quick: argv.includes("--quick"),
    seed: Number(value("--seed") ?? Math.floor(Math.random() * 1_000_000)),
    keep: argv.includes("--keep"),
    attempts: Number(value("--attempts") ?? 3),
    quietWaitS: Number(value("--quiet-wait") ?? 120),
    quietBudgetS: Number(value("--quiet-budget") ?? 600),
  };
}

/** How many documents a run needs on the samsyn side (one driver each, never reused). */
function documentsNeeded(options: Options, sizes: Sizes): number {
  let count = 0;
  for (const name of options.cases) {
    const load = LOADS.find((candidate) => candidate.name === name);
    if (load) count += load.docs;
    if (name === "cold-open") count += 2;
    if (name === "idle-docs") count += sizes.idleDocs + 1;
  }
  // Every attempt gets fresh documents.
  return count * MAX_ATTEMPTS;
}

interface Sizes {
  durationMs: number;
  coldOpenUpdates: number;
  coldOpenRepeats: number;
  idleDocs: number;
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

interface RunContext {
  workDir: string;
  fixture: SamsynFixture | null;
  documents: Record<SystemName, Documents>;
}

function endpointFor(server: ServerProcess, fixture: SamsynFixture | null): Endpoint {
  return { wsBase: server.wsBase, origin: server.origin, cookies: server.system === "samsyn" ? fixture!.cookies : [] };
}

const results: Record<string, unknown>[] = [];

function emit(line: Record<string, unknown>): void {
  results.push(line);
  console.log(JSON.stringify(line));
}

/** A case disturbed by other processes on the machine is measured again, at most this often. */
let MAX_ATTEMPTS = 3;

async function runCase(
  name: string,
  system: SystemName,
  context: RunContext,
  options: Options,
  sizes: Sizes,
  run: number,
): Promise<void> {
  const runField = options.runs > 1 ? { run: run + 1 } : {};
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    process.stderr.write(`[run ${run + 1}] ${name} on ${system}${attempt > 1 ? ` (attempt ${attempt})` : ""}\n`);
    const attemptField = attempt > 1 ? { attempt } : {};
    const servers: ServerProcess[] = [];
    const start = async () => {
      const server = await startServer({ system, logDir: context.workDir, env: system === "samsyn" ? context.fixture!.env : {} });
      servers.push(server);
      return server;
    };
    try {
      const result = await measureCase(name, system, context, options, sizes, run, start);
      const errors = servers.flatMap((server) => server.errorLines());
      if (errors.length) process.stderr.write(`  ${system} logged:\n    ${errors.slice(0, 10).join("\n    ")}\n`);
      const disturbed = result.valid === false && Number(result.other_cpu_pct) >= LIMITS.otherCpuPct;
      if (disturbed && attempt < MAX_ATTEMPTS) {
        // Not printed on stdout (it measured the neighbours), but never hidden either.
        process.stderr.write(`  other processes used ${result.other_cpu_pct} % of a core during the measurement; measuring again\n`);
        process.stderr.write(`  discarded: ${JSON.stringify({ case: name, system, ...result, attempt })}\n`);
        continue;
      }
      emit({ bench: "collab", case: name, system, ...result, ...(errors.length ? { server_log_errors: errors.length } : {}), ...attemptField, ...runField });
      return;
    } catch (error) {
      process.stderr.write(`  ${name} on ${system} failed: ${(error as Error).stack ?? error}\n`);
      const last = servers.at(-1);
      if (last) process.stderr.write(`  ${system} server log (tail):\n${last.logTail()}\n`);
      emit({ bench: "collab", case: name, system, error: (error as Error).message, ...attemptField, ...runField });
      return;
    } finally {
      for (const server of servers) await server.stop();
    }
  }
}

async function measureCase(
  name: string,
  system: SystemName,
  context: RunContext,
  options: Options,
  sizes: Sizes,
  run: number,
  start: () => Promise<ServerProcess>,
): Promise<Record<string, unknown>> {
  const endpoint = (server: ServerProcess) => endpointFor(server, context.fixture);
  const load = LOADS.find((candidate) => candidate.name === name);
  if (load) {
    const server = await start();
    const docs = context.documents[system].take(load.docs);
    return runLoad(server, endpoint(server), docs, { ...load, durationMs: sizes.durationMs }, options.seed + run);
  }
  if (name === "cold-open") {
    return runColdOpen({
      system,
      start,
      documents: context.documents[system].take(2),
      endpointFor: endpoint,
      updates: sizes.coldOpenUpdates,
      repeats: sizes.coldOpenRepeats,
    });
  }
  const server = await start();
  return runIdleDocs(server, endpoint(server), context.documents[system].take(sizes.idleDocs + 1));
}

const NUMERIC_SUMMARY = ["p50_ms", "p95_ms", "p99_ms", "cpu_ms_per_1k", "rss_mb", "ms", "rss_mb_per_doc", "lost", "harness_cpu_pct", "harness_loop_p99_ms"];

function summarize(options: Options): void {
  for (const name of options.cases) {
    for (const system of options.systems) {
      const lines = results.filter((line) => line.case === name && line.system === system && line.error === undefined);
      if (lines.length < 2) continue;
      const summary: Record<string, unknown> = { bench: "collab", case: name, system, runs: lines.length, summary: "min/median" };
      for (const key of NUMERIC_SUMMARY) {
        const values = lines.map((line) => line[key]).filter((value): value is number => typeof value === "number");
        if (values.length === 0) continue;
        values.sort((a, b) => a - b);
        const middle = values.length / 2;
        const median = values.length % 2 ? values[Math.floor(middle)]! : (values[middle - 1]! + values[middle]!) / 2;
        summary[key] = { min: round(values[0]!), median: round(median) };
      }
      if (lines.some((line) => "converged" in line)) summary.converged = lines.every((line) => line.converged === true);
      summary.valid = lines.every((line) => line.valid !== false);
      emit(summary);
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sizes: Sizes = options.quick
    ? { durationMs: 5_000, coldOpenUpdates: 2_000, coldOpenRepeats: 1, idleDocs: 50 }
    : { durationMs: 20_000, coldOpenUpdates: 10_000, coldOpenRepeats: 5, idleDocs: 200 };
  // Hundreds of providers each register an exit listener (y-websocket); that is expected here.
  process.setMaxListeners(0);
  configureQuietWait(options.quietWaitS * 1000, options.quietBudgetS * 1000);
  MAX_ATTEMPTS = Math.max(1, Math.min(5, options.attempts));
  if (options.systems.includes("samsyn") && !fs.existsSync(SAMSYN_SCRIPT)) {
    emit({ bench: "collab", system: "samsyn", skipped: `${SAMSYN_SCRIPT} does not exist on this branch yet` });
    options.systems = options.systems.filter((system) => system !== "samsyn");
  }
  process.stderr.write(`bench:collab seed ${options.seed}, cases ${options.cases.join(",")}, systems ${options.systems.join(",")}\n`);
  const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), "samsyn-bench-collab-"));
  const cleanup = () => {
    killAllServers();
    if (!options.keep) fs.rmSync(workRoot, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      cleanup();
      process.exit(130);
    });
  }
  try {
    for (let run = 0; run < options.runs; run++) {
      const workDir = path.join(workRoot, `run-${run + 1}`);
      fs.mkdirSync(workDir, { recursive: true });
      let fixture: SamsynFixture | null = null;
      if (options.systems.includes("samsyn")) {
        process.stderr.write(`[run ${run + 1}] preparing the samsyn database\n`);
        fixture = await prepareSamsynFixture(workDir, documentsNeeded(options, sizes));
      }
      const context: RunContext = {
        workDir,
        fixture,
        documents: { samsyn: new Documents(fixture?.driverIds ?? null), reference: new Documents(null) },
      };
      for (const [position, name] of options.cases.entries()) {
        // Interleave: alternate which system goes first, per case and run.
        const order = (run + position) % 2 === 0 ? options.systems : [...options.systems].reverse();
        for (const system of order) await runCase(name, system, context, options, sizes, run);
      }
    }
    if (options.runs > 1) summarize(options);
  } finally {
    cleanup();
    if (options.keep) process.stderr.write(`kept ${workRoot}\n`);
  }
  // Providers leave timers behind (y-websocket's reconnect/awareness checks); do not wait for them.
  process.exit(results.some((line) => line.error !== undefined) ? 1 : 0);
}

await main();
