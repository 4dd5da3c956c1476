/**
 * Validity of a measurement (BENCHMARKING.md): the harness's own CPU and event-loop delay, and,
 * because this machine is shared (other sessions run tests and builds on the same two cores), the
 * CPU used by everything that is neither the harness nor the server under test.
 */
import { harnessMonitor, round } from "../lib";
import { machineBusyMs, postgresCpuMs, sampleProcess } from "./proc";

/** Limits past which a result is the harness's (or a neighbour's) backlog, not the server's. */
export const LIMITS = { harnessCpuPct: 90, harnessLoopP99Ms: 20, otherCpuPct: 25 } as const;

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface PhaseReport {
  harness_cpu_pct: number;
  harness_loop_p99_ms: number;
  /** CPU of other processes on the machine during the phase, in % of one core. */
  other_cpu_pct: number;
  valid: boolean;
}

/**
 * Starts measuring; the returned function stops and reports. `serverPid` is excluded from "other",
 * and so is PostgreSQL when the server stores in it (`withPostgres`).
 */
export function phaseMonitor(serverPid: number, withPostgres = false): () => PhaseReport {
  const stopHarness = harnessMonitor();
  const started = performance.now();
  const busy = machineBusyMs();
  const own = ownCpuMs();
  const server = sampleProcess(serverPid).cpuMs;
  const database = withPostgres ? postgresCpuMs() : 0;
  return () => {
    const harness = stopHarness();
    const wall = performance.now() - started;
    const databaseMs = withPostgres ? postgresCpuMs() - database : 0;
    const other = machineBusyMs() - busy - (ownCpuMs() - own) - (sampleProcess(serverPid).cpuMs - server) - databaseMs;
    const otherPct = round(Math.max(0, (other / wall) * 100), 1);
    return { ...harness, other_cpu_pct: otherPct, valid: isValid(harness.harness_cpu_pct, harness.harness_loop_p99_ms, otherPct) };
  };
}

export function isValid(harnessCpuPct: number, harnessLoopP99Ms: number, otherCpuPct: number): boolean {
  return (
    harnessCpuPct < LIMITS.harnessCpuPct && harnessLoopP99Ms < LIMITS.harnessLoopP99Ms && otherCpuPct < LIMITS.otherCpuPct
  );
}

/** How long one wait may last, and all waits of a run together (--quiet-wait, --quiet-budget). */
const quiet = { maxWaitMs: 120_000, budgetMs: 600_000 };
export function configureQuietWait(maxWaitMs: number, budgetMs: number): void {
  quiet.maxWaitMs = maxWaitMs;
  quiet.budgetMs = budgetMs;
}

/**
 * Waits (up to the configured time) until other processes used less than 10 % of a core for two
 * consecutive seconds; returns the last second's figure so the caller can report it. Two seconds
 * are always sampled, so the figure is real even when waiting is switched off.
 */
export async function waitForQuietMachine(excludePid: number | null): Promise<number> {
  const maxWaitMs = Math.max(2_000, Math.min(quiet.maxWaitMs, quiet.budgetMs));
  const started = performance.now();
  try {
    return await waitUpTo(excludePid, maxWaitMs, started);
  } finally {
    quiet.budgetMs = Math.max(0, quiet.budgetMs - (performance.now() - started));
  }
}

async function waitUpTo(excludePid: number | null, maxWaitMs: number, started: number): Promise<number> {
  let quietSeconds = 0;
  let lastPct = 0;
  let announced = false;
  while (performance.now() - started < maxWaitMs) {
    const busy = machineBusyMs();
    const own = ownCpuMs();
    const server = excludePid ? sampleProcess(excludePid).cpuMs : 0;
    const windowStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const wall = performance.now() - windowStart;
    const other = machineBusyMs() - busy - (ownCpuMs() - own) - (excludePid ? sampleProcess(excludePid).cpuMs - server : 0);
    lastPct = Math.max(0, (other / wall) * 100);
    quietSeconds = lastPct < 10 ? quietSeconds + 1 : 0;
    if (quietSeconds >= 2 || (maxWaitMs <= 2_000 && performance.now() - started >= maxWaitMs)) return round(lastPct, 1);
    if (!announced && performance.now() - started > 3000) {
      process.stderr.write(`  waiting for the machine to be quiet (other processes use ${Math.round(lastPct)} % of a core)\n`);
      announced = true;
    }
  }
  process.stderr.write(`  the machine stayed busy (${Math.round(lastPct)} % of a core); measuring anyway (the result will say so)\n`);
  return round(lastPct, 1);
}
