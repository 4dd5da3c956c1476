/**
 * Agreed versions (issue 7): a facilitator marks a driver as agreed from its page, lands on the
 * frozen agreement, edits a goal afterwards and sees the driver as a new draft whose difference
 * from the agreed version names the new words. axe on every new page (the agreements list, the
 * frozen agreement, the difference) and on the driver page's new status line, in both languages.
 * A driver of its own keeps other specs' edits out.
 */
import { expect, expectNoA11yViolations, test } from "./fixtures";
import { DriverPage } from "./pages/driver-page";
import { uniqueSuffix } from "./support/demo";
import { createDriver } from "./support/drivers";

for (const appLocale of ["sv", "en"] as const) {
  test.describe(`agreements (${appLocale})`, () => {
    test.use({ appLocale });

    test("mark a driver agreed, edit a goal, see the difference from the agreed version", async ({ page, t, demo, signInAsDemo }) => {
      test.setTimeout(120_000);
      await signInAsDemo(page, "facilitator");
      const suffix = uniqueSuffix().slice(0, 8);
      const title = `Överenskommelse ${suffix}`;
      const driverPath = await createDriver(page, t, demo.url, title);
      const driver = new DriverPage(page, t);
      await driver.addGoal(`Fler specialistsjuksköterskor ${suffix}`);
      await expect(driver.syncState("saved")).toBeVisible({ timeout: 10_000 });

      // Not agreed yet; the facilitator marks it agreed from the status line.
      const status = page.getByRole("region", { name: t("agreements.status.title"), exact: true });
      await expect(status).toContainText(t("agreements.status.none"));
      await status.getByText(t("agreements.form.driverTitle"), { exact: true }).click();
      const form = status.getByRole("form", { name: t("agreements.form.driverTitle"), exact: true });
      await form.getByRole("textbox", { name: t("agreements.form.note"), exact: true }).fill(`Enighet på workshop ${suffix}`);
      await form.getByRole("button", { name: t("agreements.form.submitDriver"), exact: true }).click();

      await page.waitForURL(/\/agreements\/[0-9a-f-]{36}$/);
      const agreementUrl = page.url();
      await expect(page.getByRole("heading", { level: 1, name: t("agreements.detail.titleDriver", { title }), exact: true })).toBeVisible();
      await expect(page.getByText(`Fler specialistsjuksköterskor ${suffix}`, { exact: true })).toBeVisible();
      await expect(page.getByTestId("agreed-driver-status")).toHaveText(t("agreements.detail.status.unchanged"));
      await expectNoA11yViolations(page, { label: "agreement" });

      // The list shows it; the whole goal set can be marked from there.
      await page.getByRole("link", { name: t("agreements.detail.allAgreements"), exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: t("agreements.title"), exact: true })).toBeVisible();
      await expect(page.getByRole("link", { name: t("agreements.scope.driver", { title }), exact: true }).first()).toBeVisible();
      await expect(page.getByRole("button", { name: t("agreements.form.submitGoalSet"), exact: true })).toBeVisible();
      await expectNoA11yViolations(page, { label: "agreements list" });

      // A later edit of the goal makes the driver a new draft.
      await page.goto(driverPath);
      await expect(status).toContainText(t("agreements.status.unchanged"));
      await expectNoA11yViolations(page, { label: "driver page with the agreement status" });
      await driver.goal(1).editor.click();
      await page.keyboard.press("End");
      await page.keyboard.type(` i hela länet`);
      await expect(driver.syncState("saved")).toBeVisible({ timeout: 10_000 });
      await expect(async () => {
        await page.reload();
        await expect(status).toContainText(t("agreements.status.changed"), { timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      // Until the reloaded document has synced, leaving the page asks first (unsaved-changes guard).
      await expect(driver.syncState("saved")).toBeVisible({ timeout: 10_000 });

      await status.getByRole("link", { name: t("agreements.status.diffLink"), exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: t("agreements.diff.title", { driver: title }), exact: true })).toBeVisible();
      await expect(page.getByText(t("agreements.diff.desiredChanged"), { exact: true })).toBeVisible();
      const added = page.locator("ins").filter({ hasText: "hela länet" });
      await expect(added).toBeVisible();
      await expect(added).toContainText(t("versions.diff.added"));
      await expectNoA11yViolations(page, { label: "difference from the agreed version" });

      // The agreement itself is unchanged, and says the driver changed since.
      await page.goto(agreementUrl);
      await expect(page.getByText(`Fler specialistsjuksköterskor ${suffix}`, { exact: true })).toBeVisible();
      await expect(page.getByTestId("agreed-driver-status")).toHaveText(t("agreements.detail.status.changed"));
    });
  });
}
