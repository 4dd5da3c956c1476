/**
 * Samsyn's Playwright fixtures (STYLE.md rule 9): small, locale-aware, role-based.
 *
 * - `appLocale` (option, default "sv"): every context gets the NEXT_LOCALE cookie for it, so the
 *   language never depends on what a demo user last chose. `test.use({ appLocale: "en" })`.
 * - `t`: next-intl's translator over the message file of `appLocale`, read at test time.
 * - `useLocale(context, locale)`: sets the cookie on another context.
 * - `signInAsDemo(page, key)`: the one-click demo sign-in on /login, by the button's name.
 * - `openPage({ as })`: a page in a new browser context (a second person): signed out, or signed
 *   in as a demo user with a session made once per worker (for specs that test pages, not sign-in).
 * - `demo`: the demo dialogue's URLs, looked up once per worker.
 */
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DialogueOverviewPage } from "./pages/dialogue-overview-page";
import { DialoguesPage } from "./pages/dialogues-page";
import { LoginPage } from "./pages/login-page";
import { expectNoA11yViolations } from "./support/a11y";
import { DEMO_DIALOGUE, demoUser, type DemoUserKey } from "./support/demo";
import { LOCALE_COOKIE, translatorFor, type AppLocale, type Translator } from "./support/i18n";

export { expect, expectNoA11yViolations };
export type { AppLocale, Translator };

export interface DemoDialogue {
  dialogueId: string;
  /** /dialogues/<id> */
  url: string;
  /** The first driver of the overview and its page. */
  driverId: string;
  driverUrl: string;
  driverTitle: string;
}

interface TestFixtures {
  appLocale: AppLocale;
  t: Translator;
  useLocale: (context: BrowserContext, locale: AppLocale) => Promise<void>;
  signInAsDemo: (page: Page, key: DemoUserKey) => Promise<void>;
  openPage: (options?: { as?: DemoUserKey }) => Promise<Page>;
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

interface WorkerFixtures {
  /** A signed-in browser state per demo user, made once per worker by the demo button. */
  demoSession: (key: DemoUserKey) => Promise<StorageState>;
  demo: DemoDialogue;
}

function cookieSetter(baseURL: string) {
  return (context: BrowserContext, locale: AppLocale) =>
    context.addCookies([{ name: LOCALE_COOKIE, value: locale, url: baseURL, sameSite: "Lax" }]);
}

function requireBaseURL(baseURL: string | undefined): string {
  if (!baseURL) throw new Error("playwright.config.ts must set use.baseURL");
  return baseURL;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  appLocale: ["sv", { option: true }],

  t: async ({ appLocale }, use) => {
    await use(translatorFor(appLocale));
  },

  useLocale: async ({ baseURL }, use) => {
    await use(cookieSetter(requireBaseURL(baseURL)));
  },

  context: async ({ context, appLocale, useLocale }, use) => {
    await useLocale(context, appLocale);
    await use(context);
  },

  signInAsDemo: async ({ t }, use) => {
    await use(async (page, key) => {
      const login = new LoginPage(page, t);
      await login.goto();
      await login.signInAsDemo(demoUser(key));
      await expect(new DialoguesPage(page, t).heading).toBeVisible();
    });
  },

  openPage: async ({ browser, baseURL, appLocale, useLocale, demoSession }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async ({ as } = {}) => {
      const storageState = as ? await demoSession(as) : undefined;
      const context = await browser.newContext({ baseURL: requireBaseURL(baseURL), locale: "sv-SE", storageState });
      contexts.push(context);
      await useLocale(context, appLocale);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },

  demoSession: [
    async ({ browser }, use, workerInfo) => {
      const baseURL = requireBaseURL(workerInfo.project.use.baseURL);
      const sessions = new Map<DemoUserKey, Promise<StorageState>>();
      await use((key) => {
        if (!sessions.has(key)) sessions.set(key, signInOnce(browser, baseURL, key));
        return sessions.get(key)!;
      });
    },
    { scope: "worker" },
  ],

  demo: [
    async ({ browser, demoSession }, use, workerInfo) => {
      const baseURL = requireBaseURL(workerInfo.project.use.baseURL);
      const context = await browser.newContext({ baseURL, storageState: await demoSession("facilitator") });
      await cookieSetter(baseURL)(context, "sv");
      const page = await context.newPage();
      const t = translatorFor("sv");
      await new DialoguesPage(page, t).goto();
      await new DialoguesPage(page, t).dialogueLink(DEMO_DIALOGUE.planningQuestion).click();
      await page.waitForURL(/\/dialogues\/[0-9a-f-]{36}$/);
      const url = new URL(page.url()).pathname;
      const firstDriver = new DialogueOverviewPage(page, t).driverLinks.first();
      const driverTitle = (await firstDriver.textContent())?.trim() ?? "";
      const driverUrl = (await firstDriver.getAttribute("href")) ?? "";
      await context.close();
      await use({
        dialogueId: url.split("/").pop()!,
        url,
        driverId: driverUrl.split("/").pop()!,
        driverUrl,
        driverTitle,
      });
    },
    { scope: "worker" },
  ],
});

async function signInOnce(browser: Browser, baseURL: string, key: DemoUserKey): Promise<StorageState> {
  const context = await browser.newContext({ baseURL });
  await cookieSetter(baseURL)(context, "sv");
  const page = await context.newPage();
  const t = translatorFor("sv");
  const login = new LoginPage(page, t);
  await login.goto();
  await login.signInAsDemo(demoUser(key));
  const state = await context.storageState();
  await context.close();
  return state;
}
