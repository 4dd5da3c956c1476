import { describe, expect, it } from "vitest";
import { diffDriverContent, diffText, driverDocContentSchema } from "@/lib/collab/version-diff";
import type { DriverDocContent } from "@/lib/collab/driver-doc";
import { docFromPlainText, EMPTY_DOC } from "@/lib/model/rich-text";

const GOAL = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";

function content(nulage: string, goals: { id: string; text: string }[]): DriverDocContent {
  return {
    texts: { nulage: docFromPlainText(nulage), future: EMPTY_DOC, gap: EMPTY_DOC },
    goals: goals.map((goal) => ({ ...goal, doc: docFromPlainText(goal.text), target: null })),
    actions: [],
  };
}

describe("version diff", () => {
  it("marks added and removed words", () => {
    expect(diffText("Fler sjuksköterskor", "Färre sjuksköterskor")).toEqual([
      { kind: "removed", text: "Fler" },
      { kind: "added", text: "Färre" },
      { kind: "same", text: " sjuksköterskor" },
    ]);
  });

  it("matches items by id: added, removed, changed", () => {
    const before = content("Nuläge", [{ id: GOAL, text: "Mål ett" }]);
    const after = content("Nuläge", [{ id: GOAL, text: "Mål ett ändrat" }, { id: OTHER, text: "Nytt mål" }]);
    const diff = diffDriverContent(before, after);
    expect(diff.hasChanges).toBe(true);
    expect(diff.goals.map((goal) => [goal.id, goal.change])).toEqual([
      [GOAL, "changed"],
      [OTHER, "added"],
    ]);
    expect(diffDriverContent(after, before).goals.find((goal) => goal.id === OTHER)?.change).toBe("removed");
  });

  it("reports no changes for equal content", () => {
    const same = content("Nuläge", [{ id: GOAL, text: "Mål" }]);
    expect(diffDriverContent(same, same).hasChanges).toBe(false);
  });

  it("validates stored version content", () => {
    expect(driverDocContentSchema.safeParse(content("x", [{ id: GOAL, text: "y" }])).success).toBe(true);
    expect(driverDocContentSchema.safeParse({ texts: {}, goals: [], actions: [] }).success).toBe(false);
  });
});
