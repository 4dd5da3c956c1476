import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { cache } from "react";
import { getDb, type Executor } from "@/db/client";
import { findSessionUser, type SessionLimits, type SessionUser } from "@/db/queries/sessions";
import { sessions } from "@/db/schema";
import { getEnv } from "../env";
import { sessionCookie } from "./cookies";

export type { SessionUser };

/** The session limits from the environment (idle and absolute timeouts). */
export function sessionLimits(): SessionLimits {
  const env = getEnv();
  return { idleMinutes: env.SESSION_IDLE_MINUTES, maxHours: env.SESSION_MAX_HOURS };
}

/** The signed-in user of this request, or null. Cached per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const token = (await cookies()).get(sessionCookie().name)?.value;
  if (!token || token.length > 200) return null;
  return findSessionUser(getDb(), token, sessionLimits());
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
