"use client";

import type { WorkshopActivity } from "@/lib/workshop/activity";
import { useWorkshopRoom } from "./use-workshop-room";
import { WorkshopActivityView, type ActivityDriver } from "./workshop-activity";

/**
 * Private writing and dot voting, live: the server's first render, then each state the workshop
 * room pushes (its `activity`, cut for this viewer by the server). The live console and the
 * participants' live view can render WorkshopActivityView with their own room state instead.
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
  const room = useWorkshopRoom(props.workshopId);
  const activity = room.state?.activity ?? initial;
  return <WorkshopActivityView activity={activity} focusDriverId={room.state?.focus?.driverId ?? null} {...props} />;
}
