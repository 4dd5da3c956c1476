/**
 * Exporting the goal set (issue 8): from the demo dialogue's overview to the export page, choose the
 * options and download every format; each file is checked for what it must hold (JSON against its
 * schema, the Markdown's sections, the CSV's header, a DOCX and a PDF that parse as such). An
 * observer exports too. axe on the export page in both languages.
 */
import fs from "node:fs/promises";
import type { Download, Page } from "@playwright/test";
import { goalSetExportSchema } from "../../lib/model/goal-set-export";
import { expect, expectNoA11yViolations, test, type Translator } from "./fixtures";
import { DEMO_DIALOGUE } from "./support/demo";

async function downloadAs(page: Page, t: Translator, format: string, options: { language: "sv" | "en"; draft?: boolean }): Promise<Download> {
  await page.getByRole("radio", { name: t(`exportPage.format.${format}` as Parameters<Translator>[0]) }).check();
  await page.getByRole("radio", { name: t(`exportPage.language.${options.language}` as Parameters<Translator>[0]) }).check();
  if (options.draft ?? true) await page.getByRole("radio", { name: t("exportPage.draftOption") }).check();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: t("exportPage.submit"), exact: true }).click()]);
  expect(await download.failure()).toBeNull();
  return download;
}

async function contentOf(download: Download): Promise<Buffer> {
  return fs.readFile((await download.path())!);
}

for (const appLocale of ["sv", "en"] as const) {
  test.describe(`exports (${appLocale})`, () => {
    test.use({ appLocale });

    test("choose options and download each format", async ({ page, t, demo, signInAsDemo }) => {
      test.setTimeout(120_000);
      await signInAsDemo(page, "facilitator");
      await page.goto(demo.url);
      await page.getByRole("link", { name: t("exportPage.navLink"), exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: t("exportPage.title"), exact: true })).toBeVisible();
      await expectNoA11yViolations(page, { label: "export page" });

      // Comments too, and only the first driver.
      await page.getByRole("checkbox", { name: t("exportPage.include.comments") }).check();
      const drivers = page.getByRole("group", { name: t("exportPage.driversLegend") }).getByRole("checkbox");
      const driverCount = await drivers.count();
      expect(driverCount).toBeGreaterThan(1);
      for (let index = 1; index < driverCount; index++) await drivers.nth(index).uncheck();

      const json = await downloadAs(page, t, "json", { language: appLocale });
      expect(json.suggestedFilename()).toMatch(appLocale === "sv" ? /^samsyn-malsattningar-utkast-\d{4}-\d\d-\d\d\.json$/ : /^samsyn-goal-set-draft-\d{4}-\d\d-\d\d\.json$/);
      const goalSet = goalSetExportSchema.parse(JSON.parse((await contentOf(json)).toString("utf8")));
      expect(goalSet.dialogue.planningQuestion).toBe(DEMO_DIALOGUE.planningQuestion);
      expect(goalSet.language).toBe(appLocale);
      expect(goalSet.options).toMatchObject({ includeStances: true, includeComments: true });
      expect(goalSet.drivers.map((driver) => driver.title)).toEqual([demo.driverTitle]);

      const markdown = (await contentOf(await downloadAs(page, t, "markdown", { language: appLocale }))).toString("utf8");
      expect(markdown).toContain(`# ${t("exportDocument.title")}`);
      expect(markdown).toContain(`## 1. ${demo.driverTitle}`);
      expect(markdown).toContain(t("parts.desired.title"));

      const csv = (await contentOf(await downloadAs(page, t, "csv", { language: appLocale }))).toString("utf8");
      expect(csv.startsWith(`\uFEFF${t("exportDocument.csv.driver")};${t("exportDocument.csv.kind")};`)).toBe(true);

      const docx = await contentOf(await downloadAs(page, t, "docx", { language: appLocale }));
      expect(docx.subarray(0, 2).toString("latin1")).toBe("PK");
      const pdf = await contentOf(await downloadAs(page, t, "pdf", { language: appLocale }));
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      // The page stays where it was: a download does not navigate.
      await expect(page.getByRole("heading", { level: 1, name: t("exportPage.title"), exact: true })).toBeVisible();
    });
  });
}

test("an observer exports what they can read", async ({ openPage, demo, t }) => {
  const page = await openPage({ as: "observer" });
  await page.goto(`${demo.url}/export`);
  const download = await downloadAs(page, t, "json", { language: "sv" });
  const goalSet = goalSetExportSchema.parse(JSON.parse((await contentOf(download)).toString("utf8")));
  expect(goalSet.drivers.length).toBeGreaterThan(1);
});

test("an agreed version is exported from its own page", async ({ page, t, demo, signInAsDemo }) => {
  await signInAsDemo(page, "facilitator");
  await page.goto(`${demo.url}/agreements`);
  const form = page.getByRole("form", { name: t("agreements.form.goalSetTitle"), exact: true });
  await form.getByRole("button", { name: t("agreements.form.submitGoalSet"), exact: true }).click();
  await page.waitForURL(/\/agreements\/[0-9a-f-]{36}$/);
  const agreementId = new URL(page.url()).pathname.split("/").at(-1);
  await page.getByRole("link", { name: t("exportPage.exportThisVersion"), exact: true }).click();
  await expect(page.getByRole("radio", { name: t("exportPage.draftOption") })).not.toBeChecked();
  const goalSet = goalSetExportSchema.parse(JSON.parse((await contentOf(await downloadAs(page, t, "json", { language: "sv", draft: false }))).toString("utf8")));
  expect(goalSet.source).toMatchObject({ kind: "agreed", agreementId });
});
