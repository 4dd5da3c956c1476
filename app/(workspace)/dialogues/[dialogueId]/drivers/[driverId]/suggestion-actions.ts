"use server";

import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { refreshDialogue, runAction } from "@/lib/server/action";
import { commentOnSuggestion, createSuggestion, decideSuggestion } from "@/lib/server/services/suggestions";

type Result = ActionResult<unknown>;

export async function createSuggestionAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => createSuggestion(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function decideSuggestionAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => decideSuggestion(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function commentOnSuggestionAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => commentOnSuggestion(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}
