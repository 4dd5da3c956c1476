/**
 * Live co-editing of a driver, in real browsers against the real collaboration server: two people
 * of different organisations in two browser contexts, and an observer in a third.
 *
 * Going offline is `context.setOffline(true)`: the page's `offline` event makes the client close
 * its websocket and stop reconnecting until `online`. That the socket is really cut is checked,
 * not assumed: an edit committed on the server while one person is offline (the author already
 * sees "Sparat") must NOT reach that person, and their offline edit must not reach the others,
 * until they are back.
 */
import type { Page } from "@playwright/test";
import { expect, expectNoA11yViolations, test, type Translator } from "./fixtures";
import { DriverPage } from "./pages/driver-page";
import { DEMO_DIALOGUE, demoUser, uniqueSuffix } from "./support/demo";
import { createDriver } from "./support/drivers";

/** "Within 1 s" of the action that caused it. */
const LIVE = { timeout: 1_000 };

const karin = demoUser("facilitator");
const anders = demoUser("region");

async function openDriver(page: Page, t: Translator, url: string): Promise<DriverPage> {
  if (new URL(page.url()).pathname !== url) await page.goto(url);
  const driver = new DriverPage(page, t);
  await expect(driver.syncState("saved")).toBeVisible();
  return driver;
}

test.describe("live co-editing", () => {
  test("two organisations edit one goal: text and named carets within 1 s; offline edits are kept, guarded and merged; an observer follows", async ({
    openPage,
    t,
    demo,
  }) => {
    // Three browser contexts and a whole story: about 35 s alone, more beside another worker.
    test.setTimeout(150_000);
    const run = uniqueSuffix();
    const karinPage = await openPage({ as: "facilitator" });
    const driverUrl = await createDriver(karinPage, t, demo.url, `E2E samskrivning ${run}`);
    const andersPage = await openPage({ as: "region" });
    const observerPage = await openPage({ as: "observer" });
    const [karinView, andersView] = [await openDriver(karinPage, t, driverUrl), await openDriver(andersPage, t, driverUrl)];
    await observerPage.goto(driverUrl);
    const observerView = new DriverPage(observerPage, t);

    await test.step("each sees who is here, with their organisation", async () => {
      for (const view of [karinView, andersView, observerView]) {
        await expect(view.presence).toContainText(t("collab.presence.person", { name: karin.name, organisation: karin.organisationName }));
        await expect(view.presence).toContainText(t("collab.presence.person", { name: anders.name, organisation: anders.organisationName }));
      }
    });

    // Short texts: the driver is this test's own, and typing is per key, so length is time.
    const first = "Karin skriver.";
    const second = " Anders fyller i.";
    const number = await test.step("both write in the same goal statement and see each other's text and caret", async () => {
      const added = await karinView.addGoal(first);
      await expect(karinView.goal(added).editor).toHaveText(first);
      await expect(andersView.goal(added).editor).toHaveText(first, LIVE);

      await andersView.goal(added).editor.click();
      await andersPage.keyboard.press("End");
      await andersPage.keyboard.type(second);
      await expect(karinView.goal(added).editor).toHaveText(first + second, LIVE);
      await expect(karinView.goal(added).caretOf(anders.name)).toBeVisible(LIVE);
      await expect(karinView.presence).toContainText(t("collab.presence.editing", { part: t("statements.item", { number: added }) }));

      await karinView.goal(added).editor.click();
      await karinPage.keyboard.press("End");
      await expect(andersView.goal(added).caretOf(karin.name)).toBeVisible(LIVE);
      return added;
    });

    await test.step("the observer follows live and has no editable editor", async () => {
      await expect(observerView.goal(number).item).toContainText(first + second);
      await expect(observerView.syncState("live")).toBeVisible();
      await expect(observerPage.locator('[contenteditable="true"]')).toHaveCount(0);
      await expect(observerPage.getByRole("textbox")).toHaveCount(0);
      await expect(observerView.goal(number).caretOf(karin.name), "carets show to observers too").toBeVisible();
    });

    const offlineText = " Offline av Anders.";
    const onlineText = " Under tiden Karin.";
    await test.step("Anders goes offline and writes; nothing crosses the cut socket", async () => {
      await andersPage.context().setOffline(true);
      await expect(andersView.syncState("offline")).toBeVisible();
      await expect(andersView.syncState("offline")).toHaveText(t("collab.status.offline"));
      await andersView.goal(number).editor.click();
      await andersPage.keyboard.press("End");
      await andersPage.keyboard.type(offlineText);
      await expect(andersView.syncState("offline")).toBeVisible();

      await karinView.section("nulage").scrollIntoViewIfNeeded();
      await karinView.editor("nulage").click();
      await karinPage.keyboard.type(onlineText);
      await expect(karinView.syncState("saved"), "Karin's edit is committed on the server").toBeVisible();
      await expect(andersView.editor("nulage"), "it cannot reach Anders while he is offline").not.toContainText(onlineText);
      await expect(karinView.goal(number).editor).not.toContainText(offlineText);
      await expect(observerView.goal(number).item).not.toContainText(offlineText);
    });

    await test.step("leaving with unsaved edits asks first: closing the tab, and an in-app link", async () => {
      const leaving = andersPage.waitForEvent("dialog");
      // A reload started by the page itself: the browser asks through beforeunload first.
      await andersPage.evaluate(() => {
        setTimeout(() => window.location.reload(), 0);
      });
      const beforeUnload = await leaving;
      expect(beforeUnload.type()).toBe("beforeunload");
      await beforeUnload.dismiss();
      await expect(andersView.goal(number).editor).toContainText(offlineText);

      const asked = andersPage.waitForEvent("dialog");
      // The click returns only once the page's confirm() has been answered.
      const clicking = andersPage.getByRole("link", { name: DEMO_DIALOGUE.planningQuestion, exact: true }).click();
      const confirm = await asked;
      expect(confirm.type()).toBe("confirm");
      expect(confirm.message()).toBe(t("collab.leaveWarning"));
      await confirm.dismiss();
      await clicking;
      expect(new URL(andersPage.url()).pathname).toBe(driverUrl);
    });

    await test.step("back online, both copies converge and show Sparat", async () => {
      await andersPage.context().setOffline(false);
      await expect(andersView.syncState("saved")).toBeVisible();
      await expect(karinView.goal(number).editor).toHaveText(first + second + offlineText);
      await expect(andersView.goal(number).editor).toHaveText(first + second + offlineText);
      await expect(andersView.editor("nulage")).toContainText(onlineText.trim());
      await expect(observerView.goal(number).item).toContainText(offlineText.trim());
      await expect(karinView.syncState("saved")).toBeVisible();
    });

    await test.step("the edits are stored: a reload shows them", async () => {
      await andersPage.reload();
      await expect(andersView.goal(number).editor).toHaveText(first + second + offlineText);
    });
  });

  test("moving a goal with the drag handle and the keyboard, and removing one after confirming, changes the list for everyone", async ({ openPage, t, demo }) => {
    const run = uniqueSuffix();
    const karinPage = await openPage({ as: "facilitator" });
    const driverUrl = await createDriver(karinPage, t, demo.url, `E2E flytt ${run}`);
    const karinView = await openDriver(karinPage, t, driverUrl);
    const andersView = await openDriver(await openPage({ as: "region" }), t, driverUrl);
    const texts = ["Först", "Sedan"];
    for (const text of texts) await karinView.addGoal(text);
    await expect(andersView.goal(2).editor).toHaveText(texts[1]!);

    const handle = karinView.section("desired").getByRole("button", { name: t("statements.dragHandle", { number: 2 }), exact: true });
    const announced = (key: "pickedUp" | "over" | "dropped", position: number) =>
      karinPage.getByText(t(`liveList.${key}`, { item: t("statements.item", { number: 2 }), position, count: 2 }), { exact: true });
    await handle.focus();
    await karinPage.keyboard.press("Space");
    await expect(handle).toHaveAttribute("aria-pressed", "true");
    await expect(announced("over", 2)).toBeAttached();
    await karinPage.keyboard.press("ArrowUp");
    await expect(announced("over", 1)).toBeAttached();
    await karinPage.keyboard.press("Space");
    await expect(announced("dropped", 1)).toBeAttached();
    await expect(karinView.goal(1).editor).toHaveText(texts[1]!);
    await expect(andersView.goal(1).editor).toHaveText(texts[1]!, LIVE);
    await expect(andersView.goal(2).editor).toHaveText(texts[0]!);

    // Removing asks first; "Avbryt" keeps the goal, confirming removes it for everyone.
    const confirmation = karinPage.getByRole("dialog", { name: t("statements.removeTitle", { number: 1 }), exact: true });
    await karinView.goal(1).removeButton.click();
    await expect(confirmation).toBeVisible();
    await expect(confirmation.getByRole("button", { name: t("liveList.cancel"), exact: true }), "the safe choice has focus").toBeFocused();
    await karinPage.keyboard.press("Enter");
    await expect(confirmation).toBeHidden();
    await expect(karinView.goal(1).removeButton, "focus returns to the button that asked").toBeFocused();
    await expect(karinView.goalItems()).toHaveCount(2);
    await karinView.goal(1).removeButton.click();
    await confirmation.getByRole("button", { name: t("liveList.confirmRemove"), exact: true }).click();
    await expect(karinView.goalItems()).toHaveCount(1);
    await expect(karinView.addGoalButton, "focus moves to adding, as the item is gone").toBeFocused();
    await expect(karinPage.getByRole("status").filter({ hasText: t("statements.removed", { number: 1 }) })).toBeAttached();
    await expect(andersView.goalItems()).toHaveCount(1, LIVE);
    await expect(andersView.goal(1).editor).toHaveText(texts[0]!);
  });

  test("signing out deletes the browser's local copies of driver documents", async ({ page, t, signInAsDemo, demo }) => {
    await signInAsDemo(page, "region");
    await openDriver(page, t, demo.driverUrl);
    const localCopies = () =>
      page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? "").filter((name) => name.startsWith("samsyn-driver:")));
    await expect.poll(localCopies, { message: "the open driver has a local copy" }).toHaveLength(1);
    await page.getByRole("button", { name: t("nav.signOut"), exact: true }).click();
    await page.waitForURL("**/login");
    expect(await localCopies()).toEqual([]);
  });
});

