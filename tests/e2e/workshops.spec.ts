/**
 * Workshop agendas (issue 9, part 1): a facilitator creates a workshop from the dialogue's
 * overview, builds its agenda with timeboxes, applies the suggested order (a driver with an open
 * comment thread goes first, with the reason in words), reorders with the move buttons, with the
 * drag handle and the keyboard, and with the mouse, each surviving a reload; a participant reads
 * the agenda without any control to change it. axe on both pages in Swedish and English. Drivers
 * of the spec's own keep other specs' data out of the suggested order.
 */
import type { Locator, Page } from "@playwright/test";
import { expect, expectNoA11yViolations, test, type Translator } from "./fixtures";
import { CommentsPanel } from "./pages/comments-panel";
import { DriverPage } from "./pages/driver-page";
import { uniqueSuffix } from "./support/demo";
import { createDriver } from "./support/drivers";

function agendaTitles(page: Page, t: Translator): Promise<string[]> {
  return page.getByRole("list", { name: t("workshops.agenda.title"), exact: true }).getByRole("heading", { level: 3 }).allTextContents();
}

/** From the overview: the workshops page, a new workshop, its agenda page. Returns the agenda's path. */
async function createWorkshop(page: Page, t: Translator, dialogueUrl: string, title: string): Promise<string> {
  await page.goto(dialogueUrl);
  await page.getByRole("link", { name: t("workshops.navLink"), exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: t("workshops.title"), exact: true })).toBeVisible();
  const form = page.getByRole("form", { name: t("workshops.form.title"), exact: true });
  await form.getByRole("textbox", { name: t("workshops.form.titleField"), exact: true }).fill(title);
  await form.getByLabel(t("workshops.form.plannedFor"), { exact: true }).fill("2027-03-10T09:00");
  await form.getByRole("button", { name: t("workshops.form.submit"), exact: true }).click();
  await page.waitForURL(/\/workshops\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: title, exact: true })).toBeVisible();
  return new URL(page.url()).pathname;
}

