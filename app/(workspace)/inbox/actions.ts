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
  // The inbox and the unread count in every page's navigation.
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

/** "Markera alla som lästa". */
export async function markAllNotificationsReadAction(_previous: Result | null, _formData: FormData): Promise<Result> {
  const result = await runAction((actor) => markRead(actor, "all"));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
