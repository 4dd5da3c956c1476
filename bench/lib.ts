/** Shared benchmark plumbing: percentiles, a server child process, and the harness's own load. */
import { spawn, type ChildProcess } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";

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
