"use server";

import type { ActionResult } from "@/lib/errors";
import { formDataToObject } from "@/lib/forms";
import { runAction } from "@/lib/server/action";
import type { Actor } from "@/lib/server/access";
import { createThread, deleteComment, editComment, replyToThread, setThreadResolved, toggleReaction } from "@/lib/server/services/comments";

type Result<T = unknown> = ActionResult<T>;

/** The form's fields, with `anchor.kind`, `anchor.quote` … gathered into `anchor` for the schema. */
function commentInput(formData: FormData): Record<string, unknown> {
  const flat = formDataToObject(formData);
  const input: Record<string, unknown> = {};
  const anchor: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (key.startsWith("anchor.")) anchor[key.slice("anchor.".length)] = value === "" ? undefined : value;
    else input[key] = value;
  }
  if (Object.keys(anchor).length) input.anchor = anchor;
  return input;
}

function commentAction<T>(formData: FormData, service: (actor: Actor, raw: unknown) => Promise<T>): Promise<Result<T>> {
  return runAction((actor) => service(actor, commentInput(formData)));
}

export async function createThreadAction(_previous: Result | null, formData: FormData) {
  return commentAction(formData, createThread);
}

export async function replyToThreadAction(_previous: Result | null, formData: FormData) {
  return commentAction(formData, replyToThread);
}

export async function editCommentAction(_previous: Result | null, formData: FormData) {
  return commentAction(formData, editComment);
}

export async function deleteCommentAction(_previous: Result | null, formData: FormData) {
  return commentAction(formData, deleteComment);
}

export async function toggleReactionAction(_previous: Result | null, formData: FormData) {
  return commentAction(formData, toggleReaction);
}

export async function setThreadResolvedAction(_previous: Result | null, formData: FormData) {
  return commentAction(formData, (actor, raw) => setThreadResolved(actor, { ...(raw as object), resolved: formData.get("resolved") === "true" }));
}
