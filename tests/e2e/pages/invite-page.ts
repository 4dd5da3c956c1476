import type { Locator, Page } from "@playwright/test";
import type { Translator } from "../support/i18n";

/** /invite/[token]: shows the invitation; accepting takes a click. */
export class InvitePage {
  readonly heading: Locator;
  readonly acceptButton: Locator;
  readonly invalidAlert: Locator;

  constructor(
    readonly page: Page,
    t: Translator,
  ) {
    this.heading = page.getByRole("heading", { level: 1, name: t("auth.invite.title"), exact: true });
    this.acceptButton = page.getByRole("button", { name: t("auth.invite.accept"), exact: true });
    this.invalidAlert = page.getByRole("alert").filter({ hasText: t("auth.invite.invalid") });
  }
}
