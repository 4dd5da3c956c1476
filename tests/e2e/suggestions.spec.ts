/**
 * Suggestions (issue 7), in real browsers against the real server, set up through the UI only (so
 * it runs on the embedded database too): the facilitator writes a goal on a driver of its own and
 * plans a suggestion round over that driver alone, inviting the participant's organisation; the
 * participant cannot edit but proposes new wording and comments on it; the facilitator sees it as a difference
 * (inserted words in <ins>, named for screen readers) and accepts it, and the new wording reaches
 * both open pages through the live document. Forged server-action calls show the server refuses
 * what the UI does not offer (an uninvited organisation suggesting, a participant deciding). axe on
 * the driver page in each state, in Swedish and English.
 */
import type { Page } from "@playwright/test";
import { dateToStockholmLocal } from "../../lib/model/round";
import { expect, expectNoA11yViolations, test, type Translator } from "./fixtures";
import { DriverPage } from "./pages/driver-page";
import { demoUser, uniqueSuffix } from "./support/demo";
import { createDriver } from "./support/drivers";
import { escapeRegExp } from "./support/i18n";
import { actionResultOf, postServerAction, serverActionId } from "./support/server-actions";

const SUGGESTION_ACTIONS_FILE = "app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/suggestion-actions.ts";

const karin = demoUser("facilitator");
const anders = demoUser("region");

const BASE = "Fler specialistsjuksköterskor i barn- och ungdomspsykiatrin.";
const PROPOSED = "Fler specialistsjuksköterskor och psykologer i barn- och ungdomspsykiatrin.";
const REASONING = "Psykologerna behövs lika mycket i utredningarna.";

async function openDriver(page: Page, t: Translator, url: string): Promise<DriverPage> {
  await page.goto(url);
  const driver = new DriverPage(page, t);
  await expect(driver.syncState("saved").or(driver.syncState("live"))).toBeVisible();
  return driver;
}

/** Plans a suggestion round that opens now, over one driver, for one organisation. */
async function planSuggestionRound(page: Page, t: Translator, dialogueUrl: string, driverTitle: string, organisationName: string): Promise<void> {
  await page.goto(`${dialogueUrl}/rounds/new`);
  await page.getByRole("radio", { name: t("rounds.kind.suggestion") }).check();
  await page.getByRole("textbox", { name: t("rounds.form.titleField") }).fill(`Förslagsrunda ${driverTitle}`);
  // Only this spec's driver: a round locks its drivers, and other specs edit the demo's.
  const drivers = page.getByRole("group", { name: t("rounds.form.drivers") });
  for (const box of await drivers.getByRole("checkbox").all()) await box.uncheck();
  await drivers.getByRole("checkbox", { name: driverTitle, exact: true }).check();
  await page.getByRole("group", { name: t("rounds.form.organisations") }).getByRole("checkbox", { name: organisationName, exact: true }).check();
  // A start of this very minute opens the round at once.
  await page.getByLabel(t("rounds.form.opensAt")).fill(dateToStockholmLocal(new Date()));
  await page.getByRole("button", { name: t("rounds.form.submit"), exact: true }).click();
  await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
}

