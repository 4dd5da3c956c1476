"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { runAction } from "@/lib/server/action";
import { restoreDriverVersion, saveDriverVersion } from "@/lib/server/services/driver-versions";

type Result = ActionResult<unknown>;

function refresh(formData: FormData): void {
  const dialogueId = formData.get("dialogueId");
  const driverId = formData.get("driverId");
  if (typeof dialogueId === "string" && typeof driverId === "string") {
    revalidatePath(`/dialogues/${dialogueId}/drivers/${driverId}`, "layout");
  }
}

export async function saveDriverVersionAction(_previous: Result | null, formData: FormData) {
  const result = await runAction((actor) => saveDriverVersion(actor, formDataToObject(formData)));
  if (result.ok) refresh(formData);
  return result;
}

export async function restoreDriverVersionAction(_previous: Result | null, formData: FormData) {
  const result = await runAction((actor) => restoreDriverVersion(actor, formDataToObject(formData)));
  if (result.ok) refresh(formData);
  return result;
}
