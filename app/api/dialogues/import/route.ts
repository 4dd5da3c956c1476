import { MAX_GOAL_SET_BYTES } from "@/lib/model/goal-set-import";
import { requireFacilitatorSomewhere } from "@/lib/server/access";
import { readUploadForm, runRoute } from "@/lib/server/route";
import { importGoalSet } from "@/lib/server/services/goal-set-import";

export const dynamic = "force-dynamic";

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
      const form = await readUploadForm(request, MAX_GOAL_SET_BYTES);
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
