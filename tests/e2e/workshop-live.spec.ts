/**
 * The live workshop (issue 9, parts 2 and 5) with a facilitator and two participants in three
 * browser contexts: the facilitator starts the session; the participants' views follow each
 * navigation, one breaks away (and stays where they were) and follows again; the shared timer
 * shows everywhere; the presence list groups people by organisation; a lock shows on the driver
 * page (who locked it), its editor is gone and the server refuses a raw edit to it; the projector
 * view. axe on the console, the participant view, the projector and the locked driver page, in
 * Swedish and English.
 */
import type { Page } from "@playwright/test";
import { CLOSE_CODES } from "../../lib/collab/protocol";
import { expect, expectNoA11yViolations, test, type Translator } from "./fixtures";
import { DriverPage } from "./pages/driver-page";
import { demoUser, uniqueSuffix } from "./support/demo";
import { createDriver } from "./support/drivers";
import { appendParagraph, openLiveDriver } from "./support/yjs-client";

/** A workshop with the given drivers on its agenda (10 minutes each); returns its path. */
async function createWorkshopWithAgenda(page: Page, t: Translator, dialogueUrl: string, title: string, drivers: string[]): Promise<string> {
  await page.goto(`${dialogueUrl}/workshops`);
  const form = page.getByRole("form", { name: t("workshops.form.title"), exact: true });
  await form.getByRole("textbox", { name: t("workshops.form.titleField"), exact: true }).fill(title);
  await form.getByRole("button", { name: t("workshops.form.submit"), exact: true }).click();
  await page.waitForURL(/\/workshops\/[0-9a-f-]{36}$/);
  const agenda = page.getByRole("form", { name: t("workshops.edit.title"), exact: true });
  for (const driver of drivers) {
    await agenda.getByRole("checkbox", { name: t("workshops.edit.include", { title: driver }), exact: true }).check();
    await agenda.getByRole("textbox", { name: t("workshops.edit.timebox", { title: driver }), exact: true }).fill("10");
  }
  await agenda.getByRole("button", { name: t("workshops.edit.submit"), exact: true }).click();
  await expect(agenda.getByRole("status")).toHaveText(t("workshops.edit.saved"));
  return new URL(page.url()).pathname;
}

function showButton(page: Page, t: Translator, driver: string, part: "nulage" | "future" | "desired" | "gap") {
  return page.getByRole("button", { name: t("workshops.live.showLabel", { driver, part: t(`parts.${part}.title`) }), exact: true });
}

function viewHeading(page: Page, t: Translator, driver: string, part: "nulage" | "future" | "desired" | "gap") {
  return page.getByTestId("workshop-view").getByRole("heading", { name: `${driver} – ${t(`parts.${part}.title`)}`, exact: true });
}

