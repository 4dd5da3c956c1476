import { AppError } from "@/lib/errors";
import { MAX_GOAL_SET_BYTES } from "@/lib/model/goal-set-import";
import { requireFacilitatorSomewhere } from "@/lib/server/access";
import { runRoute } from "@/lib/server/route";
import { importGoalSet } from "@/lib/server/services/goal-set-import";

export const dynamic = "force-dynamic";

/** Room for the multipart envelope around a file at the limit; the reader reports an oversize file itself. */
const MAX_BODY_BYTES = MAX_GOAL_SET_BYTES + 64 * 1024;

/**
 * POST multipart (`file`, `organisationId`): imports a goal-set JSON export as a new dialogue and
 * answers `{ ok: true, dialogueId, … what was left out }`, or `{ ok: false, issues, issueCount }`
 * (nothing written). A route rather than a server action, like the indicator import: actions cap
 * bodies at 1 MB, and an export with its figures is larger; raising that cap would raise it for
 * every action, before any of them has checked who is calling.
 */
export async function POST(request: Request) {
  return runRoute(
    async (actor) => {
      // Checked by the service too; here so that a caller who may not import sends no body we read.
      await requireFacilitatorSomewhere(actor);
      const length = Number(request.headers.get("content-length") ?? "0");
      const form = await readForm(request, length);
      const file = form.get("file");
      const organisationId = form.get("organisationId");
      return importGoalSet(actor, {
        // Absent (not "") when not given, so the form says "required" rather than "invalid".
        organisationId: typeof organisationId === "string" && organisationId ? organisationId : undefined,
        fileName: file instanceof File ? file.name.slice(0, 200) : "",
        file: file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : undefined,
      });
    },
    { isMutation: true },
  );
}

async function readForm(request: Request, length: number): Promise<FormData> {
  // A body far over the limit is refused before it is read into memory.
  if (length > MAX_BODY_BYTES * 2) throw new AppError("invalid_input", { fieldErrors: { file: { key: "tooBig", params: { max: MAX_GOAL_SET_BYTES } } } });
  try {
    return await request.formData();
  } catch {
    throw new AppError("invalid_input", { fieldErrors: { file: { key: "required" } } });
  }
}
