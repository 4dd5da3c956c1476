/** Shared benchmark plumbing: percentiles, a server child process, and the harness's own load. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import postgres from "postgres";

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts scripts/server.ts in its own process and waits for /api/health. */
export async function startServer(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const baseUrl = `http://localhost:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    env: { ...process.env, ...env, PORT: String(port), APP_URL: baseUrl, NODE_ENV: "production", SAMSYN_QUIET_LOGS: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const started = Date.now();
  while (Date.now() - started < 120_000) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    child,
    baseUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** CPU use and event-loop delay of the benchmark process itself, printed beside every result. */
export function harnessMonitor() {
  const resolutionMs = 10;
  const delay = monitorEventLoopDelay({ resolution: resolutionMs });
  delay.enable();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  return () => {
    delay.disable();
    const cpu = process.cpuUsage(cpuStart);
    const wall = performance.now() - wallStart;
    return {
      harness_cpu_pct: round(((cpu.user + cpu.system) / 1000 / wall) * 100, 1),
      // The histogram records the whole interval between samples, i.e. the resolution plus the
      // delay (an idle loop reads about 10.2 ms on Node 24), so the resolution is subtracted.
      harness_loop_p99_ms: round(Math.max(0, delay.percentile(99) / 1e6 - resolutionMs), 1),
    };
  };
}

export type BenchDb = "pglite" | "postgres";

/** Where one child process measures: a PGlite folder or a PostgreSQL database. */
export interface DatabaseTarget {
  db: BenchDb;
  url?: string;
  dataDir?: string;
}

/**
 * Calls `run` once per database asked for (`which`: pglite, postgres or both): PGlite in a fresh
 * temporary folder, PostgreSQL in a fresh database on DATABASE_URL's server (else the local one),
 * each removed afterwards. Without PostgreSQL a `skipped` line says so.
 */
export async function forEachDatabase(bench: string, which: string, run: (target: DatabaseTarget) => void): Promise<void> {
  if (which === "pglite" || which === "both") {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), `samsyn-bench-${bench}-`));
    try {
      run({ db: "pglite", dataDir: path.join(folder, "pglite") });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }
  if (which === "postgres" || which === "both") {
    const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const name = `samsyn_${bench}_bench_${Date.now()}`;
    try {
      await admin.unsafe(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      run({ db: "postgres", url: url.toString() });
    } catch (error) {
      console.log(JSON.stringify({ bench, db: "postgres", skipped: `PostgreSQL unavailable: ${(error as Error).message}` }));
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end();
    }
  }
}

/**
 * Runs `script <mode> <db>` in a child process of its own (server modules load under the
 * react-server condition, in production mode); prints a `failed` line and returns false if it fails.
 */
export function runBenchChild(bench: string, script: string, target: DatabaseTarget, options: { mode?: string; args?: string[]; nodeArgs?: string[] } = {}): boolean {
  const mode = options.mode ?? "--child";
  const result = spawnSync(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      "--conditions=react-server",
      "--import",
      "tsx",
      script,
      mode,
      target.db,
      ...(target.url ? ["--url", target.url] : []),
      ...(target.dataDir ? ["--data-dir", target.dataDir] : []),
      ...(options.args ?? []),
    ],
    { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
  );
  if (result.status !== 0) console.log(JSON.stringify({ bench, db: target.db, failed: `${mode === "--child" ? "" : `${mode} `}exit ${result.status}` }));
  return result.status === 0;
}
