import type { Locator, Page } from "@playwright/test";
import type { TextPart } from "../../../lib/model/enums";
import type { Translator } from "../support/i18n";

type Part = "nulage" | "future" | "desired" | "gap";

/** The "add goal statement" form in Önskat läge. */
export class StatementForm {
  readonly form: Locator;
  readonly text: Locator;
  readonly indicator: Locator;
  readonly region: Locator;
  readonly direction: Locator;
  readonly value: Locator;
  readonly year: Locator;
  readonly submitButton: Locator;
  readonly alert: Locator;
  readonly addedStatus: Locator;

  constructor(section: Locator, t: Translator) {
    this.form = section.getByRole("region", { name: t("statements.add"), exact: true });
    this.text = this.form.getByRole("textbox", { name: t("statements.text"), exact: true });
    this.indicator = this.form.getByRole("combobox", { name: t("statements.targetIndicator"), exact: true });
    this.region = this.form.getByRole("combobox", { name: t("statements.targetRegion"), exact: true });
    this.direction = this.form.getByRole("combobox", { name: t("statements.targetDirection"), exact: true });
    this.value = this.form.getByRole("textbox", { name: t("statements.targetValue"), exact: true });
    this.year = this.form.getByRole("textbox", { name: t("statements.targetYear"), exact: true });
    this.submitButton = this.form.getByRole("button", { name: t("statements.add"), exact: true });
    this.alert = this.form.getByRole("alert");
    this.addedStatus = this.form.getByRole("status").filter({ hasText: t("statements.added") });
  }
}

/** The "add action" form in Gap. */
export class GapActionForm {
  readonly form: Locator;
  readonly text: Locator;
  readonly responsible: Locator;
  readonly collaborating: Locator;
  readonly submitButton: Locator;
  readonly addedStatus: Locator;

  constructor(section: Locator, t: Translator) {
    this.form = section.getByRole("region", { name: t("gapActions.add"), exact: true });
    this.text = this.form.getByRole("textbox", { name: t("gapActions.text"), exact: true });
    this.responsible = this.form.getByRole("group", { name: t("gapActions.responsible"), exact: true });
    this.collaborating = this.form.getByRole("group", { name: t("gapActions.collaborating"), exact: true });
    this.submitButton = this.form.getByRole("button", { name: t("gapActions.add"), exact: true });
    this.addedStatus = this.form.getByRole("status").filter({ hasText: t("gapActions.added") });
  }
}

/** /dialogues/[id]/drivers/[driverId]: the four parts of one driver. */
export class DriverPage {
  readonly editDriverLink: Locator;
  readonly readOnlyNote: Locator;
  readonly partsNav: Locator;
  readonly statementForm: StatementForm;
  readonly gapActionForm: GapActionForm;

  constructor(
    readonly page: Page,
    private readonly t: Translator,
  ) {
    this.editDriverLink = page.getByRole("link", { name: t("drivers.edit.link"), exact: true });
    this.readOnlyNote = page.getByText(t("drivers.page.readOnly"), { exact: true });
    this.partsNav = page.getByRole("navigation", { name: t("drivers.page.partsNav"), exact: true });
    this.statementForm = new StatementForm(this.section("desired"), t);
    this.gapActionForm = new GapActionForm(this.section("gap"), t);
  }

  heading(title: string): Locator {
    return this.page.getByRole("heading", { level: 1, name: title, exact: true });
  }

  /** The section of one part, named by its heading. */
  section(part: Part): Locator {
    return this.page.getByRole("region", { name: this.t(`parts.${part}.title`), exact: true });
  }

  partLink(part: Part): Locator {
    return this.partsNav.getByRole("link", { name: this.t(`parts.${part}.title`), exact: true });
  }

  /** The Tiptap editor of a text part (contenteditable, role textbox). */
  editor(part: TextPart): Locator {
    return this.section(part).getByRole("textbox", { name: this.t(`parts.${part}.title`), exact: true });
  }

  saveTextButton(part: TextPart): Locator {
    return this.section(part).getByRole("button", { name: this.t("editor.save"), exact: true });
  }

  textSavedStatus(part: TextPart): Locator {
    return this.section(part).getByRole("status").filter({ hasText: this.t("editor.saved") });
  }

  /** A goal statement in the list, found by its text. */
  statement(text: string): Locator {
    return this.section("desired").getByRole("listitem").filter({ hasText: text });
  }

  gapAction(text: string): Locator {
    return this.section("gap").getByRole("listitem").filter({ hasText: text });
  }
}
