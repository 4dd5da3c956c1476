/**
 * Notification mails: one per notification for people who chose `immediate`, one a day listing
 * the last day's for `daily_digest`. Run by the background jobs (lib/server/jobs), outside Next's
 * bundle, so nothing here imports `server-only` modules (access is re-checked through
 * db/queries/membership.ts, which applies lib/authz/policy.ts, as the collaboration server does).
 *
 * Never twice: a sender first *claims* the rows it will mail, `UPDATE … SET emailed_at = $now
 * WHERE … AND emailed_at IS NULL RETURNING id`, and mails only what that statement returned. A
 * second job, a retry or another instance running the same statement gets nothing back (PostgreSQL
 * re-checks `emailed_at IS NULL` after waiting for the first claim's row locks). If the mail then
 * cannot be sent, the claim is released (`emailed_at` back to null) and the job fails, so pg-boss
 * retries it. The claim commits before the send, so a crash between the two loses that one mail
 * (at most once, never twice).
 */
import { and, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
// The framework-free core of next-intl: this module also runs in the job runner, outside React.
import { createTranslator } from "use-intl/core";
import { getDb, type Executor } from "@/db/client";
import { selectNotificationItems } from "@/db/queries/notification-items";
import { listReadableDialogueIds } from "@/db/queries/membership";
import { comments, dialogues, drivers, notificationSettings, notifications, organisations, users } from "@/db/schema";
import { DEFAULT_LOCALE, toLocale, type Locale } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  NOTIFICATION_SETTINGS_PATH,
  commentExcerpt,
  notificationPermalink,
  type EmailMode,
  type NotificationTarget,
} from "@/lib/model/notification";
import { ROUND_TIME_ZONE } from "@/lib/model/round";
import { getEnv } from "../env";
import { logError, logEvent } from "../log";
import { sendMail, type Mail } from "../mail";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A notification with what its mail says. */
export interface NotificationMailItem extends NotificationTarget {
  id: string;
  dialogueTitle: string;
  driverTitle: string | null;
  /** Empty when there is no comment, or it was deleted. */
  body: string;
  isDeleted: boolean;
  authorName: string | null;
  organisationName: string | null;
  roundTitle: string | null;
  roundClosesAt: Date | null;
  createdAt: Date;
}

interface Recipient {
  id: string;
  email: string;
  locale: Locale;
  emailMode: EmailMode;
  isActive: boolean;
}

async function loadRecipient(db: Executor, userId: string): Promise<Recipient | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, locale: users.locale, deactivatedAt: users.deactivatedAt, emailMode: notificationSettings.emailMode })
    .from(users)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    locale: toLocale(row.locale) ?? DEFAULT_LOCALE,
    emailMode: row.emailMode ?? DEFAULT_NOTIFICATION_SETTINGS.emailMode,
    isActive: row.deactivatedAt === null,
  };
}

/** The notifications with their dialogue and what they concern, oldest first. */
export async function loadMailItems(db: Executor, ids: string[]): Promise<NotificationMailItem[]> {
  if (!ids.length) return [];
  const rows = await selectNotificationItems(db, inArray(notifications.id, ids)).orderBy(notifications.createdAt, notifications.id);
  return rows.map(({ deletedAt, readAt: _readAt, body, ...row }) => ({ ...row, isDeleted: deletedAt !== null, body: deletedAt ? "" : (body ?? "") }));
}

// --- composing ---------------------------------------------------------------------------------

/** Header values must stay on one line whatever a name contains. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
}

/** The mail for one notification, in the recipient's language. Plain text only. */
export function composeNotificationMail(to: string, locale: Locale, item: NotificationMailItem): Mail {
  const t = createTranslator({ locale, messages: messagesFor(locale), namespace: "notifications.mail" });
  const footer = ["-- ", t("footer", { link: `${getEnv().appUrl}${NOTIFICATION_SETTINGS_PATH}` })];
  if (!item.commentId) {
    const headline = eventHeadline(locale, item);
    const link = `${getEnv().appUrl}${notificationPermalink(item)}`;
    return { to, subject: oneLine(headline), text: [headline, t("eventDialogue", { dialogue: item.dialogueTitle }), "", t("eventOpen", { link }), "", ...footer].join("\n") };
  }
  const { who, author, excerpt, link } = describeComment(t, item);
  const driver = item.driverTitle ?? "";
  const text = [
    t("intro", { reason: item.reason, who, driver, dialogue: item.dialogueTitle }),
    "",
    ...excerpt.split("\n").map((line) => `  ${line}`),
    "",
    t("open", { link }),
    "",
    ...footer,
  ].join("\n");
  return { to, subject: oneLine(t("subject", { reason: item.reason, author, driver })), text };
}

