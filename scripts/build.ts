/**
 * Builds the production bundle when there is none, or (for developers and the e2e server) when a
 * source file is newer than the build.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "db"];
const SOURCE_FILES = ["next.config.js", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const buildId = path.join(process.cwd(), ".next", "BUILD_ID");

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

export function isBuildStale(): boolean {
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return [...SOURCE_DIRS, ...SOURCE_FILES].some((entry) => newestMtime(entry) > builtAt);
}

export function buildApp(): void {
  const result = spawnSync(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

export function buildIfMissing({ whenStale }: { whenStale: boolean }): void {
  const missing = !fs.existsSync(buildId);
  if (missing || (whenStale && isBuildStale())) {
    console.log(missing ? "No production build found: building Samsyn once (about a minute)…" : "Sources changed: rebuilding…");
    buildApp();
  }
}
