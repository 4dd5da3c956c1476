/**
 * `npm start`: builds the production bundle on first start (when .next has no build), then runs
 * the server. Nothing else to install or configure.
 */
import { buildIfMissing } from "./build";

buildIfMissing({ whenStale: process.env.SAMSYN_REBUILD_WHEN_STALE === "1" });
(process.env as Record<string, string>).NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
await import("./server");
