/**
 * The workshop's current activity for one viewer: private writing and dot voting (issue 9, parts 3
 * and 4). The collaboration server's workshop room calls this on every change and sends the result
 * to that viewer as `activity` in the live state (lib/workshop/live-state.ts,
 * workshopActivitySchema). Loaded outside Next's bundle: nothing here may import `server-only`.
 */
import type { Executor } from "@/db/client";
import type { WorkshopActivity } from "@/lib/workshop/live-state";

export interface ActivityViewer {
  userId: string;
  organisationId: string;
  isFacilitator: boolean;
}

export async function loadWorkshopActivity(db: Executor, workshopId: string, viewer: ActivityViewer): Promise<WorkshopActivity> {
  void db;
  void workshopId;
  void viewer;
  return { prompt: null, vote: null };
}
