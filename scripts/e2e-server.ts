/**
 * The server Playwright starts: a fresh embedded database (or the PostgreSQL of DATABASE_URL) with
 * the demo seeded, built from the current sources.
 */
import fs from "node:fs";
import path from "node:path";
import { buildIfMissing } from "./build";

buildIfMissing({ whenStale: true });
if (!process.env.DATABASE_URL) {
  // One folder per port, so two e2e servers never wipe each other's database.
  const dataDir = path.join(process.cwd(), "data", `e2e-${process.env.PORT ?? "3000"}`, "pglite");
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  process.env.PGLITE_DATA_DIR = dataDir;
}
process.env.DEMO_MODE = "1";
process.env.AUTH_SECRET ??= "e2e-secret-not-for-production-0123456789";
(process.env as Record<string, string>).NODE_ENV = "production";
await import("./server");
