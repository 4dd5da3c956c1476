/**
 * When a driver's önskat läge changes after organisations took a stance on it, their stances go
 * stale (issue 7) and each such organisation is asked again: its members are notified once per
 * stance. Called after the relational copy of a live document is written (the collaboration server)
 * and after any other write of goal statements.
 *
 * Runs outside Next's bundle too: nothing here may import `server-only` modules.
 */
import { inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { findDesiredFingerprints, findLatestStances } from "@/db/queries/rounds";
import { stances } from "@/db/schema";
import { notifyEvent } from "../notifications/events";
import { findAnsweringMembers } from "./answers";

export async function notifyStaleStances(db: Executor, driverIds: readonly string[]): Promise<number> {
  if (!driverIds.length) return 0;
  // Most drivers never had a stance: one cheap query keeps the copy's hot path free of the rest.
  const withStances = await db.selectDistinct({ driverId: stances.driverId }).from(stances).where(inArray(stances.driverId, [...new Set(driverIds)]));
  if (!withStances.length) return 0;
  const ids = withStances.map((row) => row.driverId);
  const [latest, fingerprints] = await Promise.all([findLatestStances(db, ids), findDesiredFingerprints(db, ids)]);
  let notified = 0;
  for (const stance of latest) {
    if (stance.desiredFingerprint === fingerprints.get(stance.driverId)) continue;
    const members = await findAnsweringMembers(db, stance.dialogueId, [stance.organisationId]);
    notified += await notifyEvent(db, members, {
      dialogueId: stance.dialogueId,
      reason: "stance_stale",
      roundId: stance.roundId,
      driverId: stance.driverId,
      dedupeKey: `stance:${stance.id}:stale`,
    });
  }
  return notified;
}
