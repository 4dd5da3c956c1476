/**
 * The one database module: embedded PGlite by default, PostgreSQL (postgres.js) when DATABASE_URL
 * is set. Opened lazily and kept on globalThis, because Next's bundled route code and the custom
 * server are two module graphs in one process and PGlite allows a single opener per data folder.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Either the database or a transaction: queries accept both so services can compose them. */
export type Executor = Database | Transaction;
export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** The PGlite instance, for raw checks; absent on PostgreSQL. */
  pglite?: PGlite;
  /** The connection URL, for a dedicated migration connection; absent on PGlite. */
  postgresUrl?: string;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { kind: "pglite"; dataDir?: string }
  | { kind: "postgres"; url: string; maxConnections?: number };

const GLOBAL_KEY = Symbol.for("samsyn.database");
type GlobalWithDatabase = typeof globalThis & { [GLOBAL_KEY]?: DatabaseHandle };

/** Opens a new database; `dataDir` undefined gives an in-memory PGlite (tests). */
export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  if (config.kind === "postgres") {
    const client = postgres(config.url, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      postgresUrl: config.url,
      close: () => client.end({ timeout: 5 }),
    };
  }
  let releaseLock = () => {};
  if (config.dataDir) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    releaseLock = lockDataDir(config.dataDir);
  }
  const pglite = new PGlite(config.dataDir);
  const db = drizzlePglite(pglite, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    pglite,
    async close() {
      try {
        if (!pglite.closed) {
          await pglite.exec("CHECKPOINT");
          await pglite.close();
        }
      } finally {
        releaseLock();
      }
    },
  };
}

/**
 * PGlite has no lock of its own and a second process opening the folder destroys the first one's
 * data (pglite#1106), so we refuse to start while another live process holds it.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.pid`);
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
  } catch {
    const holder = Number(fs.readFileSync(lockFile, "utf8").trim());
    if (holder && holder !== process.pid && isProcessAlive(holder)) {
      throw new Error(
        `The embedded database ${dataDir} is in use by process ${holder}. Stop it first (only one process may open PGlite's folder).`,
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => {
    try {
      if (fs.readFileSync(lockFile, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The configuration the environment asks for. */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return {
    kind: "pglite",
    dataDir: env.PGLITE_DATA_DIR ?? path.join(process.cwd(), "data", "pglite"),
  };
}

/** The process-wide database, opened from the environment on first use. */
export function getDatabaseHandle(): DatabaseHandle {
  const holder = globalThis as GlobalWithDatabase;
  holder[GLOBAL_KEY] ??= openDatabase(databaseConfigFromEnv());
  return holder[GLOBAL_KEY];
}

export function getDb(): Database {
  return getDatabaseHandle().db;
}

/** Replaces the process-wide database (tests inject a fresh one; the server sets its own). */
export function setDatabaseHandle(handle: DatabaseHandle | undefined): void {
  (globalThis as GlobalWithDatabase)[GLOBAL_KEY] = handle;
}
