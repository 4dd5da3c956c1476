"use server";

import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { compositeIndexInputFromForm } from "@/lib/model/composite-index";
import { refreshDialogue, runAction } from "@/lib/server/action";
import { createCompositeIndex, deleteCompositeIndex, updateCompositeIndex } from "@/lib/server/services/composite-indexes";

type Result<T = unknown> = ActionResult<T>;

export async function createCompositeIndexAction(_previous: Result<{ id: string; name: string }> | null, formData: FormData): Promise<Result<{ id: string; name: string }>> {
  const result = await runAction((actor) => createCompositeIndex(actor, compositeIndexInputFromForm(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function updateCompositeIndexAction(_previous: Result<{ id: string; name: string }> | null, formData: FormData): Promise<Result<{ id: string; name: string }>> {
  const result = await runAction((actor) => updateCompositeIndex(actor, compositeIndexInputFromForm(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}

export async function deleteCompositeIndexAction(_previous: Result | null, formData: FormData): Promise<Result> {
  const result = await runAction((actor) => deleteCompositeIndex(actor, formDataToObject(formData)));
  if (result.ok) refreshDialogue(formData);
  return result;
}
