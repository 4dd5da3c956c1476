/**
 * Runs once per `vitest run`, in the main process. With DATABASE_URL set it creates a fresh,
 * migrated PostgreSQL database for this run only, hands its URL to the test files through
 * `provide('testDatabaseUrl')`, and drops it afterwards, so a run never reads or writes the
 * database DATABASE_URL names. Without DATABASE_URL every test file gets its own in-memory PGlite
 * (tests/setup/test-database.ts) and there is nothing to do here.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
// Type-only: brings the `testDatabaseUrl` declaration of ProvidedContext into this file.
import type {} from "./test-database";

/** Only names of this shape are ever dropped: a typo cannot drop a real database. */
const TEST_DATABASE_NAME = /^samsyn_test_\d+_[0-9a-f]{8}$/;

function databaseUrlFor(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/** Applies the committed migrations the way the app does at start (db/migrate.ts). */
async function migrateFreshDatabase(databaseUrl: string): Promise<void> {
  const handle = openDatabase({ kind: "postgres", url: databaseUrl, maxConnections: 1 });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
}

/** Runs one statement on the server DATABASE_URL points at, over a single short-lived connection. */
async function runOnServer(serverUrl: string, statement: string): Promise<void> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    project.provide("testDatabaseUrl", null);
    return undefined;
  }

  // The timestamp tells a person which run left a database behind after a crash; the random part
  // keeps two runs started in the same millisecond (parallel CI jobs) apart.
  const databaseName = `samsyn_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  if (!TEST_DATABASE_NAME.test(databaseName)) throw new Error(`Unexpected test database name ${databaseName}`);
  await runOnServer(serverUrl, `CREATE DATABASE "${databaseName}"`);

  const testDatabaseUrl = databaseUrlFor(serverUrl, databaseName);
  try {
    await migrateFreshDatabase(testDatabaseUrl);
  } catch (error) {
    await runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    throw error;
  }
  project.provide("testDatabaseUrl", testDatabaseUrl);

  return async () => {
    // FORCE ends connections a crashed or timed-out test file may have left open.
    await runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  };
}
