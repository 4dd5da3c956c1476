/**
 * Anti-automation for sign-in (ASVS 2.4.1, 6.3.1) and for comments (issue 6). In-memory counters: one process serves the
 * app (the custom server); a multi-instance deployment swaps these for RateLimiterRedis.
 */
import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";

const FIFTEEN_MINUTES = 15 * 60;

export const limiters = {
  signInMailPerAddress: new RateLimiterMemory({ keyPrefix: "mail-address", points: 5, duration: FIFTEEN_MINUTES }),
  signInMailPerIp: new RateLimiterMemory({ keyPrefix: "mail-ip", points: 20, duration: FIFTEEN_MINUTES }),
  /** Wrong codes per address: the code dies after 5 (see verifySignInCode). */
  codeAttempts: new RateLimiterMemory({ keyPrefix: "code", points: 5, duration: 10 * 60 }),
  demoSignInPerIp: new RateLimiterMemory({ keyPrefix: "demo-ip", points: 60, duration: 60 }),
  /** New threads and replies per person (issue 6): a fast typist in a workshop stays well under it. */
  commentsPerUser: new RateLimiterMemory({ keyPrefix: "comment", points: 30, duration: 60 }),
};

/** Consumes one point; throws `rate_limited` when the budget is spent. */
export async function consume(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new AppError("rate_limited");
    throw error;
  }
}
