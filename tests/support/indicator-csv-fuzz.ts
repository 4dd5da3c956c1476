/**
 * Generated indicator files and an independent oracle for them (RELIABILITY.md I1).
 *
 * The generator writes CSV files in the values layout of README.md ("Values layout") with what
 * real files carry: BOM or none, UTF-8, Windows-1252 or broken UTF-8, `,` or `;` separators, decimal
 * comma or point, CRLF or LF, blank lines, quoted cells, `=cmd` cells, and injected faults (bad
 * column counts, unterminated and stray quotes, invalid cells, duplicate keys …).
 *
 * The oracle never calls the import code: it reads the records the generator wrote (before they
 * were serialized) and applies the rules as the README states them, written out again here. A file
 * with any error must produce exactly the oracle's (line, column, code) list; a clean file must
 * store exactly the oracle's rows.
 */
import { REGION_NAMES } from "@/lib/model/regions";

// ---------------------------------------------------------------------------------------------
// A small deterministic PRNG: fast-check chooses the seed and the shape, this fills the rows.

export function prng(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

// ---------------------------------------------------------------------------------------------
// The documented layout and its rules, restated (README.md "Values layout").

export const REQUIRED_COLUMNS = ["indicator_id", "region_code", "period", "value", "unit", "source"] as const;
export const OPTIONAL_COLUMNS = ["name_sv", "name_en", "region_name", "direction", "source_ref", "definition"] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

const DIRECTIONS = ["higher_is_better", "lower_is_better", "neutral"];
const COUNTY_CODES = Object.keys(REGION_NAMES);
const MAX_CELL = 2_000;

/** "a number, `12,5` or `12.5`, thousands may be spaced (`1 234,5`)"; a leading sign is a sign. */
const NUMBER = /^[-+\u2212]?(\d+|\d{1,3}([ \u00a0\u202f]\d{3})+)([.,]\d+)?$/;
/** "empty, `.`, `..` or `X` = suppressed or missing (stored as null, never 0)" (either case of X). */
const SUPPRESSED = new Set(["", ".", "..", "x", "X"]);

function readNumber(text: string): number | null | "bad" {
  if (SUPPRESSED.has(text)) return null;
  if (!NUMBER.test(text)) return "bad";
  return Number(text.replace(/[ \u00a0\u202f]/g, "").replace(",", ".").replace("\u2212", "-"));
}

/** "`YYYY` or `YYYY-YYYY`; empty when the source gives no year" (years 1900–2100, end not before start). */
function readPeriod(text: string): string | null | "bad" {
  if (text === "") return null;
  const match = /^(\d{4})(-(\d{4}))?$/.exec(text);
  if (!match) return "bad";
  const start = Number(match[1]);
  const end = match[3] === undefined ? start : Number(match[3]);
  if (start < 1900 || end > 2100 || end < start) return "bad";
  return text;
}

export interface CatalogueIndicator {
  id: string;
  unit: string;
  /** Units the dialogue's visible stored values of it already carry. */
  storedUnits: string[];
}

/** "the catalogue's unit or one its stored values already use, optionally followed by a parenthesised qualifier". */
function unitAgrees(units: readonly string[], unit: string): boolean {
  return units.some((known) => unit === known || unit.startsWith(`${known} (`));
}

export interface Issue {
  row: number | null;
  column: string | null;
  code: string;
}

export interface ExpectedValue {
  indicatorId: string;
  regionCode: string | null;
  regionLabel: string;
  period: string | null;
  value: number | null;
  unit: string;
  source: string;
  sourceRef: string;
}

export interface ExpectedDefinition {
  id: string;
  nameSv: string;
  nameEn: string;
  unit: string;
  direction: string;
  definition: string | null;
}

export interface OracleResult {
  issues: Issue[];
  /** Data records (the header excluded); what the report calls rowCount. */
  rowCount: number;
  values: ExpectedValue[];
  definitions: ExpectedDefinition[];
}

/** What the generator wrote, line by line, before serializing it. */
export interface WrittenFile {
  bytes: Uint8Array;
  /** 1-based line of the header (after leading blank lines); null for a file without one. */
  headerLine: number | null;
  header: string[];
  records: { line: number; cells: string[] }[];
  /** Line of the first byte sequence that is not UTF-8, in a file that says it is UTF-8. */
  invalidEncodingLine: number | null;
  /** Line of the first quote that breaks the CSV syntax (unterminated or stray). */
  syntaxErrorLine: number | null;
  /** Nothing but whitespace (or nothing at all). */
  isBlank: boolean;
}

/**
 * The issues the README's rules give for a file, and what a clean file stores. `catalogue` is what
 * the dialogue sees; `takenIds` are ids that exist outside its view (another dialogue's).
 */
export function oracle(file: WrittenFile, catalogue: ReadonlyMap<string, CatalogueIndicator>, takenIds: ReadonlySet<string>): OracleResult {
  const fileIssue = (code: string, row: number | null = null): OracleResult => ({ issues: [{ row, column: null, code }], rowCount: 0, values: [], definitions: [] });
  // File-level problems end the reading: the encoding first, then the CSV syntax, then emptiness.
  if (file.invalidEncodingLine !== null) return fileIssue("invalid_encoding", file.invalidEncodingLine);
  if (file.syntaxErrorLine !== null) return fileIssue("csv_syntax", file.syntaxErrorLine);
  if (file.isBlank || file.headerLine === null) return fileIssue("empty_file");
  const header = file.header.map((name) => name.trim().toLowerCase());
  const rowCount = file.records.length;
  if (rowCount === 0) return fileIssue("empty_file");

  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) issues.push({ row: file.headerLine, column: name, code: "duplicate_column" });
    seen.add(name);
  }
  for (const name of REQUIRED_COLUMNS) if (!seen.has(name)) issues.push({ row: file.headerLine, column: name, code: "missing_column" });
  if (issues.length > 0) return { issues, rowCount, values: [], definitions: [] };

  const position = new Map(header.map((name, index) => [name, index]));
  const definitions = new Map<string, ExpectedDefinition>();
  const firstLine = new Map<string, number>();
  const values: ExpectedValue[] = [];
  for (const { line, cells } of file.records) {
    if (cells.length !== header.length) {
      issues.push({ row: line, column: null, code: "column_count" });
      continue;
    }
    const rowIssues: Issue[] = [];
    const fail = (column: Column | null, code: string) => rowIssues.push({ row: line, column, code });
    /** The trimmed cell; a cell over 2 000 characters is reported and then counts as absent. */
    const cell = (column: Column): string | undefined => {
      const index = position.get(column);
      const text = index === undefined ? "" : cells[index]!.trim();
      if (text.length <= MAX_CELL) return text;
      fail(column, "too_long");
      return undefined;
    };
    const required = (column: Column): string | null => {
      const text = cell(column);
      if (text === undefined) return null;
      if (text === "") {
        fail(column, "required");
        return null;
      }
      return text;
    };

    let id = required("indicator_id");
    if (id !== null && !/^[a-z0-9_]{1,80}$/.test(id)) {
      fail("indicator_id", "invalid_indicator_id");
      id = null;
    }
    const unit = required("unit");
    const direction = cell("direction") ?? "";
    if (id !== null) {
      const known = catalogue.get(id);
      const defined = definitions.get(id);
      if (known || defined) {
        const units = known ? [known.unit, ...known.storedUnits] : [defined!.unit];
        if (unit !== null && !unitAgrees(units, unit)) fail("unit", "unit_mismatch");
      } else {
        // "an unknown id needs name_sv, name_en and direction on its first row"
        const nameSv = cell("name_sv") ?? "";
        const nameEn = cell("name_en") ?? "";
        if (nameSv && nameEn && DIRECTIONS.includes(direction) && unit !== null) {
          definitions.set(id, { id, nameSv, nameEn, unit, direction, definition: (cell("definition") ?? "") || null });
        } else {
          fail("indicator_id", "unknown_indicator");
        }
      }
    }
    if (direction !== "" && !DIRECTIONS.includes(direction)) fail("direction", "invalid_direction");

    const code = cell("region_code") ?? "";
    let label: string | null;
    if (code === "") label = cell("region_name") ?? "";
    else if (COUNTY_CODES.includes(code)) label = REGION_NAMES[code as keyof typeof REGION_NAMES];
    else {
      fail("region_code", "unknown_region");
      label = null;
    }
    const period = readPeriod(cell("period") ?? "");
    if (period === "bad") fail("period", "invalid_period");
    const value = readNumber(cell("value") ?? "");
    if (value === "bad") fail("value", "not_a_number");
    const source = required("source");
    const sourceRef = cell("source_ref") ?? "";

    if (rowIssues.length > 0) {
      issues.push(...rowIssues);
      continue;
    }
    // "duplicate key in the file": (indicator, region, period) again, among rows without errors.
    const key = `${id}|${label}|${period ?? ""}`;
    if (firstLine.has(key)) {
      issues.push({ row: line, column: null, code: "duplicate_key" });
      continue;
    }
    firstLine.set(key, line);
    values.push({
      indicatorId: id!,
      regionCode: code === "" ? null : code,
      regionLabel: label!,
      period: period as string | null,
      value: value as number | null,
      unit: unit!,
      source: source!,
      sourceRef,
    });
  }
  if (issues.length === 0) {
    // A new definition may not reuse an id that exists outside this dialogue's view.
    for (const id of definitions.keys()) {
      if (takenIds.has(id)) issues.push({ row: firstRowOf(values, firstLine, id), column: "indicator_id", code: "indicator_id_taken" });
    }
  }
  return issues.length ? { issues, rowCount, values: [], definitions: [] } : { issues, rowCount, values, definitions: [...definitions.values()] };
}

