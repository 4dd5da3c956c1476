"use server";

import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { LOCALES } from "@/lib/model/enums";
import { assertSameOrigin } from "@/lib/server/action";
import { endSession, getSessionUser } from "@/lib/server/auth/session";

const localeSchema = z.object({ locale: z.enum(LOCALES) });

/** Switches the interface language; remembered in a cookie and on the signed-in user. */
export async function setLocaleAction(formData: FormData): Promise<void> {
  await assertSameOrigin();
  const parsed = localeSchema.safeParse({ locale: formData.get("locale") });
  if (!parsed.success) return;
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, {
    path: "/",
    sameSite: "lax",
    maxAge: 365 * 86_400,
  });
  const user = await getSessionUser();
  if (user) await getDb().update(users).set({ locale: parsed.data.locale }).where(eq(users.id, user.id));
}

export async function signOutAction(): Promise<void> {
  await assertSameOrigin();
  await endSession();
  redirect("/login");
}
