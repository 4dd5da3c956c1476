/**
 * Journey (d): an observer (Forte) reads but cannot write.
 *
 * The UI gives observers no editable editor and no controls, so a regression in the server's
 * check would go unnoticed by a UI test. The second test therefore writes to the collaboration
 * websocket directly, as a hand-made script would. It first sends the identical forged update as
 * a participant and requires the server to APPLY it (positive control: the message really reaches
 * the document), then as the observer and requires it to be dropped: absent from the server's
 * document and never shown to anyone.
 */
import { expect, test } from "./fixtures";
import { DialogueOverviewPage } from "./pages/dialogue-overview-page";
import { CommentsPanel } from "./pages/comments-panel";
import { DriverPage } from "./pages/driver-page";
import { forgeTextInsert } from "./support/collab-wire";
import { uniqueSuffix } from "./support/demo";
import { createDriver } from "./support/drivers";

test.describe("observer", () => {
  test("reads a driver live, with no editing controls at all", async ({ page, t, signInAsDemo, demo }) => {
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
    await expect(driver.syncState("live"), "the live document has replaced the stored copy").toBeVisible();
    for (const part of ["nulage", "future", "desired", "gap"] as const) {
      await expect(driver.section(part)).toBeVisible();
    }
    await expect(page.locator('[contenteditable="true"]')).toHaveCount(0);
    await expect(page.getByRole("textbox")).toHaveCount(0);
    // The only choices an observer has are the indicator panels' region pickers (nuläge and
    // förväntad framtid): they choose what to look at and write nothing.
    const regionPickers = page.getByRole("combobox", { name: t("panels.regionSelect"), exact: true });
    await expect(regionPickers).toHaveCount(2);
    await expect(page.getByRole("combobox")).toHaveCount(2);
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    // …and which comment threads to list (open, resolved, all): the only radios on the page.
    const comments = new CommentsPanel(page, t);
    await expect(comments.section.getByRole("group", { name: t("comments.filter.legend"), exact: true }).getByRole("radio")).toHaveCount(3);
    await expect(page.getByRole("radio")).toHaveCount(3);
    await expect(page.getByRole("toolbar")).toHaveCount(0);
    await expect(driver.editDriverLink).toHaveCount(0);
    await expect(driver.addGoalButton).toHaveCount(0);
    await expect(driver.addActionButton).toHaveCount(0);
    // In the comments, only reading: no field (above), no reply, resolve, edit, delete or reaction,
    // at most the buttons that open and page through replies (other specs add threads here).
    await expect(comments.readOnlyNote).toBeVisible();
    const readingReplies = new RegExp(`^(${[t("comments.replies.show", { count: 999 }).replace("999", "\\d+"), t("comments.replies.hide"), t("comments.replies.more")].join("|")})$`);
    const commentButtons = (await comments.section.getByRole("button").allTextContents()).map((name) => name.trim());
    expect(commentButtons.filter((name) => !readingReplies.test(name))).toEqual([]);
    const enabledReactions = comments.section.getByRole("group", { name: t("comments.reactions.label") }).locator("button:not([disabled])");
    await expect(enabledReactions).toHaveCount(0);
    const showRegion = t("panels.regionSubmit");
    const allButtons = (await page.getByRole("button").allTextContents()).map((name) => name.trim());
    const outsideComments = [...allButtons];
    for (const name of commentButtons) outsideComments.splice(outsideComments.indexOf(name), 1);
    expect(outsideComments.sort()).toEqual([...allowedButtons, showRegion, showRegion].sort());

    // Nothing an observer has can be unsaved, so leaving never asks.
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.goto(demo.url);
    expect(dialogs).toEqual([]);
  });

  test("a forged websocket edit by an observer is dropped by the server (a participant's identical edit is applied)", async ({
    page,
    t,
    signInAsDemo,
    openPage,
    demo,
  }) => {
    const run = uniqueSuffix();
    const facilitator = await openPage({ as: "facilitator" });
    const driverUrl = await createDriver(facilitator, t, demo.url, `E2E förfalskning ${run}`);
    const driverId = driverUrl.split("/").pop()!;
    const watcher = new DriverPage(facilitator, t);
    await expect(watcher.editor("future")).toBeVisible();

    // Positive control: the same message, from a participant, is applied and shown to others.
    const participant = await openPage({ as: "region" });
    await participant.goto(driverUrl);
    const controlText = `Förfalskad kontroll e2e ${run}`;
    expect(await forgeTextInsert(participant, driverId, "future", controlText)).toContain(controlText);
    await expect(watcher.editor("future")).toContainText(controlText);

    // The observer's identical message is dropped: not in the server's document, shown to nobody.
    await signInAsDemo(page, "observer");
    await page.goto(driverUrl);
    const observerText = `Förfalskad observatör e2e ${run}`;
    const held = await forgeTextInsert(page, driverId, "future", observerText);
    expect(held).toContain(controlText);
    expect(held).not.toContain(observerText);

    await facilitator.reload();
    await expect(watcher.editor("future")).toContainText(controlText);
    await expect(watcher.section("future")).not.toContainText(observerText);
    await page.reload();
    await expect(new DriverPage(page, t).section("future")).toContainText(controlText);
    await expect(new DriverPage(page, t).section("future")).not.toContainText(observerText);
  });
});
