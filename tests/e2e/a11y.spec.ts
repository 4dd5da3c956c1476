/**
 * Journey (h): axe on every page, in Swedish and in English, with zero serious or critical
 * WCAG 2.1 A/AA violations. One test per page and language; each first checks the HTTP status
 * and waits for something only that page shows, proving the check ran on the page it names.
 * The driver page is checked twice: with the editing controls (facilitator) and read-only
 * (observer); the versions list (the version page is checked in versions.spec.ts).
 */
import type { Locator, Page } from "@playwright/test";
import { expect, expectNoA11yViolations, test, type DemoDialogue, type Translator } from "./fixtures";
import { DriverPage } from "./pages/driver-page";
import { DEMO_DIALOGUE, type DemoUserKey } from "./support/demo";

interface PageCase {
  name: string;
  path: (demo: DemoDialogue) => string;
  /** Something only that page shows, visible once it has rendered (and hydrated). */
  ready: (page: Page, t: Translator, demo: DemoDialogue) => Locator;
  status?: number;
}

const h1 = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });

const PUBLIC_PAGES: PageCase[] = [
  { name: "login", path: () => "/login", ready: (page, t) => h1(page, t("auth.login.title")) },
  { name: "verify", path: () => "/login/verify?email=x@y.se", ready: (page, t) => h1(page, t("auth.verify.title")) },
  { name: "outbox", path: () => "/outbox", ready: (page, t) => h1(page, t("outbox.title")) },
  {
    name: "invite (bad token)",
    path: () => `/invite/${"ogiltig".repeat(5)}`,
    ready: (page, t) => page.getByRole("alert").filter({ hasText: t("auth.invite.invalid") }),
  },
  { name: "404 (signed out)", path: () => "/finns-inte", ready: (page, t) => h1(page, t("notFound.title")), status: 404 },
];

const FACILITATOR_PAGES: PageCase[] = [
  { name: "my dialogues", path: () => "/dialogues", ready: (page, t) => h1(page, t("dialogues.list.title")) },
  { name: "new dialogue", path: () => "/dialogues/new", ready: (page, t) => h1(page, t("dialogues.new.title")) },
  { name: "dialogue overview", path: (demo) => demo.url, ready: (page) => h1(page, DEMO_DIALOGUE.planningQuestion) },
  { name: "settings", path: (demo) => `${demo.url}/settings`, ready: (page, t) => h1(page, t("dialogues.settings.title")) },
  { name: "members", path: (demo) => `${demo.url}/members`, ready: (page, t) => h1(page, t("members.title")) },
  { name: "new driver", path: (demo) => `${demo.url}/drivers/new`, ready: (page, t) => h1(page, t("drivers.new.title")) },
  {
    name: "driver (editing)",
    path: (demo) => demo.driverUrl,
    ready: (page, t) => new DriverPage(page, t).editor("nulage"),
  },
  { name: "driver edit", path: (demo) => `${demo.driverUrl}/edit`, ready: (page, t) => h1(page, t("drivers.edit.title")) },
  { name: "driver versions", path: (demo) => `${demo.driverUrl}/versions`, ready: (page, t) => h1(page, t("versions.title")) },
  { name: "rounds", path: (demo) => `${demo.url}/rounds`, ready: (page, t) => h1(page, t("rounds.title")) },
  { name: "new round", path: (demo) => `${demo.url}/rounds/new`, ready: (page, t) => h1(page, t("rounds.form.title")) },
  { name: "audit log", path: (demo) => `${demo.url}/audit`, ready: (page, t) => h1(page, t("audit.title")) },
  { name: "workshops", path: (demo) => `${demo.url}/workshops`, ready: (page, t) => h1(page, t("workshops.title")) },
  { name: "to do", path: () => "/todo", ready: (page, t) => h1(page, t("rounds.todo.title")) },
  {
    name: "driver stances",
    path: (demo) => `${demo.driverUrl}/stances`,
    ready: (page, t, demo) => h1(page, t("stances.page.title", { driver: demo.driverTitle })),
  },
  { name: "indicator import", path: (demo) => `${demo.url}/indicators/import`, ready: (page, t) => h1(page, t("importPage.title")) },
  {
    name: "region comparison",
    // With a composite index computed too, so its table is checked as well.
    path: (demo) => `${demo.url}/indicators/compare?indicator=hired_staff_nurses&a1=hired_staff_nurses&a2=fulltime_share_specialised_somatic_care`,
    ready: (page) => page.getByTestId("index-table"),
  },
  {
    name: "404 (signed in)",
    path: () => `/dialogues/${crypto.randomUUID()}`,
    ready: (page, t) => h1(page, t("notFound.title")),
    status: 404,
  },
];

