/** Seed 003 Bilaga 2, checked on cases small enough to compute by hand. */
import { describe, expect, it } from "vitest";
import { AGE_BANDS, projectConsumption, projectionAt, projectSeries, type ByAgeBand } from "@/lib/projection/projection";

const everyBand = (value: number): ByAgeBand => Object.fromEntries(AGE_BANDS.map((band) => [band, value]));

describe("projectConsumption", () => {
  it("sums population × consumption per inhabitant over the ten bands", () => {
    // 10 bands × 100 people × 2 visits = 2 000; the 90+ band then counts 50 people at 10 visits: 1 800 + 500.
    expect(projectConsumption(everyBand(100), everyBand(2))).toBe(2000);
    expect(projectConsumption({ ...everyBand(100), "90+": 50 }, { ...everyBand(2), "90+": 10 })).toBe(2300);
  });

  it("returns no figure when a band is missing, rather than understating the total", () => {
    const { "80-89": _dropped, ...withoutBand } = everyBand(100);
    expect(projectConsumption(withoutBand, everyBand(1))).toBeNull();
    expect(projectConsumption(everyBand(100), withoutBand)).toBeNull();
  });

  it("keeps consumption per inhabitant constant: ageing alone moves the total", () => {
    const perInhabitant = { ...everyBand(1), "80-89": 5, "90+": 8 };
    const today = { ...everyBand(1000), "80-89": 100, "90+": 20 };
    const older = { ...everyBand(1000), "80-89": 150, "90+": 30 };
    // today: 8 × 1000 + 100 × 5 + 20 × 8 = 8 660; older: 8 000 + 750 + 240 = 8 990.
    expect(projectConsumption(today, perInhabitant)).toBe(8660);
    expect(projectConsumption(older, perInhabitant)).toBe(8990);
  });
});

describe("projectSeries", () => {
  it("projects each complete year from the base year, with the change against the base year", () => {
    const perInhabitant = everyBand(2);
    const populationByYear = new Map([
      [2022, everyBand(90)],
      [2023, everyBand(100)],
      [2033, everyBand(107)],
      [2041, { "0-9": 1 }],
    ]);
    const series = projectSeries({ baseYear: 2023, consumptionPerInhabitant: perInhabitant, populationByYear });
    expect(series.map((point) => point.year)).toEqual([2023, 2033]);
    expect(series[0]).toEqual({ year: 2023, value: 2000, changePct: 0 });
    expect(series[1]!.value).toBe(2140);
    expect(series[1]!.changePct).toBeCloseTo(7, 10);
    expect(projectionAt(series, 2033)).toBe(2140);
    expect(projectionAt(series, 2041)).toBeNull();
  });

  it("gives no percentage when the base year cannot be projected", () => {
    const series = projectSeries({
      baseYear: 2023,
      consumptionPerInhabitant: everyBand(1),
      populationByYear: new Map([[2030, everyBand(10)]]),
    });
    expect(series).toEqual([{ year: 2030, value: 100, changePct: null }]);
  });
});
