/**
 * Reordering drivers by drag and drop on the overview: with the mouse, and with the drag handle
 * and the keyboard (space, arrows, space). The new order shows at once, is announced, and is
 * stored (it survives a reload). A dialogue of its own keeps other specs' reorders out.
 */
import { expect, test } from "./fixtures";
import { DialogueOverviewPage } from "./pages/dialogue-overview-page";
import { DriverFormPage } from "./pages/driver-form-page";
import { uniqueSuffix } from "./support/demo";

test("a facilitator reorders drivers by dragging, with the mouse and with the keyboard", async ({ page, t, signInAsDemo }) => {
  await signInAsDemo(page, "facilitator");
  const suffix = uniqueSuffix();

  await page.goto("/dialogues/new");
  await page.getByRole("textbox", { name: t("dialogues.form.planningQuestion"), exact: true }).fill(`Ordning ${suffix}`);
  await page.getByRole("combobox", { name: t("dialogues.form.organisation"), exact: true }).selectOption({ label: "Socialstyrelsen (Myndighet)" });
  await page.getByRole("button", { name: t("dialogues.new.submit"), exact: true }).click();
  await page.waitForURL(/\/dialogues\/[0-9a-f-]{36}$/);
  const overviewUrl = page.url();

  const titles = ["A", "B", "C"].map((letter) => `Drivkraft ${letter} ${suffix}`);
  const form = new DriverFormPage(page, t);
  for (const title of titles) {
    await page.goto(`${overviewUrl}/drivers/new`);
    await form.create({ title, whoClass: "within", careArea: "sjukvard" });
    await page.waitForURL(/\/drivers\/[0-9a-f-]{36}$/);
  }
  const [a, b, c] = titles as [string, string, string];
  const overview = new DialogueOverviewPage(page, t);
  const saved = page.getByRole("status").filter({ hasText: t("dialogues.overview.drag.saved") });
  const handle = (title: string) => page.getByRole("button", { name: t("dialogues.overview.drag.handle", { title }), exact: true });

  await page.goto(overviewUrl);
  await expect.poll(() => overview.titlesIn("within")).toEqual([a, b, c]);

  await test.step("drag C above A with the mouse", async () => {
    // Both handles on screen: a pointer cannot press what lies below the fold.
    await handle(a).evaluate((element) => element.scrollIntoView({ block: "start" }));
    const from = await handle(c).boundingBox();
    const to = await handle(a).boundingBox();
    if (!from || !to) throw new Error("drag handles are not visible");
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    // Several steps: the pointer sensor starts a drag only after 5 px of movement.
    await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 - 5, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => overview.titlesIn("within")).toEqual([c, a, b]);
    await expect(saved).toBeVisible();
    await page.reload();
    await expect.poll(() => overview.titlesIn("within")).toEqual([c, a, b]);
  });

  await test.step("move A down with the handle and the keyboard", async () => {
    await handle(a).focus();
    await page.keyboard.press("Space");
    // Picked up: the handle is pressed, and the live region follows the card (dnd-kit announces
    // "picked up", then at once where it is over).
    await expect(handle(a)).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("status").filter({ hasText: t("dialogues.overview.drag.over", { title: a, position: 2, count: 3 }) })).toBeAttached();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("status").filter({ hasText: t("dialogues.overview.drag.over", { title: a, position: 3, count: 3 }) })).toBeAttached();
    await page.keyboard.press("Space");
    await expect(page.getByText(t("dialogues.overview.drag.dropped", { title: a, position: 3, count: 3 }))).toBeAttached();
    await expect.poll(() => overview.titlesIn("within")).toEqual([c, b, a]);
    await expect(saved).toBeVisible();
    await page.reload();
    await expect.poll(() => overview.titlesIn("within")).toEqual([c, b, a]);
  });
});
