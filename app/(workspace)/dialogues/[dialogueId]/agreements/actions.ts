"use server";

import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { refreshDialogue, runAction } from "@/lib/server/action";
import { createAgreement } from "@/lib/server/services/agreements";

type Result = ActionResult<unknown>;

/**
 * Marks a driver (the form sends its `driverId`) or the whole goal set as agreed, then shows the
 * frozen agreement. Agreements are only ever added: there is no action to change or remove one.
 */
export async function createAgreementAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => createAgreement(actor, formDataToObject(formData)));
  if (!result.ok) return result;
  refreshDialogue(formData);
  redirect(`/dialogues/${String(formData.get("dialogueId"))}/agreements/${result.data.id}`);
}
