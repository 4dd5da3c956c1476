/**
 * Agreed versions (lib/model/agreement.ts): the frozen shape is checked on read, a target's gap is
 * computed as the chips compute it, and the difference from now sees texts, the önskat läge and
 * gaps that newer figures moved.
 */
import { describe, expect, it } from "vitest";
import type { DriverDocContent, GoalTarget } from "@/lib/collab/driver-doc";
import {
  agreedGapOf,
  agreementContentSchema,
  changedGaps,
  createAgreementSchema,
  desiredFingerprintOf,
  diffAgreedDriver,
  latestAgreementByDriver,
  type AgreedDriver,
  type GapFigures,
} from "@/lib/model/agreement";
import { docFromPlainText, EMPTY_DOC } from "@/lib/model/rich-text";
import { desiredFingerprint } from "@/lib/model/round";
import { fieldErrorsOf } from "./helpers";

const DIALOGUE = "33333333-3333-4333-8333-333333333333";
const DRIVER = "44444444-4444-4444-8444-444444444444";
const GOAL = "11111111-1111-4111-8111-111111111111";

const target: GoalTarget = { indicatorId: "specialists", regionCode: "03", value: 100, year: 2030, direction: "increase" };

const figures = (latest: number | null, releaseId: number | null = 7): GapFigures => ({
  unit: "antal",
  direction: "higher_is_better",
  latest: { value: latest, period: "2024", releaseId },
  projection: [{ year: 2030, value: 90 }],
});

function content(goalText: string): DriverDocContent {
  return {
    texts: { nulage: docFromPlainText("Nuläge"), future: EMPTY_DOC, gap: EMPTY_DOC },
    goals: [{ id: GOAL, doc: docFromPlainText(goalText), text: goalText, target }],
    actions: [],
  };
}

function agreedDriver(gapLatest: number): AgreedDriver {
  return {
    driverId: DRIVER,
    title: "Kompetensförsörjning",
    content: content("Fler specialister"),
    desiredFingerprint: "fingerprint-agreed",
    stances: [],
    gaps: [agreedGapOf(GOAL, target, figures(gapLatest))],
  };
}

describe("agreement input", () => {
  it("reads an empty driverId as the whole goal set and keeps a note", () => {
    expect(createAgreementSchema.parse({ dialogueId: DIALOGUE, driverId: "", note: " Enighet vid mötet " })).toEqual({
      dialogueId: DIALOGUE,
      driverId: undefined,
      note: "Enighet vid mötet",
    });
  });

  it("refuses a malformed driver id and a note over the limit, naming the fields", () => {
    const errors = fieldErrorsOf(createAgreementSchema, { dialogueId: DIALOGUE, driverId: "nope", note: "x".repeat(2_001) });
    expect(Object.keys(errors).sort()).toEqual(["driverId", "note"]);
  });
});

describe("the frozen content", () => {
  it("round-trips through its schema and refuses an unknown version", () => {
    const frozen = { version: 1, drivers: [agreedDriver(80)] };
    expect(agreementContentSchema.parse(frozen)).toEqual(frozen);
    expect(agreementContentSchema.safeParse({ ...frozen, version: 2 }).success).toBe(false);
  });
});

describe("gaps of agreed targets", () => {
  it("computes status, size and the release the latest figure came from", () => {
    expect(agreedGapOf(GOAL, target, figures(80))).toMatchObject({ status: "remaining", gap: 20, latestValue: 80, expected: 90, releaseId: 7, regionCode: "03" });
    expect(agreedGapOf(GOAL, target, figures(null, null))).toMatchObject({ status: "no_data", gap: null, releaseId: null });
  });

  it("reports a changed size or status, not a new release with the same figure", () => {
    const agreed = [agreedGapOf(GOAL, target, figures(80, 7))];
    expect(changedGaps(agreed, [agreedGapOf(GOAL, target, figures(80, 8))])).toEqual([]);
    const moved = changedGaps(agreed, [agreedGapOf(GOAL, target, figures(70, 8))]);
    expect(moved).toHaveLength(1);
    expect(moved[0]!.now?.gap).toBe(30);
    expect(changedGaps(agreed, [])[0]!.now).toBeNull();
  });
});

describe("agreed vs now", () => {
  it("has no changes when nothing moved", () => {
    const agreed = agreedDriver(80);
    const diff = diffAgreedDriver(agreed, { content: content("Fler specialister"), desiredFingerprint: "fingerprint-agreed", gaps: agreed.gaps });
    expect(diff.hasChanges).toBe(false);
  });

  it("shows a goal's new words and a changed önskat läge", () => {
    const agreed = agreedDriver(80);
    const diff = diffAgreedDriver(agreed, { content: content("Fler specialister i länet"), desiredFingerprint: "fingerprint-new", gaps: agreed.gaps });
    expect(diff.hasChanges).toBe(true);
    expect(diff.isDesiredChanged).toBe(true);
    expect(diff.content.goals[0]!.change).toBe("changed");
    expect(diff.content.goals[0]!.text.filter((segment) => segment.kind === "added").map((segment) => segment.text.trim())).toEqual(["i länet"]);
  });

  it("is a new draft when only the figures moved the gap", () => {
    const agreed = agreedDriver(80);
    const diff = diffAgreedDriver(agreed, { content: content("Fler specialister"), desiredFingerprint: "fingerprint-agreed", gaps: [agreedGapOf(GOAL, target, figures(95, 9))] });
    expect(diff.content.hasChanges).toBe(false);
    expect(diff.gapChanges).toHaveLength(1);
    expect(diff.hasChanges).toBe(true);
  });
});

describe("the önskat läge of frozen content", () => {
  it("has the fingerprint stances are given on (the same goals read from the relational copy)", () => {
    const relational = [{ text: "Fler specialister", targetIndicatorId: "specialists", targetRegionCode: "03", targetValue: 100, targetYear: 2030, targetDirection: "increase" }];
    expect(desiredFingerprintOf(content("Fler specialister"))).toBe(desiredFingerprint(relational));
    expect(desiredFingerprintOf(content("Färre specialister"))).not.toBe(desiredFingerprint(relational));
  });
});

describe("the newest agreement of each driver", () => {
  it("takes a later whole goal set over an earlier driver agreement, and the later of equal times", () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
    const own = { id: "own", createdAt: at(0), driverIds: [DRIVER] };
    const whole = { id: "whole", createdAt: at(1_000), driverIds: [DRIVER, "other"] };
    const sameTime = { id: "same-time", createdAt: at(1_000), driverIds: ["other"] };
    const latest = latestAgreementByDriver([own, whole, sameTime]);
    expect(latest.get(DRIVER)?.id).toBe("whole");
    expect(latest.get("other")?.id).toBe("same-time");
  });
});
