"use server";

import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { refreshDialogue, runAction } from "@/lib/server/action";
import { setDriverIndicators } from "@/lib/server/services/driver-content";
import { deleteDriver, updateDriver } from "@/lib/server/services/drivers";
import type { Actor } from "@/lib/server/access";

type Result = ActionResult<unknown>;

const ARRAY_FIELDS = ["careAreas", "changePerspectives", "indicatorIds"];

/** Every driver action: run the service on the form's fields, then refresh the dialogue's pages. */
async function driverAction(formData: FormData, service: (actor: Actor, raw: unknown) => Promise<unknown>): Promise<Result> {
  const result = await runAction((actor) => service(actor, formDataToObject(formData, ARRAY_FIELDS)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function updateDriverAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, updateDriver);
}

export async function deleteDriverAction(_previous: Result | null, formData: FormData) {
  const result = await driverAction(formData, deleteDriver);
  if (result.ok) redirect(`/dialogues/${String(formData.get("dialogueId"))}`);
  return result;
}

export async function setDriverIndicatorsAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, setDriverIndicators);
}