test.describe("live workshop (sv)", () => {
  test.use({ appLocale: "sv" });

  test("start, follow-me with break away and follow again, timer, presence, lock and projector", async ({ page, t, demo, signInAsDemo, openPage, baseURL }) => {
    test.setTimeout(240_000);
    await signInAsDemo(page, "facilitator");
    const suffix = uniqueSuffix().slice(0, 8);
    const a = `Följ mig A ${suffix}`;
    const b = `Följ mig B ${suffix}`;
    const aPath = await createDriver(page, t, demo.url, a);
    await createDriver(page, t, demo.url, b);
    const workshopPath = await createWorkshopWithAgenda(page, t, demo.url, `Workshop live ${suffix}`, [a, b]);

    await test.step("the facilitator starts the session", async () => {
      await expect(page.getByRole("heading", { name: t("workshops.live.consoleTitle"), exact: true })).toBeVisible();
      await page.getByRole("button", { name: t("workshops.live.start"), exact: true }).click();
      await expect(page.getByTestId("workshop-status")).toHaveText(t("workshops.live.statusNow", { status: "running" }));
      await expectNoA11yViolations(page, { label: "workshop console (sv)" });
    });

    const region = await openPage({ as: "region" });
    const kommun = await openPage({ as: "kommun" });
    for (const participant of [region, kommun]) {
      await participant.goto(`${workshopPath}/live`);
      await expect(participant.getByTestId("follow-state")).toHaveText(t("workshops.live.following"));
    }

    await test.step("the presence list groups everyone by organisation", async () => {
      const presence = page.getByRole("region", { name: t("workshops.live.presenceTitle", { count: 3 }), exact: true });
      await expect(presence).toBeVisible();
      for (const key of ["region", "kommun"] as const) {
        const user = demoUser(key);
        await expect(presence.getByRole("listitem").filter({ hasText: user.organisationName }).getByText(user.name, { exact: true })).toBeVisible();
      }
    });

    await test.step("both participants follow each navigation", async () => {
      await showButton(page, t, a, "nulage").click();
      for (const participant of [region, kommun]) await expect(viewHeading(participant, t, a, "nulage")).toBeVisible();
      await showButton(page, t, b, "desired").click();
      for (const participant of [region, kommun]) await expect(viewHeading(participant, t, b, "desired")).toBeVisible();
      await expectNoA11yViolations(region, { label: "workshop participant view (sv)" });
    });

    await test.step("one breaks away and stays; the other follows; follow again catches up", async () => {
      await region.getByRole("button", { name: t("workshops.live.breakAway"), exact: true }).click();
      await expect(region.getByTestId("follow-state")).toHaveText(t("workshops.live.brokenAway"));
      await showButton(page, t, a, "gap").click();
      await expect(viewHeading(kommun, t, a, "gap")).toBeVisible();
      await expect(viewHeading(region, t, b, "desired")).toBeVisible();
      await expect(region.getByText(t("workshops.live.facilitatorShows", { driver: a, part: t("parts.gap.title") }), { exact: true })).toBeVisible();
      // Choosing for oneself while away.
      await region.getByRole("button", { name: `${b} – ${t("parts.future.title")}`, exact: true }).click();
      await expect(viewHeading(region, t, b, "future")).toBeVisible();
      await region.getByRole("button", { name: t("workshops.live.followAgain"), exact: true }).click();
      await expect(viewHeading(region, t, a, "gap")).toBeVisible();
    });

    await test.step("the timer runs for everyone", async () => {
      await page.getByRole("button", { name: t("workshops.live.timerStart"), exact: true }).click();
      for (const participant of [region, kommun]) {
        await expect(participant.getByTestId("workshop-timer")).toContainText(/(10:00|09:\d\d)/);
        await expect(participant.getByText(t("workshops.live.timerOf", { driver: a, minutes: 10 }), { exact: true })).toBeVisible();
      }
    });

    await test.step("a lock shows on the driver page with who set it, and the server refuses edits to it", async () => {
      await page.getByRole("button", { name: t("workshops.live.lockLabel", { scope: t("workshops.live.scope.nulage"), driver: a }), exact: true }).click();
      await expect(page.getByRole("button", { name: t("workshops.live.unlockLabel", { scope: t("workshops.live.scope.nulage"), driver: a }), exact: true })).toBeVisible();
      await region.goto(aPath);
      const driverPage = new DriverPage(region, t);
      await expect(region.getByTestId("locked-nulage")).toHaveText(`🔒 ${t("collab.locked", { name: demoUser("facilitator").name })}`);
      await expect(driverPage.syncState("saved").or(driverPage.syncState("live"))).toBeVisible();
      await expect(driverPage.editor("nulage")).toHaveCount(0);
      await expect(driverPage.editor("future")).toBeVisible();
      await expectNoA11yViolations(region, { label: "driver page with a locked part (sv)" });

      const raw = await openLiveDriver(region.context(), baseURL!, aPath.split("/").pop()!);
      await raw.synced();
      const closes: number[] = [];
      raw.provider.on("connection-close", (event: CloseEvent | null) => {
        if (event) closes.push(event.code);
      });
      appendParagraph(raw.doc, "nulage", `Förbjudet ${suffix}`);
      await expect.poll(() => closes).toContain(CLOSE_CODES.locked);
      raw.destroy();
      await region.reload();
      await expect(region.getByTestId("locked-nulage")).toBeVisible();
      await expect(region.getByText(`Förbjudet ${suffix}`)).toHaveCount(0);
    });

    await test.step("the projector shows what the facilitator shows", async () => {
      await kommun.goto(`${workshopPath}/projector`);
      await expect(kommun.getByTestId("projector-view").getByRole("heading", { name: `${a} – ${t("parts.gap.title")}`, exact: true })).toBeVisible();
      await expect(kommun.getByTestId("workshop-timer")).toBeVisible();
      await expect(kommun.getByTestId("projector").getByRole("button")).toHaveCount(0);
      await expectNoA11yViolations(kommun, { label: "workshop projector (sv)" });
      await showButton(page, t, b, "nulage").click();
      await expect(kommun.getByTestId("projector-view").getByRole("heading", { name: `${b} – ${t("parts.nulage.title")}`, exact: true })).toBeVisible();
    });

    await test.step("unlock, then pause and end", async () => {
      await page.getByRole("button", { name: t("workshops.live.unlockLabel", { scope: t("workshops.live.scope.nulage"), driver: a }), exact: true }).click();
      await page.getByRole("button", { name: t("workshops.live.pause"), exact: true }).click();
      await expect(page.getByTestId("workshop-status")).toHaveText(t("workshops.live.statusNow", { status: "paused" }));
      await page.getByRole("button", { name: t("workshops.live.end"), exact: true }).click();
      await expect(page.getByTestId("workshop-status")).toHaveText(t("workshops.live.statusNow", { status: "ended" }));
    });
  });
});

