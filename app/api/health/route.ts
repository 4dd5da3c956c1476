import { getReadiness } from "@/lib/server/readiness";

export const dynamic = "force-dynamic";

/** 200 once migrations have run, 503 before (for load balancers and the start script). */
export function GET() {
  const { ready, db } = getReadiness();
  if (!ready || !db) {
    return Response.json({ status: "starting" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
  return Response.json({ status: "ok", db }, { headers: { "Cache-Control": "no-store" } });
}
