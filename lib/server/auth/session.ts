import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { cache } from "react";
import { getDb, type Executor } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { getEnv } from "../env";
import { sessionCookie } from "./cookies";

export interface SessionUser {
  id: string;
  name: string | null;
  email: string;
  locale: string | null;
  isDemo: boolean;
}

const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;

/**
 * Reads the session row behind the cookie and enforces what Auth.js leaves to us: the idle
 * timeout, the absolute timeout and deactivated users. A session that fails any check is deleted,
 * so revocation is immediate and server-side.
 */
export async function findSessionUser(
  sessionToken: string,
  now: Date = new Date(),
  db: Executor = getDb(),
): Promise<SessionUser | null> {
  const [row] = await db
    .select({
      expires: sessions.expires,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      user: {
        id: users.id,
        name: users.name,
        email: users.email,
        locale: users.locale,
        isDemo: users.isDemo,
        deactivatedAt: users.deactivatedAt,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.sessionToken, sessionToken))
    .limit(1);
  if (!row) return null;

  const env = getEnv();
  const idleLimit = row.lastSeenAt.getTime() + env.SESSION_IDLE_MINUTES * 60_000;
  const absoluteLimit = row.createdAt.getTime() + env.SESSION_MAX_HOURS * 3_600_000;
  const isExpired =
    now.getTime() >= row.expires.getTime() ||
    now.getTime() >= idleLimit ||
    now.getTime() >= absoluteLimit ||
    row.user.deactivatedAt !== null;
  if (isExpired) {
    await db.delete(sessions).where(eq(sessions.sessionToken, sessionToken));
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_WRITE_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.sessionToken, sessionToken));
  }
  const { deactivatedAt: _deactivatedAt, ...user } = row.user;
  return user;
}

/** The signed-in user of this request, or null. Cached per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const token = (await cookies()).get(sessionCookie().name)?.value;
  if (!token || token.length > 200) return null;
  return findSessionUser(token);
});

/** Creates a database session and sets its cookie (demo sign-in, accepted invitations). */
export async function startSession(userId: string, db: Executor = getDb()): Promise<void> {
  const sessionToken = randomBytes(32).toString("hex");
  const expires = new Date(Date.now() + getEnv().SESSION_MAX_HOURS * 3_600_000);
  await db.insert(sessions).values({ sessionToken, userId, expires });
  const { name, secure } = sessionCookie();
  (await cookies()).set(name, sessionToken, { httpOnly: true, sameSite: "lax", secure, path: "/", expires });
}

/** Deletes this browser's session row and cookie. */
export async function endSession(): Promise<void> {
  const store = await cookies();
  const { name } = sessionCookie();
  const token = store.get(name)?.value;
  if (token) await getDb().delete(sessions).where(eq(sessions.sessionToken, token));
  store.delete(name);
}
