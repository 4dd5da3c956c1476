/**
 * Private writing and dot voting (issue 9, parts 3 and 4) and the session record (part 6): a
 * facilitator with two participants. The facilitator asks a question; each participant answers
 * privately (neither sees the other's answer, the facilitator sees only how many answered); the
 * reveal shows every answer; one becomes a goal statement on the driver in one step. Then a dot
 * vote: dots are placed with + and typed, too many are refused with a clear message, the results
 * stay hidden from participants until revealed. The session record shows what happened. axe (no
 * serious or critical violations) on every page and state, in Swedish and English.
 */
import type { Locator, Page } from "@playwright/test";
import { expect, expectNoA11yViolations, test, type Translator } from "./fixtures";
import { DriverPage } from "./pages/driver-page";
import { uniqueSuffix } from "./support/demo";

/** Seen live: the workshop room pushes the change to an open page, which is never reloaded for it. */
async function seeLive(locator: Locator): Promise<void> {
  await expect(locator).toBeVisible({ timeout: 8_000 });
}

async function createWorkshop(page: Page, t: Translator, dialogueUrl: string, title: string): Promise<string> {
  await page.goto(`${dialogueUrl}/workshops`);
  const form = page.getByRole("form", { name: t("workshops.form.title"), exact: true });
  await form.getByRole("textbox", { name: t("workshops.form.titleField"), exact: true }).fill(title);
  await form.getByRole("button", { name: t("workshops.form.submit"), exact: true }).click();
  await page.waitForURL(/\/workshops\/[0-9a-f-]{36}$/);
  await page.getByRole("link", { name: t("workshops.activity.link"), exact: true }).click();
  await page.waitForURL(/\/activity$/);
  return new URL(page.url()).pathname;
}

