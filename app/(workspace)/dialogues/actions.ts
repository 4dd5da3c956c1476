"use server";

import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { runAction } from "@/lib/server/action";
import { createDialogue } from "@/lib/server/services/dialogues";

export async function createDialogueAction(
  _previous: ActionResult<{ id: string }> | null,
  formData: FormData,
): Promise<ActionResult<{ id: string }>> {
  const result = await runAction((actor) => createDialogue(actor, formDataToObject(formData, ["regionCodes"])));
  if (result.ok) redirect(`/dialogues/${result.data.id}`);
  return result;
}
