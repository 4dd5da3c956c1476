/**
 * Importing a goal set (issue 8), as a facilitator does it: from "Mina dialoger" to the import
 * page, a valid export file becomes a new dialogue that opens with what was left out; a broken
 * file lists its errors with their JSON paths, focus on the summary, and writes nothing. Axe on
 * the import page (empty and with errors) in Swedish and English; the other demo roles, who
 * facilitate nothing, get neither the link nor the page.
 */
import fs from "node:fs";
import { expect, expectNoA11yViolations, test, type AppLocale, type Translator } from "./fixtures";
import type { Page } from "@playwright/test";
import { goalSetFixture } from "../support/goal-set-fixture";

/** The fixture as a file on disk (as a user would pick it), with a planning question unique to this run. */
function writeFile(name: string, content: string): string {
  const file = test.info().outputPath(name);
  fs.writeFileSync(file, content);
  return file;
}

async function openImportPage(page: Page, t: Translator) {
  await page.goto("/dialogues");
  await page.getByRole("link", { name: t("dialogues.list.import"), exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: t("goalSetImport.title"), exact: true })).toBeVisible();
}

async function chooseOrganisation(page: Page, t: Translator) {
  const label = `Socialstyrelsen (${t("enums.organisationType.myndighet")})`;
  await page.getByRole("combobox", { name: t("goalSetImport.organisationLabel") }).selectOption({ label });
}

