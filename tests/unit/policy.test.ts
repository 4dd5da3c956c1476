/**
 * The role table, checked against an independent statement of the rules: the test spells out
 * which kind each action is, so a new action fails here until someone decides who may do it.
 */
import { describe, expect, it } from "vitest";
import { DIALOGUE_ACTIONS, abilitiesFor, can, type DialogueAction } from "@/lib/authz/policy";
import { DIALOGUE_STATUSES, MEMBER_ROLES, type DialogueStatus, type MemberRole } from "@/lib/model/enums";

type ActionKind = "read" | "content" | "facilitation";

const ACTION_KINDS: Record<DialogueAction, ActionKind> = {
  "dialogue.read": "read",
  "member.read": "read",
  "driverContent.update": "content",
  "dialogue.update": "facilitation",
  "driver.create": "facilitation",
  "driver.update": "facilitation",
  "driver.delete": "facilitation",
  "driver.reorder": "facilitation",
  "member.manage": "facilitation",
  "organisation.manage": "facilitation",
  "indicator.import": "facilitation",
  "indicator.link": "facilitation",
  "compositeIndex.manage": "facilitation",
  "comment.create": "content",
  "comment.moderate": "facilitation",
  "round.manage": "facilitation",
  "stance.give": "content",
  "suggestion.create": "content",
  "suggestion.decide": "facilitation",
  "agreement.create": "facilitation",
  "audit.read": "facilitation",
  "goalSet.export": "read",
  "workshop.manage": "facilitation",
  "workshop.participate": "content",
};

/** The rules in words: observers read; participants also edit content while the dialogue is open; facilitators do everything. */
function expectedPermission(role: MemberRole | null, action: DialogueAction, status: DialogueStatus): boolean {
  if (role === null) return false;
  const kind = ACTION_KINDS[action];
  if (role === "facilitator") return true;
  if (kind === "read") return true;
  if (kind === "content") return role === "participant" && status !== "closed";
  return false;
}

const ROLES_AND_NON_MEMBER: readonly (MemberRole | null)[] = [...MEMBER_ROLES, null];

const EVERY_CASE = DIALOGUE_ACTIONS.flatMap((action) =>
  ROLES_AND_NON_MEMBER.flatMap((role) =>
    DIALOGUE_STATUSES.map((status) => ({ action, role, status, isAllowed: expectedPermission(role, action, status) })),
  ),
);

