/** Seed 003 Bilaga 3 (Hälsoindex): min–max 0–100 across regions, equal weights within and across aspects. */
import { describe, expect, it } from "vitest";
import { compositeIndex, normaliseAcrossRegions, type IndexIndicator } from "@/lib/indicators/composite-index";

const indicator = (direction: IndexIndicator["direction"], values: Record<string, number | null>): IndexIndicator => ({
  id: "x",
  direction,
  values: new Map(Object.entries(values)),
});

describe("normaliseAcrossRegions", () => {
  it("puts the best region at 100 and the worst at 0, linearly between", () => {
    const scores = normaliseAcrossRegions(indicator("higher_is_better", { "01": 10, "03": 20, "25": 15 }));
    expect(Object.fromEntries(scores)).toEqual({ "01": 0, "03": 100, "25": 50 });
  });

  it("inverts where lower is better", () => {
    const scores = normaliseAcrossRegions(indicator("lower_is_better", { "01": 10, "03": 20, "25": 12.5 }));
    expect(Object.fromEntries(scores)).toEqual({ "01": 100, "03": 0, "25": 75 });
  });

  it("leaves missing values out (null, never 0) and gives 50 when all regions are equal", () => {
    expect(Object.fromEntries(normaliseAcrossRegions(indicator("higher_is_better", { "01": 5, "03": null, "25": 5 })))).toEqual({
      "01": 50,
      "03": null,
      "25": 50,
    });
  });

  it("cannot score a neutral indicator", () => {
    expect([...normaliseAcrossRegions(indicator("neutral", { "01": 1, "03": 2 })).values()]).toEqual([null, null]);
  });
});

describe("compositeIndex", () => {
  it("weights indicators equally within an aspect and aspects equally in the index", () => {
    // Aspect A: two indicators; aspect B: one. Region 01 scores A = (100 + 0) / 2 = 50, B = 0 → index 25.
    const result = compositeIndex(
      [
        {
          name: "A",
          indicators: [indicator("higher_is_better", { "01": 2, "03": 1 }), indicator("lower_is_better", { "01": 9, "03": 3 })],
        },
        { name: "B", indicators: [indicator("higher_is_better", { "01": 0, "03": 4 })] },
      ],
      ["01", "03"],
    );
    expect(result.aspects.map((aspect) => Object.fromEntries(aspect.scores))).toEqual([
      { "01": 50, "03": 50 },
      { "01": 0, "03": 100 },
    ]);
    expect(Object.fromEntries(result.index)).toEqual({ "01": 25, "03": 75 });
  });

  it("scores a region on what it has, and gives null to a region with nothing", () => {
    const result = compositeIndex(
      [{ name: "A", indicators: [indicator("higher_is_better", { "01": 1, "03": 3, "25": null }), indicator("higher_is_better", { "01": 4, "03": 2 })] }],
      ["01", "03", "25"],
    );
    expect(Object.fromEntries(result.index)).toEqual({ "01": 50, "03": 50, "25": null });
  });
});
