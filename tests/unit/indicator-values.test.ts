import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparePeriods, isSuppressedCell, parseDecimal, parsePeriod, periodYear } from "@/lib/indicators/values";

describe("parseDecimal", () => {
  it.each([
    ["12,5", 12.5],
    ["12.5", 12.5],
    ["1 234,5", 1234.5],
    ["1\u00a0234", 1234],
    ["315\u202f000", 315000],
    ["\u22123,5", -3.5],
    ["-0,25", -0.25],
    ["+7", 7],
    [" 42 ", 42],
  ])("reads %j as %d", (text, expected) => {
    expect(parseDecimal(text)).toBe(expected);
  });

  it.each(["", "abc", "1,234.5", "1,2,3", "12,", ",5", "1e5", "NaN", "Infinity", "12 %", "--1"])("refuses %j", (text) => {
    expect(parseDecimal(text)).toBeNull();
  });

  it("reads back every finite number written with a Swedish decimal comma", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 999 }), (whole, fraction) => {
        const text = `${whole < 0 ? "-" : ""}${Math.abs(whole)},${String(fraction).padStart(3, "0")}`;
        const expected = Math.sign(whole || 1) * (Math.abs(whole) + fraction / 1000);
        expect(parseDecimal(text)).toBeCloseTo(whole === 0 ? fraction / 1000 : expected, 9);
      }),
    );
  });
});

describe("isSuppressedCell", () => {
  it("treats empty and the statistical suppression marks as missing, and a zero or a dash as not", () => {
    expect(["", " ", ".", "..", "X", "x"].every(isSuppressedCell)).toBe(true);
    expect(["0", "-", "–", "0,0"].some(isSuppressedCell)).toBe(false);
  });
});

describe("periods", () => {
  it("accepts YYYY and YYYY-YYYY", () => {
    expect(parsePeriod("2023")).toEqual({ text: "2023", startYear: 2023, endYear: 2023 });
    expect(parsePeriod("2023-2033")).toEqual({ text: "2023-2033", startYear: 2023, endYear: 2033 });
  });

  it.each(["23", "2023-33", "2033-2023", "2023–2033", "1899", "2101", "2023/2024", "år 2023", ""])("refuses %j", (text) => {
    expect(parsePeriod(text)).toBeNull();
  });

  it("orders by end year, values without a year first", () => {
    const periods = ["2041", null, "2023-2033", "2022", "2030-2033"];
    expect([...periods].sort(comparePeriods)).toEqual([null, "2022", "2023-2033", "2030-2033", "2041"]);
    expect(periodYear("2023-2033")).toBe(2033);
    expect(periodYear(null)).toBeNull();
  });
});
