/**
 * The samsyn side's data, prepared with the project's own modules before its server starts (PGlite
 * allows one process per folder, so the handle is closed again before the server is spawned): a
 * migrated, seeded database with the demo dialogue, extra drivers in it (one document each), and
 * `peopleCount` participants with a fresh session each. One person per client, as in a workshop
 * room: the server allows each person only so many new connections a minute.
 */
import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { dialogueMembers, dialogues, drivers, sessions, users } from "../../db/schema";
import { resolveDataDir, seedDatabase } from "../../db/seed/index";

export interface SamsynFixture {
  /** Environment for scripts/collab-server.ts. */
  env: Record<string, string>;
  driverIds: string[];
  /** `samsyn.session=<token>` of participants, one per person. */
  cookies: string[];
}

export async function prepareSamsynFixture(
  config: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string },
  driverCount: number,
  peopleCount: number,
): Promise<SamsynFixture> {
  const handle = openDatabase(config.kind === "postgres" ? { kind: "postgres", url: config.url, maxConnections: 2 } : config);
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle, { dataDir: resolveDataDir(), demo: true });
    const { db } = handle;
    const [dialogue] = await db.select({ id: dialogues.id }).from(dialogues).where(eq(dialogues.isDemo, true)).limit(1);
    if (!dialogue) throw new Error("the demo dialogue was not seeded");
    const [member] = await db
      .select({ organisationId: dialogueMembers.organisationId })
      .from(dialogueMembers)
      .where(and(eq(dialogueMembers.dialogueId, dialogue.id), inArray(dialogueMembers.role, ["participant", "facilitator"])))
      .limit(1);
    if (!member) throw new Error("the demo dialogue has no editing members");

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

    const people = await createParticipants(db, dialogue.id, member.organisationId, peopleCount);
    return {
      env: {
        ...(config.kind === "postgres" ? { DATABASE_URL: config.url } : { PGLITE_DATA_DIR: config.dataDir }),
        AUTH_SECRET: "bench-secret-not-for-production-0123456789",
      },
      driverIds,
      cookies: people.map((token) => `samsyn.session=${token}`),
    };
  } finally {
    await handle.close();
  }
}

/** `count` participants of the dialogue, each with a session; returns their session tokens. */
async function createParticipants(
  db: ReturnType<typeof openDatabase>["db"],
  dialogueId: string,
  organisationId: string,
  count: number,
): Promise<string[]> {
  // Created now, so the 30-minute idle timeout starts with the run (a run takes minutes).
  const now = new Date();
  const expires = new Date(now.getTime() + 12 * 3_600_000);
  const tokens: string[] = [];
  for (let start = 0; start < count; start += 200) {
    const size = Math.min(200, count - start);
    const created = await db
      .insert(users)
      .values(Array.from({ length: size }, (_, offset) => ({ name: `Deltagare ${start + offset + 1}`, email: `bench-${start + offset + 1}@bench.invalid` })))
      .returning({ id: users.id });
    await db.insert(dialogueMembers).values(created.map((user) => ({ dialogueId, userId: user.id, organisationId, role: "participant" as const })));
    const chunk = created.map(() => randomBytes(32).toString("hex"));
    await db.insert(sessions).values(created.map((user, index) => ({ sessionToken: chunk[index]!, userId: user.id, expires, createdAt: now, lastSeenAt: now })));
    tokens.push(...chunk);
  }
  return tokens;
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
