/**
 * Applies the committed drizzle-kit migrations. Idempotent: drizzle records what ran. On
 * PostgreSQL a session advisory lock makes concurrent instances wait for the one that migrates;
 * the others then find nothing to do.
 */
import path from "node:path";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { DatabaseHandle } from "./client";

const MIGRATION_LOCK_KEY = 727_274_001;

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  if (!handle.postgresUrl) throw new Error("PostgreSQL handle without a URL");
  // One connection of its own: a session advisory lock belongs to the connection that took it.
  const connection = postgres(handle.postgresUrl, { max: 1, onnotice: () => {} });
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(connection), { migrationsFolder });
    await connection`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await connection.end({ timeout: 5 });
  }
}
