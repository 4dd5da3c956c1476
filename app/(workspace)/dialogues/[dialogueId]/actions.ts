"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { refreshDialogue, runAction } from "@/lib/server/action";
import { updateDialogue } from "@/lib/server/services/dialogues";
import { createDriver, moveDriver, reorderDrivers } from "@/lib/server/services/drivers";
import {
  addDialogueOrganisation,
  changeMemberRole,
  createOrganisation,
  inviteMember,
  removeDialogueOrganisation,
  removeMember,
} from "@/lib/server/services/members";

type Result<T = unknown> = ActionResult<T>;

export async function updateDialogueAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => updateDialogue(actor, formDataToObject(formData, ["regionCodes"])));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function createDriverAction(_previous: Result<{ id: string }> | null, formData: FormData): Promise<Result<{ id: string }>> {
  const input = formDataToObject(formData, ["careAreas", "changePerspectives"]);
  const result = await runAction((actor) => createDriver(actor, input));
  if (result.ok) {
    refreshDialogue(formData);
    redirect(`/dialogues/${String(input.dialogueId)}/drivers/${result.data.id}`);
  }
  return result;
}

export async function moveDriverAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => moveDriver(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

/** Drag and drop on the overview: the new order of one WHO group (called from client code). */
export async function reorderDriversAction(input: { dialogueId: string; driverIds: string[] }): Promise<Result> {
  const result = await runAction((actor) => reorderDrivers(actor, input));
  if (result.ok) revalidatePath(`/dialogues/${input.dialogueId}`, "layout");
  return result;
}

export async function inviteMemberAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction(async (actor) => {
    await inviteMember(actor, formDataToObject(formData));
  });
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function changeMemberRoleAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => changeMemberRole(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function removeMemberAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => removeMember(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function createOrganisationAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction(async (actor) => {
    await createOrganisation(actor, formDataToObject(formData));
  });
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function addDialogueOrganisationAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => addDialogueOrganisation(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function removeDialogueOrganisationAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => removeDialogueOrganisation(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}
