/** The computed gap (issue 5): hand cases, then fast-check properties. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeGap, type GapInput } from "@/lib/gap/gap";
import { INDICATOR_DIRECTIONS, TARGET_DIRECTIONS } from "@/lib/model/enums";

const base: GapInput = { targetValue: 70, direction: "increase", indicatorDirection: "higher_is_better", latest: 62, expected: null };

describe("computeGap", () => {
  it("reports the distance still to cover for an increase", () => {
    expect(computeGap(base)).toEqual({ status: "remaining", shortfall: 8, gap: 8, expectedGap: null });
  });

  it("reports a decrease's distance with the sign turned", () => {
    expect(computeGap({ ...base, direction: "decrease", targetValue: 50 })).toMatchObject({ status: "remaining", shortfall: 12, gap: 12 });
  });

  it("has no gap once the target is met or passed", () => {
    expect(computeGap({ ...base, latest: 70 })).toMatchObject({ status: "reached", shortfall: 0, gap: null });
    expect(computeGap({ ...base, latest: 75 })).toMatchObject({ status: "reached", shortfall: -5, gap: null });
  });

  it("says the gap widens when the expected future ends further from the target", () => {
    expect(computeGap({ ...base, expected: 58 })).toMatchObject({ status: "widening", gap: 8, expectedGap: 12 });
    expect(computeGap({ ...base, expected: 66 })).toMatchObject({ status: "remaining", expectedGap: 4 });
    // Met today, but the projection loses it: the gap opens.
    expect(computeGap({ ...base, latest: 72, expected: 65 })).toMatchObject({ status: "widening", gap: null, expectedGap: 5 });
  });

  it("maintains in the indicator's better direction, and both ways when it has none", () => {
    expect(computeGap({ ...base, direction: "maintain", indicatorDirection: "lower_is_better", targetValue: 10, latest: 12 })).toMatchObject({ gap: 2 });
    expect(computeGap({ ...base, direction: "maintain", indicatorDirection: "neutral", targetValue: 10, latest: 8 })).toMatchObject({ gap: 2 });
    expect(computeGap({ ...base, direction: "maintain", indicatorDirection: "neutral", targetValue: 10, latest: 12 })).toMatchObject({ gap: 2 });
  });

  it("has no data without a latest value (suppressed is not 0)", () => {
    expect(computeGap({ ...base, latest: null })).toEqual({ status: "no_data", shortfall: null, gap: null, expectedGap: null });
  });
});

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const input = fc.record({
  targetValue: finite,
  direction: fc.constantFrom(...TARGET_DIRECTIONS),
  indicatorDirection: fc.constantFrom(...INDICATOR_DIRECTIONS),
  latest: fc.option(finite, { nil: null }),
  expected: fc.option(finite, { nil: null }),
});

describe("computeGap properties", () => {
  it("inverting the direction flips the sign of the shortfall", () => {
    fc.assert(
      fc.property(input, (value) => {
        const up = computeGap({ ...value, direction: "increase" });
        const down = computeGap({ ...value, direction: "decrease" });
        if (up.shortfall === null) expect(down.shortfall).toBeNull();
        else expect(up.shortfall + down.shortfall!).toBeCloseTo(0, 6);
      }),
      { numRuns: 500 },
    );
  });

  it("a met target has no gap, and an unmet one has a positive gap", () => {
    fc.assert(
      fc.property(input, (value) => {
        const gap = computeGap(value);
        if (gap.shortfall === null) {
          expect(gap.gap).toBeNull();
        } else if (gap.shortfall <= 0) {
          expect(gap.gap).toBeNull();
          expect(["reached", "widening"]).toContain(gap.status);
        } else {
          expect(gap.gap).toBe(gap.shortfall);
          expect(gap.gap).toBeGreaterThan(0);
          expect(["remaining", "widening"]).toContain(gap.status);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a latest value equal to the target is always reached (unless the future loses it)", () => {
    fc.assert(
      fc.property(input, (value) => {
        const gap = computeGap({ ...value, latest: value.targetValue, expected: null });
        expect(gap.status).toBe("reached");
        expect(gap.gap).toBeNull();
      }),
    );
  });

  it("only an expected future further from the target than today widens the gap", () => {
    fc.assert(
      fc.property(input, (value) => {
        const gap = computeGap(value);
        if (gap.status !== "widening") return;
        expect(gap.expectedGap).not.toBeNull();
        expect(gap.expectedGap!).toBeGreaterThan(gap.gap ?? 0);
      }),
      { numRuns: 500 },
    );
  });
});