function firstRowOf(values: ExpectedValue[], firstLine: Map<string, number>, id: string): number {
  const value = values.find((candidate) => candidate.indicatorId === id)!;
  return firstLine.get(`${value.indicatorId}|${value.regionLabel}|${value.period ?? ""}`)!;
}

// ---------------------------------------------------------------------------------------------
// The generator.

export const ENCODINGS = ["utf8", "utf8-bom", "windows-1252", "invalid-utf8"] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const FAULTS = [
  "bad_value",
  "cmd_value",
  "bad_region",
  "bad_period",
  "bad_id",
  "unknown_id",
  "bad_direction",
  "unit_mismatch",
  "no_unit",
  "no_source",
  "no_id",
  "long_source",
  "duplicate",
  "extra_cell",
  "missing_cell",
  "unquoted_decimal_comma",
  "whitespace_line",
  "drop_definition",
  "taken_id",
  "unterminated_quote",
  "stray_quote",
  "missing_column",
  "duplicate_column",
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FileShape {
  seed: number;
  rows: number;
  encoding: Encoding;
  delimiter: "," | ";";
  newline: "\n" | "\r\n";
  trailingNewline: boolean;
  leadingBlankLines: number;
  /** Per mille of lines followed by a blank line. */
  blankLineRate: number;
  decimalComma: boolean;
  optionalColumns: (typeof OPTIONAL_COLUMNS)[number][];
  faults: { fault: Fault; at: number }[];
  /** A file of zero bytes (or a BOM alone), when rows is 0. */
  isEmpty: boolean;
}

export interface GeneratorWorld {
  /** The catalogue the dialogue sees (public indicators with stored values). */
  known: CatalogueIndicator[];
  /** An indicator id another dialogue owns. */
  foreignId: string;
  /** Ids of indicators the file defines start with this (ids are global, so each file needs its own). */
  newIdPrefix: string;
}

/** Texts any file may carry; `utf8Only` ones cannot be written in Windows-1252. */
const SOURCES = [
  "Källa: Socialstyrelsen, Tabell 5",
  "Socialstyrelsen – NPS 2025, delrapport 3",
  "SCB; befolkningsprognos",
  "Region Västra Götaland, årsrapport",
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://example.org","klicka")',
  "+SUM(1;2)",
  "@import",
  "-rad 3",
  "Mätt ”drygt” 315 000",
  "Örebro läns landsting, 2019",
];
const UTF8_ONLY_SOURCES = ["Källa: ≥ 90 % (SKR)", "Sámi: Davvi ŋ", "Prognos → 2033"];
const ALL_SOURCES = [...SOURCES, ...UTF8_ONLY_SOURCES];
const GROUPS = ["Storstadsregioner", "Landsbygdskommuner", "Områdestyp 1", "=cmd|' /C calc'!A0", "Kommungrupp, täta"];
const NEW_UNITS = ["per 1 000 invånare", "%", "antal", "kr per invånare", "dagar"];
const QUALIFIER = ' (ungefär, "cirka")';
const BAD_VALUES = ["abc", "12 %", "1,234.5", "1.2.3", "--1", "1e3", "0x10", "12,5,1", "tolv", "∞"];
const CMD_VALUES = ["=cmd|' /C calc'!A0", "=1+1", "+cmd", "@SUM(A1)", "-cmd"];
const BAD_REGIONS = ["99", "1", "AB", "003", "=cmd", "02"];
const BAD_PERIODS = ["22", "2033-2023", "2023–2033", "1899", "2101", "2023-", "2023/24", "=cmd"];
const BAD_IDS = ["Bad-Id", "=cmd", "hälsa", "a b", "x".repeat(81)];
const BAD_DIRECTIONS = ["upwards", "Higher_is_better", "=cmd", "bättre"];
const PERIODS = ["", "2023-2033", "2015-2020", "2041", "2100", "1900", ...Array.from({ length: 40 }, (_, index) => String(1985 + index))];
const PLACEHOLDER = "\ue000";

/** The bytes an invalid-UTF-8 injection writes; each is invalid wherever it is put between characters. */
const INVALID_SEQUENCES = [[0xff], [0xc3, 0x28], [0xe4, 0x6c], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe4]];

