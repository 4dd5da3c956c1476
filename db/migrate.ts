/**
 * Applies the committed drizzle-kit migrations. Idempotent: drizzle records what ran. On
 * PostgreSQL a session advisory lock, held on one reserved connection, makes concurrent instances
 * wait for the one that migrates; the others then find nothing to do.
 */
import path from "node:path";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
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
  if (!handle.postgresClient) throw new Error("PostgreSQL handle without a client");
  const connection = await handle.postgresClient.reserve();
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(connection), { migrationsFolder });
  } finally {
    await connection`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
    connection.release();
  }
}
