/**
 * The session record (lib/workshop/record.ts): timings from the session's events (pauses left
 * out, time per driver from the focus), locks paired with their unlocks, and only what was
 * revealed: an unrevealed prompt's answers and an unrevealed vote's results stay out, an anonymous
 * reveal's answers carry no names, in the record and in its export lines.
 */
import { describe, expect, it } from "vitest";
import { buildWorkshopRecord, workshopRecordLines, type RecordInput } from "@/lib/workshop/record";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, minute));

function input(): RecordInput {
  return {
    workshop: { id: "w", title: "Workshop i Uppsala", status: "ended", plannedFor: at(0) },
    agenda: [
      { driverId: "d1", title: "Kompetensförsörjning", timeboxMinutes: 20 },
      { driverId: "d2", title: "Arbetsmiljö", timeboxMinutes: 15 },
    ],
    driverTitles: new Map([
      ["d1", "Kompetensförsörjning"],
      ["d2", "Arbetsmiljö"],
    ]),
    events: [
      { kind: "started", at: at(0), actorName: "Fia", payload: {} },
      { kind: "focus", at: at(0), actorName: "Fia", payload: { driverId: "d1", part: "nulage" } },
      { kind: "paused", at: at(10), actorName: "Fia", payload: {} },
      { kind: "resumed", at: at(15), actorName: "Fia", payload: {} },
      { kind: "locked", at: at(20), actorName: "Fia", payload: { driverId: "d1", scope: "desired" } },
      { kind: "focus", at: at(25), actorName: "Fia", payload: { driverId: "d2", part: "gap" } },
      { kind: "unlocked", at: at(30), actorName: "Fia", payload: { driverId: "d1", scope: "desired" } },
      { kind: "ended", at: at(40), actorName: "Fia", payload: {} },
    ],
    prompts: [
      { id: "p1", question: "Vilket gap är viktigast?", driverId: "d1", status: "revealed", anonymous: true, createdAt: at(5), revealedAt: at(8), answers: [{ id: "a", body: "Bemanning", authorName: "Anna", organisation: "Region Uppsala" }] },
      { id: "p2", question: "Hemlig fråga", driverId: null, status: "closed", anonymous: false, createdAt: at(30), revealedAt: null, answers: [{ id: "b", body: "Ej visat svar", authorName: "Bo", organisation: "Vårdförbundet" }] },
    ],
    votes: [
      { id: "v1", title: "Viktigaste åtgärden", targetKind: "driver", mode: "participant", dotsPerVoter: 3, status: "revealed", createdAt: at(26), revealedAt: at(28), targets: [{ id: "d1", driverId: "d1", label: "Kompetensförsörjning", context: "" }, { id: "d2", driverId: "d2", label: "Arbetsmiljö", context: "" }], ballots: [{ voter: "u1", allocation: { d2: 3 } }, { voter: "u2", allocation: { d1: 1, d2: 1 } }] },
      { id: "v2", title: "Ej visad röstning", targetKind: "driver", mode: "organisation", dotsPerVoter: 2, status: "closed", createdAt: at(35), revealedAt: null, targets: [{ id: "d1", driverId: "d1", label: "Kompetensförsörjning", context: "" }], ballots: [{ voter: "o1", allocation: { d1: 2 } }] },
    ],
    createdItems: [{ use: "goal", driverId: "d1", text: "Bemanning", createdAt: at(9), createdByName: "Fia" }],
  };
}

describe("buildWorkshopRecord", () => {
  it("times the session without its pauses and each driver by the facilitator's focus", () => {
    const record = buildWorkshopRecord(input());
    expect(record).toMatchObject({ startedAt: at(0).toISOString(), endedAt: at(40).toISOString(), durationMinutes: 35, pauses: 1 });
    expect(record.agenda.map((item) => [item.title, item.timeboxMinutes, item.actualMinutes])).toEqual([
      ["Kompetensförsörjning", 20, 20],
      ["Arbetsmiljö", 15, 15],
    ]);
    expect(record.locks).toEqual([{ driverTitle: "Kompetensförsörjning", scope: "desired", lockedAt: at(20).toISOString(), lockedBy: "Fia", unlockedAt: at(30).toISOString() }]);
  });

  it("keeps what was not revealed out, and anonymous answers without names", () => {
    const record = buildWorkshopRecord(input());
    expect(record.prompts.map((prompt) => [prompt.question, prompt.answered, prompt.answers])).toEqual([
      ["Vilket gap är viktigast?", 1, [{ body: "Bemanning", author: null }]],
      ["Hemlig fråga", 1, null],
    ]);
    expect(record.votes[0]!.results!.map((row) => [row.label, row.dots, row.voters])).toEqual([
      ["Arbetsmiljö", 4, 2],
      ["Kompetensförsörjning", 1, 1],
    ]);
    expect(record.votes[1]).toMatchObject({ results: null, voters: 1 });
    const json = JSON.stringify(record);
    expect(json).not.toMatch(/Anna|Region Uppsala|Ej visat svar|"Bo"/);
  });

  it("says a workshop not yet held was not held", () => {
    const record = buildWorkshopRecord({ ...input(), events: [] });
    expect(record).toMatchObject({ startedAt: null, durationMinutes: null });
    expect(record.agenda[0]!.actualMinutes).toBeNull();
  });

  it("phrases the record as lines for the exports, without what the record leaves out", () => {
    const t = (key: string, values?: Record<string, string | number>) => `${key}${values ? JSON.stringify(values) : ""}`;
    const lines = workshopRecordLines(buildWorkshopRecord(input()), { t: t as never, dateTime: (iso) => iso });
    expect(lines[0]).toContain("sessionLine");
    expect(lines.join("\n")).toContain("Bemanning");
    expect(lines.join("\n")).toContain("Arbetsmiljö");
    expect(lines.join("\n")).not.toMatch(/Anna|Ej visat svar/);
    expect(lines.filter((line) => line.startsWith("workshops.record.resultLine"))).toHaveLength(2);
  });
});
