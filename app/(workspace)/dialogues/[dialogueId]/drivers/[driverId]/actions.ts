"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { runAction } from "@/lib/server/action";
import {
  addGapAction,
  addGoalStatement,
  deleteGapAction,
  deleteGoalStatement,
  moveGapAction,
  moveGoalStatement,
  saveDriverText,
  setDriverIndicators,
  updateGapAction,
  updateGoalStatement,
} from "@/lib/server/services/driver-content";
import { deleteDriver, updateDriver } from "@/lib/server/services/drivers";
import type { Actor } from "@/lib/server/access";

type Result = ActionResult<unknown>;

const ARRAY_FIELDS = ["careAreas", "changePerspectives", "indicatorIds", "responsibleOrganisationIds", "collaboratingOrganisationIds"];

/** Every driver action: run the service on the form's fields, then refresh the dialogue's pages. */
async function driverAction(formData: FormData, service: (actor: Actor, raw: unknown) => Promise<unknown>): Promise<Result> {
  const result = await runAction((actor) => service(actor, formDataToObject(formData, ARRAY_FIELDS)));
  const dialogueId = formData.get("dialogueId");
  if (result.ok && typeof dialogueId === "string") revalidatePath(`/dialogues/${dialogueId}`, "layout");
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

export async function saveDriverTextAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, saveDriverText);
}

export async function setDriverIndicatorsAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, setDriverIndicators);
}

export async function addGoalStatementAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, addGoalStatement);
}

export async function updateGoalStatementAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, updateGoalStatement);
}

export async function deleteGoalStatementAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, deleteGoalStatement);
}

export async function moveGoalStatementAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, moveGoalStatement);
}

export async function addGapActionAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, addGapAction);
}

export async function updateGapActionAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, updateGapAction);
}

export async function deleteGapActionAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, deleteGapAction);
}

export async function moveGapActionAction(_previous: Result | null, formData: FormData) {
  return driverAction(formData, moveGapAction);
}
