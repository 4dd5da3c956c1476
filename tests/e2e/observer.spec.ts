/**
 * Journey (d): an observer (Forte) reads but cannot write.
 *
 * The UI hides every control from observers, so a regression in the server's check would go
 * unnoticed by a UI test. The second test therefore calls addGoalStatementAction directly, as a
 * hand-made request would. It first sends the identical forged request as a participant and
 * requires it to be STORED (positive control: the request format really reaches the action), then
 * as the observer and requires it to be refused and NOT stored.
 */
import { expect, test } from "./fixtures";
import { DialogueOverviewPage } from "./pages/dialogue-overview-page";
import { DriverPage } from "./pages/driver-page";
import { uniqueSuffix } from "./support/demo";
import { actionResultOf, DRIVER_ACTIONS_FILE, postServerAction, serverActionId } from "./support/server-actions";

test.describe("observer", () => {
  test("reads a driver with no editing controls at all", async ({ page, t, signInAsDemo, demo }) => {
    await signInAsDemo(page, "observer");
    /** The only buttons an observer may see: the language switch and sign out (in the header). */
    const allowedButtons = [t("nav.languageName.en"), t("nav.signOut")].sort();

    await page.goto(demo.url);
    const overview = new DialogueOverviewPage(page, t);
    await expect(overview.driverLinks.first()).toBeVisible();
    await expect(overview.addDriverLink).toHaveCount(0);
    await expect(overview.settingsLink).toHaveCount(0);
    expect((await page.getByRole("button").allTextContents()).map((name) => name.trim()).sort()).toEqual(allowedButtons);

    await page.goto(demo.driverUrl);
    const driver = new DriverPage(page, t);
    await expect(driver.heading(demo.driverTitle)).toBeVisible();
    await expect(driver.readOnlyNote).toBeVisible();
    for (const part of ["nulage", "future", "desired", "gap"] as const) {
      await expect(driver.section(part)).toBeVisible();
    }
    await expect(page.getByRole("textbox")).toHaveCount(0);
    await expect(page.getByRole("combobox")).toHaveCount(0);
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("radio")).toHaveCount(0);
    await expect(page.getByRole("toolbar")).toHaveCount(0);
    await expect(driver.editDriverLink).toHaveCount(0);
    await expect(driver.statementForm.form).toHaveCount(0);
    await expect(driver.gapActionForm.form).toHaveCount(0);
    expect((await page.getByRole("button").allTextContents()).map((name) => name.trim()).sort()).toEqual(allowedButtons);
  });

  test("a forged addGoalStatementAction is refused on the server (participant control is stored)", async ({
    page,
    t,
    baseURL,
    signInAsDemo,
    openPage,
    demo,
  }) => {
    const actionId = serverActionId(DRIVER_ACTIONS_FILE, "addGoalStatementAction");
    const forge = (on: typeof page, text: string) =>
      postServerAction(on, {
        actionId,
        baseURL: baseURL!,
        pagePath: demo.driverUrl,
        fields: { dialogueId: demo.dialogueId, driverId: demo.driverId, text },
      });

    // Positive control: the same request shape, from a participant, is stored.
    const participantPage = await openPage();
    await signInAsDemo(participantPage, "region");
    const controlText = `Förfalskad kontroll e2e ${uniqueSuffix()}`;
    const control = await forge(participantPage, controlText);
    expect(control.status()).toBe(200);
    expect(actionResultOf(await control.text())).toEqual({ ok: true, code: undefined });
    await participantPage.goto(demo.driverUrl);
    await expect(new DriverPage(participantPage, t).statement(controlText)).toHaveCount(1);

    // The observer's identical request is refused and stores nothing.
    await signInAsDemo(page, "observer");
    await page.goto(demo.driverUrl);
    const observerText = `Förfalskad observatör e2e ${uniqueSuffix()}`;
    const forged = await forge(page, observerText);
    const payload = await forged.text();
    expect(actionResultOf(payload)).toEqual({ ok: false, code: "forbidden" });
    expect(payload).not.toContain(observerText);

    await page.reload();
    const driver = new DriverPage(page, t);
    await expect(driver.statement(controlText)).toHaveCount(1);
    await expect(driver.statement(observerText)).toHaveCount(0);
    await participantPage.reload();
    await expect(new DriverPage(participantPage, t).statement(controlText)).toHaveCount(1);
    await expect(new DriverPage(participantPage, t).statement(observerText)).toHaveCount(0);
  });
});
