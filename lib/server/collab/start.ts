/** Builds the collaboration server from the environment (used by both entry scripts). */
import { getDb } from "@/db/client";
import { sessionCookie } from "../auth/cookies";
import { getEnv } from "../env";
import { CollabServer } from "./collab-server";
import { registerCollabHost } from "./host";
import { connectRedisBridge } from "./redis-bridge";

export function startCollaboration(): CollabServer {
  const env = getEnv();
  const server = new CollabServer({
    db: getDb,
    allowedOrigins: [new URL(env.appUrl).origin],
    sessionCookieName: sessionCookie().name,
    sessionLimits: { idleMinutes: env.SESSION_IDLE_MINUTES, maxHours: env.SESSION_MAX_HOURS },
  });
  if (env.REDIS_URL) server.attachBridge(connectRedisBridge(server, env.REDIS_URL));
  registerCollabHost(server);
  return server;
}
