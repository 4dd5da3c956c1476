import { eq, inArray } from "drizzle-orm";
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
  return (await findSessionUsers(db, [sessionToken], limits, now)).get(sessionToken) ?? null;
}

/**
 * findSessionUser for many sessions at once (the collaboration server re-checks every open socket
 * each minute): one read, one delete of the expired and one renewal of `last_seen_at`, whatever
 * the number. Sessions that are unknown or ended are absent from the result.
 */
export async function findSessionUsers(
  db: Executor,
  sessionTokens: readonly string[],
  limits: SessionLimits,
  now: Date = new Date(),
): Promise<Map<string, SessionUser>> {
  const found = new Map<string, SessionUser>();
  const wanted = [...new Set(sessionTokens.filter((token) => token && token.length <= 200))];
  if (!wanted.length) return found;
  const rows = await db
    .select({
      sessionToken: sessions.sessionToken,
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
    .where(inArray(sessions.sessionToken, wanted));
  const ended: string[] = [];
  const seenLongAgo: string[] = [];
  for (const row of rows) {
    if (hasEnded(row, limits, now)) {
      ended.push(row.sessionToken);
      continue;
    }
    if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_WRITE_INTERVAL_MS) seenLongAgo.push(row.sessionToken);
    const { deactivatedAt: _deactivatedAt, ...user } = row.user;
    found.set(row.sessionToken, user);
  }
  if (ended.length) await db.delete(sessions).where(inArray(sessions.sessionToken, ended));
  if (seenLongAgo.length) await db.update(sessions).set({ lastSeenAt: now }).where(inArray(sessions.sessionToken, seenLongAgo));
  return found;
}

function hasEnded(
  row: { expires: Date; createdAt: Date; lastSeenAt: Date; user: { deactivatedAt: Date | null } },
  limits: SessionLimits,
  now: Date,
): boolean {
  const idleLimit = row.lastSeenAt.getTime() + limits.idleMinutes * 60_000;
  const absoluteLimit = row.createdAt.getTime() + limits.maxHours * 3_600_000;
  return now.getTime() >= row.expires.getTime() || now.getTime() >= idleLimit || now.getTime() >= absoluteLimit || row.user.deactivatedAt !== null;
}
