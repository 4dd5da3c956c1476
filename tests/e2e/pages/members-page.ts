import { expect, type Locator, type Page } from "@playwright/test";
import type { MemberRole } from "../../../lib/model/enums";
import type { Translator } from "../support/i18n";

/** /dialogues/[id]/members: "Deltagare och organisationer". */
export class MembersPage {
  readonly heading: Locator;
  readonly inviteSection: Locator;
  readonly inviteEmail: Locator;
  readonly inviteName: Locator;
  readonly inviteOrganisation: Locator;
  readonly inviteRole: Locator;
  readonly inviteButton: Locator;
  readonly inviteSentStatus: Locator;

  constructor(
    readonly page: Page,
    private readonly t: Translator,
  ) {
    this.heading = page.getByRole("heading", { level: 1, name: t("members.title"), exact: true });
    this.inviteSection = page.getByRole("region", { name: t("members.invite.title"), exact: true });
    this.inviteEmail = this.inviteSection.getByRole("textbox", { name: t("members.invite.email"), exact: true });
    this.inviteName = this.inviteSection.getByRole("textbox", { name: t("members.invite.name"), exact: true });
    this.inviteOrganisation = this.inviteSection.getByRole("combobox", { name: t("members.organisation"), exact: true });
    this.inviteRole = this.inviteSection.getByRole("combobox", { name: t("members.role"), exact: true });
    this.inviteButton = this.inviteSection.getByRole("button", { name: t("members.invite.submit"), exact: true });
    this.inviteSentStatus = this.inviteSection.getByRole("status").filter({ hasText: t("members.invite.sent") });
  }

  async invite({ email, name, organisation, role }: { email: string; name: string; organisation: string; role: MemberRole }): Promise<void> {
    await this.inviteEmail.fill(email);
    await this.inviteName.fill(name);
    await this.inviteOrganisation.selectOption({ label: organisation });
    await this.inviteRole.selectOption({ label: this.t(`enums.role.${role}`) });
    await this.inviteButton.click();
    await expect(this.inviteSentStatus).toBeVisible();
  }

  /** A member's row, found by the e-mail the facilitator sees under the name. */
  memberRow(email: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader").filter({ hasText: email }) });
  }

  roleSelect(email: string, name: string): Locator {
    return this.memberRow(email).getByRole("combobox", { name: this.t("members.changeRole", { name }), exact: true });
  }

  roleCell(email: string): Locator {
    return this.memberRow(email).getByRole("cell").nth(1);
  }

  async changeRole(email: string, name: string, role: MemberRole): Promise<void> {
    const row = this.memberRow(email);
    await this.roleSelect(email, name).selectOption({ label: this.t(`enums.role.${role}`) });
    await row.getByRole("button", { name: this.t("members.changeRoleSubmit"), exact: true }).click();
    await expect(row.getByRole("status").filter({ hasText: this.t("members.roleChanged") })).toBeVisible();
  }

  removeButton(email: string, name: string): Locator {
    return this.memberRow(email).getByRole("button", { name: this.t("members.remove", { name }), exact: true });
  }
}
