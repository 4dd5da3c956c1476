import { eq, lt } from "drizzle-orm";
import type { Executor } from "../client";
import { sessions, users } from "../schema";

/**
 * Removes a person's access: marks the user deactivated and deletes every session in one
 * transaction, so no open browser keeps working. (Sign-in is refused for deactivated users and
 * the session reader rejects them too.) Returns false when no user has that address.
 */
export async function deactivateUserByEmail(db: Executor, email: string, now: Date = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ deactivatedAt: now })
      .where(eq(users.email, email.trim().toLowerCase()))
      .returning({ id: users.id });
    if (!user) return false;
    await endAllSessionsOf(user.id, tx);
    return true;
  });
}

/** Ends every session of a user (deactivation, "sign out everywhere"). */
export async function endAllSessionsOf(userId: string, db: Executor): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/**
 * Housekeeping at start: drops rows past their hard expiry. The session reader already refuses
 * them; this only keeps the table from growing with abandoned sessions.
 */
export async function deleteExpiredSessions(db: Executor, now: Date = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expires, now));
}
