import { eq } from "drizzle-orm";
import type { Executor } from "../client";
import { sessions, users } from "../schema";

export interface SessionUser {
  id: string;
  name: string | null;
  email: string;
  locale: string | null;
  isDemo: boolean;
}

export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;

/**
 * Reads the session row behind a cookie value and enforces what Auth.js leaves to us: the idle
 * timeout, the absolute timeout and deactivated users. A session that fails any check is deleted,
 * so revocation is immediate and server-side. Shared by HTTP (lib/server/auth/session.ts) and the
 * collaboration websocket.
 */
export async function findSessionUser(
  db: Executor,
  sessionToken: string,
  limits: SessionLimits,
  now: Date = new Date(),
): Promise<SessionUser | null> {
  if (!sessionToken || sessionToken.length > 200) return null;
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

  const idleLimit = row.lastSeenAt.getTime() + limits.idleMinutes * 60_000;
  const absoluteLimit = row.createdAt.getTime() + limits.maxHours * 3_600_000;
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
