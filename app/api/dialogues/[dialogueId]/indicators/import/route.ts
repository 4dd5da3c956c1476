import { AppError } from "@/lib/errors";
import { runRoute } from "@/lib/server/route";
import { MAX_UPLOAD_BYTES } from "@/lib/server/import/read-upload";
import { commitIndicatorImport, previewIndicatorImport } from "@/lib/server/services/indicator-import";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ dialogueId: string }> };

/** Room for the multipart envelope around a file at the limit; the service reports an oversize file itself. */
const MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;

/**
 * POST multipart (`file`, `mode` = preview | commit, `expectedHash` for a commit): the import's
 * report as JSON. Multipart because server actions cap bodies at 1 MB and a data file is larger.
 */
export async function POST(request: Request, { params }: Params) {
  const { dialogueId } = await params;
  return runRoute(
    async (actor) => {
      const length = Number(request.headers.get("content-length") ?? "0");
      const form = await readForm(request, length);
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

async function readForm(request: Request, length: number): Promise<FormData> {
  // A body far over the limit is refused before it is read into memory.
  if (length > MAX_BODY_BYTES * 2) throw new AppError("invalid_input", { fieldErrors: { file: { key: "tooBig", params: { max: MAX_UPLOAD_BYTES } } } });
  try {
    return await request.formData();
  } catch {
    throw new AppError("invalid_input", { fieldErrors: { file: { key: "required" } } });
  }
}
