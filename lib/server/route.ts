/**
 * The one wrapper for our JSON route handlers: the same Origin check as server actions for
 * mutations, the signed-in actor, and AppError mapped to its status once. Unexpected errors are
 * logged with their cause and answered with a generic 503 that reveals nothing.
 */
import "server-only";
import { AppError, isAppError } from "@/lib/errors";
import { requireActor, type Actor } from "./access";
import { assertSameOrigin } from "./action";
import { logError } from "./log";

const NO_STORE = { "Cache-Control": "no-store" };

export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

export async function runRoute(work: (actor: Actor) => Promise<unknown>, options: { isMutation: boolean }): Promise<Response> {
  try {
    if (options.isMutation) await assertSameOrigin();
    const actor = await requireActor();
    const result = await work(actor);
    // A handler that builds its own response (a file download) passes it through.
    return result instanceof Response ? result : jsonResponse(result);
  } catch (error) {
    if (isAppError(error)) return jsonResponse({ code: error.code, fieldErrors: error.fieldErrors }, error.status);
    logError("route.failed", error);
    return jsonResponse({ code: "unavailable" }, new AppError("unavailable").status);
  }
}

/** Room for the multipart envelope around a file at its limit. */
const MULTIPART_ENVELOPE_BYTES = 64 * 1024;

/**
 * The multipart form of an upload route. A body far over the file's limit is refused before it is
 * read into memory (the service reports a file just over it itself, with its own message); an
 * unreadable body counts as a missing file.
 */
export async function readUploadForm(request: Request, maxFileBytes: number): Promise<FormData> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > (maxFileBytes + MULTIPART_ENVELOPE_BYTES) * 2) {
    throw new AppError("invalid_input", { fieldErrors: { file: { key: "tooBig", params: { max: maxFileBytes } } } });
  }
  try {
    return await request.formData();
  } catch {
    throw new AppError("invalid_input", { fieldErrors: { file: { key: "required" } } });
  }
}