test.describe("live workshop (en)", () => {
  test.use({ appLocale: "en" });

  test("console, participant view and projector in English; axe on each", async ({ page, t, demo, signInAsDemo, openPage }) => {
    test.setTimeout(180_000);
    await signInAsDemo(page, "facilitator");
    const suffix = uniqueSuffix().slice(0, 8);
    const a = `Follow me ${suffix}`;
    await createDriver(page, t, demo.url, a);
    const workshopPath = await createWorkshopWithAgenda(page, t, demo.url, `Live workshop ${suffix}`, [a]);
    await page.getByRole("button", { name: t("workshops.live.start"), exact: true }).click();
    await expect(page.getByTestId("workshop-status")).toHaveText(t("workshops.live.statusNow", { status: "running" }));
    await showButton(page, t, a, "future").click();
    await expect(page.getByTestId("workshop-focus")).toHaveText(t("workshops.live.focusNow", { driver: a, part: t("parts.future.title") }));
    await page.getByRole("button", { name: t("workshops.live.lockLabel", { scope: t("workshops.live.scope.all"), driver: a }), exact: true }).click();
    await expect(page.getByText(t("workshops.live.lockedBy", { name: demoUser("facilitator").name }), { exact: true })).toBeVisible();
    await expectNoA11yViolations(page, { label: "workshop console (en)" });

    const participant = await openPage({ as: "region" });
    await participant.goto(`${workshopPath}/live`);
    await expect(viewHeading(participant, t, a, "future")).toBeVisible();
    await expect(participant.getByTestId("workshop-view").getByText(`🔒 ${t("workshops.live.lockedNotice", { name: demoUser("facilitator").name })}`)).toBeVisible();
    await expectNoA11yViolations(participant, { label: "workshop participant view (en)" });
    await participant.goto(`${workshopPath}/projector`);
    await expect(participant.getByTestId("projector-view").getByRole("heading", { name: `${a} – ${t("parts.future.title")}`, exact: true })).toBeVisible();
    await expectNoA11yViolations(participant, { label: "workshop projector (en)" });

    await page.getByRole("button", { name: t("workshops.live.unlockLabel", { scope: t("workshops.live.scope.all"), driver: a }), exact: true }).click();
    await page.getByRole("button", { name: t("workshops.live.end"), exact: true }).click();
    await expect(page.getByTestId("workshop-status")).toHaveText(t("workshops.live.statusNow", { status: "ended" }));
  });
});
