/**
 * The samsyn side's data, prepared with the project's own modules before its server starts (PGlite
 * allows one process per folder, so the handle is closed again before the server is spawned): a
 * migrated, seeded database with the demo dialogue, extra drivers in it (one document each), and a
 * fresh session for every member who may edit.
 */
import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { dialogueMembers, dialogues, drivers, sessions } from "../../db/schema";
import { resolveDataDir, seedDatabase } from "../../db/seed/index";

export interface SamsynFixture {
  /** Environment for scripts/collab-server.ts. */
  env: Record<string, string>;
  driverIds: string[];
  /** `samsyn.session=<token>` of members (facilitator and participants), one per user. */
  cookies: string[];
}

export async function prepareSamsynFixture(
  config: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string },
  driverCount: number,
): Promise<SamsynFixture> {
  const handle = openDatabase(config.kind === "postgres" ? { kind: "postgres", url: config.url, maxConnections: 2 } : config);
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle, { dataDir: resolveDataDir(), demo: true });
    const { db } = handle;
    const [dialogue] = await db.select({ id: dialogues.id }).from(dialogues).where(eq(dialogues.isDemo, true)).limit(1);
    if (!dialogue) throw new Error("the demo dialogue was not seeded");
    const members = await db
      .select({ userId: dialogueMembers.userId })
      .from(dialogueMembers)
      .where(and(eq(dialogueMembers.dialogueId, dialogue.id), inArray(dialogueMembers.role, ["participant", "facilitator"])));
    if (members.length === 0) throw new Error("the demo dialogue has no editing members");

    const driverIds: string[] = [];
    // In chunks: one statement with hundreds of rows is fine, thousands would be a large query.
    for (let start = 0; start < driverCount; start += 200) {
      const rows = Array.from({ length: Math.min(200, driverCount - start) }, (_, offset) => ({
        dialogueId: dialogue.id,
        title: `Benchmark ${start + offset + 1}`,
        whoClass: "within" as const,
        position: 10_000 + start + offset,
      }));
      const inserted = await db.insert(drivers).values(rows).returning({ id: drivers.id, position: drivers.position });
      inserted.sort((a, b) => a.position - b.position);
      driverIds.push(...inserted.map((row) => row.id));
    }

    // Created now, so the 30-minute idle timeout starts with the run (a run takes minutes).
    const now = new Date();
    const expires = new Date(now.getTime() + 12 * 3_600_000);
    const tokens = members.map(() => randomBytes(32).toString("hex"));
    await db.insert(sessions).values(
      members.map((member, index) => ({ sessionToken: tokens[index]!, userId: member.userId, expires, createdAt: now, lastSeenAt: now })),
    );
    return {
      env: {
        ...(config.kind === "postgres" ? { DATABASE_URL: config.url } : { PGLITE_DATA_DIR: config.dataDir }),
        AUTH_SECRET: "bench-secret-not-for-production-0123456789",
      },
      driverIds,
      cookies: tokens.map((token) => `samsyn.session=${token}`),
    };
  } finally {
    await handle.close();
  }
}

/**
 * A fresh PostgreSQL database for one run (dropped afterwards), on the server DATABASE_URL points
 * at or the local default; the reason instead when PostgreSQL is not reachable.
 */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | { unavailable: string }> {
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  const name = `samsyn_bench_collab_${Date.now()}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    await admin.end({ timeout: 1 });
    return { unavailable: `PostgreSQL unavailable: ${(error as Error).message}` };
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}
