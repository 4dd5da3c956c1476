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
 * Signed in as the facilitator: add a driver, write its nuläge, add a goal statement with a full
 * target, reload, and find all three stored.
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

  // Nuläge in the Tiptap editor.
  const editor = driver.editor("nulage");
  await editor.click();
  await page.keyboard.type(nulageText);
  await expect(editor).toHaveText(nulageText);
  await driver.saveTextButton("nulage").click();
  await expect(driver.textSavedStatus("nulage")).toBeVisible();

  // A goal statement with a complete, measurable target.
  const form = driver.statementForm;
  await form.text.fill(statementText);
  await form.indicator.selectOption({ index: 1 });
  const indicatorLabel = (await form.indicator.getByRole("option", { selected: true }).textContent())?.trim() ?? "";
  expect(indicatorLabel).not.toBe("");
  await form.region.selectOption({ label: TARGET_REGION_LABEL });
  await form.direction.selectOption({ label: t("enums.targetDirection.increase") });
  await form.value.fill(TYPED_TARGET_VALUE[locale]);
  await form.year.fill("2030");
  await form.submitButton.click();
  await expect(form.addedStatus).toBeVisible();
  await expect(form.text, "the add form is emptied after success").toHaveValue("");

  const summary = `${t("statements.targetSummary", {
    direction: t("enums.targetDirection.increase"),
    indicator: indicatorLabel,
    value: formatNumber(locale, 12.5),
    year: 2030,
  })} ${t("statements.targetRegionSummary", { region: TARGET_REGION_LABEL })}`;

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
 * correcting, and nothing is stored.
 */
export async function incompleteTargetIsRejected(context: JourneyContext, driverUrl: string): Promise<void> {
  const { page, t, locale } = context;
  const statementText = `Ofullständigt mål e2e ${uniqueSuffix()}`;
  await page.goto(driverUrl);
  const driver = new DriverPage(page, t);
  const form = driver.statementForm;

  await form.text.fill(statementText);
  await form.value.fill(TYPED_TARGET_VALUE[locale]);
  await form.submitButton.click();

  const message = t("validation.targetIncomplete");
  await expect(form.alert).toHaveText(t("forms.hasErrors", { count: 3 }));
  for (const field of [form.indicator, form.year, form.direction]) {
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(message);
  }
  await expect(form.value).toHaveAttribute("aria-invalid", "false");
  await expect(form.text).toHaveAttribute("aria-invalid", "false");
  await expect(form.indicator, "focus moves to the first invalid field").toBeFocused();
  await expect(form.text, "what was typed is kept for correcting").toHaveValue(statementText);
  await expect(form.value).toHaveValue(TYPED_TARGET_VALUE[locale]);
  await expect(form.addedStatus).toHaveCount(0);

  await page.reload();
  await expect(driver.statementForm.text).toBeVisible();
  await expect(driver.statement(statementText)).toHaveCount(0);
}
