import { runRoute } from "@/lib/server/route";
import { getGapContexts } from "@/lib/server/services/indicator-panels";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ dialogueId: string }> };

/** GET `?key=<indicator>|<region>` (repeatable): what gap chips need for targets set live. */
export async function GET(request: Request, { params }: Params) {
  const { dialogueId } = await params;
  const keys = new URL(request.url).searchParams
    .getAll("key")
    .slice(0, 50)
    .map((key) => {
      const [indicatorId = "", regionCode = ""] = key.split("|");
      return { indicatorId, regionCode };
    });
  return runRoute((actor) => getGapContexts(actor, dialogueId, keys), { isMutation: false });
}