test.describe("workshop agenda (sv)", () => {
  test.use({ appLocale: "sv" });

  test("build an agenda, apply the suggested order, reorder by buttons, keyboard and mouse; a participant reads it", async ({ page, t, demo, signInAsDemo, openPage }) => {
    test.setTimeout(180_000);
    await signInAsDemo(page, "facilitator");
    const suffix = uniqueSuffix().slice(0, 8);
    const [a, b, c] = ["A", "B", "C"].map((letter) => `Agendapunkt ${letter} ${suffix}`) as [string, string, string];
    for (const title of [a, b]) await createDriver(page, t, demo.url, title);
    const cPath = await createDriver(page, t, demo.url, c);

    // C gets an open comment thread: the suggestion should put it first, saying why.
    const driver = new DriverPage(page, t);
    await expect(driver.syncState("saved").or(driver.syncState("live"))).toBeVisible();
    const comments = new CommentsPanel(page, t);
    await comments.startThread(`Behöver diskuteras ${suffix}`);
    await expect(comments.thread(`Behöver diskuteras ${suffix}`).article).toBeVisible();
    expect(cPath).toContain("/drivers/");

    const agendaPath = await createWorkshop(page, t, demo.url, `Workshop ${suffix}`);
    await expect(page.getByText(t("workshops.agenda.empty"), { exact: true })).toBeVisible();

    await test.step("put A, B and C on the agenda with their timeboxes", async () => {
      const form = page.getByRole("form", { name: t("workshops.edit.title"), exact: true });
      // A timebox out of range is refused at its field, and nothing is stored.
      await form.getByRole("checkbox", { name: t("workshops.edit.include", { title: a }), exact: true }).check();
      await form.getByRole("textbox", { name: t("workshops.edit.timebox", { title: a }), exact: true }).fill("300");
      await form.getByRole("button", { name: t("workshops.edit.submit"), exact: true }).click();
      const timeboxA = form.getByRole("textbox", { name: t("workshops.edit.timebox", { title: a }), exact: true });
      await expect(timeboxA).toHaveAttribute("aria-invalid", "true");
      await expect(timeboxA).toBeFocused();
      await expect(form.getByText(t("validation.tooBig", { max: 240 }), { exact: true })).toBeVisible();
      expect(await agendaTitles(page, t)).toEqual([]);

      await timeboxA.fill("20");
      await form.getByRole("checkbox", { name: t("workshops.edit.include", { title: b }), exact: true }).check();
      await form.getByRole("textbox", { name: t("workshops.edit.timebox", { title: b }), exact: true }).fill("30");
      await form.getByRole("checkbox", { name: t("workshops.edit.include", { title: c }), exact: true }).check();
      await form.getByRole("textbox", { name: t("workshops.edit.timebox", { title: c }), exact: true }).fill("15");
      await form.getByRole("button", { name: t("workshops.edit.submit"), exact: true }).click();
      await expect(form.getByRole("status")).toHaveText(t("workshops.edit.saved"));
      await expect.poll(() => agendaTitles(page, t)).toEqual([a, b, c]);
      await expect(page.getByText(t("workshops.agenda.total", { minutes: 65 }), { exact: true })).toBeVisible();
    });

    await test.step("the suggested order puts C before A and B, with its reasons in words, and applying it reorders the agenda", async () => {
      const panel = page.getByRole("region", { name: t("workshops.suggestion.title"), exact: true });
      // The suggestion ranks every driver of the shared demo dialogue, which other specs give
      // threads and stances too: what this journey controls is C against A and B.
      const rankA = await suggestedRank(panel, t, a);
      const rankB = await suggestedRank(panel, t, b);
      const rankC = await suggestedRank(panel, t, c);
      expect(rankC).toBeLessThan(rankA);
      expect(rankC).toBeLessThan(rankB);
      const itemC = panel.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: `${t("workshops.suggestion.rank", { rank: rankC })}: ${c}`, exact: true }) });
      await expect(itemC).toBeVisible();
      await expect(itemC).toContainText(t("dialogues.overview.openThreads", { count: 1 }));
      await expect(itemC).toContainText(t("workshops.suggestion.noStances"));
      await expect(itemC).toContainText(t("workshops.suggestion.noGap"));
      await expectNoA11yViolations(page, { label: "workshop agenda (facilitator)" });

      const apply = page.getByRole("button", { name: t("workshops.suggestion.apply"), exact: true });
      await apply.click();
      await expect(page.getByRole("status").filter({ hasText: t("workshops.suggestion.applied") })).toBeAttached();
      await expect.poll(() => agendaTitles(page, t)).toEqual([c, a, b]);
      await expect(apply).toBeFocused();
      await expect(page.getByText(t("workshops.suggestion.alreadyApplied"), { exact: true })).toBeVisible();
    });

    await test.step("move C down with the keyboard's move button; focus stays on it", async () => {
      const down = page.getByRole("button", { name: t("dialogues.overview.moveDown", { title: c }), exact: true });
      await down.focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => agendaTitles(page, t)).toEqual([a, c, b]);
      await expect(down).toBeFocused();
      await page.reload();
      await expect.poll(() => agendaTitles(page, t)).toEqual([a, c, b]);
    });

    const handle = (title: string) => page.getByRole("button", { name: t("dialogues.overview.drag.handle", { title }), exact: true });
    const saved = page.getByRole("status").filter({ hasText: t("dialogues.overview.drag.saved") });

    await test.step("lift B with the drag handle and the keyboard, move it up, drop it", async () => {
      await handle(b).focus();
      await page.keyboard.press("Space");
      await expect(handle(b)).toHaveAttribute("aria-pressed", "true");
      await page.keyboard.press("ArrowUp");
      await expect(page.getByRole("status").filter({ hasText: t("dialogues.overview.drag.over", { title: b, position: 2, count: 3 }) })).toBeAttached();
      await page.keyboard.press("Space");
      await expect(page.getByText(t("dialogues.overview.drag.dropped", { title: b, position: 2, count: 3 }))).toBeAttached();
      await expect.poll(() => agendaTitles(page, t)).toEqual([a, b, c]);
      await expect(saved).toBeVisible();
      await page.reload();
      await expect.poll(() => agendaTitles(page, t)).toEqual([a, b, c]);
    });

    await test.step("drag C above A with the mouse", async () => {
      await handle(a).evaluate((element) => element.scrollIntoView({ block: "start" }));
      const from = await handle(c).boundingBox();
      const to = await handle(a).boundingBox();
      if (!from || !to) throw new Error("drag handles are not visible");
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 - 5, { steps: 10 });
      await page.mouse.up();
      await expect.poll(() => agendaTitles(page, t)).toEqual([c, a, b]);
      await expect(saved).toBeVisible();
      await page.reload();
      await expect.poll(() => agendaTitles(page, t)).toEqual([c, a, b]);
    });

    await test.step("a participant reads the agenda and the suggestion, with nothing to change", async () => {
      const participant = await openPage({ as: "region" });
      await participant.goto(agendaPath);
      await expect.poll(() => agendaTitles(participant, t)).toEqual([c, a, b]);
      await expect(participant.getByText(t("workshops.agenda.readOnly"), { exact: true })).toBeVisible();
      await expect(participant.getByText(t("workshops.agenda.total", { minutes: 65 }), { exact: true })).toBeVisible();
      await expect(participant.getByRole("region", { name: t("workshops.suggestion.title"), exact: true })).toBeVisible();
      await expect(participant.getByRole("button", { name: t("dialogues.overview.drag.handle", { title: a }), exact: true })).toHaveCount(0);
      await expect(participant.getByRole("button", { name: t("dialogues.overview.moveDown", { title: c }), exact: true })).toHaveCount(0);
      await expect(participant.getByRole("button", { name: t("workshops.suggestion.apply"), exact: true })).toHaveCount(0);
      await expect(participant.getByRole("form", { name: t("workshops.edit.title"), exact: true })).toHaveCount(0);
      await expectNoA11yViolations(participant, { label: "workshop agenda (participant)" });

      await participant.getByRole("link", { name: t("workshops.agenda.backToList"), exact: true }).click();
      await expect(participant.getByRole("link", { name: `Workshop ${suffix}`, exact: true })).toBeVisible();
      await expect(participant.getByRole("form", { name: t("workshops.form.title"), exact: true })).toHaveCount(0);
      await expectNoA11yViolations(participant, { label: "workshops list (participant)" });
    });
  });
});

