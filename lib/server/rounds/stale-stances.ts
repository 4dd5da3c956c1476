/**
 * When a driver's önskat läge changes after organisations took a stance on it, their stances go
 * stale (issue 7) and each such organisation is asked again: its members are notified once per
 * stance. Called after the relational copy of a live document rewrote its goal statements (the
 * collaboration server) and after any other write of goal statements.
 *
 * Runs outside Next's bundle too: nothing here may import `server-only` modules.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { preparedPerExecutor } from "@/db/prepared";
import { findDesiredFingerprints, findLatestStances } from "@/db/queries/rounds";
import { notifications, stances } from "@/db/schema";
import { notifyEvent } from "../notifications/events";
import { findAnsweringMembers } from "./answers";

/** Built once per executor, one array parameter: the copy's hot path asks this every second. */
const driversWithStancesStatement = preparedPerExecutor((db) =>
  db
    .selectDistinct({ driverId: stances.driverId })
    .from(stances)
    .where(sql`${stances.driverId} = any(${sql.placeholder("driverIds")}::uuid[])`)
    .prepare("drivers_with_stances"),
);

export async function notifyStaleStances(db: Executor, driverIds: readonly string[]): Promise<number> {
  if (!driverIds.length) return 0;
  // Most drivers never had a stance: one cheap query keeps the copy's hot path free of the rest.
  const withStances = await driversWithStancesStatement(db).execute({ driverIds: [...new Set(driverIds)] });
  if (!withStances.length) return 0;
  const ids = withStances.map((row) => row.driverId);
  const [latest, fingerprints] = await Promise.all([findLatestStances(db, ids), findDesiredFingerprints(db, ids)]);
  const stale = latest.filter((stance) => stance.desiredFingerprint !== fingerprints.get(stance.driverId));
  if (!stale.length) return 0;
  // A stance stays stale through every later edit: skip those already asked about, so that the
  // copy's hot path does not retry them on each write.
  const keyOf = (stance: (typeof stale)[number]) => `stance:${stance.id}:stale`;
  const asked = await db
    .selectDistinct({ key: notifications.dedupeKey })
    .from(notifications)
    .where(and(inArray(notifications.driverId, [...new Set(stale.map((stance) => stance.driverId))]), eq(notifications.reason, "stance_stale"), inArray(notifications.dedupeKey, stale.map(keyOf))));
  const askedKeys = new Set(asked.map((row) => row.key));
  let notified = 0;
  for (const stance of stale.filter((candidate) => !askedKeys.has(keyOf(candidate)))) {
    const members = await findAnsweringMembers(db, stance.dialogueId, [stance.organisationId]);
    notified += await notifyEvent(db, members, {
      dialogueId: stance.dialogueId,
      reason: "stance_stale",
      roundId: stance.roundId,
      driverId: stance.driverId,
      dedupeKey: keyOf(stance),
    });
  }
  return notified;
}
