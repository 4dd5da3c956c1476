"use server";

import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { refreshDialogue, runAction } from "@/lib/server/action";
import {
  castVote,
  closePrompt,
  closeVote,
  openPrompt,
  openVote,
  revealPrompt,
  revealVote,
  saveAnswer,
  useAnswer,
} from "@/lib/server/services/workshop-activity";

type Result = ActionResult<unknown>;

/**
 * Private writing and dot voting (issue 9, parts 3 and 4). Each form carries `dialogueId` and
 * `workshopId`; the live view updates through the workshop room, and the pages render anew too.
 */
function formAction(service: (actor: { userId: string }, raw: unknown) => Promise<unknown>) {
  return async (formData: FormData): Promise<Result> => {
    const result = await runAction((actor) => service(actor, formDataToObject(formData)));
    if (result.ok) refreshDialogue(formData);
    return result;
  };
}

export async function openPromptAction(_previous: Result | null, formData: FormData): Promise<Result> {
  return formAction(openPrompt)(formData);
}

export async function saveAnswerAction(_previous: Result | null, formData: FormData): Promise<Result> {
  return formAction(saveAnswer)(formData);
}

export async function closePromptAction(_previous: Result | null, formData: FormData): Promise<Result> {
  return formAction(closePrompt)(formData);
}

export async function revealPromptAction(_previous: Result | null, formData: FormData): Promise<Result> {
  return formAction(revealPrompt)(formData);
}

export async function useAnswerAction(_previous: Result | null, formData: FormData): Promise<Result> {
  return formAction(useAnswer)(formData);
}

export async function openVoteAction(_previous: Result | null, formData: FormData): Promise<Result> {
  return formAction(openVote)(formData);
}

/** "My dots are now these": the form's `dots.<targetId>` fields, all at once. */
export async function castVoteAction(_previous: Result | null, formData: FormData): Promise<Result> {
  return formAction(castVote)(formData);
}

export async function closeVoteAction(_previous: Result | null, formData: FormData): Promise<Result> {
  return formAction(closeVote)(formData);
}

export async function revealVoteAction(_previous: Result | null, formData: FormData): Promise<Result> {
  return formAction(revealVote)(formData);
}
