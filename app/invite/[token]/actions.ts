"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { assertSameOrigin } from "@/lib/server/action";
import { startSession } from "@/lib/server/auth/session";
import { acceptInvitation } from "@/lib/server/services/members";

const tokenSchema = z.object({ token: z.string().min(20).max(100) });

/** The click on the invitation page: joins the dialogue and signs the person in. */
export async function acceptInvitationAction(formData: FormData): Promise<void> {
  await assertSameOrigin();
  const parsed = tokenSchema.safeParse({ token: formData.get("token") });
  if (!parsed.success) redirect("/login?error=invitation");
  let target: string;
  try {
    const { userId, dialogueId } = await acceptInvitation(parsed.data.token);
    await startSession(userId);
    target = `/dialogues/${dialogueId}`;
  } catch {
    target = `/invite/${encodeURIComponent(parsed.data.token)}`;
  }
  redirect(target);
}
