import { expect, type Locator, type Page } from "@playwright/test";
import type { CareArea, WhoClass } from "../../../lib/model/enums";
import type { Translator } from "../support/i18n";

/** /dialogues/[id]/drivers/new (and the same fields on …/edit). */
export class DriverFormPage {
  readonly heading: Locator;
  readonly titleInput: Locator;
  readonly descriptionInput: Locator;
  readonly submitButton: Locator;

  constructor(
    readonly page: Page,
    private readonly t: Translator,
  ) {
    this.heading = page.getByRole("heading", { level: 1, name: t("drivers.new.title"), exact: true });
    this.titleInput = page.getByRole("textbox", { name: t("drivers.form.title"), exact: true });
    this.descriptionInput = page.getByRole("textbox", { name: t("drivers.form.description"), exact: true });
    this.submitButton = page.getByRole("button", { name: t("drivers.new.submit"), exact: true });
  }

  whoClassRadio(whoClass: WhoClass): Locator {
    return this.page
      .getByRole("group", { name: this.t("drivers.form.whoClass"), exact: true })
      .getByRole("radio", { name: this.t(`enums.whoClass.${whoClass}`), exact: true });
  }

  careAreaCheckbox(careArea: CareArea): Locator {
    return this.page
      .getByRole("group", { name: this.t("drivers.form.careAreas"), exact: true })
      .getByRole("checkbox", { name: this.t(`enums.careArea.${careArea}`), exact: true });
  }

  async create({ title, whoClass, careArea }: { title: string; whoClass: WhoClass; careArea: CareArea }): Promise<void> {
    await expect(this.heading).toBeVisible();
    await this.titleInput.fill(title);
    await this.whoClassRadio(whoClass).check();
    await this.careAreaCheckbox(careArea).check();
    await this.submitButton.click();
  }
}
