/**
 * The workshop agenda's pure model (lib/model/workshop.ts): the suggested order and its reasons,
 * and the input schemas.
 */
import { describe, expect, it } from "vitest";
import { dateToStockholmLocal } from "@/lib/model/round";
import {
  createWorkshopSchema,
  moveAgendaItemSchema,
  reorderAgendaSchema,
  setAgendaSchema,
  suggestAgendaOrder,
  timeboxField,
  totalMinutes,
  type AgendaCandidate,
  type TargetGap,
} from "@/lib/model/workshop";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";
const D = "00000000-0000-4000-8000-00000000000d";

const remaining = (targetValue: number, gap: number): TargetGap => ({ status: "remaining", targetValue, gap, expectedGap: null });
const candidate = (driverId: string, overrides: Partial<AgendaCandidate> = {}): AgendaCandidate => ({ driverId, gaps: [], stances: [], openThreads: 0, ...overrides });

describe("suggestAgendaOrder", () => {
  it("ranks by the product of gap, disagreement and open threads, and gives every factor", () => {
    const ranked = suggestAgendaOrder([
      candidate(A, { gaps: [remaining(100, 10)] }),
      candidate(B, { gaps: [remaining(100, 50)], stances: ["object", "support"], openThreads: 4 }),
      candidate(C, { openThreads: 2 }),
    ]);
    expect(ranked.map((row) => row.driverId)).toEqual([B, C, A]);
    expect(ranked.map((row) => row.rank)).toEqual([1, 2, 3]);
    const [b, c, a] = ranked;
    // B: g = 0.5; d = (1/2 objecting + spread 1) / 2 = 0.75; t = 4/4 = 1.
    expect(b!.factors).toEqual({ gap: 1.5, disagreement: 1.75, threads: 2 });
    expect(b!.score).toBeCloseTo(1.5 * 1.75 * 2, 4);
    // C: only threads, 2 of the most (4).
    expect(c!.factors).toEqual({ gap: 1, disagreement: 1, threads: 1.5 });
    // A: only a 10 % gap.
    expect(a!.score).toBeCloseTo(1.1, 4);
  });

  it("states the reasons as data: gaps open and widening, stances by value with their spread, open threads", () => {
    const [row] = suggestAgendaOrder([
      candidate(A, {
        gaps: [
          remaining(200, 50),
          { status: "widening", targetValue: 10, gap: null, expectedGap: 4 },
          { status: "reached", targetValue: 10, gap: null, expectedGap: null },
          { status: "no_data", targetValue: 10, gap: null, expectedGap: null },
        ],
        stances: ["accept", "object", "accept"],
        openThreads: 3,
      }),
    ]);
    expect(row!.reasons).toEqual({
      gap: { openGaps: 2, widening: 1, largestRelative: 0.4 },
      stances: { organisations: 3, support: 0, accept: 2, object: 1, spread: 0.5 },
      openThreads: 3,
    });
  });

  it("does not let a missing factor zero the score: a driver with only disagreement still outranks one with nothing", () => {
    const ranked = suggestAgendaOrder([candidate(A), candidate(B, { stances: ["object"] })]);
    expect(ranked.map((row) => row.driverId)).toEqual([B, A]);
    expect(ranked[0]!.score).toBeGreaterThan(1);
    expect(ranked[1]!.score).toBe(1);
  });

  it("keeps the given order for ties, and for drivers without any data", () => {
    const ranked = suggestAgendaOrder([candidate(C), candidate(A), candidate(D, { openThreads: 1 }), candidate(B)]);
    expect(ranked.map((row) => row.driverId)).toEqual([D, C, A, B]);
    const same = suggestAgendaOrder([candidate(B, { gaps: [remaining(10, 5)] }), candidate(A, { gaps: [remaining(20, 10)] })]);
    expect(same.map((row) => row.driverId)).toEqual([B, A]);
    expect(same[0]!.score).toBe(same[1]!.score);
  });

  it("reads a driver without data as no gap, no disagreement and no threads", () => {
    const [row] = suggestAgendaOrder([candidate(A)]);
    expect(row).toEqual({
      driverId: A,
      rank: 1,
      score: 1,
      factors: { gap: 1, disagreement: 1, threads: 1 },
      reasons: { gap: { openGaps: 0, widening: 0, largestRelative: null }, stances: { organisations: 0, support: 0, accept: 0, object: 0, spread: 0 }, openThreads: 0 },
    });
    expect(suggestAgendaOrder([])).toEqual([]);
  });

  it("caps a gap larger than its target at 1 and counts a gap to a zero target as full", () => {
    const ranked = suggestAgendaOrder([candidate(A, { gaps: [remaining(10, 30)] }), candidate(B, { gaps: [remaining(0, 2)] })]);
    expect(ranked.map((row) => row.reasons.gap.largestRelative)).toEqual([1, 1]);
    expect(ranked.map((row) => row.factors.gap)).toEqual([2, 2]);
  });

  it("measures a unanimous objection as full disagreement with the others' wording, and unanimous support as none", () => {
    const [objecting, supporting] = suggestAgendaOrder([candidate(A, { stances: ["object", "object"] }), candidate(B, { stances: ["support", "support"] })]);
    expect(objecting!.factors.disagreement).toBe(1.5);
    expect(supporting!.factors.disagreement).toBe(1);
  });
});