/** The daily digest: the day's notifications, oldest first, each with its link. */
export function composeDigestMail(to: string, locale: Locale, items: NotificationMailItem[]): Mail {
  const t = createTranslator({ locale, messages: messagesFor(locale), namespace: "notifications.mail" });
  const lines = [t("digestIntro", { count: items.length }), ""];
  for (const item of items) {
    if (!item.commentId) {
      lines.push(`- ${eventHeadline(locale, item)} (${item.dialogueTitle})`, `  ${getEnv().appUrl}${notificationPermalink(item)}`, "");
      continue;
    }
    const { who, excerpt, link } = describeComment(t, item);
    lines.push(`- ${t("digestItem", { reason: item.reason, who, driver: item.driverTitle ?? "", dialogue: item.dialogueTitle })}`);
    lines.push(`  ${excerpt}`, `  ${link}`, "");
  }
  lines.push("-- ", t("footer", { link: `${getEnv().appUrl}${NOTIFICATION_SETTINGS_PATH}` }));
  return { to, subject: oneLine(t("digestSubject", { count: items.length })), text: lines.join("\n") };
}

/** A round, stance, suggestion or agreement notification in one sentence (the inbox says the same). */
function eventHeadline(locale: Locale, item: NotificationMailItem): string {
  const tEvent = createTranslator({ locale, messages: messagesFor(locale), namespace: "notifications.event" });
  const closes = item.roundClosesAt ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: ROUND_TIME_ZONE }).format(item.roundClosesAt) : "";
  return tEvent("headline", { reason: item.reason, round: item.roundTitle ?? "", driver: item.driverTitle ?? "", closes });
}

type MailTranslator = ReturnType<typeof createTranslator<ReturnType<typeof messagesFor>, "notifications.mail">>;

/** Who wrote it, the excerpt and the absolute link, as both mails show them. */
function describeComment(t: MailTranslator, item: NotificationMailItem) {
  const author = item.authorName ?? t("unknownAuthor");
  return {
    who: item.organisationName ? `${author} (${item.organisationName})` : author,
    author,
    excerpt: item.isDeleted ? t("deleted") : commentExcerpt(item.body),
    link: `${getEnv().appUrl}${notificationPermalink(item)}`,
  };
}

// --- claiming and sending ----------------------------------------------------------------------

async function releaseClaim(db: Executor, ids: string[], claimedAt: Date): Promise<void> {
  if (!ids.length) return;
  await db
    .update(notifications)
    .set({ emailedAt: null })
    .where(and(inArray(notifications.id, ids), eq(notifications.emailedAt, claimedAt)));
}

export type MailOutcome = "sent" | "already_sent" | "not_wanted" | "gone";

/**
 * Mails one notification to someone who chose immediate mails and may still read its dialogue.
 * Throws (after releasing its claim) when the mail cannot be sent, so the job is retried.
 */
export async function deliverNotificationMail(notificationId: string, options: { now?: Date; db?: Executor } = {}): Promise<MailOutcome> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const [row] = await db
    .select({ recipientId: notifications.recipientId, dialogueId: notifications.dialogueId, emailedAt: notifications.emailedAt })
    .from(notifications)
    .where(eq(notifications.id, notificationId))
    .limit(1);
  if (!row) return "gone";
  if (row.emailedAt) return "already_sent";
  const recipient = await loadRecipient(db, row.recipientId);
  if (!recipient || !recipient.isActive || recipient.emailMode !== "immediate") return "not_wanted";
  if (!(await listReadableDialogueIds(db, recipient.id)).includes(row.dialogueId)) return "not_wanted";

  const claimed = await db
    .update(notifications)
    .set({ emailedAt: now })
    .where(and(eq(notifications.id, notificationId), isNull(notifications.emailedAt)))
    .returning({ id: notifications.id });
  if (!claimed.length) return "already_sent";
  try {
    const [item] = await loadMailItems(db, [notificationId]);
    if (!item) return "gone";
    await sendMail(composeNotificationMail(recipient.email, recipient.locale, item));
  } catch (error) {
    await releaseClaim(db, [notificationId], now);
    throw error;
  }
  logEvent("notification.mailed", { notificationId });
  return "sent";
}

