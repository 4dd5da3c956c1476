/**
 * The two systems under test, each started as its own fresh child process (per case and run) so
 * that /proc shows only its own CPU and memory. The server's output goes to a log file (never
 * through the harness's event loop); its tail is printed when something goes wrong.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export type SystemName = "samsyn" | "reference";

export const SAMSYN_SCRIPT = "scripts/collab-server.ts";
export const REFERENCE_SCRIPT = "bench/collab/reference-server.ts";

export interface ServerProcess {
  system: SystemName;
  pid: number;
  port: number;
  /** Base URL for WebsocketProvider: the document name is appended after a slash. */
  wsBase: string;
  /** Samsyn on PostgreSQL: its database work runs in PostgreSQL's processes. */
  usesPostgres: boolean;
  /** The origin the samsyn server expects in the upgrade's Origin header. */
  origin: string;
  logFile: string;
  /** Lines of the server's log that look like errors (printed next to the case's result). */
  errorLines(): string[];
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Kills what is still running when the bench exits early (error, Ctrl-C). */
export function killAllServers(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  live.clear();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited before listening (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: "127.0.0.1" }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not listen on ${port} within ${timeoutMs} ms`);
}

export interface StartOptions {
  system: SystemName;
  logDir: string;
  /** Extra environment (the samsyn database location). */
  env?: Record<string, string>;
  port?: number;
}

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const script = options.system === "samsyn" ? SAMSYN_SCRIPT : REFERENCE_SCRIPT;
  const origin = `http://localhost:${port}`;
  const logFile = path.join(options.logDir, `${options.system}-${port}-${Date.now()}.log`);
  const logFd = fs.openSync(logFile, "a");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    APP_URL: origin,
    NODE_ENV: "production",
    SAMSYN_QUIET_LOGS: "1",
  };
  // PGlite unless the caller asks for PostgreSQL: an inherited DATABASE_URL must not leak in.
  if (!options.env?.DATABASE_URL) delete env.DATABASE_URL;
  // process.execPath is node 24 from node_modules/.bin (npm run / npx put it first on PATH).
  // BENCH_PROFILE_DIR=<dir>: the server writes a V8 CPU profile there when it stops (profiling runs only).
  const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", script], { env, stdio: ["ignore", logFd, logFd] });
  fs.closeSync(logFd);
  live.add(child);
  child.once("exit", () => live.delete(child));
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const readLog = () => {
    try {
      return fs.readFileSync(logFile, "utf8");
    } catch {
      return "";
    }
  };
  const server: ServerProcess = {
    system: options.system,
    pid: child.pid,
    usesPostgres: options.system === "samsyn" && Boolean(env.DATABASE_URL),
    port,
    // Same path for both: the reference names its document "collab/driver.<uuid>".
    wsBase: `ws://127.0.0.1:${port}/collab`,
    origin,
    logFile,
    errorLines: () => readLog().split("\n").filter((line) => /error|exception|unhandled|warn/i.test(line)),
    logTail: (lines = 30) => readLog().split("\n").slice(-lines).join("\n"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
  try {
    await waitForPort(port, child, 120_000);
  } catch (error) {
    process.stderr.write(`${options.system} server log:\n${server.logTail()}\n`);
    await server.stop();
    throw error;
  }
  return server;
}