const WINDOWS_1252_EXTRA: Record<string, number> = { "–": 0x96, "”": 0x94, "€": 0x80 };

function isWindows1252(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff) || char in WINDOWS_1252_EXTRA) continue;
    return false;
  }
  return true;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function encodeWindows1252(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    bytes[index] = code < 0x100 ? code : WINDOWS_1252_EXTRA[text[index]!]!;
  }
  return bytes;
}

function formatNumber(cents: number, rng: Rng, options: { decimalComma: boolean; is1252: boolean }): string {
  const [whole, fraction] = Math.abs(cents / 100).toFixed(rng.pick([0, 1, 2])).split(".") as [string, string | undefined];
  const isZero = /^[0.]*$/.test(`${whole}${fraction ?? ""}`);
  const grouped = whole.length > 3 && rng.chance(0.3) ? whole.replace(/\B(?=(\d{3})+$)/g, rng.pick([" ", "\u00a0"])) : whole;
  // The typographic minus is not in Windows-1252; "-0" would store a negative zero.
  const sign = cents < 0 && !isZero ? (options.is1252 ? "-" : rng.pick(["-", "\u2212"])) : rng.chance(0.05) ? "+" : "";
  return `${sign}${grouped}${fraction === undefined ? "" : (options.decimalComma ? "," : ".") + fraction}`;
}

