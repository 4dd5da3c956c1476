/**
 * Asynchronous rounds (issue 7), in real browsers against the real server and its scheduler:
 * - a stance round: the facilitator plans it through the form → two organisations answer from
 *   "Att göra", one objects (first without a reason, refused) → the divergence view shows both
 *   reasons → the round closes at its deadline by itself → the matrix and its CSV show the answers
 *   → the facilitator marks the driver agreed (its stances frozen with it) → a later edit shows a
 *   diff against the agreed version;
 * - managing a planned round in English: the banner on the driver, a new deadline, closing early,
 *   reopening as a new round, and the audit log;
 * - axe on the round, "Att göra" and divergence pages, in Swedish and English.
 */
import type { Page } from "@playwright/test";
import { dateToStockholmLocal } from "../../lib/model/round";
import { expect, expectNoA11yViolations, test, type Translator } from "./fixtures";
import { DriverPage } from "./pages/driver-page";
import { demoUser, uniqueSuffix } from "./support/demo";
import { createDriver } from "./support/drivers";

const MINUTE = 60_000;
const anders = demoUser("region");
const maria = demoUser("kommun");

interface PlannedRound {
  title: string;
  kind: "comment" | "suggestion" | "stance";
  driverTitle: string;
  organisations: string[];
  opensAt: Date;
  closesAt: Date;
}

/** Plans a round through the form as the signed-in facilitator of `page`; returns the round's path. */
async function planRound(page: Page, t: Translator, dialogueUrl: string, round: PlannedRound): Promise<string> {
  await page.goto(`${dialogueUrl}/rounds/new`);
  await expect(page.getByRole("heading", { level: 1, name: t("rounds.form.title") })).toBeVisible();
  await page.getByRole("radio", { name: t(`rounds.kind.${round.kind}`) }).check();
  await page.getByLabel(t("rounds.form.titleField")).fill(round.title);
  await page.getByRole("checkbox", { name: round.driverTitle, exact: true }).check();
  for (const organisation of round.organisations) await page.getByRole("checkbox", { name: organisation, exact: true }).check();
  await page.getByLabel(t("rounds.form.opensAt")).fill(dateToStockholmLocal(round.opensAt));
  await page.getByLabel(t("rounds.form.closesAt")).fill(dateToStockholmLocal(round.closesAt));
  await page.getByRole("button", { name: t("rounds.form.submit") }).click();
  await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: round.title })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Gives the stance of the signed-in participant's organisation on the driver page. */
async function giveStance(page: Page, t: Translator, value: "support" | "accept" | "object", reason: string) {
  const form = page.getByRole("form", { name: t("stances.form.title") });
  await form.getByRole("radio", { name: t(`stances.value.${value}`) }).check();
  await form.getByLabel(t("stances.form.reason")).fill(reason);
  await form.getByRole("button", { name: t("stances.form.submit") }).click();
}

