/**
 * The one Node process: Next's request handler and the collaboration websocket (path /collab)
 * share one HTTP server and port, and the background jobs (pg-boss, lib/server/jobs) run in it.
 * Start-up migrates and seeds the database while the port already answers 503, so health checks
 * see progress.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { getDatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { deleteExpiredSessions } from "../db/queries/users";
import { resolveDataDir, seedDatabase } from "../db/seed";
import { DEMO_USERS } from "../db/seed/demo";
import type { CollabServer } from "../lib/server/collab/collab-server";
import { startCollaboration } from "../lib/server/collab/start";
import { closeRenderWorker } from "../lib/server/exports/worker-renderer";
import { getEnv } from "../lib/server/env";
import { startJobRunner, type JobRunner } from "../lib/server/jobs/runner";
import { markReady } from "../lib/server/readiness";

const CLIENT_IP_HEADER = "x-samsyn-client-ip";

/**
 * Auth.js needs a secret. The embedded default makes one and keeps it beside the data, so a
 * restart keeps sessions; against PostgreSQL it must be configured.
 */
function ensureAuthSecret(): void {
  if (process.env.AUTH_SECRET) return;
  if (process.env.DATABASE_URL) {
    throw new Error("AUTH_SECRET must be set when DATABASE_URL is set (e.g. `openssl rand -base64 32`).");
  }
  const dataDir = process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), "data", "pglite");
  const secretFile = path.join(path.dirname(dataDir), "auth-secret");
  fs.mkdirSync(path.dirname(secretFile), { recursive: true });
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(32).toString("base64"), { mode: 0o600 });
  process.env.AUTH_SECRET = fs.readFileSync(secretFile, "utf8").trim();
}

let collab: CollabServer | undefined;
let jobs: JobRunner | undefined;

async function prepareDatabase(): Promise<void> {
  const env = getEnv();
  const handle = getDatabaseHandle();
  await migrateDatabase(handle);
  await deleteExpiredSessions(handle.db);
  const { demoCreated } = await seedDatabase(handle, { dataDir: resolveDataDir(), demo: env.isDemoMode });
  collab = startCollaboration();
  // Mails are not worth a refused start: without the runner, comments still notify the inbox and
  // the next runner's sweep mails what is owed.
  jobs = await startJobRunner(handle).catch((error: unknown) => {
    console.error(JSON.stringify({ event: "jobs.start_failed", message: error instanceof Error ? error.message : String(error) }));
    return undefined;
  });
  markReady(handle.kind);
  if (env.isDemoMode) printDemoHelp(env.appUrl, demoCreated);
  installShutdown(async () => {
    // Stored updates first: nothing a client was told is saved may be lost by closing the database.
    await collab?.close();
    await jobs?.stop();
    // The export renderer's browser (started by the first PDF export) closes with the server.
    await closeRenderWorker();
    await handle.close();
  });
}

function printDemoHelp(appUrl: string, demoCreated: boolean): void {
  const lines = [
    "",
    `Samsyn is running at ${appUrl} (demo mode${demoCreated ? ", demo dialogue created" : ""}).`,
    `Sign in at ${appUrl}/login and choose a demo user (one click), e.g.:`,
    ...DEMO_USERS.map((user) => `  - ${user.name}, ${user.organisationName} (${user.role})`),
    `Mail (sign-in codes, invitations) goes to the outbox: ${appUrl}/outbox`,
    "",
  ];
  console.log(lines.join("\n"));
}

let shuttingDown = false;
function installShutdown(closeAll: () => Promise<void>): void {
  const stop = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(JSON.stringify({ event: "server.stop", signal }));
    const timer = setTimeout(() => process.exit(1), 5_000);
    try {
      await closeAll();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  if (!dev) (process.env as Record<string, string>).NODE_ENV ??= "production";
  ensureAuthSecret();
  const env = getEnv();
  const app = next({ dev, hostname: "localhost", port: env.PORT });
  const handle = app.getRequestHandler();
  let ready = false;

  const server = http.createServer((request, response) => {
    // Only the socket's own address is trusted; a client-sent header of this name is overwritten.
    request.headers[CLIENT_IP_HEADER] = request.socket.remoteAddress ?? "";
    if (!ready) {
      response.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
      response.end(JSON.stringify({ status: "starting" }));
      return;
    }
    void handle(request, response);
  });
  server.on("upgrade", (request, socket, head) => {
    if (!ready) return socket.destroy();
    if (collab?.handleUpgrade(request, socket, head)) return;
    void app.getUpgradeHandler()(request, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOSTNAME, resolve));
  console.log(JSON.stringify({ event: "server.listening", port: env.PORT }));

  await Promise.all([app.prepare(), prepareDatabase()]);
  ready = true;
  console.log(JSON.stringify({ event: "server.ready", url: env.appUrl }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
