import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { MarkAllReadForm, MarkReadForm } from "@/components/notifications/inbox-forms";
import { INBOX_FILTERS, NOTIFICATION_SETTINGS_PATH, type InboxFilter } from "@/lib/model/notification";
import { loadPage } from "@/lib/server/page";
import { countUnread, listInbox } from "@/lib/server/services/notifications";

type Props = { searchParams: Promise<{ filter?: string; cursor?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("inbox"))("title") };
}

/**
 * The person's notifications, newest first: unread ones say so in words, each leads to its
 * comment, and each can be marked read (or all at once). Filter and page are in the address.
 */
export default async function InboxPage({ searchParams }: Props) {
  const search = await searchParams;
  const filter: InboxFilter = INBOX_FILTERS.find((value) => value === search.filter) ?? "all";
  const { page, unread } = await loadPage(async (actor) => ({
    page: await listInbox(actor, { unreadOnly: filter === "unread", cursor: search.cursor || undefined }),
    unread: await countUnread(actor),
  }));
  const t = await getTranslations("inbox");
  const tEvent = await getTranslations("notifications.event");
  const format = await getFormatter();
  const hrefFor = (next: { filter?: InboxFilter; cursor?: string }) => {
    const params = new URLSearchParams();
    const nextFilter = next.filter ?? filter;
    if (nextFilter !== "all") params.set("filter", nextFilter);
    if (next.cursor) params.set("cursor", next.cursor);
    const query = params.toString();
    return query ? `/inbox?${query}` : "/inbox";
  };
  const filterLink = (value: InboxFilter, label: string) => (
    <Link
      href={hrefFor({ filter: value })}
      aria-current={filter === value ? "page" : undefined}
      className="min-h-11 rounded px-3 py-2 aria-[current=page]:bg-brand-900 aria-[current=page]:font-semibold aria-[current=page]:text-white aria-[current=page]:no-underline"
    >
      {label}
    </Link>
  );

  return (
    <>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-3">
        <h1 id="inbox-heading" tabIndex={-1} className="text-3xl font-bold focus:outline-none">
          {t("title")}
        </h1>
        <Link href={NOTIFICATION_SETTINGS_PATH}>{t("settingsLink")}</Link>
      </div>
      <p className="mb-1">{t("intro")}</p>
      <p className="mb-4 font-semibold" data-testid="inbox-unread-count">
        {t("unreadCount", { count: unread })}
      </p>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <nav aria-label={t("filterLabel")} className="flex gap-2">
          {filterLink("all", t("filterAll"))}
          {filterLink("unread", t("filterUnread"))}
        </nav>
        <MarkAllReadForm hasUnread={unread > 0} label={t("markAllRead")} successMessage={t("markedAllRead")} />
      </div>

      {page.items.length === 0 ? <p>{filter === "unread" ? t("emptyUnread") : t("empty")}</p> : null}
      <ol aria-label={t("listLabel")} className="space-y-3">
        {page.items.map((item) => {
          const author = item.authorName ?? t("someone");
          const headline = item.commentId
            ? t("headline", { reason: item.reason, author })
            : tEvent("headline", {
                reason: item.reason,
                round: item.roundTitle ?? "",
                driver: item.driverTitle ?? "",
                closes: item.roundClosesAt ? format.dateTime(item.roundClosesAt, { dateStyle: "medium", timeStyle: "short" }) : "",
              });
          const linkId = `notification-${item.id}`;
          return (
            <li
              key={item.id}
              className={`rounded bg-white p-4 shadow-sm ${item.isRead ? "" : "border-l-4 border-brand-700"}`}
              data-testid="inbox-item"
            >
              <article aria-labelledby={linkId}>
                <p className="mb-1 text-sm">
                  <span className={item.isRead ? "text-muted" : "rounded bg-brand-900 px-2 py-0.5 font-semibold text-white"}>
                    {item.isRead ? t("read") : t("unread")}
                  </span>{" "}
                  <time dateTime={item.createdAt.toISOString()} className="text-muted">
                    {format.dateTime(item.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                  </time>
                </p>
                <h2 className="text-lg font-semibold">
                  <Link id={linkId} href={item.permalink}>
                    {headline}
                    {item.organisationName ? ` (${item.organisationName})` : ""}
                  </Link>
                </h2>
                <p className="text-sm text-muted">
                  {item.driverTitle ? t("where", { driver: item.driverTitle, dialogue: item.dialogueTitle }) : t("whereDialogue", { dialogue: item.dialogueTitle })}
                </p>
                {item.commentId ? (
                  <p className="mt-2 whitespace-pre-wrap break-words">{item.isCommentDeleted ? <em>{t("deletedComment")}</em> : item.excerpt}</p>
                ) : null}
                <div className="mt-2">
                  <MarkReadForm
                    notificationId={item.id}
                    isRead={item.isRead}
                    label={t("markRead")}
                    namedLabel={t("markReadNamed", { headline })}
                    successMessage={t("markedRead")}
                    focusAfterSuccess={linkId}
                  />
                </div>
              </article>
            </li>
          );
        })}
      </ol>
      {page.nextCursor || search.cursor ? (
        <nav aria-label={t("pagination")} className="mt-6 flex flex-wrap gap-4">
          {search.cursor ? <Link href={hrefFor({})}>{t("newest")}</Link> : null}
          {page.nextCursor ? <Link href={hrefFor({ cursor: page.nextCursor })}>{t("older")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
