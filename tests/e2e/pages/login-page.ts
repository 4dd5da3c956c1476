import { expect, type Locator, type Page } from "@playwright/test";
import type { DemoUser } from "../support/demo";
import type { Translator } from "../support/i18n";

/** /login: e-mail code request and, in demo mode, the one-click demo users. */
export class LoginPage {
  readonly heading: Locator;
  readonly emailInput: Locator;
  readonly sendCodeButton: Locator;
  readonly skipLink: Locator;
  readonly main: Locator;

  constructor(
    readonly page: Page,
    private readonly t: Translator,
  ) {
    this.heading = page.getByRole("heading", { level: 1, name: t("auth.login.title"), exact: true });
    this.emailInput = page.getByRole("textbox", { name: t("auth.login.email"), exact: true });
    this.sendCodeButton = page.getByRole("button", { name: t("auth.login.submit"), exact: true });
    this.skipLink = page.getByRole("link", { name: t("nav.skipToContent"), exact: true });
    this.main = page.getByRole("main");
  }

  async goto(): Promise<void> {
    await this.page.goto("/login");
    await expect(this.heading).toBeVisible();
  }

  demoButton(user: DemoUser): Locator {
    const name = this.t("auth.demo.signInAs", {
      name: user.name,
      organisation: user.organisationName,
      role: this.t(`enums.role.${user.role}`),
    });
    return this.page.getByRole("button", { name, exact: true });
  }

  async signInAsDemo(user: DemoUser): Promise<void> {
    await this.demoButton(user).click();
    await this.page.waitForURL("**/dialogues");
  }

  /** Step 1 of e-mail sign-in; ends on /login/verify. */
  async requestCode(email: string): Promise<void> {
    await this.emailInput.fill(email);
    await this.sendCodeButton.click();
    await this.page.waitForURL(/\/login\/verify\?/);
  }
}

/** /login/verify: type the mailed code. */
export class VerifyPage {
  readonly heading: Locator;
  readonly codeInput: Locator;
  readonly signInButton: Locator;
  readonly formAlert: Locator;

  constructor(
    readonly page: Page,
    t: Translator,
  ) {
    this.heading = page.getByRole("heading", { level: 1, name: t("auth.verify.title"), exact: true });
    this.codeInput = page.getByRole("textbox", { name: t("auth.verify.code"), exact: true });
    this.signInButton = page.getByRole("button", { name: t("auth.verify.submit"), exact: true });
    this.formAlert = page.getByRole("main").getByRole("alert");
  }

  async enterCode(code: string): Promise<void> {
    await this.codeInput.fill(code);
    await this.signInButton.click();
  }
}
