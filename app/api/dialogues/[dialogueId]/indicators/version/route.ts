import { runRoute } from "@/lib/server/route";
import { getDataVersion } from "@/lib/server/services/indicator-panels";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ dialogueId: string }> };

/** GET `{ releaseId }`: the dialogue's newest data release, polled by open pages (about once a second). */
export async function GET(_request: Request, { params }: Params) {
  const { dialogueId } = await params;
  return runRoute((actor) => getDataVersion(actor, dialogueId), { isMutation: false });
}
