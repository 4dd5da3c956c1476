/** Seed 003 Bilaga 3 (Hälsoindex): min–max 0–100 across regions, equal weights within and across aspects. */
import { describe, expect, it } from "vitest";
import { compositeIndex, latestPeriodValues, normaliseAcrossRegions, rankByScore, type IndexIndicator } from "@/lib/indicators/composite-index";

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

describe("latestPeriodValues", () => {
  const row = (regionCode: string | null, period: string | null, value: number | null) => ({ regionCode, period, value });

  it("takes the newest period with a figure for one of the regions, and every region's value then", () => {
    const rows = [row("01", "2021", 1), row("03", "2021", 2), row("01", "2022", 3), row("03", "2022", null), row("00", "2023", 9)];
    const latest = latestPeriodValues(rows, ["01", "03", "25"]);
    // Riket's 2023 is not a region's figure; Uppsala's suppressed 2022 and Norrbotten's absence are null, never 0.
    expect(latest?.period).toBe("2022");
    expect(Object.fromEntries(latest!.values)).toEqual({ "01": 3, "03": null, "25": null });
  });

  it("passes over a newer period in which every figure is suppressed", () => {
    const rows = [row("01", "2022", 5), row("01", "2023", null), row("03", "2023", null)];
    expect(latestPeriodValues(rows, ["01", "03"])?.period).toBe("2022");
  });

  it("orders periods as the panels do: by end year, then by start year", () => {
    expect(latestPeriodValues([row("01", "2019-2021", 1), row("01", "2020", 2)], ["01"])?.period).toBe("2019-2021");
    expect(latestPeriodValues([row("01", "2021", 3), row("01", "2019-2021", 1)], ["01"])?.period).toBe("2021");
  });

  it("is null when no region has a figure (only riket, groups without a code, or suppressed values)", () => {
    expect(latestPeriodValues([row("00", "2022", 1), row(null, "2022", 2), row("01", "2022", null)], ["01", "03"])).toBeNull();
    expect(latestPeriodValues([], ["01"])).toBeNull();
  });
});

describe("rankByScore", () => {
  // Pairs, not an object: JavaScript would list a key such as "25" before "09".
  const ranks = (scores: [string, number | null][]) =>
    rankByScore(scores, ([, score]) => score).map(({ item: [code], rank }) => [code, rank]);

  it("ranks the highest first", () => {
    expect(ranks([["01", 20], ["03", 80], ["25", 50]])).toEqual([
      ["03", 1],
      ["25", 2],
      ["01", 3],
    ]);
  });

  it("gives equal scores the same rank and skips the next (1, 2, 2, 4), keeping the given order among them", () => {
    expect(ranks([["01", 90], ["03", 50], ["04", 50], ["05", 10]])).toEqual([
      ["01", 1],
      ["03", 2],
      ["04", 2],
      ["05", 4],
    ]);
    // Floating-point noise from averaging is not a difference: 0.1 + 0.2 scores as 0.3.
    expect(ranks([["a", 0.1 + 0.2], ["b", 0.3]])).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
  });

  it("gives no rank to items without a score and lists them last, in the order given", () => {
    expect(ranks([["09", null], ["01", 0], ["25", null], ["03", 100]])).toEqual([
      ["03", 1],
      ["01", 2],
      ["09", null],
      ["25", null],
    ]);
  });
});
