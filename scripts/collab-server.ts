/**
 * The collaboration server on its own (scale-out: run several behind the load balancer's /collab
 * route, with REDIS_URL and DATABASE_URL shared with the app instances). `npm start` already runs
 * one inside the app process; this entry serves only /collab and /api/health.
 */
import http from "node:http";
import { getDatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { startCollaboration } from "../lib/server/collab/start";
import { getEnv } from "../lib/server/env";

async function main(): Promise<void> {
  const env = getEnv();
  const handle = getDatabaseHandle();
  await migrateDatabase(handle);
  const collab = startCollaboration();

  const server = http.createServer((request, response) => {
    const healthy = request.url === "/api/health";
    response.writeHead(healthy ? 200 : 404, { "content-type": "application/json" });
    response.end(JSON.stringify(healthy ? { status: "ok", db: handle.kind, role: "collab" } : { error: "not found" }));
  });
  server.on("upgrade", (request, socket, head) => {
    if (!collab.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOSTNAME, resolve));
  console.log(JSON.stringify({ event: "collab.listening", port: env.PORT, db: handle.kind, redis: Boolean(env.REDIS_URL) }));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ event: "collab.stop", signal }));
    const timer = setTimeout(() => process.exit(1), 5_000);
    await collab.close();
    await handle.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
