"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { refreshDialogue, runAction } from "@/lib/server/action";
import { changeSessionStatus, controlTimer, setFocus, setLock } from "@/lib/server/services/workshop-session";
import { createWorkshop, moveAgendaItem, reorderAgenda, setAgenda } from "@/lib/server/services/workshops";

type Result = ActionResult<unknown>;

/** Creates a workshop, then shows its (empty) agenda. */
export async function createWorkshopAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => createWorkshop(actor, formDataToObject(formData)));
  if (!result.ok) return result;
  refreshDialogue(formData);
  redirect(`/dialogues/${String(formData.get("dialogueId"))}/workshops/${result.data.id}`);
}

/** The agenda form: the ticked drivers in order, each with its `timebox.<driverId>` field. */
export async function setAgendaAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => setAgenda(actor, formDataToObject(formData, ["driverIds"])));
  if (result.ok) refreshDialogue(formData);
  return result;
}

/** The move up / move down buttons. */
export async function moveAgendaItemAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => moveAgendaItem(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

/** "Apply the suggested order": the form sends the agenda's drivers in the suggested order. */
export async function applySuggestedOrderAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => reorderAgenda(actor, formDataToObject(formData, ["driverIds"])));
  if (result.ok) refreshDialogue(formData);
  return result;
}

/** Drag and drop: the agenda's whole new order (called from client code). */
export async function reorderAgendaAction(input: { dialogueId: string; workshopId: string; driverIds: string[] }): Promise<Result> {
  const result = await runAction((actor) => reorderAgenda(actor, input));
  if (result.ok) revalidatePath(`/dialogues/${input.dialogueId}`, "layout");
  return result;
}

// --- the live session (called from client code; the room pushes the new state) --------------------

type LiveInput = { dialogueId: string; workshopId: string } & Record<string, string | boolean>;

export async function sessionStatusAction(input: LiveInput): Promise<Result> {
  return runAction((actor) => changeSessionStatus(actor, input));
}

export async function setFocusAction(input: LiveInput): Promise<Result> {
  return runAction((actor) => setFocus(actor, input));
}

export async function timerAction(input: LiveInput): Promise<Result> {
  return runAction((actor) => controlTimer(actor, input));
}

export async function lockAction(input: LiveInput): Promise<Result> {
  const result = await runAction((actor) => setLock(actor, input));
  if (result.ok) revalidatePath(`/dialogues/${input.dialogueId}/drivers/${String(input.driverId)}`);
  return result;
}
