/**
 * Notifications (issue 6): a facilitator mentions a participant with the mention picker of the
 * driver page's thread panel (keyboard only); the
 * participant sees the unread count in the navigation, finds the notification in the inbox,
 * follows its permalink and marks it read; the immediate mail reaches the outbox through the job
 * runner; the settings page saves. Markup in a comment stays text (no element, no dialog). axe on
 * the picker, the inbox and the settings page in Swedish and English.
 */
import type { Page } from "@playwright/test";
import { expect, expectNoA11yViolations, test, type Translator } from "./fixtures";
import { CommentsPanel } from "./pages/comments-panel";
import { OutboxPage } from "./pages/outbox-page";
import { demoUser, uniqueSuffix, type DemoUserKey } from "./support/demo";

const XSS = `<img src=x onerror=alert(1)> "><svg onload=alert(1)> <script>alert(1)</script> [x](javascript:alert(1))`;

/** The inbox link in the navigation: "Inkorg" read as "Inkorg, 2 olästa" when there are unread ones. */
function inboxLink(page: Page, t: Translator) {
  return page.getByRole("navigation", { name: t("nav.mainNav") }).getByRole("link", { name: new RegExp(`^${t("inbox.nav")}`) });
}

async function unreadInNav(page: Page, t: Translator): Promise<number> {
  const name = (await inboxLink(page, t).textContent()) ?? "";
  const match = /\((\d+)\)/.exec(name);
  return match ? Number(match[1]) : 0;
}

/** The new-thread field of the driver page's comments (with the mention picker). */
async function newThreadField(page: Page, t: Translator, driverUrl: string) {
  await page.goto(driverUrl);
  const comments = new CommentsPanel(page, t);
  await expect(comments.newThreadField).toBeVisible();
  return comments;
}

/** Starts a thread on the driver that mentions `who`, chosen in the picker by keyboard, then `tail`. */
async function postMention(page: Page, t: Translator, driverUrl: string, who: DemoUserKey, tail: string): Promise<void> {
  const person = demoUser(who);
  const comments = await newThreadField(page, t, driverUrl);
  const field = comments.newThreadField;
  await field.focus();
  await page.keyboard.type(`Hej @${person.name.slice(0, 3)}`);
  const listbox = page.getByRole("listbox", { name: t("notifications.mentionPicker.listLabel") });
  await expect(listbox).toBeVisible();
  const option = listbox.getByRole("option", { name: new RegExp(`^${person.name}, ${person.organisationName}`) });
  // Move the active option onto the person with the arrow keys; the field names it.
  for (let step = 0; step < 8 && (await option.getAttribute("aria-selected")) !== "true"; step++) await page.keyboard.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expect(field).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id"))!);
  await page.keyboard.press("Enter");
  await expect(listbox).toBeHidden();
  await expect(field).toHaveValue(new RegExp(`^Hej @\\[${person.name}\\]\\(user:[0-9a-f-]{36}\\) $`));
  await expect(page.getByRole("status").filter({ hasText: t("notifications.mentionPicker.inserted", { name: person.name }) })).toBeAttached();
  await page.keyboard.type(tail);
  await comments.publishButton.click();
  await expect(comments.thread(tail.slice(0, 40)).article).toBeVisible();
  // The token is shown as the name, never as a link or as its raw text.
  await expect(comments.thread(tail.slice(0, 40)).article.locator(".mention")).toHaveText(person.name);
}