describe("workshop schemas", () => {
  const now = new Date("2026-11-24T12:00:00Z");

  it("creates a workshop with a title and an optional Swedish date and time", () => {
    expect(createWorkshopSchema(now).parse({ title: "  Workshop 1 ", plannedFor: "" })).toEqual({ title: "Workshop 1", plannedFor: null });
    expect(createWorkshopSchema(now).parse({ title: "W" })).toEqual({ title: "W", plannedFor: null });
    const parsed = createWorkshopSchema(now).parse({ title: "W", plannedFor: "2026-12-01T09:30" });
    expect(parsed.plannedFor?.toISOString()).toBe("2026-12-01T08:30:00.000Z");
    expect(dateToStockholmLocal(parsed.plannedFor!)).toBe("2026-12-01T09:30");
  });

  it("refuses a blank title, a malformed or skipped time and a date years ahead, at their fields", () => {
    const issues = (input: unknown) => createWorkshopSchema(now).safeParse(input).error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(issues({ title: "  " })).toEqual([["title", "required"]]);
    expect(issues({ title: "W", plannedFor: "1 december" })).toEqual([["plannedFor", "invalidDateTime"]]);
    expect(issues({ title: "W", plannedFor: "2027-03-28T02:30" })).toEqual([["plannedFor", "invalidDateTime"]]);
    expect(issues({ title: "W", plannedFor: "2031-01-01T10:00" })).toEqual([["plannedFor", "tooFarAhead"]]);
    expect(issues({ title: "x".repeat(201) })).toEqual([["title", "tooLong"]]);
  });

  it("reads the agenda form: ticked drivers in order with each one's timebox field", () => {
    expect(setAgendaSchema.parse({ driverIds: [B, A], [timeboxField(A)]: "15", [timeboxField(B)]: " 30 ", [timeboxField(C)]: "oops" })).toEqual([
      { driverId: B, timeboxMinutes: 30 },
      { driverId: A, timeboxMinutes: 15 },
    ]);
    expect(setAgendaSchema.parse({ driverIds: [A], timeboxes: { [A]: 240 } })).toEqual([{ driverId: A, timeboxMinutes: 240 }]);
    expect(setAgendaSchema.parse({})).toEqual([]);
  });

  it("refuses timeboxes outside 1–240 whole minutes at the driver's field, and repeated or malformed drivers", () => {
    const issues = (input: unknown) => setAgendaSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(issues({ driverIds: [A, B, C, D], [timeboxField(A)]: "0", [timeboxField(B)]: "241", [timeboxField(C)]: "1,5", [timeboxField(D)]: "" })).toEqual([
      [timeboxField(A), "tooSmall"],
      [timeboxField(B), "tooBig"],
      [timeboxField(C), "notInteger"],
      [timeboxField(D), "required"],
    ]);
    expect(issues({ driverIds: [A, A], [timeboxField(A)]: "5" })).toEqual([["driverIds", "duplicate"]]);
    expect(issues({ driverIds: ["not-a-driver"] })).toEqual([["driverIds.0", "invalid"]]);
  });

  it("moves one item up or down, and reorders with a non-empty list without repeats", () => {
    expect(moveAgendaItemSchema.parse({ driverId: A, direction: "up" })).toEqual({ driverId: A, direction: "up" });
    expect(moveAgendaItemSchema.safeParse({ driverId: A, direction: "left" }).success).toBe(false);
    expect(reorderAgendaSchema.parse({ driverIds: [B, A] })).toEqual({ driverIds: [B, A] });
    expect(reorderAgendaSchema.safeParse({ driverIds: [] }).success).toBe(false);
    expect(reorderAgendaSchema.safeParse({ driverIds: [A, A] }).success).toBe(false);
  });

  it("adds up the agenda's time", () => {
    expect(totalMinutes([{ timeboxMinutes: 20 }, { timeboxMinutes: 45 }])).toBe(65);
    expect(totalMinutes([])).toBe(0);
  });
});
