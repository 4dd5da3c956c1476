/**
 * `npm start`: builds the production bundle on first start (when .next has no build), then runs
 * the server. Nothing else to install or configure.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const buildId = path.join(process.cwd(), ".next", "BUILD_ID");
if (!fs.existsSync(buildId)) {
  console.log("No production build found: building Samsyn once (about a minute)…");
  const result = spawnSync(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
(process.env as Record<string, string>).NODE_ENV = "production";
await import("./server");
