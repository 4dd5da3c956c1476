import type { Locator, Page } from "@playwright/test";
import type { WhoClass } from "../../../lib/model/enums";
import { escapeRegExp, type Translator } from "../support/i18n";

/** /dialogues/[id]: the drivers grouped by WHO classification, and the facilitator's links. */
export class DialogueOverviewPage {
  readonly addDriverLink: Locator;
  readonly membersLink: Locator;
  readonly settingsLink: Locator;
  /** Every driver's title link, in page order. */
  readonly driverLinks: Locator;

  constructor(
    readonly page: Page,
    private readonly t: Translator,
  ) {
    this.addDriverLink = page.getByRole("link", { name: t("dialogues.overview.addDriver"), exact: true });
    this.membersLink = page.getByRole("link", { name: t("dialogues.overview.members"), exact: true });
    this.settingsLink = page.getByRole("link", { name: t("dialogues.overview.settings"), exact: true });
    this.driverLinks = page.getByRole("main").getByRole("heading", { level: 4 }).getByRole("link");
  }

  heading(planningQuestion: string): Locator {
    return this.page.getByRole("heading", { level: 1, name: planningQuestion, exact: true });
  }

  /** The section of one WHO class; its heading is "<class> (<count>)". */
  group(whoClass: WhoClass): Locator {
    const label = this.t(`enums.whoClass.${whoClass}`);
    return this.page.getByRole("region", { name: new RegExp(`^${escapeRegExp(label)} \\(\\d+\\)$`) });
  }

  /** Driver titles of one group, in their order. */
  async titlesIn(whoClass: WhoClass): Promise<string[]> {
    return (await this.group(whoClass).getByRole("heading", { level: 4 }).allTextContents()).map((title) => title.trim());
  }

  driverLink(title: string): Locator {
    return this.page.getByRole("link", { name: title, exact: true });
  }

  moveDownButton(title: string): Locator {
    return this.page.getByRole("button", { name: this.t("dialogues.overview.moveDown", { title }), exact: true });
  }

  moveUpButton(title: string): Locator {
    return this.page.getByRole("button", { name: this.t("dialogues.overview.moveUp", { title }), exact: true });
  }

  movedStatus(title: string): Locator {
    return this.page.getByRole("status").filter({ hasText: this.t("dialogues.overview.moved", { title }) });
  }
}
