/**
 * Checking a typed or linked sign-in code before Auth.js consumes it, so that guesses are counted:
 * after five wrong codes for an address, its codes are deleted and a new one must be requested.
 */
import "server-only";
import { createHash } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { verificationTokens } from "@/db/schema";
import { getEnv } from "../env";
import { limiters } from "../rate-limit";

export type CodeCheck = "valid" | "invalid" | "exhausted";

/** Auth.js stores sha256(token + secret); we compare the same way without consuming the row. */
function hashCode(code: string): string {
  return createHash("sha256").update(`${code}${getEnv().AUTH_SECRET ?? ""}`).digest("hex");
}

export async function checkSignInCode(email: string, code: string, now: Date = new Date()): Promise<CodeCheck> {
  const identifier = email.trim().toLowerCase();
  const used = await limiters.codeAttempts.get(identifier);
  if (used && used.consumedPoints >= 5) {
    await deleteCodes(identifier);
    return "exhausted";
  }
  const [row] = await getDb()
    .select({ identifier: verificationTokens.identifier })
    .from(verificationTokens)
    .where(
      and(
        eq(verificationTokens.identifier, identifier),
        eq(verificationTokens.token, hashCode(code)),
        gt(verificationTokens.expires, now),
      ),
    )
    .limit(1);
  if (row) return "valid";
  const result = await limiters.codeAttempts.penalty(identifier, 1);
  if (result.consumedPoints >= 5) {
    await deleteCodes(identifier);
    return "exhausted";
  }
  return "invalid";
}

async function deleteCodes(identifier: string): Promise<void> {
  await getDb().delete(verificationTokens).where(eq(verificationTokens.identifier, identifier));
}

/** A new code resets the guess counter for the address. */
export async function resetCodeAttempts(email: string): Promise<void> {
  await limiters.codeAttempts.delete(email.trim().toLowerCase());
}