/**
 * The daily digest at `now`: every `daily_digest` user with notifications of the last 24 hours that
 * no mail has carried gets one mail listing them (in dialogues they may still read). Running it
 * again, or twice at once, mails nobody twice. A failure for one person is logged and does not
 * stop the others; the run then throws, so the job is retried for whoever was missed.
 */
export async function runNotificationDigest(options: { now?: Date; db?: Executor } = {}): Promise<{ mails: number; notifications: number }> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - DAY_MS);
  const due = await db
    .selectDistinct({ userId: notifications.recipientId })
    .from(notifications)
    .innerJoin(notificationSettings, and(eq(notificationSettings.userId, notifications.recipientId), eq(notificationSettings.emailMode, "daily_digest")))
    .where(and(isNull(notifications.emailedAt), gt(notifications.createdAt, since), lte(notifications.createdAt, now)));
  let mails = 0;
  let mailed = 0;
  let failure: unknown;
  for (const { userId } of due) {
    try {
      const count = await sendDigestTo(db, userId, since, now);
      if (count) {
        mails++;
        mailed += count;
      }
    } catch (error) {
      logError("notification.digest_failed", error, { userId });
      failure ??= error;
    }
  }
  if (failure) throw failure;
  logEvent("notification.digest", { mails, notifications: mailed });
  return { mails, notifications: mailed };
}

async function sendDigestTo(db: Executor, userId: string, since: Date, now: Date): Promise<number> {
  const recipient = await loadRecipient(db, userId);
  if (!recipient || !recipient.isActive || recipient.emailMode !== "daily_digest") return 0;
  const readable = await listReadableDialogueIds(db, userId);
  if (!readable.length) return 0;
  const claimed = await db
    .update(notifications)
    .set({ emailedAt: now })
    .where(
      and(
        eq(notifications.recipientId, userId),
        isNull(notifications.emailedAt),
        gt(notifications.createdAt, since),
        lte(notifications.createdAt, now),
        inArray(notifications.dialogueId, readable),
      ),
    )
    .returning({ id: notifications.id });
  const ids = claimed.map((row) => row.id);
  if (!ids.length) return 0;
  try {
    const items = await loadMailItems(db, ids);
    if (items.length) await sendMail(composeDigestMail(recipient.email, recipient.locale, items));
    return items.length;
  } catch (error) {
    await releaseClaim(db, ids, now);
    throw error;
  }
}

/**
 * Immediate mails that no job carried (no runner was running when the comment was posted, or the
 * enqueue failed): notifications of the last day, older than `minAgeMs`, not yet mailed, of people
 * who want immediate mails. Each goes through the same claim as a queued one.
 */
export async function sweepUnmailedNotifications(options: { now?: Date; db?: Executor; minAgeMs?: number } = {}): Promise<number> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, notifications.recipientId))
    .where(
      and(
        isNull(notifications.emailedAt),
        gt(notifications.createdAt, new Date(now.getTime() - DAY_MS)),
        lte(notifications.createdAt, new Date(now.getTime() - (options.minAgeMs ?? 5 * 60_000))),
        sql`coalesce(${notificationSettings.emailMode}, ${DEFAULT_NOTIFICATION_SETTINGS.emailMode}) = 'immediate'`,
      ),
    )
    .limit(500);
  let sent = 0;
  for (const { id } of rows) {
    try {
      if ((await deliverNotificationMail(id, { db, now })) === "sent") sent++;
    } catch (error) {
      logError("notification.sweep_failed", error, { notificationId: id });
    }
  }
  return sent;
}
