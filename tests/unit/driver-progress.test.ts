import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { driverProgress, type DriverContentCounts } from "@/lib/model/driver-progress";

const EMPTY: DriverContentCounts = {
  nulageTextLength: 0,
  nulageIndicatorCount: 0,
  futureTextLength: 0,
  futureIndicatorCount: 0,
  goalStatementCount: 0,
  gapTextLength: 0,
  gapActionCount: 0,
};

describe("driverProgress", () => {
  it("counts nothing for an empty driver", () => {
    expect(driverProgress(EMPTY)).toEqual({ nulage: false, future: false, desired: false, gap: false, filled: 0, total: 4 });
  });

  it.each([
    ["nulage", { nulageTextLength: 10 }],
    ["nulage", { nulageIndicatorCount: 1 }],
    ["future", { futureTextLength: 1 }],
    ["future", { futureIndicatorCount: 2 }],
    ["desired", { goalStatementCount: 1 }],
  ] as const)("fills %s from %j alone", (part, counts) => {
    const progress = driverProgress({ ...EMPTY, ...counts });
    expect(progress[part]).toBe(true);
    expect(progress.filled).toBe(1);
  });

  it("fills the gap only with both a narrative and an action", () => {
    expect(driverProgress({ ...EMPTY, gapTextLength: 50 }).gap).toBe(false);
    expect(driverProgress({ ...EMPTY, gapActionCount: 3 }).gap).toBe(false);
    expect(driverProgress({ ...EMPTY, gapTextLength: 50, gapActionCount: 1 }).gap).toBe(true);
  });

  it("does not count one part's content toward another", () => {
    const progress = driverProgress({ ...EMPTY, nulageTextLength: 5, nulageIndicatorCount: 5 });
    expect(progress).toMatchObject({ nulage: true, future: false, desired: false, gap: false, filled: 1 });
  });

  it("reports filled as the number of true parts, between 0 and 4", () => {
    const count = fc.nat({ max: 3 });
    fc.assert(
      fc.property(
        fc.record({
          nulageTextLength: count,
          nulageIndicatorCount: count,
          futureTextLength: count,
          futureIndicatorCount: count,
          goalStatementCount: count,
          gapTextLength: count,
          gapActionCount: count,
        }),
        (counts) => {
          const progress = driverProgress(counts);
          const trueParts = [progress.nulage, progress.future, progress.desired, progress.gap].filter(Boolean).length;
          expect(progress.filled).toBe(trueParts);
          expect(progress.total).toBe(4);
        },
      ),
    );
  });
});
