"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { runAction } from "@/lib/server/action";
import { updateNotificationSettings, type NotificationSettingsView } from "@/lib/server/services/notifications";

type Result = ActionResult<NotificationSettingsView>;

/** Saves the settings form; the interface language in use becomes the language of the mails. */
export async function updateNotificationSettingsAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const locale = await getLocale();
  const result = await runAction((actor) => updateNotificationSettings(actor, { ...formDataToObject(formData), locale }));
  if (result.ok) revalidatePath("/settings/notifications");
  return result;
}
