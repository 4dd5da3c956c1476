"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { AppError, type ActionResult } from "@/lib/errors";
import { fieldErrorsFrom } from "@/lib/validation";
import { assertSameOrigin, toActionError } from "@/lib/server/action";
import { configuredOidcProviders, EMAIL_PROVIDER_ID, signIn } from "@/lib/server/auth/auth";
import { checkSignInCode, resetCodeAttempts } from "@/lib/server/auth/sign-in-code";
import { startSession } from "@/lib/server/auth/session";
import { getEnv } from "@/lib/server/env";
import { consume, limiters } from "@/lib/server/rate-limit";

const emailSchema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()) });
const codeSchema = emailSchema.extend({ code: z.string().trim().regex(/^\d{6}$/, { error: "codeFormat" }) });

async function clientIp(): Promise<string> {
  return (await headers()).get("x-samsyn-client-ip") || "unknown";
}

/** Step 1: mail a one-time code (rate-limited per address and per IP). */
export async function requestCodeAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const parsed = emailSchema.safeParse({ email: formData.get("email") });
  if (!parsed.success) return { ok: false, code: "invalid_input", fieldErrors: fieldErrorsFrom(parsed.error) };
  const { email } = parsed.data;
  try {
    await assertSameOrigin();
    await consume(limiters.signInMailPerIp, await clientIp());
    await consume(limiters.signInMailPerAddress, email);
    await resetCodeAttempts(email);
    await signIn(EMAIL_PROVIDER_ID, { email, redirect: false, redirectTo: "/dialogues" });
  } catch (error) {
    return toActionError(error);
  }
  redirect(`/login/verify?${new URLSearchParams({ email })}`);
}

/** Step 2: check the code (counting wrong guesses), then let Auth.js consume it and sign in. */
export async function verifyCodeAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const parsed = codeSchema.safeParse({ email: formData.get("email"), code: formData.get("code") });
  if (!parsed.success) return { ok: false, code: "invalid_input", fieldErrors: fieldErrorsFrom(parsed.error) };
  const { email, code } = parsed.data;
  try {
    await assertSameOrigin();
    const check = await checkSignInCode(email, code);
    if (check !== "valid") {
      const key = check === "exhausted" ? "codeExhausted" : "codeInvalid";
      throw new AppError("invalid_input", { fieldErrors: { code: { key } } });
    }
  } catch (error) {
    return toActionError(error);
  }
  redirect(`/api/auth/callback/${EMAIL_PROVIDER_ID}?${new URLSearchParams({ token: code, email, callbackUrl: "/dialogues" })}`);
}

const demoSchema = z.object({ userId: z.uuid() });

/** Demo mode only: one click signs in as a seeded demo user. */
export async function demoSignInAction(formData: FormData): Promise<void> {
  if (!getEnv().isDemoMode) throw new AppError("not_found");
  await assertSameOrigin();
  await consume(limiters.demoSignInPerIp, await clientIp());
  const { userId } = demoSchema.parse({ userId: formData.get("userId") });
  const [user] = await getDb()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.isDemo, true), isNull(users.deactivatedAt)));
  if (!user) throw new AppError("not_found");
  await startSession(user.id);
  redirect("/dialogues");
}

const providerSchema = z.object({ provider: z.string().max(50) });

export async function oidcSignInAction(formData: FormData): Promise<void> {
  await assertSameOrigin();
  const { provider } = providerSchema.parse({ provider: formData.get("provider") });
  if (!configuredOidcProviders().some((candidate) => candidate.id === provider)) throw new AppError("not_found");
  await signIn(provider, { redirectTo: "/dialogues" });
}
