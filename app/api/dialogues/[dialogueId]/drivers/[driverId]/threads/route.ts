import { runRoute } from "@/lib/server/route";
import { listDriverThreads } from "@/lib/server/services/comments";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ dialogueId: string; driverId: string }> };

/** GET `?filter=open|resolved|all`: the driver's threads, as the page re-reads them after a reconnect. */
export async function GET(request: Request, { params }: Params) {
  const { dialogueId, driverId } = await params;
  const filter = new URL(request.url).searchParams.get("filter") ?? "all";
  return runRoute((actor) => listDriverThreads(actor, dialogueId, driverId, filter as "all"), { isMutation: false });
}
