"use server";

import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { refreshDialogue, runAction } from "@/lib/server/action";
import { closeRoundEarly, createRound, extendRound, reopenRound } from "@/lib/server/services/rounds";
import { giveStance } from "@/lib/server/services/stances";

type Result = ActionResult<unknown>;

export async function createRoundAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => createRound(actor, formDataToObject(formData, ["driverIds", "organisationIds"])));
  if (!result.ok) return result;
  refreshDialogue(formData);
  redirect(`/dialogues/${String(formData.get("dialogueId"))}/rounds/${result.data.id}`);
}

export async function extendRoundAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => extendRound(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function closeRoundAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => closeRoundEarly(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function reopenRoundAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => reopenRound(actor, formDataToObject(formData)));
  if (!result.ok) return result;
  refreshDialogue(formData);
  redirect(`/dialogues/${String(formData.get("dialogueId"))}/rounds/${result.data.id}`);
}

export async function giveStanceAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => giveStance(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}