test.describe("notifications", () => {
  test("a mentioned participant: unread count, inbox, permalink, mark as read, and the mail", async ({ openPage, t, demo }) => {
    test.setTimeout(120_000);
    let dialogs = 0;
    const writer = await openPage({ as: "facilitator" });
    const reader = await openPage({ as: "patient" });
    reader.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await reader.goto("/dialogues");
    const before = await unreadInNav(reader, t);

    // The picker: Escape closes it without inserting anything.
    const field = (await newThreadField(writer, t, demo.driverUrl)).newThreadField;
    await field.focus();
    await writer.keyboard.type("@And");
    const listbox = writer.getByRole("listbox", { name: t("notifications.mentionPicker.listLabel") });
    await expect(listbox).toBeVisible();
    await expect(field).toHaveAttribute("aria-autocomplete", "list");
    await writer.keyboard.press("Escape");
    await expect(listbox).toBeHidden();
    await expect(field).toHaveValue("@And");
    await expect(field).not.toHaveAttribute("aria-activedescendant");

    const marker = uniqueSuffix();
    await field.fill("");
    await postMention(writer, t, demo.driverUrl, "patient", `kan du titta på detta? ${marker} ${XSS}`);

    // The reader's navigation counts it.
    await reader.goto("/dialogues");
    await expect.poll(() => unreadInNav(reader, t)).toBe(before + 1);
    await expect(inboxLink(reader, t)).toHaveAccessibleName(t("inbox.navLabel", { count: before + 1 }));
    await expect(inboxLink(reader, t)).toHaveText(`${t("inbox.nav")} (${before + 1})`);
    await inboxLink(reader, t).click();
    await expect(reader.getByRole("heading", { level: 1, name: t("inbox.title") })).toBeVisible();
    await expect(reader.getByTestId("inbox-unread-count")).toHaveText(t("inbox.unreadCount", { count: before + 1 }));

    const facilitator = demoUser("facilitator");
    const headline = t("inbox.headline", { reason: "mention", author: facilitator.name });
    const item = reader.getByTestId("inbox-item").filter({ hasText: marker });
    await expect(item).toHaveCount(1);
    await expect(item.getByText(t("inbox.unread"), { exact: true })).toBeVisible();
    // Markup in the comment is shown as text: no element made from it, no script run.
    await expect(item).toContainText("<img src=x onerror=alert(1)>");
    await expect(item).toContainText("<script>alert(1)</script>");
    await expect(reader.locator('main img[src="x"], main svg[onload], main script')).toHaveCount(0);
    await expect(item.locator('a[href^="javascript:"]')).toHaveCount(0);
    await expectNoA11yViolations(reader, { label: "inbox with an unread notification [sv]" });

    // The permalink leads to the comment on its driver page.
    const link = item.getByRole("link", { name: `${headline} (${facilitator.organisationName})` });
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/dialogues\/[0-9a-f-]{36}\/drivers\/[0-9a-f-]{36}\?comment=([0-9a-f-]{36})#comment-\1$/);
    await link.click();
    await reader.waitForURL((url) => `${url.pathname}${url.search}${url.hash}` === href);
    await expect(reader.getByRole("heading", { level: 1 })).toBeVisible();
    await reader.goBack();
    await expect(item).toBeVisible();

    // Mark it read: the item says so, focus goes to its link, the count drops.
    await item.getByRole("button", { name: t("inbox.markReadNamed", { headline }) }).click();
    await expect(item.getByRole("status")).toHaveText(t("inbox.markedRead"));
    await expect(item.getByText(t("inbox.read"), { exact: true })).toBeVisible();
    await expect(item.getByRole("button")).toHaveCount(0);
    await expect(link).toBeFocused();
    await expect.poll(() => unreadInNav(reader, t)).toBe(before);
    await expectNoA11yViolations(reader, { label: "inbox after marking read [sv]" });
    expect(dialogs).toBe(0);

    // The immediate mail went out through the job runner, once, with the payload as plain text.
    const outbox = new OutboxPage(writer, t);
    const patient = demoUser("patient");
    await expect
      .poll(
        async () => {
          await outbox.goto();
          return outbox.page.getByRole("article").filter({ hasText: marker }).count();
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBe(1);
    const mail = outbox.page.getByRole("article").filter({ hasText: marker });
    await expect(mail).toContainText(`${t("outbox.to")}: ${patient.email}`);
    // The subject starts as the inbox's headline does ("Karin Lindqvist nämnde dig: <driver>").
    expect((await mail.getByRole("heading").textContent())?.startsWith(`${headline}: `)).toBe(true);
    await expect(mail).toContainText("<script>alert(1)</script>");
    await expect(mail).toContainText(`http://localhost:${process.env.E2E_PORT ?? 3210}${href}`);
  });

  test("the settings page saves both choices and announces it", async ({ openPage, t }) => {
    const page = await openPage({ as: "observer" });
    await page.goto("/settings/notifications");
    await expect(page.getByRole("heading", { level: 1, name: t("notifications.settings.title") })).toBeVisible();
    const level = page.getByRole("group", { name: t("notifications.settings.levelLegend") });
    const email = page.getByRole("group", { name: t("notifications.settings.emailLegend") });
    await expect(level.getByRole("radio", { name: t("notifications.settings.level.mentions_and_replies") })).toBeChecked();
    await expect(email.getByRole("radio", { name: t("notifications.settings.emailMode.immediate") })).toBeChecked();
    await expectNoA11yViolations(page, { label: "notification settings [sv]" });
    // Keyboard: arrow keys move within a radio group.
    await level.getByRole("radio", { name: t("notifications.settings.level.mentions_and_replies") }).focus();
    await page.keyboard.press("ArrowUp");
    await expect(level.getByRole("radio", { name: t("notifications.settings.level.all") })).toBeChecked();
    await email.getByRole("radio", { name: t("notifications.settings.emailMode.daily_digest") }).check();
    await page.getByRole("button", { name: t("notifications.settings.save") }).click();
    await expect(page.getByRole("status").filter({ hasText: t("notifications.settings.saved") })).toBeVisible();
    await page.reload();
    await expect(level.getByRole("radio", { name: t("notifications.settings.level.all") })).toBeChecked();
    await expect(email.getByRole("radio", { name: t("notifications.settings.emailMode.daily_digest") })).toBeChecked();
    // Back to the defaults, so other specs see the seed as it was.
    await level.getByRole("radio", { name: t("notifications.settings.level.mentions_and_replies") }).check();
    await email.getByRole("radio", { name: t("notifications.settings.emailMode.immediate") }).check();
    await page.getByRole("button", { name: t("notifications.settings.save") }).click();
    await expect(page.getByRole("status").filter({ hasText: t("notifications.settings.saved") })).toBeVisible();
  });
});

for (const locale of ["sv", "en"] as const) {
  test.describe(`notifications, axe [${locale}]`, () => {
    test.use({ appLocale: locale });

    test("the mention picker open, the inbox with a notification, and the settings page", async ({ openPage, t, demo }) => {
      test.setTimeout(90_000);
      const writer = await openPage({ as: "facilitator" });
      const field = (await newThreadField(writer, t, demo.driverUrl)).newThreadField;
      await field.focus();
      await writer.keyboard.type("@");
      await expect(writer.getByRole("listbox", { name: t("notifications.mentionPicker.listLabel") })).toBeVisible();
      await expectNoA11yViolations(writer, { label: `mention picker open [${locale}]` });
      await writer.keyboard.press("Escape");
      await field.fill("");

      const marker = uniqueSuffix();
      await postMention(writer, t, demo.driverUrl, "university", `${locale} ${marker}`);
      const reader = await openPage({ as: "university" });
      await reader.goto("/inbox");
      await expect(reader.locator("html")).toHaveAttribute("lang", locale);
      await expect(reader.getByTestId("inbox-item").filter({ hasText: marker })).toHaveCount(1);
      await expectNoA11yViolations(reader, { label: `inbox [${locale}]` });
      await reader.goto("/inbox?filter=unread");
      await expect(reader.getByRole("link", { name: t("inbox.filterUnread"), exact: true })).toHaveAttribute("aria-current", "page");
      await expectNoA11yViolations(reader, { label: `inbox, unread only [${locale}]` });
      await reader.goto("/settings/notifications");
      await expect(reader.getByRole("heading", { level: 1, name: t("notifications.settings.title") })).toBeVisible();
      await expectNoA11yViolations(reader, { label: `notification settings [${locale}]` });
    });
  });
}
