/**
 * Journey (f): the facilitator invites a new person into an organisation; the person accepts
 * from the mailed link in their own browser and works as a participant; the facilitator then
 * makes them an observer and finally removes them, which closes the dialogue to them (404).
 */
import { expect, test } from "./fixtures";
import { DialogueOverviewPage } from "./pages/dialogue-overview-page";
import { DialoguesPage } from "./pages/dialogues-page";
import { DriverPage } from "./pages/driver-page";
import { InvitePage } from "./pages/invite-page";
import { MembersPage } from "./pages/members-page";
import { OutboxPage } from "./pages/outbox-page";
import { DEMO_DIALOGUE, uniqueEmail, uniqueSuffix } from "./support/demo";

test("invite → accept in a new browser → change role → remove", async ({ page, t, signInAsDemo, openPage, demo }) => {
  const email = uniqueEmail("invitee");
  const name = `Inbjuden E2E ${uniqueSuffix()}`;
  const organisation = "Vårdförbundet";

  // The facilitator invites.
  await signInAsDemo(page, "facilitator");
  await page.goto(demo.url);
  await new DialogueOverviewPage(page, t).membersLink.click();
  const members = new MembersPage(page, t);
  await expect(members.heading).toBeVisible();
  await members.invite({ email, name, organisation, role: "participant" });

  // The mail in the outbox carries the invitation link.
  const outbox = new OutboxPage(page, t);
  await outbox.goto();
  const link = await outbox.linkInNewestMail(email, "/invite/");

  // The invitee opens it in their own browser; opening alone does not accept.
  const invitee = await openPage();
  await invitee.goto(link.pathname);
  const invite = new InvitePage(invitee, t);
  await expect(invite.heading).toBeVisible();
  await expect(invitee.getByText(DEMO_DIALOGUE.planningQuestion, { exact: false })).toBeVisible();
  await invite.acceptButton.click();
  await invitee.waitForURL(`**${demo.url}`);
  const inviteeOverview = new DialogueOverviewPage(invitee, t);
  await expect(inviteeOverview.heading(DEMO_DIALOGUE.planningQuestion)).toBeVisible();
  await expect(inviteeOverview.addDriverLink, "a participant cannot add drivers").toHaveCount(0);

  await new DialoguesPage(invitee, t).goto();
  await expect(
    invitee.getByText(t("dialogues.list.role", { role: t("enums.role.participant"), organisation }), { exact: true }),
  ).toBeVisible();
  await invitee.goto(demo.driverUrl);
  const inviteeDriver = new DriverPage(invitee, t);
  await expect(inviteeDriver.editor("nulage"), "a participant can edit").toBeVisible();

  // The facilitator sees the new member and makes them an observer.
  await page.goto(`${demo.url}/members`);
  await expect(members.memberRow(email)).toHaveCount(1);
  await expect(members.roleCell(email)).toHaveText(t("enums.role.participant"));
  await members.changeRole(email, name, "observer");
  await expect(members.roleCell(email)).toHaveText(t("enums.role.observer"));

  await invitee.reload();
  await expect(inviteeDriver.readOnlyNote, "the observer role applies at once").toBeVisible();
  await expect(invitee.getByRole("textbox")).toHaveCount(0);

  // Removing the member takes them out of the table and out of the dialogue.
  await members.removeButton(email, name).click();
  await expect(members.memberRow(email)).toHaveCount(0);
  await page.reload();
  await expect(members.heading).toBeVisible();
  await expect(members.memberRow(email)).toHaveCount(0);

  const response = await invitee.goto(demo.url);
  expect(response?.status()).toBe(404);
  await expect(invitee.getByRole("heading", { level: 1, name: t("notFound.title"), exact: true })).toBeVisible();
});
