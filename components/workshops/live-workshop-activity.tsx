"use client";

import type { WorkshopActivity } from "@/lib/workshop/activity";
import { WorkshopActivityView, type ActivityDriver } from "./workshop-activity";

/**
 * The activity page's panels: the server's first render, then what the workshop room pushes.
 */
export function LiveWorkshopActivity({
  initial,
  ...props
}: {
  initial: WorkshopActivity;
  dialogueId: string;
  workshopId: string;
  isFacilitator: boolean;
  drivers: ActivityDriver[];
}) {
  return <WorkshopActivityView activity={initial} {...props} />;
}