interface Row {
  cells: Partial<Record<Column, string>>;
  fault?: Fault;
}

export interface GeneratedFile extends WrittenFile {
  shape: FileShape;
}

/** Builds one file from its shape. Pure apart from the PRNG seeded by the shape. */
export function generateFile(shape: FileShape, world: GeneratorWorld): GeneratedFile {
  const rng = prng(shape.seed);
  const is1252 = shape.encoding === "windows-1252";
  const writable = new Map<readonly string[], readonly string[]>();
  const text = (items: readonly string[]) => {
    let choices = writable.get(items);
    if (!choices) writable.set(items, (choices = is1252 ? items.filter(isWindows1252) : items));
    return rng.pick(choices);
  };
  const knownById = new Map(world.known.map((indicator) => [indicator.id, indicator]));
  const header: string[] = [...REQUIRED_COLUMNS, ...shape.optionalColumns];
  for (let index = header.length - 1; index > 0; index--) {
    const other = rng.int(0, index);
    [header[index], header[other]] = [header[other]!, header[index]!];
  }
  const has = (column: Column) => header.includes(column);
  const canDefine = has("name_sv") && has("name_en") && has("direction");
  const newIds = canDefine ? Array.from({ length: 1 + Math.floor(shape.rows / 500) }, (_, index) => `${world.newIdPrefix}_${index}`) : [];
  const ids = [...world.known.map((indicator) => indicator.id), ...newIds];
  const unitOfNew = new Map(newIds.map((id) => [id, text(NEW_UNITS)]));
  const definedYet = new Set<string>();
  const usedKeys = new Set<string>();
  const rows: Row[] = [];

  for (let index = 0; index < shape.rows; index++) {
    // A key not used before in this file (retry a few times, then count through).
    let id = "";
    let regionCode = "";
    let regionName = "";
    let period = "";
    for (let attempt = 0; ; attempt++) {
      id = attempt < 20 ? rng.pick(ids) : ids[attempt % ids.length]!;
      // A group is named in region_name; without that column it would have no name at all.
      const isGroup = has("region_name") && rng.chance(0.1);
      regionCode = isGroup ? "" : rng.pick(COUNTY_CODES);
      regionName = isGroup ? text(GROUPS) : rng.chance(0.3) ? `Region ${rng.int(1, 9)}` : "";
      period = attempt < 20 ? rng.pick(PERIODS) : String(1900 + ((attempt * 7 + index) % 200));
      const label = regionCode ? regionCode : `g:${regionName}`;
      const key = `${id}|${label}|${period}`;
      if (!usedKeys.has(key)) {
        usedKeys.add(key);
        break;
      }
    }
    const known = knownById.get(id);
    const isDefinition = !known && !definedYet.has(id);
    if (isDefinition) definedYet.add(id);
    const baseUnit = known ? rng.pick([known.unit, ...known.storedUnits]) : unitOfNew.get(id)!;
    const value = rng.chance(0.1) ? rng.pick(["", ".", "..", "x", "X"]) : formatNumber(rng.int(-50_000, 5_000_000), rng, { decimalComma: shape.decimalComma, is1252 });
    const cells: Row["cells"] = {
      indicator_id: rng.chance(0.05) ? ` ${id} ` : id,
      region_code: regionCode && rng.chance(0.05) ? ` ${regionCode}` : regionCode,
      region_name: regionName,
      period: period && rng.chance(0.05) ? ` ${period} ` : period,
      value,
      // A new indicator's unit is its first row's, so only later rows qualify it.
      unit: !isDefinition && rng.chance(0.1) ? `${baseUnit}${QUALIFIER}` : baseUnit,
      source: text(ALL_SOURCES),
      source_ref: rng.chance(0.5) ? "" : `rad ${rng.int(1, 9999)}`,
      // Names only where they mean something: a new indicator's first row, or ignored on a known one.
      name_sv: isDefinition ? `Ny indikator åäö ${id}` : known && rng.chance(0.2) ? "Namn som ignoreras" : "",
      name_en: isDefinition ? `New indicator ${id}` : known && rng.chance(0.2) ? "Ignored name" : "",
      direction: isDefinition ? rng.pick(DIRECTIONS) : rng.chance(0.1) ? rng.pick(DIRECTIONS) : "",
      definition: isDefinition && rng.chance(0.5) ? "Antal per 1 000 invånare; räknat på SCB:s folkmängd" : "",
    };
    rows.push({ cells });
  }

  // Faults: row-level ones change a row's cells; file-level ones are applied while writing.
  const fileFaults = new Map<Fault, number>();
  for (const { fault, at } of shape.faults) {
    if (rows.length === 0) continue;
    const index = Math.min(rows.length - 1, Math.floor(at * rows.length));
    const row = rows[index]!;
    const cells = row.cells;
    switch (fault) {
      case "bad_value":
        cells.value = rng.pick(BAD_VALUES);
        break;
      case "cmd_value":
        cells.value = rng.pick(CMD_VALUES);
        break;
      case "bad_region":
        cells.region_code = rng.pick(BAD_REGIONS);
        break;
      case "bad_period":
        cells.period = text(BAD_PERIODS);
        break;
      case "bad_id":
        cells.indicator_id = text(BAD_IDS);
        break;
      case "unknown_id":
        cells.indicator_id = `nx_${world.newIdPrefix}_${index}`;
        cells.name_sv = "";
        break;
      case "bad_direction":
        cells.direction = rng.pick(BAD_DIRECTIONS);
        break;
      case "unit_mismatch":
        cells.unit = rng.pick(["timmar", "=cmd", "%x", "personer per dag"]);
        break;
      case "no_unit":
        cells.unit = rng.pick(["", "  "]);
        break;
      case "no_source":
        cells.source = "";
        break;
      case "no_id":
        cells.indicator_id = "";
        break;
      case "long_source":
        cells.source = "K".repeat(MAX_CELL + rng.int(1, 50));
        break;
      case "duplicate": {
        const other = rows[rng.int(0, rows.length - 1)]!.cells;
        for (const column of ["indicator_id", "region_code", "region_name", "period"] as const) cells[column] = other[column];
        break;
      }
      case "drop_definition":
        cells.name_en = "";
        break;
      case "taken_id":
        Object.assign(cells, { indicator_id: world.foreignId, name_sv: "Tagen", name_en: "Taken", direction: "neutral" });
        break;
      case "extra_cell":
      case "missing_cell":
      case "unquoted_decimal_comma":
      case "whitespace_line":
        row.fault = fault;
        break;
      default:
        fileFaults.set(fault, Math.min(fileFaults.get(fault) ?? Infinity, index));
    }
  }
  return writeFile(shape, header, rows, fileFaults, rng);
}

