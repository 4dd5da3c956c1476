/**
 * A notification with what the inbox and the mails show of it. Comment notifications carry their
 * comment, author and driver; the others (issue 7) their round, driver, suggestion or agreement.
 * Everything past the dialogue is left-joined, since each kind has only some of it.
 */
import { eq, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../client";
import { comments, dialogues, drivers, notifications, organisations, rounds, users } from "../schema";

/** Rows of `notifications` matching `where`, with their details; the caller orders and limits. */
export function selectNotificationItems(db: Executor, where: SQL | undefined) {
  return db
    .select({
      id: notifications.id,
      reason: notifications.reason,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      dialogueId: notifications.dialogueId,
      dialogueTitle: dialogues.planningQuestion,
      driverId: notifications.driverId,
      driverTitle: drivers.title,
      commentId: notifications.commentId,
      body: comments.body,
      deletedAt: comments.deletedAt,
      authorName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
      organisationName: organisations.name,
      roundId: notifications.roundId,
      roundTitle: rounds.title,
      roundClosesAt: rounds.closesAt,
      suggestionId: notifications.suggestionId,
      agreementId: notifications.agreementId,
    })
    .from(notifications)
    .innerJoin(dialogues, eq(dialogues.id, notifications.dialogueId))
    .leftJoin(drivers, eq(drivers.id, notifications.driverId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .leftJoin(organisations, eq(organisations.id, comments.organisationId))
    .leftJoin(rounds, eq(rounds.id, notifications.roundId))
    .where(where)
    .$dynamic();
}

export type NotificationItemRow = Awaited<ReturnType<typeof selectNotificationItems>>[number];
