/**
 * Runs before every test file. Integration files get a database through the process-wide handle
 * of db/client.ts, so services' `getDb()` use it exactly as in production. Unit files test pure
 * code: they get no database, and do not even load the database drivers (that would cost each
 * unit file about a second); tests/unit/layering.test.ts keeps lib/ free of database imports.
 */
import { afterAll, beforeAll, inject } from "vitest";
import type { DatabaseHandle } from "../../db/client";

process.env.SAMSYN_QUIET_LOGS = "1";

// Anything that still reads DATABASE_URL (getEnv, a fallback open) must see the run's test database,
// never the server database DATABASE_URL named when vitest started.
const testDatabaseUrl = inject("testDatabaseUrl");
if (testDatabaseUrl) process.env.DATABASE_URL = testDatabaseUrl;
else delete process.env.DATABASE_URL;

function isUnitTestFile(filepath: string): boolean {
  return filepath.replaceAll("\\", "/").includes("/tests/unit/");
}

let handle: DatabaseHandle | undefined;
let clearDatabaseHandle: (() => void) | undefined;

// Vitest requires the (unused) context argument to be destructured.
beforeAll(async ({}, suite) => {
  if (isUnitTestFile(suite.file.filepath)) return;
  const [{ setDatabaseHandle }, { createTestDatabase }] = await Promise.all([
    import("../../db/client"),
    import("./test-database"),
  ]);
  handle = await createTestDatabase();
  setDatabaseHandle(handle);
  clearDatabaseHandle = () => setDatabaseHandle(undefined);
});

afterAll(async () => {
  clearDatabaseHandle?.();
  await handle?.close();
  handle = undefined;
});
