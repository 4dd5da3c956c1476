import { expect, type Locator, type Page } from "@playwright/test";
import type { TextPart } from "../../../lib/model/enums";
import type { Translator } from "../support/i18n";

type Part = "nulage" | "future" | "desired" | "gap";

/** One goal statement (Önskat läge) of the live list, by its number (1-based). */
export class GoalItem {
  readonly item: Locator;
  readonly editor: Locator;
  readonly targetToggle: Locator;
  readonly targetForm: Locator;
  readonly indicator: Locator;
  readonly region: Locator;
  readonly direction: Locator;
  readonly value: Locator;
  readonly year: Locator;
  readonly saveTarget: Locator;
  readonly clearTarget: Locator;
  readonly alert: Locator;
  /** The outcome of saving or removing the target, announced politely. */
  readonly targetStatus: Locator;
  readonly removeButton: Locator;

  constructor(section: Locator, t: Translator, number: number) {
    const name = t("statements.item", { number });
    this.item = section.getByRole("listitem").filter({ has: section.page().getByRole("heading", { name, exact: true }) });
    this.editor = section.getByRole("textbox", { name, exact: true });
    this.targetToggle = this.item.getByText(t("statements.targetFor", { number }), { exact: true });
    this.targetForm = this.item.getByRole("form", { name: t("statements.targetFor", { number }), exact: true });
    this.indicator = this.targetForm.getByRole("combobox", { name: t("statements.targetIndicator"), exact: true });
    this.region = this.targetForm.getByRole("combobox", { name: t("statements.targetRegion"), exact: true });
    this.direction = this.targetForm.getByRole("combobox", { name: t("statements.targetDirection"), exact: true });
    this.value = this.targetForm.getByRole("textbox", { name: t("statements.targetValue"), exact: true });
    this.year = this.targetForm.getByRole("textbox", { name: t("statements.targetYear"), exact: true });
    this.saveTarget = this.targetForm.getByRole("button", { name: t("statements.targetSave"), exact: true });
    this.clearTarget = this.targetForm.getByRole("button", { name: t("statements.targetClear"), exact: true });
    this.alert = this.item.getByRole("alert");
    this.targetStatus = this.item.getByRole("status");
    this.removeButton = this.item.getByRole("button", { name: t("statements.remove", { number }), exact: true });
  }

  /** Another person's named caret in this goal's editor (role-less, so found by its class). */
  caretOf(name: string): Locator {
    return this.item.locator(`.collab-caret[data-name="${name}"]`);
  }
}

/** One gap action of the live list, by its number (1-based). */
export class ActionItem {
  readonly item: Locator;
  readonly editor: Locator;
  readonly horizon: Locator;
  readonly level: Locator;
  readonly control: Locator;
  readonly responsible: Locator;
  readonly collaborating: Locator;

  constructor(section: Locator, t: Translator, number: number) {
    const name = t("gapActions.item", { number });
    this.item = section.getByRole("listitem").filter({ has: section.page().getByRole("heading", { name, exact: true }) });
    this.editor = section.getByRole("textbox", { name, exact: true });
    this.horizon = this.item.getByRole("combobox", { name: t("gapActions.horizon"), exact: true });
    this.level = this.item.getByRole("combobox", { name: t("gapActions.level"), exact: true });
    this.control = this.item.getByRole("combobox", { name: t("gapActions.control"), exact: true });
    this.responsible = this.item.getByRole("group", { name: t("gapActions.responsible"), exact: true });
    this.collaborating = this.item.getByRole("group", { name: t("gapActions.collaborating"), exact: true });
  }
}

/** /dialogues/[id]/drivers/[driverId]: the four parts of one driver, edited live. */
export class DriverPage {
  readonly editDriverLink: Locator;
  readonly readOnlyNote: Locator;
  readonly partsNav: Locator;
  readonly presence: Locator;
  readonly addGoalButton: Locator;
  readonly addActionButton: Locator;

  constructor(
    readonly page: Page,
    private readonly t: Translator,
  ) {
    this.editDriverLink = page.getByRole("link", { name: t("drivers.edit.link"), exact: true });
    this.readOnlyNote = page.getByText(t("drivers.page.readOnly"), { exact: true });
    this.partsNav = page.getByRole("navigation", { name: t("drivers.page.partsNav"), exact: true });
    // "Här just nu (3)": the count changes, so the name is matched with any number.
    const presenceTitle = escapeRegExp(t("collab.presence.title", { count: 999 })).replace("999", "\\d+");
    this.presence = page.getByRole("region", { name: new RegExp(`^${presenceTitle}$`) });
    this.addGoalButton = this.section("desired").getByRole("button", { name: t("statements.add"), exact: true });
    this.addActionButton = this.section("gap").getByRole("button", { name: t("gapActions.add"), exact: true });
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

  /** The live Tiptap editor of a text part (contenteditable, role textbox); absent for readers. */
  editor(part: TextPart): Locator {
    return this.section(part).getByRole("textbox", { name: this.t(`parts.${part}.title`), exact: true });
  }

  /** The sync indicator showing exactly this state's words (e.g. collab.status.saved). */
  syncState(key: "saved" | "saving" | "offline" | "offlineReadOnly" | "live" | "connecting"): Locator {
    return this.page.locator("[data-sync-state]").filter({ hasText: new RegExp(`^${escapeRegExp(this.t(`collab.status.${key}`))}$`) });
  }

  goal(number: number): GoalItem {
    return new GoalItem(this.section("desired"), this.t, number);
  }

  action(number: number): ActionItem {
    return new ActionItem(this.section("gap"), this.t, number);
  }

  /** The goal statements' list items (live or stored). */
  goalItems(): Locator {
    return this.section("desired").getByRole("listitem");
  }

  actionItems(): Locator {
    return this.section("gap").getByRole("listitem");
  }

  /** A goal statement in the list, found by its text. */
  statement(text: string): Locator {
    return this.goalItems().filter({ hasText: text });
  }

  gapAction(text: string): Locator {
    return this.actionItems().filter({ hasText: text });
  }

  /** Adds a goal at the end (focus moves into its editor) and types its text; returns its number. */
  async addGoal(text: string): Promise<number> {
    const number = (await this.goalItems().count()) + 1;
    await this.addGoalButton.click();
    // The new statement's editor takes focus once it exists: typing before that would go nowhere.
    await expect(this.goal(number).editor).toBeFocused();
    await this.page.keyboard.type(text);
    return number;
  }

  async addAction(text: string): Promise<number> {
    const number = (await this.actionItems().count()) + 1;
    await this.addActionButton.click();
    await expect(this.action(number).editor).toBeFocused();
    await this.page.keyboard.type(text);
    return number;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
