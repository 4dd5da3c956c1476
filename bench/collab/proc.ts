/** A child process's CPU time and memory, read from /proc as BENCHMARKING.md asks. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";

let clockTicks: number | undefined;

/** Kernel clock ticks per second (utime/stime are counted in these). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime and stime, in clock ticks, of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat line. */
function statTicks(stat: string): { user: number; system: number } {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the name, field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
  return { user: Number(fields[11]), system: Number(fields[12]) };
}

export interface ProcSample {
  /** utime + stime of the process (all its threads), in ms. */
  cpuMs: number;
  rssBytes: number;
}

export function sampleProcess(pid: number): ProcSample {
  const { user, system } = statTicks(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  const ticks = user + system;
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  return { cpuMs: (ticks * 1000) / ticksPerSecond(), rssBytes: rssKb * 1024 };
}

export interface ThreadSplit {
  /** The main (JavaScript) thread's user and system time, in ms. */
  mainUserMs: number;
  mainSystemMs: number;
  /** Every other thread of the process (V8's compiler and GC helpers, libuv's pool), in ms. */
  otherMs: number;
}

/**
 * Where a process's CPU goes, from /proc/<pid>/task: the main thread's user and system time
 * (system is mostly socket writes) apart from the helper threads. A thread that ended meanwhile
 * drops out, so compare two samples of the same phase only.
 */
export function sampleThreads(pid: number): ThreadSplit {
  const split: ThreadSplit = { mainUserMs: 0, mainSystemMs: 0, otherMs: 0 };
  const toMs = 1000 / ticksPerSecond();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    } catch {
      continue;
    }
    const { user, system } = statTicks(stat);
    if (tid === String(pid)) {
      split.mainUserMs = user * toMs;
      split.mainSystemMs = system * toMs;
    } else {
      split.otherMs += (user + system) * toMs;
    }
  }
  return split;
}

export const MB = 1024 * 1024;

/** Busy CPU time of the whole machine (all cores) in ms, from /proc/stat. */
export function machineBusyMs(): number {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
  // cpu  user nice system idle iowait irq softirq steal ...
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / ticksPerSecond();
}

/**
 * CPU time of all PostgreSQL server processes, in ms: the database work of a samsyn server on
 * PostgreSQL, reported next to the server's own CPU and not counted as a disturbance.
 */
export function postgresCpuMs(): number {
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (name !== "postgres") continue;
      const { user, system } = statTicks(stat);
      ticks += user + system;
    } catch {
      // The process ended while the folder was read.
    }
  }
  return (ticks * 1000) / ticksPerSecond();
}
