import { expect, type Locator, type Page } from "@playwright/test";
import type { Translator } from "../support/i18n";

/** /dialogues: "Mina dialoger". */
export class DialoguesPage {
  readonly heading: Locator;
  readonly newDialogueLink: Locator;
  readonly emptyNote: Locator;
  readonly dialogueLinks: Locator;
  readonly signOutButton: Locator;

  constructor(
    readonly page: Page,
    private readonly t: Translator,
  ) {
    this.heading = page.getByRole("heading", { level: 1, name: t("dialogues.list.title"), exact: true });
    this.newDialogueLink = page.getByRole("link", { name: t("dialogues.list.new"), exact: true });
    this.emptyNote = page.getByText(t("dialogues.list.empty"), { exact: true });
    this.dialogueLinks = page.getByRole("main").getByRole("heading", { level: 2 }).getByRole("link");
    this.signOutButton = page.getByRole("button", { name: t("nav.signOut"), exact: true });
  }

  async goto(): Promise<void> {
    await this.page.goto("/dialogues");
    await expect(this.heading).toBeVisible();
  }

  dialogueLink(planningQuestion: string): Locator {
    return this.page.getByRole("link", { name: planningQuestion, exact: true });
  }
}
