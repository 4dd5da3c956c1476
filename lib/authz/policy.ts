/**
 * Who may do what in a dialogue: a role × action table, as data. Every server entry point asks
 * `can` through lib/server/access.ts; the UI only displays the abilities the server computed.
 */
import type { DialogueStatus, MemberRole } from "../model/enums";
import type { DriverLock } from "../model/round";

export const DIALOGUE_ACTIONS = [
  "dialogue.read",
  "dialogue.update",
  "driver.create",
  "driver.update",
  "driver.delete",
  "driver.reorder",
  "driverContent.update",
  "member.read",
  "member.manage",
  "organisation.manage",
  "indicator.import",
  "indicator.link",
  "compositeIndex.manage",
  "comment.create",
  "comment.moderate",
  "round.manage",
  "stance.give",
  "suggestion.create",
  "suggestion.decide",
  "agreement.create",
  "audit.read",
  "goalSet.export",
  "workshop.manage",
  "workshop.participate",
] as const;
export type DialogueAction = (typeof DIALOGUE_ACTIONS)[number];

const EVERY_ROLE: readonly MemberRole[] = ["facilitator", "participant", "observer"];
const EDITORS: readonly MemberRole[] = ["facilitator", "participant"];
const FACILITATORS: readonly MemberRole[] = ["facilitator"];

export const POLICY: Record<DialogueAction, readonly MemberRole[]> = {
  "dialogue.read": EVERY_ROLE,
  "dialogue.update": FACILITATORS,
  "driver.create": FACILITATORS,
  "driver.update": FACILITATORS,
  "driver.delete": FACILITATORS,
  "driver.reorder": FACILITATORS,
  "driverContent.update": EDITORS,
  "member.read": EVERY_ROLE,
  "member.manage": FACILITATORS,
  "organisation.manage": FACILITATORS,
  /** Data releases change the figures every member sees, so only those who run the dialogue import. */
  "indicator.import": FACILITATORS,
  /**
   * Which indicators back a driver's nuläge and förväntad framtid is part of framing the dialogue
   * (issue 5: "a facilitator links indicators to a driver"), like choosing the regions it compares.
   */
  "indicator.link": FACILITATORS,
  /**
   * A saved composite index (issue 5: "a facilitator can build one from chosen indicators") is
   * evidence the whole dialogue reads, like the indicators linked to a driver, so facilitators
   * build, change and delete it; every member reads it (`dialogue.read`).
   */
  "compositeIndex.manage": FACILITATORS,
  /**
   * Starting a thread, replying and reacting (issue 6). Observers read every thread and comment
   * only where the dialogue allows it (`observersMayComment`, below). Editing and deleting are of
   * one's own comments, which the comment service checks on top of this.
   */
  "comment.create": EDITORS,
  /** Resolving or reopening any thread; a thread's author may do that to their own as well. */
  "comment.moderate": FACILITATORS,
  /** Planning, extending, closing and reopening rounds (issue 7), and reading their response matrix. */
  "round.manage": FACILITATORS,
  /**
   * Giving one's organisation's stance, and proposing new wording. Only in a round of that kind
   * open on the driver, and only for an organisation the round invited: the round service checks
   * those on top of this.
   */
  "stance.give": EDITORS,
  "suggestion.create": EDITORS,
  /** Accepting a suggestion changes the agreed text; rejecting it needs a reason. */
  "suggestion.decide": FACILITATORS,
  /** Marking a driver or the whole goal set as agreed (an immutable version). */
  "agreement.create": FACILITATORS,
  "audit.read": FACILITATORS,
  /**
   * Downloading the goal set (issue 8) in any format: whoever reads the dialogue may take it away,
   * observers included; it holds nothing a member cannot already read.
   */
  "goalSet.export": EVERY_ROLE,
  /**
   * Creating a workshop and setting its agenda (issue 9): the facilitator steers the workshop.
   * Every member reads the workshops and their agendas (`dialogue.read`).
   */
  "workshop.manage": FACILITATORS,
  /**
   * Writing an answer to a workshop prompt and allocating one's dots in a workshop vote (issue 9,
   * parts 3 and 4). Observers follow the workshop and read what is revealed, but neither write nor
   * vote: their voice in the dialogue is not a participant's. Opening, closing and revealing
   * prompts and votes, and turning answers into goals, actions or threads, is `workshop.manage`.
   */
  "workshop.participate": EDITORS,
};

/** Actions that change content, frozen for everyone but facilitators once a dialogue is closed. */
const CONTENT_ACTIONS: ReadonlySet<DialogueAction> = new Set(["driverContent.update", "comment.create", "stance.give", "suggestion.create", "workshop.participate"]);

export interface PolicyContext {
  dialogueStatus: DialogueStatus;
  /** The dialogue lets observers comment (off unless a facilitator turns it on). */
  observersMayComment?: boolean;
  /** For a driver's texts: how a round open on it limits editing (lib/model/round.ts). */
  driverLock?: DriverLock;
}

/** `role` null means "not a member": such a user may do nothing, not even learn the dialogue exists. */
export function can(role: MemberRole | null, action: DialogueAction, context: PolicyContext): boolean {
  if (!role) return false;
  const isCommentingObserver = action === "comment.create" && role === "observer" && context.observersMayComment === true;
  if (!POLICY[action].includes(role) && !isCommentingObserver) return false;
  if (context.dialogueStatus === "closed" && CONTENT_ACTIONS.has(action)) return role === "facilitator";
  if (action === "driverContent.update" && context.driverLock === "all") return false;
  if (action === "driverContent.update" && context.driverLock === "facilitators") return role === "facilitator";
  return true;
}

/**
 * Actions outside any one dialogue, decided on the roles a user holds in their dialogues (roles
 * exist only per dialogue). Importing a goal set (issue 8: "only facilitators import") creates a
 * dialogue already filled with drivers, goals and possibly an agreed version: framing a dialogue
 * is the facilitator's task, so the importer must facilitate at least one dialogue. Starting an
 * empty dialogue stays open to anyone signed in (its creator becomes its facilitator).
 */
export const ACCOUNT_POLICY = {
  "goalSet.import": FACILITATORS,
} as const satisfies Record<string, readonly MemberRole[]>;
export type AccountAction = keyof typeof ACCOUNT_POLICY;

/** `roles`: every role the user holds, in any dialogue (none: a member of no dialogue). */
export function canAnywhere(roles: readonly MemberRole[], action: AccountAction): boolean {
  return roles.some((role) => (ACCOUNT_POLICY[action] as readonly MemberRole[]).includes(role));
}

export type Abilities = Record<DialogueAction, boolean>;

export function abilitiesFor(role: MemberRole | null, context: PolicyContext): Abilities {
  return Object.fromEntries(
    DIALOGUE_ACTIONS.map((action) => [action, can(role, action, context)]),
  ) as Abilities;
}
