import { readUploadForm, runRoute } from "@/lib/server/route";
import { MAX_UPLOAD_BYTES } from "@/lib/server/import/read-upload";
import { commitIndicatorImport, previewIndicatorImport } from "@/lib/server/services/indicator-import";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ dialogueId: string }> };

/**
 * POST multipart (`file`, `mode` = preview | commit, `expectedHash` for a commit): the import's
 * report as JSON. Multipart because server actions cap bodies at 1 MB and a data file is larger.
 */
export async function POST(request: Request, { params }: Params) {
  const { dialogueId } = await params;
  return runRoute(
    async (actor) => {
      const form = await readUploadForm(request, MAX_UPLOAD_BYTES);
      const file = form.get("file");
      const mode = form.get("mode");
      const expectedHash = form.get("expectedHash");
      const input = {
        dialogueId,
        fileName: file instanceof File ? file.name : "",
        bytes: file instanceof File ? new Uint8Array(await file.arrayBuffer()) : null,
        ...(typeof expectedHash === "string" && expectedHash ? { expectedHash } : {}),
      };
      return mode === "commit" ? commitIndicatorImport(actor, input) : previewIndicatorImport(actor, input);
    },
    { isMutation: true },
  );
}
