"use server";

import { AppError, type ActionResult } from "@/lib/errors";
import { runAction } from "@/lib/server/action";
import { getEnv } from "@/lib/server/env";
import { createThread } from "@/lib/server/services/comments";

type Result = ActionResult<{ threadId: string; commentId: string }>;

/**
 * Demo mode only: saves the test page's comment as a new thread on the driver as a whole, through
 * the comment service (its authorization, validation and notifications). Elsewhere: not found.
 */
export async function postDevCommentAction(_previous: Result | null, formData: FormData): Promise<Result> {
  return runAction(async (actor) => {
    if (!getEnv().isDemoMode) throw new AppError("not_found");
    return createThread(actor, {
      dialogueId: formData.get("dialogueId"),
      driverId: formData.get("driverId"),
      anchor: { kind: "driver" },
      body: formData.get("body"),
    });
  });
}
