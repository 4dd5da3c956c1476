import { expect, type Locator, type Page } from "@playwright/test";
import type { Translator } from "../support/i18n";

/** /outbox (demo mode): the mails the app "sent", newest first. */
export class OutboxPage {
  readonly heading: Locator;

  constructor(
    readonly page: Page,
    private readonly t: Translator,
  ) {
    this.heading = page.getByRole("heading", { level: 1, name: t("outbox.title"), exact: true });
  }

  async goto(): Promise<void> {
    await this.page.goto("/outbox");
    await expect(this.heading).toBeVisible();
  }

  /** The newest mail to `email` (the list is ordered newest first). */
  newestMailTo(email: string): Locator {
    return this.page.getByRole("article").filter({ hasText: `${this.t("outbox.to")}: ${email}` }).first();
  }

  /** The first link in the newest mail to `email` whose path starts with `pathPrefix`. */
  async linkInNewestMail(email: string, pathPrefix: string): Promise<URL> {
    const mail = this.newestMailTo(email);
    await expect(mail).toBeVisible();
    const text = (await mail.textContent()) ?? "";
    const links = [...text.matchAll(/https?:\/\/[^\s"”]+/g)].map((match) => new URL(match[0]));
    const link = links.find((candidate) => candidate.pathname.startsWith(pathPrefix));
    if (!link) throw new Error(`No ${pathPrefix} link in the newest mail to ${email}:\n${text}`);
    return link;
  }
}