describe("can", () => {
  it("classifies every action the policy knows, and nothing else", () => {
    expect([...DIALOGUE_ACTIONS].sort()).toEqual(Object.keys(ACTION_KINDS).sort());
  });

  it.each(EVERY_CASE)("$role → $action in a $status dialogue: $isAllowed", ({ action, role, status, isAllowed }) => {
    expect(can(role, action, { dialogueStatus: status })).toBe(isAllowed);
  });

  it("lets a non-member do nothing at all, not even read", () => {
    for (const status of DIALOGUE_STATUSES) {
      expect(DIALOGUE_ACTIONS.filter((action) => can(null, action, { dialogueStatus: status }))).toEqual([]);
    }
  });

  it("lets an observer only read, whatever the status", () => {
    for (const status of DIALOGUE_STATUSES) {
      expect(DIALOGUE_ACTIONS.filter((action) => can("observer", action, { dialogueStatus: status })).sort()).toEqual([
        "dialogue.read",
        "goalSet.export",
        "member.read",
      ]);
    }
  });

  it("lets a participant edit content (and nothing structural) while the dialogue is open", () => {
    for (const status of ["draft", "active"] as const) {
      expect(DIALOGUE_ACTIONS.filter((action) => can("participant", action, { dialogueStatus: status })).sort()).toEqual([
        "comment.create",
        "dialogue.read",
        "driverContent.update",
        "goalSet.export",
        "member.read",
        "stance.give",
        "suggestion.create",
        "workshop.participate",
      ]);
    }
  });

  it("freezes content for participants once the dialogue is closed, but not for facilitators", () => {
    expect(can("participant", "driverContent.update", { dialogueStatus: "closed" })).toBe(false);
    expect(can("facilitator", "driverContent.update", { dialogueStatus: "closed" })).toBe(true);
    expect(can("participant", "dialogue.read", { dialogueStatus: "closed" })).toBe(true);
  });

  it("lets only facilitators link indicators to a driver, whatever the status (issue 5: a facilitator links them)", () => {
    for (const status of DIALOGUE_STATUSES) {
      expect(MEMBER_ROLES.filter((role) => can(role, "indicator.link", { dialogueStatus: status }))).toEqual(["facilitator"]);
      expect(can(null, "indicator.link", { dialogueStatus: status })).toBe(false);
    }
    // Editing content does not imply linking: a participant who may write nuläge may not change its evidence.
    expect(can("participant", "driverContent.update", { dialogueStatus: "active" })).toBe(true);
    expect(can("participant", "indicator.link", { dialogueStatus: "active" })).toBe(false);
  });

  it("lets only facilitators build, change and delete a saved composite index, whatever the status; every member reads it", () => {
    for (const status of DIALOGUE_STATUSES) {
      expect(MEMBER_ROLES.filter((role) => can(role, "compositeIndex.manage", { dialogueStatus: status }))).toEqual(["facilitator"]);
      expect(can(null, "compositeIndex.manage", { dialogueStatus: status })).toBe(false);
      // Saved indexes are read with the dialogue: no member is kept from reading them.
      expect(MEMBER_ROLES.filter((role) => can(role, "dialogue.read", { dialogueStatus: status }))).toEqual([...MEMBER_ROLES]);
    }
    // Writing a driver's content does not imply framing the evidence.
    expect(can("participant", "compositeIndex.manage", { dialogueStatus: "active" })).toBe(false);
  });

  it("lets observers comment only where the dialogue allows it, and never once it is closed; resolving others' threads is the facilitators'", () => {
    for (const status of ["draft", "active"] as const) {
      expect(can("observer", "comment.create", { dialogueStatus: status })).toBe(false);
      expect(can("observer", "comment.create", { dialogueStatus: status, observersMayComment: true })).toBe(true);
      // Allowing comments does not make observers editors or moderators.
      expect(can("observer", "driverContent.update", { dialogueStatus: status, observersMayComment: true })).toBe(false);
      expect(can("observer", "comment.moderate", { dialogueStatus: status, observersMayComment: true })).toBe(false);
    }
    expect(can("observer", "comment.create", { dialogueStatus: "closed", observersMayComment: true })).toBe(false);
    expect(can(null, "comment.create", { dialogueStatus: "active", observersMayComment: true })).toBe(false);
    expect(MEMBER_ROLES.filter((role) => can(role, "comment.moderate", { dialogueStatus: "active" }))).toEqual(["facilitator"]);
  });

  it("locks a driver's texts while a round is open on it: for everyone in a stance round, for all but facilitators otherwise", () => {
    for (const status of ["draft", "active"] as const) {
      expect(MEMBER_ROLES.filter((role) => can(role, "driverContent.update", { dialogueStatus: status, driverLock: "all" }))).toEqual([]);
      expect(MEMBER_ROLES.filter((role) => can(role, "driverContent.update", { dialogueStatus: status, driverLock: "facilitators" }))).toEqual(["facilitator"]);
      expect(MEMBER_ROLES.filter((role) => can(role, "driverContent.update", { dialogueStatus: status, driverLock: "none" }))).toEqual(["facilitator", "participant"]);
      // The lock is on the texts: commenting and stances stay open to participants.
      expect(can("participant", "comment.create", { dialogueStatus: status, driverLock: "all" })).toBe(true);
      expect(can("participant", "stance.give", { dialogueStatus: status, driverLock: "all" })).toBe(true);
    }
  });

  it("lets a facilitator do everything in every status", () => {
    for (const status of DIALOGUE_STATUSES) {
      expect(DIALOGUE_ACTIONS.every((action) => can("facilitator", action, { dialogueStatus: status }))).toBe(true);
    }
  });
});

describe("abilitiesFor", () => {
  it.each(
    ROLES_AND_NON_MEMBER.flatMap((role) => DIALOGUE_STATUSES.map((status) => ({ role, status }))),
  )("gives $role in a $status dialogue exactly what `can` allows", ({ role, status }) => {
    const abilities = abilitiesFor(role, { dialogueStatus: status });
    expect(Object.keys(abilities).sort()).toEqual([...DIALOGUE_ACTIONS].sort());
    for (const action of DIALOGUE_ACTIONS) {
      expect(abilities[action], action).toBe(expectedPermission(role, action, status));
    }
  });
});
