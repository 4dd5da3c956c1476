/**
 * The database a test file runs against: the run's fresh PostgreSQL database when DATABASE_URL is
 * set (created and migrated by tests/setup/global-setup.ts, shared by all files of the run), or a
 * new in-memory PGlite per file otherwise.
 */
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the run's PostgreSQL test database; null when the tests use PGlite. */
    testDatabaseUrl: string | null;
  }
}

/** A few connections per file: with one worker per CPU the server's connection limit stays far away. */
const CONNECTIONS_PER_TEST_FILE = 4;

export async function createTestDatabase(): Promise<DatabaseHandle> {
  const testDatabaseUrl = inject("testDatabaseUrl");
  if (testDatabaseUrl) {
    // Already migrated once by the global setup; files only connect.
    return openDatabase({ kind: "postgres", url: testDatabaseUrl, maxConnections: CONNECTIONS_PER_TEST_FILE });
  }
  const handle = openDatabase({ kind: "pglite" });
  await migrateDatabase(handle);
  return handle;
}
