/**
 * db/migrate.ts against the run's own database: a fresh PGlite per file, or the run's PostgreSQL
 * database (already migrated by the global setup), so on PostgreSQL this exercises the locked,
 * reserved-connection path that production uses.
 */
import { getTableName, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { getDatabaseHandle, getDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import * as schema from "@/db/schema";

const SCHEMA_TABLES = Object.values(schema as Record<string, unknown>)
  .filter((value): value is PgTable => value instanceof PgTable)
  .map((table) => getTableName(table))
  .sort();

async function publicTables(): Promise<string[]> {
  const result = await getDb().execute<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  // PGlite returns { rows }, postgres.js an array of rows.
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: { table_name: string }[] }).rows;
  return rows.map((row) => row.table_name);
}

describe("migrateDatabase", () => {
  it("has created every table the schema declares", async () => {
    expect(SCHEMA_TABLES.length).toBeGreaterThan(10);
    expect(await publicTables()).toEqual(expect.arrayContaining(SCHEMA_TABLES));
  });

  it("is idempotent: running it again on a migrated database succeeds and changes no table", async () => {
    const before = await publicTables();
    await migrateDatabase(getDatabaseHandle());
    expect(await publicTables()).toEqual(before);
  });

  it("lets concurrent runs finish (the advisory lock makes them wait, not fail)", async () => {
    const handle = getDatabaseHandle();
    await expect(Promise.all([migrateDatabase(handle), migrateDatabase(handle)])).resolves.toHaveLength(2);
  });
});