for (const locale of ["sv", "en"] as const satisfies readonly AppLocale[]) {
  test.describe(`goal-set import [${locale}]`, () => {
    test.use({ appLocale: locale });

    test("a facilitator imports an export file and lands on the new dialogue, told what was left out", async ({ page, t, signInAsDemo }) => {
      await signInAsDemo(page, "facilitator");
      await openImportPage(page, t);
      await expectNoA11yViolations(page, { label: `goal-set import [${locale}]` });

      const question = `Importerad dialog ${locale} ${Date.now().toString(36)}`;
      const goalSet = goalSetFixture({ dialogue: { ...goalSetFixture().dialogue, planningQuestion: question } });
      await page.getByLabel(t("goalSetImport.fileLabel")).setInputFiles(writeFile("goal-set.json", JSON.stringify(goalSet, null, 2)));
      await chooseOrganisation(page, t);
      await page.getByRole("button", { name: t("goalSetImport.submit"), exact: true }).click();

      await page.waitForURL(/\/dialogues\/[0-9a-f-]{36}\?imported=1/);
      await expect(page.getByRole("heading", { level: 1, name: question, exact: true })).toBeVisible();
      const notice = page.getByTestId("goal-set-imported");
      await expect(notice).toContainText(t("goalSetImport.done.title"));
      await expect(notice).toContainText(t("goalSetImport.done.threads", { count: 1, comments: 2 }));
      // Both drivers, and the agreed version, are there.
      for (const driver of goalSet.drivers) await expect(page.getByRole("link", { name: driver.title, exact: true })).toBeVisible();
      await expectNoA11yViolations(page, { label: `imported dialogue [${locale}]` });

      // The first driver opens in the live editor with its imported goal.
      await page.getByRole("link", { name: goalSet.drivers[0]!.title, exact: true }).click();
      await expect(page.getByText(goalSet.drivers[0]!.goals[0]!.text).first()).toBeVisible();
    });

    test("a broken file lists every error with its JSON path, focus on the summary, and creates nothing", async ({ page, t, signInAsDemo }) => {
      await signInAsDemo(page, "facilitator");
      const question = `Trasig fil ${locale} ${Date.now().toString(36)}`;
      const broken = JSON.parse(JSON.stringify(goalSetFixture())) as Record<string, any>;
      broken.dialogue.planningQuestion = question;
      broken.drivers[0].goals[0].target.year = 2030.5;
      broken.drivers[1].whoClass = "sometimes";
      broken.drivers[0].actions[0].responsible[0].id = "00000000-0000-4000-8000-000000000a99";
      await openImportPage(page, t);
      await page.getByLabel(t("goalSetImport.fileLabel")).setInputFiles(writeFile("broken.json", JSON.stringify(broken, null, 2)));
      await chooseOrganisation(page, t);
      await page.getByRole("button", { name: t("goalSetImport.submit"), exact: true }).click();

      const summary = page.getByTestId("goal-set-issues");
      await expect(summary.getByRole("heading", { name: t("goalSetImport.issuesTitle", { count: 2 }) })).toBeVisible();
      await expect(summary).toBeFocused();
      const rows = summary.getByRole("row");
      await expect(rows.filter({ hasText: "drivers[0].goals[0].target.year" })).toContainText(t("goalSetImport.issues.not_integer"));
      await expect(rows.filter({ hasText: "drivers[1].whoClass" })).toContainText(
        t("goalSetImport.issues.invalid_choice", { found: "sometimes", allowed: "within, predictable, uncertain" }),
      );
      await expectNoA11yViolations(page, { label: `goal-set import with errors [${locale}]` });

      // Fixed the schema errors, a cross-reference error remains: it is reported at its path.
      broken.drivers[0].goals[0].target.year = 2030;
      broken.drivers[1].whoClass = "within";
      await page.getByLabel(t("goalSetImport.fileLabel")).setInputFiles(writeFile("broken-2.json", JSON.stringify(broken)));
      await page.getByRole("button", { name: t("goalSetImport.submit"), exact: true }).click();
      await expect(summary.getByRole("heading", { name: t("goalSetImport.issuesTitle", { count: 1 }) })).toBeVisible();
      await expect(summary.getByRole("row").filter({ hasText: "drivers[0].actions[0].responsible[0].id" })).toContainText(
        t("goalSetImport.issues.unknown_organisation", { id: "00000000-0000-4000-8000-000000000a99" }),
      );

      // A syntax error names its line and column; a newer version says which version is read.
      await page.getByLabel(t("goalSetImport.fileLabel")).setInputFiles(writeFile("syntax.json", '{\n  "format": "samsyn.goal-set",\n  "schemaVersion": 1,\n}'));
      await page.getByRole("button", { name: t("goalSetImport.submit"), exact: true }).click();
      await expect(summary).toContainText(t("goalSetImport.issues.json_syntax", { line: 4, column: 1 }));
      await page.getByLabel(t("goalSetImport.fileLabel")).setInputFiles(writeFile("v2.json", JSON.stringify({ ...goalSetFixture(), schemaVersion: 2 })));
      await page.getByRole("button", { name: t("goalSetImport.submit"), exact: true }).click();
      await expect(summary).toContainText(t("goalSetImport.issues.unsupported_version", { found: "2", supported: 1 }));

      await page.goto("/dialogues");
      await expect(page.getByText(question)).toHaveCount(0);
    });

    test("no file and no organisation: the fields say so and the first takes focus", async ({ page, t, signInAsDemo }) => {
      await signInAsDemo(page, "facilitator");
      await openImportPage(page, t);
      await page.getByRole("button", { name: t("goalSetImport.submit"), exact: true }).click();
      const file = page.getByLabel(t("goalSetImport.fileLabel"));
      await expect(file).toHaveAttribute("aria-invalid", "true");
      await expect(file).toBeFocused();
      await expect(page.getByRole("combobox", { name: t("goalSetImport.organisationLabel") })).toHaveAttribute("aria-invalid", "true");
      await expectNoA11yViolations(page, { label: `goal-set import, empty form [${locale}]` });
    });
  });
}

test("participants and observers, who facilitate no dialogue, get neither the link nor the page", async ({ openPage, t }) => {
  for (const as of ["region", "observer"] as const) {
    const page = await openPage({ as });
    await page.goto("/dialogues");
    await expect(page.getByRole("heading", { level: 1, name: t("dialogues.list.title") })).toBeVisible();
    await expect(page.getByRole("link", { name: t("dialogues.list.import") })).toHaveCount(0);
    const response = await page.goto("/dialogues/import");
    expect(response?.status()).toBe(404);
  }
});
