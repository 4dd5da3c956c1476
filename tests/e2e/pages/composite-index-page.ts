import { expect, type Locator, type Page } from "@playwright/test";
import type { Translator } from "../support/i18n";

/** The composite index part of /dialogues/[id]/indicators/compare: saved indexes, the builder, an opened index. */
export class CompositeIndexPage {
  readonly section: Locator;
  readonly savedHeading: Locator;
  readonly savedList: Locator;
  readonly readOnlyNote: Locator;
  readonly newHeading: Locator;
  readonly form: Locator;
  readonly name: Locator;
  readonly addAspectButton: Locator;
  readonly saveButton: Locator;
  readonly editButton: Locator;
  readonly deleteButton: Locator;
  readonly announcement: Locator;
  readonly confirmDialog: Locator;

  constructor(
    readonly page: Page,
    private readonly t: Translator,
  ) {
    this.section = page.getByRole("region", { name: t("compositeIndex.title"), exact: true });
    this.savedHeading = page.getByRole("heading", { level: 3, name: t("compositeIndex.saved.title"), exact: true });
    this.savedList = page.getByTestId("saved-indexes");
    this.readOnlyNote = page.getByText(t("compositeIndex.saved.readOnly"), { exact: true });
    this.newHeading = page.getByRole("heading", { level: 3, name: t("compositeIndex.form.newTitle"), exact: true });
    this.form = page.getByRole("form", { name: t("compositeIndex.form.newTitle"), exact: true });
    this.name = this.form.getByRole("textbox", { name: t("compositeIndex.form.name"), exact: true });
    this.addAspectButton = this.form.getByRole("button", { name: t("compositeIndex.form.addAspect"), exact: true });
    this.saveButton = this.form.getByRole("button", { name: t("compositeIndex.form.save"), exact: true });
    this.editButton = page.getByRole("button", { name: t("compositeIndex.manage.edit"), exact: true });
    this.deleteButton = page.getByRole("button", { name: t("compositeIndex.manage.delete"), exact: true });
    this.announcement = page.getByTestId("index-announcement");
    this.confirmDialog = page.getByRole("dialog");
  }

  async goto(dialogueUrl: string, query = ""): Promise<void> {
    await this.page.goto(`${dialogueUrl}/indicators/compare${query}`);
    await expect(this.savedHeading).toBeVisible();
  }

  aspectName(number: number, within: Locator = this.form): Locator {
    return within.getByRole("textbox", { name: this.t("compositeIndex.form.aspectName", { number }), exact: true });
  }

  aspectIndicators(number: number, within: Locator = this.form): Locator {
    return within.getByRole("group", { name: this.t("compositeIndex.form.aspectIndicators", { number }), exact: true });
  }

  /** An indicator's checkbox, named "<name> (<direction>)" as the builder labels it. */
  indicator(number: number, label: string, within: Locator = this.form): Locator {
    return this.aspectIndicators(number, within).getByRole("checkbox", { name: label, exact: true });
  }

  savedLink(name: string): Locator {
    return this.savedList.getByRole("link", { name, exact: true });
  }

  opened(name: string): Locator {
    return this.page.getByRole("article", { name, exact: true });
  }

  openedHeading(name: string): Locator {
    return this.opened(name).getByRole("heading", { level: 3, name, exact: true });
  }

  table(name: string): Locator {
    return this.opened(name).getByRole("table", { name: this.t("compositeIndex.result.caption", { name }), exact: true });
  }

  /** The editor an "Edit index" button opens, named "Edit <name>". */
  editor(name: string): Locator {
    return this.page.getByRole("region", { name: this.t("compositeIndex.manage.editTitle", { name }), exact: true });
  }
}