for (const locale of ["sv", "en"] as const) {
  test.describe(`axe on the live driver page [${locale}]`, () => {
    test.use({ appLocale: locale });

    test("with presence, carets and editors active: no serious or critical WCAG 2.1 A/AA violation", async ({ openPage, t, demo }) => {
      // Two contexts and two axe runs on the biggest page: about 40 s alone, more beside another worker.
      test.setTimeout(150_000);
      const run = uniqueSuffix();
      const karinPage = await openPage({ as: "facilitator" });
      const driverUrl = await createDriver(karinPage, t, demo.url, `E2E axe ${locale} ${run}`);
      const karinView = await openDriver(karinPage, t, driverUrl);
      const andersPage = await openPage({ as: "region" });
      const andersView = await openDriver(andersPage, t, driverUrl);
      await karinView.addGoal("Mål");
      await karinView.addAction("Åtgärd");
      await andersView.goal(1).editor.click();
      await andersPage.keyboard.press("End");
      await expect(karinView.goal(1).caretOf(anders.name)).toBeVisible();
      await expect(karinView.presence).toContainText(t("collab.presence.editing", { part: t("statements.item", { number: 1 }) }));
      await karinView.goal(1).targetToggle.click();
      await expect(karinPage.locator("html")).toHaveAttribute("lang", locale);
      await expectNoA11yViolations(karinPage, { label: `live driver page with presence [${locale}]` });
      await expectNoA11yViolations(andersPage, { label: `live driver page, the other person [${locale}]` });
    });
  });
}