test.describe("workshop agenda (en)", () => {
  test.use({ appLocale: "en" });

  test("create a workshop and an agenda in English; axe on both pages", async ({ page, t, demo, signInAsDemo }) => {
    test.setTimeout(120_000);
    await signInAsDemo(page, "facilitator");
    const suffix = uniqueSuffix().slice(0, 8);
    const title = `Agenda item ${suffix}`;
    await createDriver(page, t, demo.url, title);
    await page.goto(`${demo.url}/workshops`);
    await expectNoA11yViolations(page, { label: "workshops list (en)" });
    await createWorkshop(page, t, demo.url, `Workshop ${suffix}`);
    const form = page.getByRole("form", { name: t("workshops.edit.title"), exact: true });
    await form.getByRole("checkbox", { name: t("workshops.edit.include", { title }), exact: true }).check();
    await form.getByRole("textbox", { name: t("workshops.edit.timebox", { title }), exact: true }).fill("45");
    await form.getByRole("button", { name: t("workshops.edit.submit"), exact: true }).click();
    await expect.poll(() => agendaTitles(page, t)).toEqual([title]);
    await expect(page.getByText(t("workshops.agenda.total", { minutes: 45 }), { exact: true })).toBeVisible();
    await expect(page.getByText(t("workshops.agenda.timebox", { minutes: 45 }), { exact: true })).toBeVisible();
    await expectNoA11yViolations(page, { label: "workshop agenda (en)" });
    await page.getByRole("link", { name: t("workshops.agenda.backToList"), exact: true }).click();
    await expect(page.getByText(t("workshops.summary", { items: 1, minutes: 45 }), { exact: true }).first()).toBeVisible();
  });
});

/** A driver's place in the suggested order, read from its heading ("Plats 3: …"). */
async function suggestedRank(panel: Locator, t: Translator, title: string): Promise<number> {
  const headings = panel.getByRole("heading", { level: 3 });
  const names = await headings.allInnerTexts();
  const rank = names.findIndex((name) => name.trim().endsWith(`: ${title}`)) + 1;
  expect(rank, `${title} is in the suggested order`).toBeGreaterThan(0);
  expect(names[rank - 1]!.trim()).toBe(`${t("workshops.suggestion.rank", { rank })}: ${title}`);
  return rank;
}
