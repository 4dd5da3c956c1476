/**
 * The one wrapper for server actions: checks the request's Origin (Next only warns when it is
 * missing), resolves the actor, runs the service and maps errors to an ActionResult once.
 */
import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { AppError, isAppError, type ActionResult } from "@/lib/errors";
import { requireActor, type Actor } from "./access";
import { logError } from "./log";

export async function assertSameOrigin(): Promise<void> {
  const store = await headers();
  const origin = store.get("origin");
  const host = store.get("x-forwarded-host") ?? store.get("host");
  if (!origin || !host || new URL(origin).host !== host) throw new AppError("forbidden");
}

/** Turns an expected failure into a result the form can show; anything else is logged and hidden. */
export function toActionError(error: unknown): ActionResult<never> {
  if (isAppError(error)) return { ok: false, code: error.code, fieldErrors: error.fieldErrors, reason: error.reason };
  if (isNextControlFlow(error)) throw error;
  logError("action.failed", error);
  return { ok: false, code: "unavailable" };
}

/** redirect() and notFound() work by throwing; they must pass through untouched. */
function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR"));
}

export async function runAction<T>(work: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  try {
    await assertSameOrigin();
    const actor = await requireActor();
    return { ok: true, data: await work(actor) };
  } catch (error) {
    return toActionError(error);
  }
}

/** After a change to a dialogue: every page under it (the form carries its `dialogueId`) renders anew. */
export function refreshDialogue(formData: FormData): void {
  const dialogueId = formData.get("dialogueId");
  if (typeof dialogueId === "string") revalidatePath(`/dialogues/${dialogueId}`, "layout");
}
