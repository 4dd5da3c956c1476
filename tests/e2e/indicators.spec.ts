/**
 * Indicator panels, the computed gap and data releases in real browsers (issue 5):
 * - a linked indicator shows a chart (an image with a name) and a table of exactly its points,
 *   with unit, period and "Källa:";
 * - a target on a goal statement gives a gap chip in words;
 * - a second person imports new figures and the first person's panel and chip change without a
 *   reload (the page's own JavaScript state survives, so it was not reloaded);
 * - the import page lists a bad file's errors with row and column, and axe finds nothing serious.
 */
import type { Page } from "@playwright/test";
import { expect, expectNoA11yViolations, test, type Translator } from "./fixtures";
import { DriverPage } from "./pages/driver-page";
import { uniqueSuffix } from "./support/demo";
import { createDriver } from "./support/drivers";
import { escapeRegExp, formatNumber } from "./support/i18n";

const INDICATOR_ID = "fulltime_share_specialised_somatic_care";
const INDICATOR_SV = "Andel heltidsarbetande månadsavlönade inom specialiserad somatisk vård (regionanställda, november)";
const UNIT = "% av månadsavlönade";
const HEADER = "indicator_id,region_code,period,value,unit,source";

/** Within 2 s of the commit, as the issue promises; the poll runs each second. */
const LIVE = { timeout: 2_000 };

function panel(page: Page) {
  return page.getByRole("article", { name: INDICATOR_SV, exact: true });
}

async function linkIndicator(page: Page, t: Translator, driver: DriverPage) {
  const nulage = driver.section("nulage");
  await nulage.getByRole("combobox", { name: t("indicators.add"), exact: true }).selectOption({ label: `${INDICATOR_SV} (${UNIT})` });
  await nulage.getByRole("button", { name: t("indicators.addSubmit"), exact: true }).click();
  await expect(panel(page)).toBeVisible();
}

async function importCsv(page: Page, t: Translator, dialogueUrl: string, name: string, content: string) {
  await page.goto(`${dialogueUrl}/indicators/import`);
  await page.getByLabel(t("importPage.fileLabel"), { exact: true }).setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
  await page.getByRole("button", { name: t("importPage.preview"), exact: true }).click();
}

test.describe("indicator panels and the computed gap", () => {
  test("a panel shows a chart and a table of the same points, with unit, period and source", async ({ openPage, t, demo }) => {
    const page = await openPage({ as: "facilitator" });
    await createDriver(page, t, demo.url, `E2E panel ${uniqueSuffix()}`);
    const driver = new DriverPage(page, t);
    await linkIndicator(page, t, driver);
    const article = panel(page);
    const chart = article.getByRole("img", { name: new RegExp(escapeRegExp(INDICATOR_SV)) });
    await expect(chart).toBeVisible();
    const table = article.getByRole("table", { name: t("panels.tableCaption", { name: INDICATOR_SV }), exact: true });
    await expect(table.locator("tbody tr")).toHaveCount(21);
    expect(await chart.getAttribute("data-points")).toBe("21");
    await expect(table.getByRole("row", { name: /Gotland/ })).toContainText(t("panels.missing"));
    await expect(article.getByText(/^Källa: Socialstyrelsen/)).toBeVisible();
    await expect(article.getByText(t("panels.meta", { unit: UNIT, periods: "2022", direction: t("enums.indicatorDirection.higher_is_better") }))).toBeVisible();

    // The region picker: keyboard-operable, and the summary ranks the chosen region.
    const picker = driver.section("nulage").getByRole("combobox", { name: t("panels.regionSelect"), exact: true });
    await picker.focus();
    await picker.selectOption("25");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(article.getByTestId("panel-summary")).toContainText("Norrbotten");
    await expectNoA11yViolations(page, { label: "driver page with an indicator panel" });
  });

  test("a target gives a gap chip; an import in another browser updates panel and chip without a reload", async ({ openPage, t, demo }) => {
    test.setTimeout(120_000);
    const page = await openPage({ as: "facilitator" });
    const driverUrl = await createDriver(page, t, demo.url, `E2E gap ${uniqueSuffix()}`);
    const driver = new DriverPage(page, t);
    await linkIndicator(page, t, driver);
    await expect(driver.syncState("saved")).toBeVisible();

    const number = await driver.addGoal("Fler ska arbeta heltid.");
    const goal = driver.goal(number);
    await goal.targetToggle.click();
    await goal.indicator.selectOption({ label: `${INDICATOR_SV} (${UNIT})` });
    await goal.region.selectOption("03");
    await goal.direction.selectOption("increase");
    await goal.value.fill("90");
    await goal.year.fill("2030");
    await goal.saveTarget.click();
    const chip = goal.item.getByTestId("gap-chip");
    await expect(chip).toHaveAttribute("data-status", "remaining");
    await expect(chip).toContainText(t("gap.status.remaining"));

    // Marks this page's JavaScript state: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const value = 80 + Math.floor(Math.random() * 9) + 0.5;
    const typed = String(value).replace(".", ",");
    const other = await openPage({ as: "facilitator" });
    await importCsv(other, t, demo.url, "uppsala.csv", `${HEADER}\n${INDICATOR_ID},03,2022,"${typed}",${UNIT},Källa: e2e-import`);
    await expect(other.getByTestId("import-counts")).toContainText(/1/);
    await other.getByRole("button", { name: t("importPage.commit"), exact: true }).click();
    await expect(other.getByTestId("import-committed")).toBeVisible();

    const uppsala = panel(page).getByRole("table").first().getByRole("row", { name: /Uppsala/ });
    await expect(uppsala).toContainText(formatNumber("sv", value), LIVE);
    await expect(goal.item.getByTestId("gap-new-data")).toContainText(`+${formatNumber("sv", 90 - value)}`, LIVE);
    await expect(page.getByTestId("live-data-status")).toHaveText(t("panels.liveUpdated"));
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(new URL(page.url()).pathname).toBe(driverUrl);
  });

  for (const locale of ["sv", "en"] as const) {
    test.describe(`import errors [${locale}]`, () => {
      test.use({ appLocale: locale });

      test("a bad file lists each error with row and column, writes nothing, and passes axe", async ({ openPage, t, demo }) => {
        const page = await openPage({ as: "facilitator" });
        await importCsv(page, t, demo.url, "bad.csv", `${HEADER}\n${INDICATOR_ID},99,2022,1,${UNIT},K\n${INDICATOR_ID},03,22,elva,${UNIT},K`);
        await expect(page.getByText(t("importPage.errorsTitle", { count: 3 }), { exact: true })).toBeFocused();
        const errors = page.getByTestId("import-errors");
        await expect(errors.locator("tbody tr")).toHaveCount(3);
        await expect(errors.locator("tbody tr").nth(0)).toContainText("2");
        await expect(errors.locator("tbody tr").nth(0)).toContainText("region_code");
        await expect(errors.locator("tbody tr").nth(2)).toContainText("value");
        await expect(errors).toContainText(t("importPage.errors.not_a_number", { found: "elva" }));
        await expect(page.getByRole("button", { name: t("importPage.commit"), exact: true })).toHaveCount(0);
        await expectNoA11yViolations(page, { label: `import with errors [${locale}]` });
      });
    });
  }
});
