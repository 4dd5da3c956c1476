/**
 * Named versions of a driver: a facilitator saves one, a second participant changes the text live,
 * the version page shows the difference from now, and restoring it reaches the other participant's
 * open document at once. A driver of its own keeps other specs' edits out. axe on both pages.
 */
import { expect, expectNoA11yViolations, test } from "./fixtures";
import { DriverFormPage } from "./pages/driver-form-page";
import { uniqueSuffix } from "./support/demo";
import { appendParagraph, openLiveDriver } from "./support/yjs-client";

for (const appLocale of ["sv", "en"] as const) {
  test.describe(`versions (${appLocale})`, () => {
    test.use({ appLocale });

    test("save a version, see the difference from now, restore it live", async ({ page, t, demo, signInAsDemo, baseURL }) => {
      await signInAsDemo(page, "facilitator");
      const suffix = uniqueSuffix();
      await page.goto(`${demo.url}/drivers/new`);
      await new DriverFormPage(page, t).create({ title: `Versioner ${suffix}`, whoClass: "uncertain", careArea: "granslandet" });
      await page.waitForURL(/\/drivers\/[0-9a-f-]{36}$/);
      const driverId = page.url().split("/").pop()!;

      const other = await openLiveDriver(page.context(), baseURL!, driverId);
      try {
        await other.synced();
        appendParagraph(other.doc, "nulage", `Utgångsläge ${suffix}`);

        await page.getByRole("link", { name: t("versions.link"), exact: true }).click();
        await expect(page.getByRole("heading", { level: 1, name: t("versions.title"), exact: true })).toBeVisible();
        await expectNoA11yViolations(page);
        const name = `Före workshop ${suffix.slice(0, 8)}`;
        await page.getByRole("textbox", { name: t("versions.name"), exact: true }).fill(name);
        await page.getByRole("textbox", { name: t("versions.note"), exact: true }).fill("Gruppens första utkast");
        await page.getByRole("button", { name: t("versions.save"), exact: true }).click();
        await expect(page.getByRole("status").filter({ hasText: t("versions.savedVersion") })).toBeVisible();
        const versionLink = page.getByRole("link", { name, exact: true });
        await expect(versionLink).toBeVisible();

        appendParagraph(other.doc, "nulage", `Ändrat efter versionen ${suffix}`);
        // The relational copy and the live document follow within a second or two.
        await expect(async () => {
          await versionLink.click();
          await expect(page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
          await expect(page.locator("ins").filter({ hasText: `Ändrat efter versionen ${suffix}` })).toBeVisible({ timeout: 1_000 });
        }).toPass({ timeout: 10_000 });
        await expect(page.locator("ins").first()).toContainText(t("versions.diff.added"));
        await expectNoA11yViolations(page);

        await page.getByRole("button", { name: t("versions.restore"), exact: true }).click();
        await page.getByRole("button", { name: t("versions.restoreConfirm"), exact: true }).click();
        await expect(page.getByRole("status").filter({ hasText: t("versions.restored", { name }) })).toBeVisible();
        await expect.poll(() => other.doc.getXmlFragment("nulage").toString(), { timeout: 2_000 }).not.toContain("Ändrat efter versionen");
        expect(other.doc.getXmlFragment("nulage").toString()).toContain(`Utgångsläge ${suffix}`);
      } finally {
        other.destroy();
      }
    });
  });
}
