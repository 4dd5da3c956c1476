"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/errors";
import { runAction } from "@/lib/server/action";
import { markRead } from "@/lib/server/services/notifications";

type Result = ActionResult<{ marked: number }>;

/** "Markera som läst" on one notification (the form's `notificationId`). */
export async function markNotificationReadAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const id = formData.get("notificationId");
  const result = await runAction((actor) => markRead(actor, [typeof id === "string" ? id : ""]));
  // The inbox, re-rendered with its layout (the navigation's unread count). Not "/" as a layout:
  // that would also expire the prerendered pages, and Next's error page would then answer 200.
  if (result.ok) revalidatePath("/inbox");
  return result;
}

/** "Markera alla som lästa". */
export async function markAllNotificationsReadAction(_previous: Result | null, _formData: FormData): Promise<Result> {
  const result = await runAction((actor) => markRead(actor, "all"));
  if (result.ok) revalidatePath("/inbox");
  return result;
}
