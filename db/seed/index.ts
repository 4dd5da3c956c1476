/**
 * Start-up seeding: the reference data always (every dialogue needs the indicators), the demo
 * dialogue only in demo mode. Both steps are idempotent, so this runs on every start.
 */
import fs from "node:fs";
import path from "node:path";
import type { DatabaseHandle } from "../client";
import { seedDemo } from "./demo";
import { loadReferenceData } from "./reference-data";

/**
 * Where the CSV files are: SAMSYN_DATA_FILES when set (operators point it at newer figures), else
 * the copies committed in db/seed/data (a fresh clone has no ../shared), else ../shared/data.
 */
export function resolveDataDir(): string {
  const fromEnv = process.env.SAMSYN_DATA_FILES;
  if (fromEnv) return fromEnv;
  const bundled = path.join(process.cwd(), "db", "seed", "data");
  if (fs.existsSync(bundled)) return bundled;
  return path.resolve(process.cwd(), "..", "shared", "data");
}

/** Loads the reference data, then (when `demo`) the demo dialogue; reports whether it was new. */
export async function seedDatabase(
  handle: DatabaseHandle,
  options: { dataDir: string; demo: boolean },
): Promise<{ demoCreated: boolean }> {
  await loadReferenceData(handle.db, options.dataDir);
  if (!options.demo) return { demoCreated: false };
  const { created } = await seedDemo(handle.db, { dataDir: options.dataDir });
  return { demoCreated: created };
}
