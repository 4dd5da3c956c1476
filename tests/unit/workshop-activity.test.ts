/**
 * Private writing and dot voting, the pure parts (lib/workshop/activity.ts): the tally, the
 * validation of an allocation, and what each viewer is sent (privacy before a reveal, no names
 * after an anonymous one, no results for participants before the vote is revealed).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { projectActivity, tallyVotes, validateAllocation, type ActivitySource, type Ballot } from "@/lib/workshop/activity";

const T = ["t1", "t2", "t3"];

describe("tallyVotes", () => {
  it("sums the dots per target, lists every target, ranks with shared ranks for ties", () => {
    const tally = tallyVotes(T, [
      { voter: "a", allocation: { t1: 2, t2: 1 } },
      { voter: "b", allocation: { t2: 3 } },
      { voter: "c", allocation: {} },
    ]);
    expect(tally.rows).toEqual([
      { targetId: "t2", dots: 4, voters: 2, rank: 1 },
      { targetId: "t1", dots: 2, voters: 1, rank: 2 },
      { targetId: "t3", dots: 0, voters: 0, rank: 3 },
    ]);
    expect(tally.voters).toBe(2);
    expect(tally.dots).toBe(6);
    const tied = tallyVotes(T, [{ voter: "a", allocation: { t1: 1, t3: 1 } }]);
    expect(tied.rows.map((row) => [row.targetId, row.rank])).toEqual([
      ["t1", 1],
      ["t3", 1],
      ["t2", 3],
    ]);
  });

  it("counts a voter once: a repeated ballot replaces the earlier one; unknown targets and bad values are ignored", () => {
    const tally = tallyVotes(T, [
      { voter: "a", allocation: { t1: 3 } },
      { voter: "a", allocation: { t2: 1 } },
      { voter: "b", allocation: { nope: 5, t3: -1, t1: 1.5 } as Record<string, number> },
    ]);
    expect(tally.dots).toBe(1);
    expect(tally.voters).toBe(1);
    expect(tally.rows[0]).toEqual({ targetId: "t2", dots: 1, voters: 1, rank: 1 });
  });

  it("equals the sum of each voter's last allocation, whatever the repeats (property)", () => {
    const allocation = fc.dictionary(fc.constantFrom(...T), fc.integer({ min: 0, max: 5 }));
    fc.assert(
      fc.property(fc.array(fc.record({ voter: fc.constantFrom("a", "b", "c", "d"), allocation }), { maxLength: 40 }), (ballots: Ballot[]) => {
        const last = new Map(ballots.map((ballot) => [ballot.voter, ballot.allocation]));
        const expected = [...last.values()].reduce((sum, a) => sum + Object.values(a).reduce((s, v) => s + v, 0), 0);
        const tally = tallyVotes(T, ballots);
        expect(tally.dots).toBe(expected);
        expect(tally.rows.reduce((sum, row) => sum + row.dots, 0)).toBe(expected);
        expect(tally.voters).toBe([...last.values()].filter((a) => Object.values(a).some((v) => v > 0)).length);
      }),
    );
  });
});

describe("validateAllocation", () => {
  it("accepts up to the allowance, several dots on one target, numbers typed as text; drops zeros", () => {
    expect(validateAllocation({ t1: "3", t2: 0, t3: "" }, T, 3)).toEqual({ ok: true, allocation: { t1: 3 }, total: 3 });
    expect(validateAllocation({}, T, 3)).toEqual({ ok: true, allocation: {}, total: 0 });
  });

  it("refuses more dots than allowed, with the total and the allowance", () => {
    expect(validateAllocation({ t1: 2, t2: 2 }, T, 3)).toEqual({ ok: false, error: { code: "overAllocated", total: 4, max: 3 } });
  });

  it("refuses unknown targets, negative, fractional and non-numeric dots", () => {
    expect(validateAllocation({ other: 1 }, T, 3)).toEqual({ ok: false, error: { code: "unknownTarget", targetId: "other" } });
    for (const bad of [-1, 1.5, "x", true]) expect(validateAllocation({ t1: bad }, T, 3)).toMatchObject({ ok: false, error: { code: "invalidDots" } });
  });
});

function source(status: "open" | "closed" | "revealed", anonymous = false, voteStatus: "open" | "closed" | "revealed" = "open"): ActivitySource {
  return {
    prompt: {
      id: "p",
      question: "Vilket gap är viktigast att stänga?",
      driverId: null,
      driverTitle: null,
      status,
      anonymous,
      answers: [
        { id: "a1", authorId: "anna", authorName: "Anna Andersson", organisation: "Region Uppsala", body: "Specialistsjuksköterskor", uses: [] },
        { id: "a2", authorId: "bo", authorName: "Bo Berg", organisation: "Vårdförbundet", body: "Arbetsmiljön", uses: [] },
      ],
    },
    vote: {
      id: "v",
      title: "Viktigaste åtgärden",
      targetKind: "action",
      mode: "participant",
      dotsPerVoter: 3,
      status: voteStatus,
      targets: T.map((id) => ({ id, driverId: "d", label: `Åtgärd ${id}`, context: "Drivkraft" })),
      ballots: [
        { voter: "anna", allocation: { t1: 3 } },
        { voter: "bo", allocation: { t2: 1 } },
      ],
    },
  };
}

const anna = { userId: "anna", organisationId: "org-u", isFacilitator: false };
const facilitator = { userId: "fac", organisationId: "org-f", isFacilitator: true };

describe("projectActivity", () => {
  it("before the reveal, a participant sees their own answer only and the facilitator only the count", () => {
    const forAnna = projectActivity(source("open"), anna);
    expect(forAnna.prompt).toMatchObject({ myAnswer: "Specialistsjuksköterskor", answers: null, answered: 2, canAnswer: true });
    expect(JSON.stringify(forAnna)).not.toContain("Arbetsmiljön");
    const forFacilitator = projectActivity(source("closed"), facilitator);
    expect(forFacilitator.prompt).toMatchObject({ myAnswer: null, answers: null, answered: 2, canAnswer: false });
    expect(JSON.stringify(forFacilitator.prompt)).not.toMatch(/Arbetsmiljön|Specialistsjuksköterskor|Anna|Bo Berg/);
  });

  it("after an anonymous reveal no name or organisation reaches anyone, the facilitator included", () => {
    for (const viewer of [anna, facilitator]) {
      const json = JSON.stringify(projectActivity(source("revealed", true), viewer).prompt);
      expect(json).toContain("Arbetsmiljön");
      expect(json).toContain("Specialistsjuksköterskor");
      expect(json).not.toMatch(/Anna|Andersson|Bo Berg|Region Uppsala|Vårdförbundet|anna|"bo"/);
      expect(projectActivity(source("revealed", true), viewer).prompt!.answers!.every((answer) => answer.author === null && !answer.mine)).toBe(true);
    }
  });

  it("after a named reveal everyone sees who wrote what", () => {
    const answers = projectActivity(source("revealed"), anna).prompt!.answers!;
    expect(answers.map((answer) => [answer.author?.name, answer.mine])).toEqual([
      ["Anna Andersson", true],
      ["Bo Berg", false],
    ]);
  });

  it("keeps vote results and turnout from participants until revealed; the facilitator sees a preview", () => {
    const forAnna = projectActivity(source("open"), anna).vote!;
    expect(forAnna).toMatchObject({ myAllocation: { t1: 3 }, canVote: true, turnout: null, results: null });
    expect(JSON.stringify(forAnna)).not.toContain('"dots":');
    expect(projectActivity(source("open", false, "closed"), anna).vote).toMatchObject({ results: null, turnout: null, canVote: false });
    const forFacilitator = projectActivity(source("open"), facilitator).vote!;
    expect(forFacilitator.turnout).toEqual({ voters: 2, dots: 4 });
    expect(forFacilitator.results).toMatchObject({ preview: true, rows: [{ targetId: "t1", dots: 3 }, { targetId: "t2", dots: 1 }, { targetId: "t3", dots: 0 }] });
    const revealed = projectActivity(source("open", false, "revealed"), anna).vote!;
    expect(revealed.results?.preview).toBe(false);
    expect(revealed.results?.rows[0]).toMatchObject({ targetId: "t1", dots: 3 });
    expect(revealed.turnout).toEqual({ voters: 2, dots: 4 });
  });

  it("lets an observer watch but neither answer nor vote", () => {
    const activity = projectActivity(source("open"), { ...anna, userId: "obs", canParticipate: false });
    expect(activity.prompt).toMatchObject({ canAnswer: false, myAnswer: null });
    expect(activity.vote).toMatchObject({ canVote: false, myAllocation: null, results: null });
  });

  it("keys an organisation-mode ballot by the organisation", () => {
    const s = source("open");
    s.vote!.mode = "organisation";
    s.vote!.ballots = [{ voter: "org-u", allocation: { t3: 2 } }];
    expect(projectActivity(s, anna).vote!.myAllocation).toEqual({ t3: 2 });
  });
});
