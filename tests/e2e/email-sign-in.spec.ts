/**
 * Journey (e): signing in by e-mailed code as a brand-new address, and what such a non-member may
 * see. The mail goes to the demo outbox (/outbox), where the test reads the code and the link.
 */
import { expect, test, type Translator } from "./fixtures";
import { DialoguesPage } from "./pages/dialogues-page";
import { LoginPage, VerifyPage } from "./pages/login-page";
import { OutboxPage } from "./pages/outbox-page";
import { uniqueEmail } from "./support/demo";
import type { Page } from "@playwright/test";

/** Requests a code for `email` and returns the mailed link (/login/verify?email=…&code=…). */
async function requestCode(page: Page, t: Translator, email: string): Promise<URL> {
  const login = new LoginPage(page, t);
  await login.goto();
  await login.requestCode(email);
  await expect(new VerifyPage(page, t).heading).toBeVisible();
  await expect(page.getByText(t("auth.verify.intro", { email }), { exact: true })).toBeVisible();
  const outboxTab = await page.context().newPage();
  const outbox = new OutboxPage(outboxTab, t);
  await outbox.goto();
  const link = await outbox.linkInNewestMail(email, "/login/verify");
  await outboxTab.close();
  expect(link.searchParams.get("email")).toBe(email);
  expect(link.searchParams.get("code")).toMatch(/^\d{6}$/);
  return link;
}

test.describe("e-mail sign-in", () => {
  test("a new address signs in with the code, has no dialogues, and gets 404 for the demo dialogue", async ({ page, t, demo }) => {
    const email = uniqueEmail("nonmember");
    const link = await requestCode(page, t, email);
    const verify = new VerifyPage(page, t);
    await verify.enterCode(link.searchParams.get("code")!);

    await page.waitForURL("**/dialogues");
    const dialogues = new DialoguesPage(page, t);
    await expect(dialogues.heading).toBeVisible();
    await expect(dialogues.emptyNote).toBeVisible();
    await expect(dialogues.dialogueLinks).toHaveCount(0);

    for (const path of [demo.url, demo.driverUrl, `${demo.url}/members`]) {
      const response = await page.goto(path);
      expect(response?.status(), `status of ${path}`).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: t("notFound.title"), exact: true })).toBeVisible();
      await expect(page.getByText(demo.driverTitle)).toHaveCount(0);
    }
  });

  test("a wrong code is reported at the code field and does not sign in", async ({ page, t }) => {
    const email = uniqueEmail("wrongcode");
    const link = await requestCode(page, t, email);
    const code = link.searchParams.get("code")!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");

    const verify = new VerifyPage(page, t);
    await verify.enterCode(wrong);
    await expect(verify.codeInput).toHaveAttribute("aria-invalid", "true");
    await expect(verify.codeInput).toHaveAccessibleDescription(t("validation.codeInvalid"));
    await expect(verify.codeInput).toBeFocused();
    await expect(verify.formAlert).toHaveText(t("forms.hasErrors", { count: 1 }));
    expect(new URL(page.url()).pathname).toBe("/login/verify");

    await page.goto("/dialogues");
    await page.waitForURL("**/login");
  });

  test("opening the mailed link with a plain GET signs nobody in; the code still works after", async ({ page, t }) => {
    const email = uniqueEmail("linkscan");
    const link = await requestCode(page, t, email);

    // What a mail scanner does: fetch the link (with this browser's cookies).
    const scanned = await page.request.get(link.pathname + link.search);
    expect(scanned.status()).toBe(200);
    await page.goto("/dialogues");
    await page.waitForURL("**/login");

    // The person then opens the link: the code is pre-filled and signing in takes the click.
    await page.goto(link.pathname + link.search);
    const verify = new VerifyPage(page, t);
    await expect(verify.codeInput).toHaveValue(link.searchParams.get("code")!);
    await verify.signInButton.click();
    await page.waitForURL("**/dialogues");
    await expect(new DialoguesPage(page, t).heading).toBeVisible();
  });
});
