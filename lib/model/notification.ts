/**
 * Notifications of comment activity (issue 6): why someone is notified, what they asked to be
 * notified of, how they want mail, and the inputs of the inbox and the settings form.
 */
import { z } from "zod";
import { LOCALES } from "./enums";
import { mentionsAsText } from "./mention";

/**
 * Why a notification was made. The comment reasons come first, strongest first: a person
 * mentioned in a reply to their own thread gets one notification, for the mention. `resolved` is
 * reserved for thread resolution (not sent yet). The rest are about rounds and agreements (issue 7).
 */
export const COMMENT_NOTIFICATION_REASONS = ["mention", "reply", "activity", "resolved"] as const;
export const ROUND_NOTIFICATION_REASONS = [
  "round_opened",
  "round_reminder",
  "round_closed",
  "stance_stale",
  "suggestion_decided",
  "agreed_gap_changed",
] as const;
export const NOTIFICATION_REASONS = [...COMMENT_NOTIFICATION_REASONS, ...ROUND_NOTIFICATION_REASONS] as const;
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number];
export type CommentNotificationReason = (typeof COMMENT_NOTIFICATION_REASONS)[number];

/** What a person is notified of: every new comment in their dialogues, what concerns them, or nothing. */
export const NOTIFICATION_LEVELS = ["all", "mentions_and_replies", "none"] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

/** How notifications are mailed: one mail each, one mail a day listing them, or not at all. */
export const EMAIL_MODES = ["immediate", "daily_digest", "off"] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/**
 * The defaults for someone who never saved settings: notified of what concerns them (mentions and
 * replies in their threads, not every comment), and mailed at once, since a mention usually asks
 * for an answer and, at this level, mails are few.
 */
export const DEFAULT_NOTIFICATION_SETTINGS = { level: "mentions_and_replies", emailMode: "immediate" } as const satisfies {
  level: NotificationLevel;
  emailMode: EmailMode;
};

export const NOTIFICATION_LIMITS = {
  inboxPageSize: 20,
  excerptLength: 200,
  /** At most this many IDs in one "mark as read". */
  markReadIds: 100,
} as const;

/** The strongest of two reasons (mention > reply > activity). */
export function strongerReason(a: NotificationReason, b: NotificationReason): NotificationReason {
  return NOTIFICATION_REASONS.indexOf(a) <= NOTIFICATION_REASONS.indexOf(b) ? a : b;
}

/** Whether a person at `level` is notified for `reason`. */
export function levelAllows(level: NotificationLevel, reason: NotificationReason): boolean {
  if (level === "none") return false;
  if (level === "all") return true;
  return reason !== "activity";
}

export const notificationSettingsSchema = z.object({
  level: z.enum(NOTIFICATION_LEVELS),
  emailMode: z.enum(EMAIL_MODES),
  /** The interface language when the form was saved: mails are written in it. */
  locale: z.enum(LOCALES).optional(),
});
export type NotificationSettingsInput = z.infer<typeof notificationSettingsSchema>;

export const INBOX_FILTERS = ["unread", "all"] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export const inboxQuerySchema = z.object({
  unreadOnly: z.boolean().default(false),
  /** The last item of the page before, as `listInbox` returned it (`<ISO time>_<id>`). */
  cursor: z.string().max(80).optional(),
});

/** A plain-text excerpt of a comment body: mentions as `@Name`, Markdown marks dropped, one line. */
export function commentExcerpt(body: string, maxLength: number = NOTIFICATION_LIMITS.excerptLength): string {
  const text = mentionsAsText(body)
    .replace(/^ {0,3}(`{3,}|~{3,}).*$/gm, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^ {0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/(\*\*|__|\*|~~|`+)(?=\S)|(?<=\S)(\*\*|__|\*|~~|`+)/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > maxLength * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What a notification concerns: a comment (issue 6), or a round, stance, suggestion or agreement (issue 7). */
export interface NotificationTarget {
  reason: NotificationReason;
  dialogueId: string;
  driverId: string | null;
  commentId: string | null;
  roundId: string | null;
  suggestionId: string | null;
  agreementId: string | null;
}

/**
 * Where a notification leads: a comment's driver page scrolled to the comment (the page opens its
 * thread); a round's page; the driver's stances or suggestion; the agreed version.
 */
export function notificationPermalink(target: NotificationTarget): string {
  const dialogue = `/dialogues/${target.dialogueId}`;
  const driver = target.driverId ? `${dialogue}/drivers/${target.driverId}` : null;
  if (driver && target.commentId) return `${driver}?comment=${target.commentId}#comment-${target.commentId}`;
  if (target.agreementId) return `${dialogue}/agreements/${target.agreementId}`;
  if (driver && target.suggestionId) return `${driver}#suggestion-${target.suggestionId}`;
  if (driver && target.reason === "stance_stale") return `${driver}#stances`;
  if (target.roundId) return `${dialogue}/rounds/${target.roundId}`;
  return driver ?? dialogue;
}

/** The settings page, linked from every notification mail. */
export const NOTIFICATION_SETTINGS_PATH = "/settings/notifications";
