/**
 * Notifications of events other than comments (issue 7): a round opened, a reminder, a round
 * closed, a stance gone stale, a suggestion decided, an agreed gap changed. Each names what makes it
 * unique for its recipient (`dedupeKey`), so a retried job, the sweep and a second instance never
 * notify anyone twice. Nobody deactivated and nobody whose level is `none` is notified; mails go
 * through the jobs like comment notifications (delivery.ts).
 *
 * Runs in the job runner's module graph too: nothing here may import `server-only` modules.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { notificationSettings, notifications, users } from "@/db/schema";
import { DEFAULT_NOTIFICATION_SETTINGS, levelAllows, type NotificationReason } from "@/lib/model/notification";
import { enqueue } from "../jobs/queues";
import { logError } from "../log";

export interface EventNotification {
  dialogueId: string;
  reason: Exclude<NotificationReason, "mention" | "reply" | "activity" | "resolved">;
  dedupeKey: string;
  roundId?: string;
  driverId?: string;
  suggestionId?: string;
  agreementId?: string;
}

/** Notifies each of `recipientIds` once for the event; returns how many were notified now. */
export async function notifyEvent(db: Executor, recipientIds: readonly string[], event: EventNotification): Promise<number> {
  const ids = [...new Set(recipientIds)];
  if (!ids.length) return 0;
  const people = await db
    .select({ id: users.id, level: notificationSettings.level, emailMode: notificationSettings.emailMode })
    .from(users)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
    .where(and(inArray(users.id, ids), isNull(users.deactivatedAt)));
  const wanted = people.filter((person) => levelAllows(person.level ?? DEFAULT_NOTIFICATION_SETTINGS.level, event.reason));
  if (!wanted.length) return 0;
  const inserted = await db
    .insert(notifications)
    .values(wanted.map((person) => ({ ...event, recipientId: person.id })))
    .onConflictDoNothing({ target: [notifications.recipientId, notifications.dedupeKey] })
    .returning({ id: notifications.id, recipientId: notifications.recipientId });
  const immediate = new Set(wanted.filter((person) => (person.emailMode ?? DEFAULT_NOTIFICATION_SETTINGS.emailMode) === "immediate").map((person) => person.id));
  try {
    await enqueue("notification-mail", inserted.filter((row) => immediate.has(row.recipientId)).map((row) => ({ notificationId: row.id })));
  } catch (error) {
    // The rows stand; the sweep job mails what no job carried.
    logError("notification.enqueue_failed", error, { dedupeKey: event.dedupeKey });
  }
  return inserted.length;
}
