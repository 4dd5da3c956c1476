/**
 * The standalone collaboration server (scripts/collab-server.ts) as a child process, for tests that
 * kill it (-9) or run two instances over Redis. Its database is either the run's PostgreSQL test
 * database or a PGlite folder that the test process opens only while the server is down (PGlite
 * allows a single opener).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { getDatabaseHandle, openDatabase, setDatabaseHandle, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { TEST_ORIGIN } from "./collab";

export interface CollabProcess {
  port: number;
  url: string;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * Where the child's data lives. With PostgreSQL the test keeps its own connection throughout;
 * with PGlite `withDatabase` opens the folder only for the duration of the callback.
 */
export interface ProcessDatabase {
  env: Record<string, string>;
  withDatabase<T>(work: () => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

export async function processDatabase(): Promise<ProcessDatabase> {
  const testDatabaseUrl = inject("testDatabaseUrl");
  if (testDatabaseUrl) {
    return { env: { DATABASE_URL: testDatabaseUrl }, withDatabase: (work) => work(), cleanup: async () => undefined };
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "samsyn-collab-"));
  const dataDir = path.join(folder, "pglite");
  const previous = getDatabaseHandle();
  const withDatabase = async <T>(work: () => Promise<T>): Promise<T> => {
    const handle: DatabaseHandle = openDatabase({ kind: "pglite", dataDir });
    setDatabaseHandle(handle);
    try {
      await migrateDatabase(handle);
      return await work();
    } finally {
      setDatabaseHandle(previous);
      await handle.close();
    }
  };
  return {
    env: { PGLITE_DATA_DIR: dataDir },
    withDatabase,
    cleanup: async () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}

export async function startCollabProcess(env: Record<string, string>, port?: number): Promise<CollabProcess> {
  const listenPort = port ?? (await freePort());
  let output = "";
  // `node --import tsx`, not the tsx CLI: the CLI runs the server in a grandchild that a SIGKILL
  // of its parent would leave running.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/collab-server.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: "",
      ...env,
      PORT: String(listenPort),
      HOSTNAME: "127.0.0.1",
      APP_URL: TEST_ORIGIN,
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (!output.includes('"collab.listening"')) {
    if (child.exitCode !== null) throw new Error(`collab server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`collab server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port: listenPort,
    url: `ws://127.0.0.1:${listenPort}/collab`,
    child,
    output: () => output,
    kill: (signal = "SIGKILL") =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}
