/** Import validation (lib/indicators): rows → typed values, or every error with row, column and reason. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeText, detectDelimiter, parseCsvTable, scanUtf8 } from "@/lib/indicators/csv-table";
import { unitMatchesCatalogue, validateImport, type CatalogueEntry, type ImportedValue, type RawTable } from "@/lib/indicators/import-rows";
import { ValueStore } from "@/lib/indicators/value-store";

const HEADER = "indicator_id,name_sv,name_en,region_code,region_name,period,value,unit,direction,source,source_ref";
const catalogue = new Map<string, CatalogueEntry>([
  ["hired_staff_nurses", { unit: "personer" }],
  ["fulltime_share", { unit: "%" }],
]);

function table(csv: string): RawTable {
  const parsed = parseCsvTable(new TextEncoder().encode(csv));
  if ("issue" in parsed) throw new Error(JSON.stringify(parsed.issue));
  return parsed.table;
}

function issuesOf(csv: string) {
  return validateImport(table(csv), catalogue).issues.map(({ row, column, code }) => ({ row, column, code }));
}

describe("validateImport, values layout", () => {
  it("reads a good row: decimal comma, canonical region name, suppressed value as null", () => {
    const result = validateImport(
      table(`${HEADER}\nfulltime_share,,,03,Region Uppsala,2022,"81,5",%,,Källa A,\nfulltime_share,,,09,,2022,,%,,Källa A,x`),
      catalogue,
    );
    expect(result.issues).toEqual([]);
    expect(result.layout === "values" && result.values).toEqual([
      { line: 2, indicatorId: "fulltime_share", regionCode: "03", regionLabel: "Uppsala", period: "2022", value: 81.5, unit: "%", source: "Källa A", sourceRef: "" },
      { line: 3, indicatorId: "fulltime_share", regionCode: "09", regionLabel: "Gotland", period: "2022", value: null, unit: "%", source: "Källa A", sourceRef: "x" },
    ]);
  });

  it("accepts semicolon files with unquoted decimal commas (Swedish Excel)", () => {
    const result = validateImport(table(`${HEADER.replaceAll(",", ";")}\nfulltime_share;;;01;;2021;77,25;%;;K;`), catalogue);
    expect(result.issues).toEqual([]);
    expect(result.layout === "values" && result.values[0]!.value).toBe(77.25);
  });

  it("creates a new indicator only when the row defines it", () => {
    const defined = validateImport(table(`${HEADER},definition\nnew_rate,Ny kvot,New rate,00,,2024,3,per 1 000,lower_is_better,K,,Antal per 1 000 invånare`), catalogue);
    expect(defined.issues).toEqual([]);
    expect(defined.layout === "values" && defined.definitions).toEqual([
      { id: "new_rate", nameSv: "Ny kvot", nameEn: "New rate", unit: "per 1 000", direction: "lower_is_better", definition: "Antal per 1 000 invånare" },
    ]);
    expect(issuesOf(`${HEADER}\nnew_rate,Ny kvot,,00,,2024,3,st,neutral,K,`)).toEqual([{ row: 2, column: "indicator_id", code: "unknown_indicator" }]);
  });

  it("reports every error with its row and column, and returns no values", () => {
    const csv = [
      HEADER,
      "fulltime_share,,,03,,2022,abc,%,,K,",
      "fulltime_share,,,99,,2022,1,%,,K,",
      "fulltime_share,,,03,,22,1,%,,K,",
      "fulltime_share,,,03,,2022,1,timmar,,K,",
      "fulltime_share,,,01,,2022,1,%,sideways,,",
      "fulltime_share,,,05,,2022,1,%,,K,",
      "fulltime_share,,,05,,2022,2,%,,K,",
      "Bad Id,,,01,,2022,1,%,,K,",
      "fulltime_share,,,01",
    ].join("\n");
    const result = validateImport(table(csv), catalogue);
    expect(result.issues.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 2, column: "value", code: "not_a_number" },
      { row: 3, column: "region_code", code: "unknown_region" },
      { row: 4, column: "period", code: "invalid_period" },
      { row: 5, column: "unit", code: "unit_mismatch" },
      { row: 6, column: "direction", code: "invalid_direction" },
      { row: 6, column: "source", code: "required" },
      { row: 8, column: null, code: "duplicate_key" },
      { row: 9, column: "indicator_id", code: "invalid_indicator_id" },
      { row: 10, column: null, code: "column_count" },
    ]);
    expect(result.layout === "values" && result.values).toEqual([]);
  });

  it("names each missing column in the header", () => {
    expect(issuesOf("indicator_id,region_code,period\nx,01,2020")).toEqual([
      { row: 1, column: "value", code: "missing_column" },
      { row: 1, column: "unit", code: "missing_column" },
      { row: 1, column: "source", code: "missing_column" },
    ]);
  });

  it("accepts the catalogue's unit, a unit its values already use, and either with a precision qualifier", () => {
    const people = { unit: "personer" };
    expect(unitMatchesCatalogue(people, 'personer (nedre gräns, "drygt")')).toBe(true);
    expect(unitMatchesCatalogue(people, "personer")).toBe(true);
    expect(unitMatchesCatalogue(people, "personår")).toBe(false);
    expect(unitMatchesCatalogue(people, "personer per år")).toBe(false);
    const projection = { unit: '% förändring mot "idag"', knownUnits: ["% förändring"] };
    expect(unitMatchesCatalogue(projection, "% förändring")).toBe(true);
    expect(unitMatchesCatalogue({ unit: "%" }, "% förändring")).toBe(false);
    expect(unitMatchesCatalogue({ unit: "% förändring" }, "%")).toBe(false);
  });

  it("a good file's values all come back; one broken cell gives exactly that cell's error", () => {
    const region = fc.constantFrom("01", "03", "12", "25", "00");
    const row = fc.record({ region, year: fc.integer({ min: 1990, max: 2040 }), value: fc.integer({ min: -5000, max: 5000 }) });
    fc.assert(
      fc.property(fc.uniqueArray(row, { minLength: 1, maxLength: 30, selector: (r) => `${r.region}/${r.year}` }), fc.nat(), (rows, pick) => {
        const lines = rows.map((r) => `fulltime_share,,,${r.region},,${r.year},"${(r.value / 100).toString().replace(".", ",")}",%,,K,`);
        const good = validateImport(table([HEADER, ...lines].join("\n")), catalogue);
        expect(good.issues).toEqual([]);
        expect(good.layout === "values" && good.values.map((v) => v.value)).toEqual(rows.map((r) => r.value / 100));

        const broken = pick % lines.length;
        lines[broken] = lines[broken]!.replace(/,"[^"]*",/, ",elva,");
        expect(issuesOf([HEADER, ...lines].join("\n"))).toEqual([{ row: broken + 2, column: "value", code: "not_a_number" }]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("validateImport, projection layout", () => {
  const PROJECTION_HEADER = "kind,indicator_id,region_code,year,age_band,value,source";

  it("reads population and consumption rows", () => {
    const result = validateImport(
      table(`${PROJECTION_HEADER}\npopulation,,03,2033,90+,"4 100",SCB\nconsumption_per_inhabitant,hired_staff_nurses,03,2023,0-9,"0,5",K`),
      catalogue,
    );
    expect(result.issues).toEqual([]);
    expect(result.layout === "projection" && result.inputs.map((input) => [input.kind, input.indicatorId, input.ageBand, input.value])).toEqual([
      ["population", null, "90+", 4100],
      ["consumption_per_inhabitant", "hired_staff_nurses", "0-9", 0.5],
    ]);
  });

  it("reports bad kinds, years, bands, negative values, unknown indicators and duplicates", () => {
    const csv = [
      PROJECTION_HEADER,
      "births,,03,2033,0-9,1,SCB",
      "population,,03,33,0-9,1,SCB",
      "population,,03,2033,0-10,1,SCB",
      "population,,03,2033,0-9,-1,SCB",
      "consumption_per_inhabitant,nope,03,2023,0-9,1,K",
      "population,,03,2034,0-9,1,SCB",
      "population,,03,2034,0-9,2,SCB",
      "population,,03,2035,0-9,,SCB",
    ].join("\n");
    expect(issuesOf(csv)).toEqual([
      { row: 2, column: "kind", code: "invalid_kind" },
      { row: 3, column: "year", code: "invalid_year" },
      { row: 4, column: "age_band", code: "invalid_age_band" },
      { row: 5, column: "value", code: "negative" },
      { row: 6, column: "indicator_id", code: "unknown_indicator" },
      { row: 8, column: null, code: "duplicate_key" },
      { row: 9, column: "value", code: "required" },
    ]);
  });
});

describe("reading the bytes (encoding, delimiter, syntax lines)", () => {
  const bytes = (...parts: (string | number[])[]) =>
    Uint8Array.from(parts.flatMap((part) => (typeof part === "string" ? [...new TextEncoder().encode(part)] : part)));

  it("scanUtf8 agrees with the WHATWG decoder on any bytes, and finds the first bad byte", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: "grapheme", maxLength: 16 }), (noise, text) => {
        const sample = bytes(text, [...noise], text);
        let isUtf8 = true;
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(sample);
        } catch {
          isUtf8 = false;
        }
        const scan = scanUtf8(sample);
        expect(scan.invalidAt < 0).toBe(isUtf8);
        if (!isUtf8) {
          // Everything before the reported byte decodes; the reported byte starts no valid sequence.
          expect(() => new TextDecoder("utf-8", { fatal: true }).decode(sample.subarray(0, scan.invalidAt))).not.toThrow();
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("reads Windows-1252, refuses broken UTF-8 with the line of the first bad byte, and drops a BOM", () => {
    expect(decodeText(bytes("K", [0xe4], "lla"))).toEqual({ text: "Källa" });
    // UTF-8 letters before, a Windows-1252 "ä" on line 3: broken UTF-8, not a Windows-1252 file.
    expect(decodeText(bytes("a\nK\u00e4lla\nb", [0xe4], "c\n"))).toEqual({ issue: { row: 3, column: null, code: "invalid_encoding" } });
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], "a\n", [0xff]))).toEqual({ issue: { row: 2, column: null, code: "invalid_encoding" } });
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], "Källa"))).toEqual({ text: "Källa" });
  });

  it("takes the delimiter from the first line that is not empty, and reports an unclosed quote where it opened", () => {
    expect(detectDelimiter("\r\n\na;b;c\n1,2;3")).toBe(";");
    const parsed = parseCsvTable(new TextEncoder().encode(`\n${HEADER}\nx,,,01,,2022,1,%,,"K,\n\ny,,,01,,2022,1,%,,K,\nz`));
    expect(parsed).toMatchObject({ issue: { row: 3, column: null, code: "csv_syntax" } });
    const header = parseCsvTable(new TextEncoder().encode(`\n\n${HEADER.replace(",value", "")}\nx`));
    expect("table" in header && header.table.headerLine).toBe(3);
  });
});

describe("ValueStore", () => {
  it("gives back exactly the rows pushed, nulls and repeated texts included", () => {
    const text = fc.constantFrom("", "a", "Källa: SCB", "=cmd", "per 1 000");
    const row = fc.record({
      line: fc.integer({ min: 1, max: 1e6 }),
      indicatorId: fc.constantFrom("a", "b_c", "x1"),
      regionCode: fc.constantFrom(null, "00", "03", "25"),
      regionLabel: text,
      period: fc.constantFrom(null, "2023", "2023-2033"),
      value: fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true })),
      unit: text,
      source: text,
      sourceRef: text,
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 3_000 }), (rows) => {
        const store = new ValueStore();
        for (const value of rows) store.push(value as ImportedValue);
        expect(store.length).toBe(rows.length);
        expect(store.toArray()).toEqual(rows);
        expect(store.indicatorIds()).toEqual([...new Set(rows.map((value) => value.indicatorId))]);
      }),
      { numRuns: 50 },
    );
  });
});
