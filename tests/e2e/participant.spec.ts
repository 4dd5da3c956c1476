/**
 * Journey (c): a participant (Region Uppsala) writes content but cannot manage drivers. The
 * facilitator-only controls are absent from the pages, not merely disabled.
 */
import { expect, test } from "./fixtures";
import { DialogueOverviewPage } from "./pages/dialogue-overview-page";
import { DriverPage } from "./pages/driver-page";
import { demoUser, uniqueSuffix } from "./support/demo";
import { createDriver } from "./support/drivers";

test.describe("participant", () => {
  test("adds a gap action with a responsible organisation; the roles exclude each other; it is stored", async ({ page, t, signInAsDemo, openPage, demo }) => {
    const run = uniqueSuffix();
    const facilitator = await openPage({ as: "facilitator" });
    const driverUrl = await createDriver(facilitator, t, demo.url, `E2E åtgärd ${run}`);
    const organisation = demoUser("region").organisationName;
    const text = `Åtgärd e2e ${run}`;
    await signInAsDemo(page, "region");
    await page.goto(driverUrl);
    const driver = new DriverPage(page, t);

    const number = await driver.addAction(text);
    const action = driver.action(number);
    await expect(action.editor).toHaveText(text);
    await action.horizon.selectOption({ label: t("enums.horizon.long") });
    const responsible = action.responsible.getByRole("checkbox", { name: organisation, exact: true });
    const collaborating = action.collaborating.getByRole("checkbox", { name: organisation, exact: true });
    await responsible.check();
    await collaborating.check();
    await expect(responsible, "an organisation cannot be both responsible and collaborating").not.toBeChecked();
    await responsible.check();
    await expect(collaborating).not.toBeChecked();
    await expect(driver.syncState("saved")).toBeVisible();

    await page.reload();
    await expect(driver.gapAction(text)).toHaveCount(1);
    await expect(action.horizon).toHaveValue("long");
    await expect(action.level).toHaveValue("regional");
    await expect(action.control).toHaveValue("collaboration");
    await expect(action.responsible.getByRole("checkbox", { name: organisation, exact: true })).toBeChecked();

    // The facilitator has had the driver open all along and sees the action arrive live.
    const seen = new DriverPage(facilitator, t).action(number);
    await expect(seen.editor).toHaveText(text);
    await expect(seen.responsible.getByRole("checkbox", { name: organisation, exact: true })).toBeChecked();
  });

  test("sees no facilitator-only controls", async ({ page, t, signInAsDemo, openPage, demo }) => {
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
    await expect(driver.addGoalButton).toBeVisible();
    await expect(driver.editDriverLink).toHaveCount(0);
    await expect(driver.readOnlyNote).toHaveCount(0);
    // Linking indicators is the facilitator's (issue 5): the panels are there, the linking form is not.
    for (const part of ["nulage", "future"] as const) {
      await expect(driver.section(part).getByRole("heading", { name: t("indicators.linked"), exact: true })).toBeVisible();
      await expect(driver.section(part).getByRole("combobox", { name: t("indicators.add"), exact: true })).toHaveCount(0);
      await expect(driver.section(part).getByRole("button", { name: t("indicators.addSubmit"), exact: true })).toHaveCount(0);
    }
    // The positive control: the facilitator sees the form on the same page.
    const facilitatorPage = await openPage({ as: "facilitator" });
    await facilitatorPage.goto(demo.driverUrl);
    const facilitator = new DriverPage(facilitatorPage, t);
    await expect(facilitator.section("nulage").getByRole("combobox", { name: t("indicators.add"), exact: true })).toBeVisible();
  });
});
