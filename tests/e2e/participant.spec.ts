/**
 * Journey (c): a participant (Region Uppsala) writes content but cannot manage drivers. The
 * facilitator-only controls are absent from the pages, not merely disabled.
 */
import { expect, test } from "./fixtures";
import { DialogueOverviewPage } from "./pages/dialogue-overview-page";
import { DriverPage } from "./pages/driver-page";
import { demoUser, uniqueSuffix } from "./support/demo";

test.describe("participant", () => {
  test("adds a gap action with a responsible organisation; it is stored", async ({ page, t, signInAsDemo, demo }) => {
    const organisation = demoUser("region").organisationName;
    const text = `Åtgärd e2e ${uniqueSuffix()}`;
    await signInAsDemo(page, "region");
    await page.goto(demo.driverUrl);
    const driver = new DriverPage(page, t);
    await expect(driver.heading(demo.driverTitle)).toBeVisible();

    const form = driver.gapActionForm;
    await form.text.fill(text);
    await form.form.getByRole("radio", { name: t("enums.horizon.long"), exact: true }).check();
    await form.responsible.getByRole("checkbox", { name: organisation, exact: true }).check();
    await form.submitButton.click();
    await expect(form.addedStatus).toBeVisible();

    await page.reload();
    const action = driver.gapAction(text);
    await expect(action).toHaveCount(1);
    await expect(action.getByText(t("gapActions.responsibleList", { names: organisation }), { exact: true })).toBeVisible();
    const classification = [t("enums.horizon.long"), t("enums.level.regional"), t("enums.control.collaboration")].join(" · ");
    await expect(action.getByText(classification, { exact: true })).toBeVisible();
  });

  test("sees no facilitator-only controls", async ({ page, t, signInAsDemo, demo }) => {
    await signInAsDemo(page, "region");
    await page.goto(demo.url);
    const overview = new DialogueOverviewPage(page, t);
    await expect(overview.driverLinks.first()).toBeVisible();
    await expect(overview.membersLink).toBeVisible();
    await expect(overview.addDriverLink).toHaveCount(0);
    await expect(overview.settingsLink).toHaveCount(0);
    await expect(overview.moveDownButton(demo.driverTitle)).toHaveCount(0);
    await expect(page.getByRole("main").getByRole("button")).toHaveCount(0);

    await page.goto(demo.driverUrl);
    const driver = new DriverPage(page, t);
    await expect(driver.heading(demo.driverTitle)).toBeVisible();
    await expect(driver.editor("nulage"), "participants do edit the content").toBeVisible();
    await expect(driver.editDriverLink).toHaveCount(0);
    await expect(driver.readOnlyNote).toHaveCount(0);
  });
});
