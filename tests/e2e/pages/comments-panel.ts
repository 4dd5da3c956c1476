import type { Locator, Page } from "@playwright/test";
import type { Translator } from "../support/i18n";

/** One thread of the panel, found by text in its opening comment (or quote). */
export class ThreadItem {
  readonly article: Locator;
  readonly openReplyButton: Locator;
  readonly replyField: Locator;
  readonly replyButton: Locator;
  readonly resolveButton: Locator;
  readonly reopenButton: Locator;
  readonly showReplies: Locator;

  constructor(
    panel: Locator,
    private readonly t: Translator,
    text: string,
  ) {
    this.article = panel.getByRole("article").filter({ hasText: text });
    this.openReplyButton = this.article.getByRole("button", { name: t("comments.reply.open"), exact: true });
    this.replyField = this.article.getByRole("textbox", { name: t("comments.reply.label"), exact: true });
    this.replyButton = this.article.getByRole("button", { name: t("comments.reply.submit"), exact: true });
    this.resolveButton = this.article.getByRole("button", { name: t("comments.resolve.resolve"), exact: true });
    this.reopenButton = this.article.getByRole("button", { name: t("comments.resolve.reopen"), exact: true });
    this.showReplies = this.article.getByRole("button", { name: new RegExp(`^${escapeRegExp(t("comments.replies.show", { count: 999 })).replace("999", "\\d+")}$`) });
  }

  /** Opens the reply form, writes and sends. */
  async reply(text: string): Promise<void> {
    await this.openReplyButton.click();
    await this.replyField.fill(text);
    await this.replyButton.click();
  }

  heading(): Locator {
    return this.article.getByRole("heading", { level: 3 });
  }

  reaction(name: string): Locator {
    return this.article.getByRole("group", { name: this.t("comments.reactions.label") }).first().getByRole("button", { name: new RegExp(`^${escapeRegExp(name)}`) });
  }
}

/** The comments section of a driver page (components/comments/thread-panel.tsx). */
export class CommentsPanel {
  readonly section: Locator;
  readonly newThreadField: Locator;
  readonly publishButton: Locator;
  readonly threads: Locator;
  readonly readOnlyNote: Locator;

  constructor(
    readonly page: Page,
    private readonly t: Translator,
  ) {
    this.section = page.getByRole("region", { name: t("comments.title"), exact: true });
    this.newThreadField = this.section.getByRole("textbox", { name: t("comments.body.label"), exact: true });
    this.publishButton = this.section.getByRole("button", { name: t("comments.newThread.submit"), exact: true });
    this.threads = this.section.getByRole("article");
    this.readOnlyNote = this.section.getByText(t("comments.readOnly"), { exact: true });
  }

  thread(text: string): ThreadItem {
    return new ThreadItem(this.section, this.t, text);
  }

  filter(name: "open" | "resolved" | "all"): Locator {
    return this.section.getByRole("radio", { name: new RegExp(`^${escapeRegExp(this.t(`comments.filter.${name}`, { count: 999 })).replace("999", "\\d+")}$`) });
  }

  async startThread(body: string): Promise<void> {
    await this.newThreadField.fill(body);
    await this.publishButton.click();
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