for (const locale of ["sv", "en"] as const) {
  test.describe(`workshop writing and voting (${locale})`, () => {
    test.use({ appLocale: locale });

    test("private writing and reveal, an answer made a goal, a dot vote and its reveal, the session record", async ({ page, t, demo, signInAsDemo, openPage }) => {
      test.setTimeout(240_000);
      const suffix = uniqueSuffix().slice(0, 8);
      await signInAsDemo(page, "facilitator");
      const activityPath = await createWorkshop(page, t, demo.url, `Workshop ${suffix}`);
      await expectNoA11yViolations(page, { label: `activity, nothing open (facilitator, ${locale})` });

      const question = `Vilket gap är viktigast att stänga? ${suffix}`;
      await test.step("the facilitator asks a question about the driver", async () => {
        const form = page.getByRole("form", { name: t("workshops.activity.prompt.openTitle"), exact: true });
        await form.getByRole("textbox", { name: t("workshops.activity.prompt.question") }).fill(question);
        await form.getByRole("combobox", { name: t("workshops.activity.prompt.driver"), exact: true }).selectOption({ label: demo.driverTitle });
        await form.getByRole("button", { name: t("workshops.activity.prompt.open"), exact: true }).click();
        await expect(page.getByTestId("prompt-question")).toHaveText(question);
      });

      const region = await openPage({ as: "region" });
      const kommun = await openPage({ as: "kommun" });
      const regionAnswer = `Specialistsjuksköterskor ${suffix}`;
      const kommunAnswer = `Arbetsmiljön i hemtjänsten ${suffix}`;
      await test.step("each participant answers privately", async () => {
        for (const [participant, answer] of [
          [region, regionAnswer],
          [kommun, kommunAnswer],
        ] as const) {
          await participant.goto(activityPath);
          await expect(participant.getByTestId("prompt-question")).toHaveText(question);
          const form = participant.getByRole("form", { name: t("workshops.activity.prompt.answerForm"), exact: true });
          await form.getByRole("textbox", { name: t("workshops.activity.prompt.yourAnswer") }).fill(answer);
          await form.getByRole("button", { name: t("workshops.activity.prompt.save"), exact: true }).click();
          await expect(form.getByRole("status")).toHaveText(t("workshops.activity.prompt.saved"));
        }
        await expectNoA11yViolations(region, { label: `activity, answer saved (participant, ${locale})` });
        await region.reload();
        await expect(region.getByText(kommunAnswer)).toHaveCount(0);
        await expect(kommun.getByText(regionAnswer)).toHaveCount(0);
        await seeLive(page.getByTestId("answered-count").getByText(t("workshops.activity.prompt.answered", { count: 2 }), { exact: true }));
        await expect(page.getByText(regionAnswer)).toHaveCount(0);
        await expectNoA11yViolations(page, { label: `activity, answers in (facilitator, ${locale})` });
      });

      await test.step("the facilitator reveals all answers; everyone sees them", async () => {
        await page.getByRole("button", { name: t("workshops.activity.prompt.reveal"), exact: true }).click();
        await expect(page.getByText(regionAnswer)).toBeVisible();
        await seeLive(kommun.getByText(regionAnswer));
        await expect(kommun.getByText(kommunAnswer)).toBeVisible();
        await expectNoA11yViolations(kommun, { label: `activity, answers revealed (participant, ${locale})` });
      });

      await test.step("one answer becomes a goal statement of the driver in one step", async () => {
        const item = page.getByRole("listitem").filter({ hasText: regionAnswer });
        await item.getByText(t("workshops.activity.use.summary"), { exact: true }).click();
        await item.getByRole("combobox", { name: t("workshops.activity.use.as"), exact: true }).selectOption("goal");
        await item.getByRole("combobox", { name: t("workshops.activity.use.driver"), exact: true }).selectOption({ label: demo.driverTitle });
        await item.getByRole("button", { name: t("workshops.activity.use.submit"), exact: true }).click();
        await expect(item.getByRole("status")).toHaveText(t("workshops.activity.use.done"));
        await expectNoA11yViolations(page, { label: `activity, answers revealed (facilitator, ${locale})` });
        const driverPage = await openPage({ as: "facilitator" });
        await driverPage.goto(demo.driverUrl);
        await expect(new DriverPage(driverPage, t).statement(regionAnswer)).toBeVisible();
        await driverPage.close();
      });

      const voteTitle = `Viktigaste drivkraften ${suffix}`;
      await test.step("the facilitator opens a dot vote over the drivers, 3 dots each", async () => {
        // Without a vote yet, the form is open (a later vote is started from the same details, closed by default).
        const form = page.getByRole("form", { name: t("workshops.activity.vote.openTitle"), exact: true });
        await form.getByRole("textbox", { name: t("workshops.activity.vote.question") }).fill(voteTitle);
        await form.getByRole("radio", { name: t("workshops.activity.vote.targetKinds.driver"), exact: true }).check();
        await form.getByRole("textbox", { name: t("workshops.activity.vote.dots") }).fill("3");
        await form.getByRole("button", { name: t("workshops.activity.vote.open"), exact: true }).click();
        await expect(page.getByTestId("vote-title")).toHaveText(voteTitle);
      });

      await test.step("participants place their dots; too many are refused; results stay hidden", async () => {
        await seeLive(region.getByTestId("vote-title"));
        const form = region.getByRole("form", { name: t("workshops.activity.vote.allocationForm"), exact: true });
        const target = form.getByRole("group", { name: demo.driverTitle });
        await expect(form.getByTestId("dots-left")).toHaveText(t("workshops.activity.vote.left", { count: 3, total: 3 }));
        await target.getByRole("button", { name: t("workshops.activity.vote.add", { target: demo.driverTitle }), exact: true }).click();
        await target.getByRole("button", { name: t("workshops.activity.vote.add", { target: demo.driverTitle }), exact: true }).click();
        await expect(form.getByTestId("dots-left")).toHaveText(t("workshops.activity.vote.left", { count: 1, total: 3 }));
        const field = target.getByRole("spinbutton", { name: t("workshops.activity.vote.dotsOn", { target: demo.driverTitle }), exact: true });
        // Two more dots typed on another driver: one too many, announced, and refused by the server whole.
        const other = form.getByRole("group").filter({ hasNotText: demo.driverTitle }).first().getByRole("spinbutton");
        await other.fill("2");
        await expect(form.getByTestId("dots-left")).toHaveText(t("workshops.activity.vote.overBy", { count: 1 }));
        await form.getByRole("button", { name: t("workshops.activity.vote.save"), exact: true }).click();
        await expect(form.getByText(t("validation.tooManyDots", { max: 3, total: 4 }), { exact: true })).toBeVisible();
        await other.fill("0");
        await field.fill("3");
        await form.getByRole("button", { name: t("workshops.activity.vote.save"), exact: true }).click();
        await expect(form.getByRole("status").last()).toHaveText(t("workshops.activity.vote.saved"));
        await expect(region.getByTestId("vote-results")).toHaveCount(0);
        await expect(region.getByText(t("workshops.activity.vote.hidden"), { exact: true })).toBeVisible();
        await expectNoA11yViolations(region, { label: `activity, vote open (participant, ${locale})` });

        await seeLive(kommun.getByTestId("vote-title"));
        const kommunForm = kommun.getByRole("form", { name: t("workshops.activity.vote.allocationForm"), exact: true });
        await kommunForm.getByRole("group", { name: demo.driverTitle }).getByRole("button", { name: t("workshops.activity.vote.add", { target: demo.driverTitle }), exact: true }).click();
        await kommunForm.getByRole("button", { name: t("workshops.activity.vote.save"), exact: true }).click();
        await expect(kommunForm.getByRole("status").last()).toHaveText(t("workshops.activity.vote.saved"));
        await seeLive(page.getByTestId("vote-turnout").getByText(t("workshops.activity.vote.turnout", { voters: 2, dots: 4 }), { exact: true }));
        await expectNoA11yViolations(page, { label: `activity, vote open (facilitator, ${locale})` });
      });

      await test.step("the facilitator reveals the result; participants see it as a table", async () => {
        await page.getByRole("button", { name: t("workshops.activity.vote.reveal"), exact: true }).click();
        await seeLive(region.getByTestId("vote-results"));
        const row = region.getByTestId("vote-results").getByRole("row").filter({ hasText: demo.driverTitle });
        await expect(row.getByRole("cell").nth(0)).toHaveText("1");
        await expect(row).toContainText("4");
        await expectNoA11yViolations(region, { label: `activity, vote revealed (participant, ${locale})` });
      });

      await test.step("the session record keeps the prompt, the answers, the vote's result and the goal made", async () => {
        await region.goto(activityPath.replace(/\/activity$/, "/record"));
        await expect(region.getByRole("heading", { level: 1 })).toContainText(t("workshops.record.title"));
        await expect(region.getByRole("heading", { name: question })).toBeVisible();
        await expect(region.getByText(kommunAnswer)).toBeVisible();
        await expect(region.getByRole("heading", { name: voteTitle })).toBeVisible();
        await expect(region.getByTestId("vote-results")).toBeVisible();
        await expect(region.getByText(regionAnswer).last()).toBeVisible();
        await expectNoA11yViolations(region, { label: `session record (${locale})` });
      });
    });
  });
}
