/**
 * Journey (g), keyboard only: no clicks, just Tab, Enter and typing. axe cannot see focus order,
 * focus restoration or focus visibility; these assertions are the guard for them.
 */
import { expect, test } from "./fixtures";
import { DialogueOverviewPage } from "./pages/dialogue-overview-page";
import { DialoguesPage } from "./pages/dialogues-page";
import { DriverPage } from "./pages/driver-page";
import { LoginPage } from "./pages/login-page";
import { DEMO_DIALOGUE, demoUser, uniqueSuffix } from "./support/demo";
import { expectVisibleFocus, tabTo } from "./support/keyboard";
import { WHO_CLASSES, type WhoClass } from "../../lib/model/enums";

test("keyboard only: skip link, demo sign-in, reorder a driver, add and move a goal statement", async ({ page, t }) => {
  const login = new LoginPage(page, t);
  const dialogues = new DialoguesPage(page, t);
  const overview = new DialogueOverviewPage(page, t);
  const driver = new DriverPage(page, t);
  await login.goto();

  await test.step("the first Tab shows the skip link; Enter moves focus to main", async () => {
    await page.keyboard.press("Tab");
    await expectVisibleFocus(login.skipLink);
    const box = await login.skipLink.boundingBox();
    expect(box?.width ?? 0, "the focused skip link is shown, not clipped").toBeGreaterThan(20);
    await page.keyboard.press("Enter");
    await expect(login.main).toBeFocused();
  });

  await test.step("sign in as the facilitator with the demo button", async () => {
    const demoButton = login.demoButton(demoUser("facilitator"));
    await tabTo(page, demoButton);
    await expectVisibleFocus(demoButton);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/dialogues");
    await expect(dialogues.heading).toBeVisible();
  });

  await test.step("open the demo dialogue", async () => {
    const dialogueLink = dialogues.dialogueLink(DEMO_DIALOGUE.planningQuestion);
    await tabTo(page, dialogueLink);
    await expectVisibleFocus(dialogueLink);
    await page.keyboard.press("Enter");
    await expect(overview.heading(DEMO_DIALOGUE.planningQuestion)).toBeVisible();
  });

  // The first driver of a WHO group with at least three, so it keeps a "move down" button.
  let whoClass: WhoClass | undefined;
  let titles: string[] = [];
  for (const candidate of WHO_CLASSES) {
    titles = await overview.titlesIn(candidate);
    if (titles.length >= 3) {
      whoClass = candidate;
      break;
    }
  }
  expect(whoClass, "the demo has a WHO group with three or more drivers").toBeDefined();
  const [moved, next] = titles as [string, string];

  await test.step("move a driver down: the order changes and focus stays on the button", async () => {
    const moveDown = overview.moveDownButton(moved);
    await tabTo(page, moveDown);
    await expectVisibleFocus(moveDown);
    await page.keyboard.press("Enter");
    await expect(overview.movedStatus(moved)).toBeVisible();
    await expect
      .poll(
        async () => {
          const order = await overview.titlesIn(whoClass!);
          return order.indexOf(moved) - order.indexOf(next);
        },
        { message: `"${moved}" now comes right after "${next}"` },
      )
      .toBe(1);
    await expectVisibleFocus(moveDown);
  });

  await test.step("open the moved driver and add a goal statement", async () => {
    // Back from the move button (Shift+Tab) to the driver's title link.
    const driverLink = overview.driverLink(moved);
    await tabTo(page, driverLink, { backwards: true, maxPresses: 5 });
    await expectVisibleFocus(driverLink);
    await page.keyboard.press("Enter");
    await expect(driver.heading(moved)).toBeVisible();

    const desiredLink = driver.partLink("desired");
    await tabTo(page, desiredLink);
    await expectVisibleFocus(desiredLink);
    await page.keyboard.press("Enter");
    // From the Önskat läge section onwards: past the existing goals' controls to "add".
    await expect(driver.addGoalButton, "the live list has replaced the stored copy").toBeVisible();
    const first = (await driver.goalItems().count()) + 1;
    const texts = [`Tangentbordsmål e2e ${uniqueSuffix()}`, `Andra tangentbordsmålet e2e ${uniqueSuffix()}`];
    for (const [index, text] of texts.entries()) {
      const number = first + index;
      await tabTo(page, driver.addGoalButton, { maxPresses: 150 });
      await expectVisibleFocus(driver.addGoalButton);
      await page.keyboard.press("Enter");
      const goal = driver.goal(number);
      await expect(goal.editor, "the new goal's editor gets focus").toBeFocused();
      await expect(goal.editor.locator("xpath=../.."), "the editor's frame shows focus").toHaveCSS("outline-style", "solid");
      await page.keyboard.type(text);
      await expect(goal.editor).toHaveText(text);
      await expect(page.getByRole("status").filter({ hasText: t("statements.added", { number }) })).toBeAttached();
    }

    // Back (Shift+Tab) through the toolbar and the delete button to "move up", and move it.
    const last = first + 1;
    const moveUp = driver.goal(last).item.getByRole("button", { name: t("statements.moveUp", { number: last }), exact: true });
    await tabTo(page, moveUp, { backwards: true, maxPresses: 6 });
    await expectVisibleFocus(moveUp);
    await page.keyboard.press("Enter");
    const movedGoal = driver.goal(first);
    await expect(movedGoal.editor).toHaveText(texts[1]!);
    await expect(driver.goal(last).editor).toHaveText(texts[0]!);
    await expect(movedGoal.item.locator(":focus"), "focus stays on the moved goal's move button").toHaveCount(1);
    await expect(page.getByRole("status").filter({ hasText: t("statements.moved", { position: first, count: last }) })).toBeAttached();
    await expect(driver.syncState("saved")).toBeVisible();
  });
});