for (const appLocale of ["sv", "en"] as const) {
  test.describe(`suggestions (${appLocale})`, () => {
    test.use({ appLocale });

    test("a participant suggests new wording for a goal; the facilitator sees the difference and accepts it live", async ({ openPage, t, demo, baseURL }) => {
      test.setTimeout(180_000);
      const title = `E2E förslag ${uniqueSuffix()}`;
      const karinPage = await openPage({ as: "facilitator" });
      const driverUrl = await createDriver(karinPage, t, demo.url, title);
      const goalLabel = t("suggestions.item.goal", { number: 1 });
      const cardTitle = t("suggestions.card.title", { item: goalLabel, name: anders.name });

      await test.step("the facilitator writes a goal and plans a suggestion round for the participant's organisation", async () => {
        const driver = await openDriver(karinPage, t, driverUrl);
        await driver.addGoal(BASE);
        await expect(driver.syncState("saved")).toBeVisible();
        await planSuggestionRound(karinPage, t, demo.url, title, anders.organisationName);
      });

      const andersPage = await openPage({ as: "region" });
      await test.step("the participant cannot edit, but suggests new wording", async () => {
        const driver = await openDriver(andersPage, t, driverUrl);
        // Read-only during the round: the goal is text, not an editor.
        await expect(driver.statement(BASE)).toBeVisible();
        await expect(driver.goal(1).editor).toHaveCount(0);
        const section = andersPage.getByRole("region", { name: t("suggestions.title"), exact: true });
        await expect(section.locator("p").filter({ hasText: BASE })).toBeVisible();
        await expectNoA11yViolations(andersPage);
        await section.locator("summary").filter({ hasText: t("suggestions.suggest.toggle") }).first().click();
        const field = section.getByRole("textbox", { name: t("suggestions.suggest.label", { item: goalLabel }), exact: true });
        await expect(field).toHaveValue(BASE);
        await field.fill(PROPOSED);
        await section.getByRole("button", { name: t("suggestions.suggest.submit"), exact: true }).click();
        await expect(section.getByRole("article", { name: cardTitle, exact: true })).toBeVisible();
        const card = section.getByRole("article", { name: cardTitle, exact: true });
        await expect(card).toContainText(t("suggestions.status.pending"));
        await card.getByRole("textbox", { name: t("suggestions.comments.label"), exact: true }).fill(REASONING);
        await card.getByRole("button", { name: t("suggestions.comments.submit"), exact: true }).click();
        await expect(card.getByRole("listitem").filter({ hasText: REASONING })).toBeVisible();
      });

      await test.step("over HTTP, an uninvited organisation cannot suggest and a participant cannot decide", async () => {
        const driverId = driverUrl.split("/").pop()!;
        const ref = { dialogueId: demo.dialogueId, driverId };
        const mariaPage = await openPage({ as: "kommun" });
        const suggested = await postServerAction(mariaPage, {
          actionId: serverActionId(SUGGESTION_ACTIONS_FILE, "createSuggestionAction"),
          pagePath: driverUrl,
          fields: { ...ref, itemKind: "goal", itemId: driverId, proposedText: "Utan inbjudan" },
          baseURL: baseURL!,
        });
        expect(actionResultOf(await suggested.text())).toEqual({ ok: false, code: "forbidden" });
        const decided = await postServerAction(andersPage, {
          actionId: serverActionId(SUGGESTION_ACTIONS_FILE, "decideSuggestionAction"),
          pagePath: driverUrl,
          fields: { ...ref, suggestionId: driverId, decision: "accept" },
          baseURL: baseURL!,
        });
        expect(actionResultOf(await decided.text())).toEqual({ ok: false, code: "forbidden" });
      });

      await test.step("the facilitator sees the difference, marked not by colour alone, and accepts", async () => {
        const driver = await openDriver(karinPage, t, driverUrl);
        const card = karinPage.getByRole("article", { name: cardTitle, exact: true });
        const inserted = card.locator("ins");
        await expect(inserted).toContainText("och psykologer");
        await expect(inserted).toContainText(t("suggestions.diff.added"));
        await expect(card.getByRole("listitem").filter({ hasText: REASONING })).toContainText(anders.name);
        await expectNoA11yViolations(karinPage);
        await card.getByRole("button", { name: t("suggestions.decide.accept"), exact: true }).click();
        const accepted = escapeRegExp(t("suggestions.status.accepted", { name: karin.name, date: "DATE" })).replace("DATE", ".+");
        await expect(card.getByText(new RegExp(accepted))).toBeVisible();
        await expect(card.getByRole("button", { name: t("suggestions.decide.accept"), exact: true })).toHaveCount(0);
        // The form has gone: focus is on the suggestion's heading, not lost to the page.
        await expect(card.getByRole("heading", { name: cardTitle, exact: true })).toBeFocused();
        await expect(driver.goal(1).editor).toHaveText(PROPOSED);
        await expectNoA11yViolations(karinPage);
      });

      await test.step("the participant's open page receives the new wording live", async () => {
        await expect(new DriverPage(andersPage, t).statement(PROPOSED)).toBeVisible();
      });
    });
  });
}
