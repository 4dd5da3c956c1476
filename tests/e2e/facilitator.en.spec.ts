/**
 * Facilitator journey (b) in English (NEXT_LOCALE=en). The journey reads its names from
 * lib/i18n/messages/en.json, so it follows the translators' wording; the first test makes sure
 * that wording really is English (it differs from the Swedish for the names the journey relies
 * on), so a message file that is still a copy of sv.json cannot pass as English.
 */
import { expect, test } from "./fixtures";
import { addDriverWithTextAndGoal, incompleteTargetIsRejected } from "./journeys/facilitator-journey";
import { DriverPage } from "./pages/driver-page";
import { translatorFor } from "./support/i18n";

test.use({ appLocale: "en" });

test.describe("facilitator (English)", () => {
  test("the interface is in English: lang attribute and translated names", async ({ page, signInAsDemo, demo, t }) => {
    const sv = translatorFor("sv");
    const keys = ["nav.signOut", "parts.nulage.title", "collab.status.saved", "collab.status.offline", "statements.add", "validation.targetIncomplete"] as const;
    for (const key of keys) expect(t(key), `en.json ${key} is translated`).not.toBe(sv(key));

    await signInAsDemo(page, "facilitator");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("button", { name: t("nav.signOut"), exact: true })).toBeVisible();
    await page.goto(demo.driverUrl);
    const driver = new DriverPage(page, t);
    await expect(driver.section("nulage")).toBeVisible();
    await expect(driver.editor("nulage")).toBeVisible();
    await expect(driver.addGoalButton).toBeVisible();
    await expect(driver.syncState("saved")).toBeVisible();
    await expect(page.getByRole("region", { name: sv("parts.nulage.title"), exact: true })).toHaveCount(0);
  });

  test("adds a driver, writes the current state and a goal with a target; all survive a reload", async ({ page, t, signInAsDemo }) => {
    await signInAsDemo(page, "facilitator");
    await addDriverWithTextAndGoal({ page, t, locale: "en" });
  });

  test("an incomplete target is reported at its fields, focus moves there and no target is stored", async ({ page, t, signInAsDemo, demo }) => {
    await signInAsDemo(page, "facilitator");
    await incompleteTargetIsRejected({ page, t, locale: "en" }, demo.url);
  });
});