function writeFile(shape: FileShape, header: string[], rows: Row[], fileFaults: Map<Fault, number>, rng: Rng): GeneratedFile {
  const { delimiter, newline } = shape;
  const lines: string[] = [];
  const records: WrittenFile["records"] = [];
  let lineNumber = 0;
  let syntaxErrorLine: number | null = null;
  let isQuoteFree = false;
  const push = (line: string) => {
    lines.push(line);
    lineNumber++;
  };
  const quote = (cell: string, force = false) => {
    if (isQuoteFree) return cell.replaceAll('"', "'");
    const needs = cell.includes(delimiter) || cell.includes('"') || cell.includes("\n") || cell.includes("\r");
    return needs || force ? `"${cell.replaceAll('"', '""')}"` : cell;
  };

  const columns = [...header];
  if (fileFaults.has("missing_column")) columns.splice(columns.indexOf(rng.pick(REQUIRED_COLUMNS)), 1);
  if (fileFaults.has("duplicate_column")) columns.push(rng.pick(columns));
  const headerCells = columns.map((name) => (rng.chance(0.2) ? name.toUpperCase() : rng.chance(0.1) ? ` ${name} ` : name));

  if (shape.isEmpty && rows.length === 0) {
    const bytes = shape.encoding === "utf8-bom" ? new Uint8Array([0xef, 0xbb, 0xbf]) : new Uint8Array(0);
    return { shape, bytes, headerLine: null, header: [], records: [], invalidEncodingLine: null, syntaxErrorLine: null, isBlank: true };
  }
  for (let blank = 0; blank < shape.leadingBlankLines; blank++) push("");
  push(headerCells.map((cell) => quote(cell, rng.chance(0.1))).join(delimiter));
  const headerLine = lineNumber;

  rows.forEach((row, index) => {
    let cells = columns.map((name) => row.cells[name as Column] ?? "");
    let text: string;
    if (row.fault === "whitespace_line") {
      cells = ["  "];
      text = "  ";
    } else {
      const written = cells.map((cell) => quote(cell, rng.chance(0.05)));
      if (row.fault === "extra_cell") {
        cells = [...cells, "extra"];
        written.push("extra");
      } else if (row.fault === "missing_cell") {
        cells = cells.slice(0, -1);
        written.pop();
      } else if (row.fault === "unquoted_decimal_comma" && delimiter === "," && columns.includes("value") && !isQuoteFree) {
        // A decimal comma written without quotes in a comma-separated file splits the cell.
        const at = columns.indexOf("value");
        const number = "12,5";
        cells = [...cells.slice(0, at), "12", "5", ...cells.slice(at + 1)];
        written.splice(at, 1, number);
      }
      if (fileFaults.get("stray_quote") === index && syntaxErrorLine === null && !isQuoteFree) {
        // A quote inside an unquoted cell.
        const at = written.findIndex((cell) => !cell.startsWith('"'));
        if (at >= 0) {
          written[at] = `${written[at]}x"y`;
          syntaxErrorLine = lineNumber + 1;
        }
      }
      if (fileFaults.get("unterminated_quote") === index && syntaxErrorLine === null && !isQuoteFree) {
        // An opening quote that is never closed: nothing after it may hold a quote, so the error stays here.
        const at = rng.int(0, written.length - 1);
        written[at] = `"${cells[at]!.replaceAll('"', "'")}`;
        for (let later = at + 1; later < written.length; later++) written[later] = cells[later]!.replaceAll('"', "'");
        syntaxErrorLine = lineNumber + 1;
        isQuoteFree = true;
      }
      text = written.join(delimiter);
    }
    push(text);
    records.push({ line: lineNumber, cells });
    if (rng.next() * 1000 < shape.blankLineRate) push("");
  });

  // Encoding, and any invalid byte sequences (marked by a placeholder, replaced in the bytes).
  let body = lines.join(newline) + (shape.trailingNewline ? newline : "");
  let invalidEncodingLine: number | null = null;
  const isBom = shape.encoding === "utf8-bom" || (shape.encoding === "invalid-utf8" && rng.chance(0.5));
  if (shape.encoding === "invalid-utf8") {
    const count = rng.int(1, 3);
    const targets = Array.from({ length: count }, () => rng.int(headerLine, lineNumber)).sort((a, b) => a - b);
    const split = body.split(newline);
    for (const target of targets) {
      const line = split[target - 1]!;
      const at = rng.int(0, line.length);
      split[target - 1] = line.slice(0, at) + PLACEHOLDER + line.slice(at);
    }
    body = split.join(newline);
    invalidEncodingLine = targets[0]!;
  }
  let bytes: Uint8Array;
  if (shape.encoding === "windows-1252") {
    bytes = encodeWindows1252(body);
  } else {
    const encoder = new TextEncoder();
    const parts: Uint8Array[] = [];
    body.split(PLACEHOLDER).forEach((part, index) => {
      if (index > 0) parts.push(Uint8Array.from(rng.pick(INVALID_SEQUENCES)));
      parts.push(encoder.encode(part));
    });
    // A broken UTF-8 file must say it is UTF-8 (a BOM or UTF-8 letters); otherwise it is Windows-1252.
    const hasUtf8Letters = /[^\x00-\x7f]/.test(body.replaceAll(PLACEHOLDER, ""));
    if (isBom || (shape.encoding === "invalid-utf8" && !hasUtf8Letters)) parts.unshift(Uint8Array.from([0xef, 0xbb, 0xbf]));
    bytes = concat(parts);
  }
  return {
    shape,
    bytes,
    headerLine,
    header: columns,
    records,
    invalidEncodingLine,
    syntaxErrorLine,
    isBlank: false,
  };
}

/** A values file written from stored rows, in the documented layout, as an export would write it. */
export function writeValuesCsv(
  values: readonly ExpectedValue[],
  options: { delimiter: "," | ";"; decimalComma: boolean; encoding: "utf8" | "utf8-bom" | "windows-1252"; newline: "\n" | "\r\n" },
): Uint8Array {
  const { delimiter } = options;
  const quote = (cell: string) => (cell.includes(delimiter) || cell.includes('"') || /^\s|\s$/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const header = ["indicator_id", "region_code", "region_name", "period", "value", "unit", "source", "source_ref"];
  const lines = [header.join(delimiter)];
  for (const value of values) {
    const number = value.value === null ? "" : options.decimalComma ? String(value.value).replace(".", ",") : String(value.value);
    lines.push(
      [value.indicatorId, value.regionCode ?? "", value.regionLabel, value.period ?? "", number, value.unit, value.source, value.sourceRef].map(quote).join(delimiter),
    );
  }
  const body = lines.join(options.newline) + options.newline;
  if (options.encoding === "windows-1252" && isWindows1252(body)) return encodeWindows1252(body);
  const bytes = new TextEncoder().encode(body);
  return options.encoding === "utf8-bom" ? concat([Uint8Array.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
}