test.describe("rounds", () => {
  test("a stance round: two organisations answer, one objects with a reason, the round closes at its deadline and the matrix shows it", async ({ openPage, t, demo }) => {
    test.setTimeout(300_000);
    const run = uniqueSuffix().slice(0, 8);
    const karin = await openPage({ as: "facilitator" });
    const driverTitle = `E2E ställningstagande ${run}`;
    const driverUrl = await createDriver(karin, t, demo.url, driverTitle);
    const goal = `Fler specialistsjuksköterskor i regionen ${run}`;
    const karinDriver = new DriverPage(karin, t);
    await karinDriver.addGoal(goal);
    await expect(karinDriver.syncState("saved")).toBeVisible({ timeout: 10_000 });
    // Whole minutes (the form's precision): closing at the start of the minute after next leaves a
    // minute or more to answer in, and the round then closes by itself within about two.
    const now = Date.now();
    const closesAt = new Date(Math.floor(now / MINUTE) * MINUTE + 3 * MINUTE);
    const roundTitle = `Remissrunda ${run}`;
    const roundPath = await planRound(karin, t, demo.url, {
      title: roundTitle,
      kind: "stance",
      driverTitle,
      organisations: [anders.organisationName, maria.organisationName],
      opensAt: new Date(now - MINUTE),
      closesAt,
    });

    await test.step("the round is open and locks the driver's texts for everyone", async () => {
      await expect(karin.getByText(t("rounds.phase.open"), { exact: true })).toBeVisible();
      await expect(karin.getByText(t("rounds.detail.summary", { answered: 0, total: 2 }))).toBeVisible();
      await expectNoA11yViolations(karin, { label: "open round with its matrix [sv]" });
      await karin.goto(driverUrl);
      await expect(karin.getByRole("heading", { name: `${t("rounds.banner.title", { kind: t("rounds.kind.stance") })}: ${roundTitle}` })).toBeVisible();
      await expect(karin.getByText(t("rounds.banner.lockAll"))).toBeVisible();
    });

    const andersPage = await openPage({ as: "region" });
    await test.step("Anders finds the driver in Att göra and supports it", async () => {
      await andersPage.goto("/dialogues");
      await andersPage.getByRole("link", { name: t("rounds.todo.navLink"), exact: true }).click();
      await expect(andersPage.getByRole("heading", { level: 1, name: t("rounds.todo.title") })).toBeVisible();
      const item = andersPage.getByTestId("todo-item").filter({ hasText: driverTitle });
      await expect(item).toContainText(t("rounds.todo.state.missing"));
      await expectNoA11yViolations(andersPage, { label: "Att göra with an item [sv]" });
      await item.getByRole("link", { name: driverTitle }).click();
      await giveStance(andersPage, t, "support", "Vi står bakom målet.");
      await expect(andersPage.getByRole("status").filter({ hasText: t("stances.form.saved") })).toBeVisible();
      const section = andersPage.locator("#stances");
      await expect(section.getByText(`${anders.organisationName}: ${t("stances.value.support")}`)).toBeVisible();
      await expect(section).toContainText(anders.name);
      await andersPage.goto("/todo");
      await expect(andersPage.getByTestId("todo-item").filter({ hasText: driverTitle })).toHaveCount(0);
    });

    const mariaPage = await openPage({ as: "kommun" });
    const objection = `Kommunen saknar finansiering för utbildningsplatserna ${run}.`;
    await test.step("Maria objects: first without a reason (refused, nothing stored), then with one", async () => {
      await mariaPage.goto(driverUrl);
      await giveStance(mariaPage, t, "object", "");
      await expect(mariaPage.getByText(t("validation.reasonRequired"))).toBeVisible();
      await expect(mariaPage.getByLabel(t("stances.form.reason"))).toBeFocused();
      await expect(mariaPage.locator("#stances").getByText(`${maria.organisationName}: ${t("stances.value.object")}`)).toHaveCount(0);
      await giveStance(mariaPage, t, "object", objection);
      await expect(mariaPage.getByRole("status").filter({ hasText: t("stances.form.saved") })).toBeVisible();
      await expect(mariaPage.locator("#stances").getByText(`${maria.organisationName}: ${t("stances.value.object")}`)).toBeVisible();
    });

    await test.step("the divergence view shows both stances side by side with their reasons", async () => {
      await karin.goto(driverUrl);
      await expect(karin.locator("#stances").getByText(t("stances.divergence"))).toBeVisible();
      await karin.locator("#stances").getByRole("link", { name: t("stances.divergenceLink") }).click();
      await expect(karin.getByRole("heading", { level: 1, name: t("stances.page.title", { driver: driverTitle }) })).toBeVisible();
      const objections = karin.getByRole("region", { name: t("stances.page.column", { value: t("stances.value.object"), count: 1 }) });
      await expect(objections).toContainText(objection);
      await expect(karin.getByRole("region", { name: t("stances.page.column", { value: t("stances.value.support"), count: 1 }) })).toContainText(anders.organisationName);
      await expectNoA11yViolations(karin, { label: "divergence view [sv]" });
    });

    await test.step("the round closes at its deadline by itself; the matrix and its CSV show the answers", async () => {
      await karin.goto(roundPath);
      await expect
        .poll(
          async () => {
            await karin.reload();
            return karin.getByText(t("rounds.phase.closed"), { exact: true }).isVisible();
          },
          { timeout: 200_000, intervals: [5_000] },
        )
        .toBe(true);
      expect(Date.now(), "not before its deadline").toBeGreaterThanOrEqual(closesAt.getTime());
      const matrix = karin.getByRole("region", { name: t("rounds.detail.matrix") });
      const andersRow = matrix.getByRole("row", { name: new RegExp(anders.organisationName) });
      await expect(andersRow).toContainText(t("rounds.state.answered"));
      await expect(andersRow).toContainText(t("stances.value.support"));
      const mariaRow = matrix.getByRole("row", { name: new RegExp(maria.organisationName) });
      await expect(mariaRow).toContainText(t("stances.value.object"));
      await expect(karin.getByText(t("rounds.detail.summary", { answered: 2, total: 2 }))).toBeVisible();
      await expectNoA11yViolations(karin, { label: "closed round with its matrix [sv]" });

      const csvHref = await karin.getByRole("link", { name: t("rounds.detail.csv") }).getAttribute("href");
      const response = await karin.request.get(csvHref!);
      expect(response.headers()["content-type"]).toContain("text/csv");
      const csv = (await response.text()).replace(/^\uFEFF/, "");
      expect(csv.split("\r\n")[0]).toBe(`${[t("rounds.csv.organisation"), t("rounds.csv.driver"), t("rounds.csv.answer"), t("rounds.csv.stance"), t("rounds.csv.reason"), t("rounds.csv.givenBy"), t("rounds.csv.givenAt")].join(";")}`);
      expect(csv).toContain(`${maria.organisationName};${driverTitle};${t("rounds.state.answered")};${t("stances.value.object")};${objection};${maria.name}`);
    });

    await test.step("after the round nobody may give a stance, and the texts are free again", async () => {
      await mariaPage.goto(driverUrl);
      await expect(mariaPage.getByRole("form", { name: t("stances.form.title") })).toHaveCount(0);
      await expect(mariaPage.getByText(t("rounds.banner.lockAll"))).toHaveCount(0);
    });

    await test.step("the facilitator marks the driver agreed, with its stances frozen", async () => {
      await karin.goto(driverUrl);
      const status = karin.getByRole("region", { name: t("agreements.status.title"), exact: true });
      await status.getByText(t("agreements.form.driverTitle"), { exact: true }).click();
      const form = status.getByRole("form", { name: t("agreements.form.driverTitle"), exact: true });
      await form.getByRole("textbox", { name: t("agreements.form.note"), exact: true }).fill(`Efter remissrundan ${run}`);
      await form.getByRole("button", { name: t("agreements.form.submitDriver"), exact: true }).click();
      await karin.waitForURL(/\/agreements\/[0-9a-f-]{36}$/);
      await expect(karin.getByText(goal, { exact: true })).toBeVisible();
      await expect(karin.getByText(objection, { exact: false })).toBeVisible();
      await expect(karin.getByTestId("agreed-driver-status")).toHaveText(t("agreements.detail.status.unchanged"));
    });

    await test.step("a later edit shows a diff against the agreed version", async () => {
      await karin.goto(driverUrl);
      const status = karin.getByRole("region", { name: t("agreements.status.title"), exact: true });
      await karinDriver.goal(1).editor.click();
      await karin.keyboard.press("End");
      await karin.keyboard.type(" och kommunerna");
      await expect(karinDriver.syncState("saved")).toBeVisible({ timeout: 10_000 });
      await expect(async () => {
        await karin.reload();
        await expect(status).toContainText(t("agreements.status.changed"), { timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await expect(karinDriver.syncState("saved")).toBeVisible({ timeout: 10_000 });
      await status.getByRole("link", { name: t("agreements.status.diffLink"), exact: true }).click();
      await expect(karin.getByRole("heading", { level: 1, name: t("agreements.diff.title", { driver: driverTitle }), exact: true })).toBeVisible();
      await expect(karin.locator("ins").filter({ hasText: "och kommunerna" })).toBeVisible();
    });
  });
});

test.describe("managing a round (English)", () => {
  test.use({ appLocale: "en" });

  test("a planned round: banner, new deadline, closed early, reopened as a new round, all in the audit log", async ({ openPage, t, demo }) => {
    test.setTimeout(120_000);
    const run = uniqueSuffix().slice(0, 8);
    const karin = await openPage({ as: "facilitator" });
    const driverTitle = `E2E round ${run}`;
    const driverUrl = await createDriver(karin, t, demo.url, driverTitle);
    const day = 24 * 60 * MINUTE;
    const opensAt = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 10 * day);
    const roundTitle = `Comment round ${run}`;

    await test.step("a deadline before the opening is refused at its field", async () => {
      await karin.goto(`${demo.url}/rounds/new`);
      await karin.getByRole("radio", { name: t("rounds.kind.comment") }).check();
      await karin.getByLabel(t("rounds.form.titleField")).fill(roundTitle);
      await karin.getByRole("checkbox", { name: driverTitle, exact: true }).check();
      await karin.getByRole("checkbox", { name: anders.organisationName, exact: true }).check();
      await karin.getByLabel(t("rounds.form.opensAt")).fill(dateToStockholmLocal(opensAt));
      await karin.getByLabel(t("rounds.form.closesAt")).fill(dateToStockholmLocal(new Date(opensAt.getTime() - day)));
      await karin.getByRole("button", { name: t("rounds.form.submit") }).click();
      await expect(karin.getByText(t("validation.closesBeforeOpens"))).toBeVisible();
      await expect(karin.getByLabel(t("rounds.form.closesAt"))).toBeFocused();
      await expectNoA11yViolations(karin, { label: "round form with an error [en]" });
    });

    const roundPath = await planRound(karin, t, demo.url, {
      title: roundTitle,
      kind: "comment",
      driverTitle,
      organisations: [anders.organisationName],
      opensAt,
      closesAt: new Date(opensAt.getTime() + 7 * day),
    });
    await expect(karin.getByText(t("rounds.phase.scheduled"), { exact: true })).toBeVisible();
    await expectNoA11yViolations(karin, { label: "planned round [en]" });

    await test.step("the driver page announces the planned round", async () => {
      await karin.goto(driverUrl);
      await expect(karin.getByRole("region", { name: new RegExp(roundTitle) })).toBeVisible();
      await karin.getByRole("link", { name: t("rounds.banner.roundLink") }).click();
      await expect(karin).toHaveURL(new RegExp(`${roundPath}$`));
    });

    await test.step("a new deadline, then closing early after confirming", async () => {
      const extend = karin.getByRole("form", { name: t("rounds.manage.extend") });
      await extend.getByLabel(t("rounds.manage.extend")).fill(dateToStockholmLocal(new Date(opensAt.getTime() + 9 * day)));
      await extend.getByRole("button", { name: t("rounds.manage.extendSubmit") }).click();
      await expect(karin.getByRole("status").filter({ hasText: t("rounds.manage.extended") })).toBeVisible();
      const close = karin.getByRole("form", { name: t("rounds.manage.close") });
      await close.getByRole("button", { name: t("rounds.manage.close") }).click();
      await expect(close.getByText(t("validation.required"))).toBeVisible();
      await close.getByRole("checkbox", { name: t("rounds.manage.closeConfirm") }).check();
      await close.getByRole("button", { name: t("rounds.manage.close") }).click();
      await expect(karin.getByText(t("rounds.phase.closed"), { exact: true })).toBeVisible();
    });

    await test.step("reopened as a new round that links back to the closed one", async () => {
      const reopen = karin.getByRole("form", { name: t("rounds.manage.reopen") });
      await reopen.getByRole("button", { name: t("rounds.manage.reopenSubmit") }).click();
      await karin.waitForURL((url) => /\/rounds\/[0-9a-f-]{36}$/.test(url.pathname) && url.pathname !== roundPath);
      await expect(karin.getByRole("link", { name: t("rounds.detail.previousLink") })).toHaveAttribute("href", roundPath);
    });

    await test.step("the audit log lists it all, filterable by kind", async () => {
      await karin.goto(`${demo.url}/audit`);
      const rows = karin.getByRole("row").filter({ hasText: roundTitle });
      for (const kind of ["round_created", "round_extended", "round_closed", "round_reopened"] as const) {
        await expect(rows.filter({ hasText: t(`audit.kind.${kind}`) }).first()).toBeVisible();
      }
      await karin.getByLabel(t("audit.filter")).selectOption("round.extended");
      await karin.getByRole("button", { name: t("audit.submit") }).click();
      await expect(karin).toHaveURL(/kind=round\.extended/);
      await expect(karin.getByRole("row").filter({ hasText: t("audit.kind.round_closed") })).toHaveCount(0);
      await expect(karin.getByRole("row").filter({ hasText: roundTitle }).first()).toBeVisible();
      await expectNoA11yViolations(karin, { label: "audit log, filtered [en]" });
    });
  });
});