const OBSERVER_PAGES: PageCase[] = [
  {
    name: "region comparison (observer)",
    path: (demo) => `${demo.url}/indicators/compare?indicator=fulltime_share_specialised_somatic_care`,
    ready: (page) => page.getByTestId("ranked-table"),
  },
  { name: "dialogue overview (observer)", path: (demo) => demo.url, ready: (page) => h1(page, DEMO_DIALOGUE.planningQuestion) },
  { name: "driver versions (observer)", path: (demo) => `${demo.driverUrl}/versions`, ready: (page, t) => h1(page, t("versions.title")) },
  {
    name: "driver (read-only)",
    path: (demo) => demo.driverUrl,
    ready: (page, t) => new DriverPage(page, t).readOnlyNote,
  },
];

const GROUPS: { as?: DemoUserKey; cases: PageCase[] }[] = [
  { cases: PUBLIC_PAGES },
  { as: "facilitator", cases: FACILITATOR_PAGES },
  { as: "observer", cases: OBSERVER_PAGES },
];

// Each page is its own test, spread over the workers; sessions come from the per-worker cache.
test.describe.configure({ mode: "parallel" });

for (const locale of ["sv", "en"] as const) {
  test.describe(`axe, WCAG 2.1 A/AA [${locale}]`, () => {
    test.use({ appLocale: locale });

    for (const group of GROUPS) {
      for (const pageCase of group.cases) {
        test(`${pageCase.name}${group.as ? ` as ${group.as}` : ""}`, async ({ openPage, t, demo }) => {
          const page = await openPage({ as: group.as });
          const response = await page.goto(pageCase.path(demo));
          expect(response?.status(), `HTTP status of ${pageCase.name}`).toBe(pageCase.status ?? 200);
          await expect(pageCase.ready(page, t, demo)).toBeVisible();
          await expect(page.locator("html")).toHaveAttribute("lang", locale);
          // One shell per page: axe only rates a nested or second main "moderate", but two headers,
          // skip links and main landmarks break the skip link and landmark navigation.
          await expect(page.getByRole("banner"), "one banner landmark").toHaveCount(1);
          await expect(page.getByRole("main"), "one main landmark").toHaveCount(1);
          await expectNoA11yViolations(page, { label: `${pageCase.name} [${locale}]` });
        });
      }
    }

    test("a form showing its errors (new dialogue, submitted empty)", async ({ openPage, t }) => {
      const page = await openPage({ as: "facilitator" });
      await page.goto("/dialogues/new");
      await expect(h1(page, t("dialogues.new.title"))).toBeVisible();
      await page.getByRole("button", { name: t("dialogues.new.submit"), exact: true }).click();
      const planningQuestion = page.getByRole("textbox", { name: t("dialogues.form.planningQuestion"), exact: true });
      await expect(planningQuestion).toHaveAttribute("aria-invalid", "true");
      await expect(planningQuestion).toBeFocused();
      await expect(page.getByRole("main").getByRole("alert")).toHaveText(t("forms.hasErrors", { count: 2 }));
      await expectNoA11yViolations(page, { label: `new dialogue with errors [${locale}]` });
    });
  });
}
