import { eq } from "drizzle-orm";
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
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    return true;
  });
}
