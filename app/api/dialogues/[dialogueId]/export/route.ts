import { runRoute } from "@/lib/server/route";
import { exportGoalSetFile } from "@/lib/server/exports/render";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ dialogueId: string }> };

/** The export form's fields from the address (`driverIds` and `include` repeat). */
function exportRequestOf(url: URL): Record<string, unknown> {
  const query = url.searchParams;
  return {
    format: query.get("format") ?? undefined,
    language: query.get("language") ?? undefined,
    source: query.get("source") ?? undefined,
    driverIds: query.getAll("driverIds"),
    include: query.getAll("include"),
  };
}

/** GET the goal set as a file (PDF, DOCX, Markdown, JSON or CSV). */
export async function GET(request: Request, { params }: Params) {
  const { dialogueId } = await params;
  return runRoute(async (actor) => {
    const file = await exportGoalSetFile(actor, dialogueId, exportRequestOf(new URL(request.url)));
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  }, { isMutation: false });
}
