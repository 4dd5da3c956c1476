import { runRoute } from "@/lib/server/route";
import { listThreadComments } from "@/lib/server/services/comments";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ dialogueId: string; threadId: string }> };

/** GET `?after=<cursor>`: a page of the thread's comments, oldest first. */
export async function GET(request: Request, { params }: Params) {
  const { dialogueId, threadId } = await params;
  const after = new URL(request.url).searchParams.get("after");
  return runRoute((actor) => listThreadComments(actor, dialogueId, threadId, after), { isMutation: false });
}
