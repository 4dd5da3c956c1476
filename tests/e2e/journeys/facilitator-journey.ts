/**
 * The facilitator's main journey, shared by the Swedish and the English spec: every name and
 * message comes from the locale's message file, so one function proves both languages.
 */
import type { Page } from "@playwright/test";
import { expect } from "../fixtures";
import { DialogueOverviewPage } from "../pages/dialogue-overview-page";
import { DialoguesPage } from "../pages/dialogues-page";
import { DriverFormPage } from "../pages/driver-form-page";
import { DriverPage } from "../pages/driver-page";
import { DEMO_DIALOGUE, uniqueSuffix } from "../support/demo";
import { createDriver } from "../support/drivers";
import { formatNumber, type AppLocale, type Translator } from "../support/i18n";

interface JourneyContext {
  page: Page;
  t: Translator;
  locale: AppLocale;
}

/** The target value as a user of the locale types it (Swedish decimal comma). */
const TYPED_TARGET_VALUE: Record<AppLocale, string> = { sv: "12,5", en: "12.5" };
const TARGET_REGION_LABEL = "Uppsala (03)";

async function openDemoDialogue({ page, t }: JourneyContext): Promise<DialogueOverviewPage> {
  await new DialoguesPage(page, t).dialogueLink(DEMO_DIALOGUE.planningQuestion).click();
  const overview = new DialogueOverviewPage(page, t);
  await expect(overview.heading(DEMO_DIALOGUE.planningQuestion)).toBeVisible();
  return overview;
}

/**
 * Signed in as the facilitator: add a driver, write its nuläge in the live editor, add a goal
 * statement with a full target, wait for "Sparat", reload, and find all three stored.
 */
export async function addDriverWithTextAndGoal(context: JourneyContext): Promise<void> {
  const { page, t, locale } = context;
  const run = uniqueSuffix();
  const title = `E2E drivkraft ${run}`;
  const nulageText = `Nuläget enligt e2e ${run}`;
  const statementText = `Målsättning e2e ${run}`;

  const overview = await openDemoDialogue(context);
  await overview.addDriverLink.click();
  await new DriverFormPage(page, t).create({ title, whoClass: "predictable", careArea: "halsovard" });
  await page.waitForURL(/\/drivers\/[0-9a-f-]{36}$/);
  const driver = new DriverPage(page, t);
  await expect(driver.heading(title)).toBeVisible();
  await expect(page.getByText(t("enums.whoClass.predictable"), { exact: true })).toBeVisible();

  // Nuläge in the live Tiptap editor.
  const editor = driver.editor("nulage");
  await editor.click();
  await page.keyboard.type(nulageText);
  await expect(editor).toHaveText(nulageText);

  // A goal statement with a complete, measurable target.
  const number = await driver.addGoal(statementText);
  const goal = driver.goal(number);
  await expect(goal.editor, "adding a goal puts focus in its editor").toHaveText(statementText);
  await goal.targetToggle.click();
  await goal.indicator.selectOption({ index: 1 });
  const indicatorLabel = (await goal.indicator.getByRole("option", { selected: true }).textContent())?.trim() ?? "";
  expect(indicatorLabel).not.toBe("");
  await goal.region.selectOption({ label: TARGET_REGION_LABEL });
  await goal.direction.selectOption({ label: t("enums.targetDirection.increase") });
  await goal.value.fill(TYPED_TARGET_VALUE[locale]);
  await goal.year.fill("2030");
  await goal.saveTarget.click();
  await expect(goal.targetStatus).toHaveText(t("statements.targetSaved", { number }));

  const summary = `${t("statements.targetSummary", {
    direction: t("enums.targetDirection.increase"),
    indicator: indicatorLabel,
    value: formatNumber(locale, 12.5),
    year: 2030,
  })} ${t("statements.targetRegionSummary", { region: TARGET_REGION_LABEL })}`;
  await expect(goal.item.getByText(summary, { exact: true })).toBeVisible();
  await expect(driver.syncState("saved"), "every edit is committed before the reload").toBeVisible();

  await page.reload();
  await expect(driver.heading(title)).toBeVisible();
  await expect(driver.editor("nulage")).toHaveText(nulageText);
  const statement = driver.statement(statementText);
  await expect(statement).toHaveCount(1);
  await expect(statement.getByText(summary, { exact: true })).toBeVisible();
}

/**
 * A target with only a value is incomplete: the three missing parts are marked invalid with the
 * targetIncomplete message, focus goes to the first of them, the typed input stays for
 * correcting, and no target is written to the document.
 */
export async function incompleteTargetIsRejected(context: JourneyContext, dialogueUrl: string): Promise<void> {
  const { page, t, locale } = context;
  const run = uniqueSuffix();
  const statementText = `Ofullständigt mål e2e ${run}`;
  await createDriver(page, t, dialogueUrl, `E2E ofullständigt mål ${run}`);
  const driver = new DriverPage(page, t);
  const number = await driver.addGoal(statementText);
  const goal = driver.goal(number);
  await goal.targetToggle.click();
  await goal.value.fill(TYPED_TARGET_VALUE[locale]);
  await goal.saveTarget.click();

  const message = t("validation.targetIncomplete");
  await expect(goal.alert).toHaveText(t("forms.hasErrors", { count: 3 }));
  for (const field of [goal.indicator, goal.year, goal.direction]) {
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(message);
  }
  await expect(goal.value).toHaveAttribute("aria-invalid", "false");
  await expect(goal.indicator, "focus moves to the first invalid field").toBeFocused();
  await expect(goal.value, "what was typed is kept for correcting").toHaveValue(TYPED_TARGET_VALUE[locale]);
  await expect(goal.targetStatus).toHaveText("");
  await expect(driver.syncState("saved")).toBeVisible();

  await page.reload();
  const stored = driver.statement(statementText);
  await expect(stored).toHaveCount(1);
  await expect(stored.getByText(/^(Mål|Target):/)).toHaveCount(0);
}
