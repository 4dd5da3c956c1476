/**
 * Validating an indicator import before anything is written (issue 5, "Data releases and import").
 * Two layouts share one set of rules and one error shape:
 *
 * - **values**: the layout of shared/data/indicators.csv
 *   (`indicator_id,name_sv,name_en,region_code,region_name,period,value,unit,direction,source,source_ref`,
 *   plus an optional `definition`);
 * - **projection inputs** for seed 003 Bilaga 2: `kind,indicator_id,region_code,year,age_band,value,source`
 *   (`kind` = `population` for SCB's projected population per age band and year, or
 *   `consumption_per_inhabitant` for the base year's consumption of an indicator per inhabitant).
 *
 * Every problem is reported with its row (the file's line, the header being row 1), its column and
 * a code the UI translates; the caller writes nothing unless the list is empty.
 */
import { INDICATOR_DIRECTIONS, REGION_CODES, type IndicatorDirection, type RegionCode } from "../model/enums";
import { REGION_NAMES } from "../model/regions";
import { AGE_BANDS, type AgeBand } from "../projection/projection";
import { ValueStore, type ImportedValue } from "./value-store";
import { isSuppressedCell, MAX_YEAR, MIN_YEAR, parseDecimal, parsePeriod } from "./values";

export type { ImportedValue };

export const IMPORT_ERROR_CODES = [
  "file_too_large",
  "unsupported_file",
  "xlsx_invalid",
  "xlsx_too_large",
  "empty_file",
  "too_many_rows",
  "csv_syntax",
  "missing_column",
  "duplicate_column",
  "column_count",
  "required",
  "too_long",
  "invalid_indicator_id",
  "unknown_indicator",
  "unknown_region",
  "invalid_period",
  "not_a_number",
  "negative",
  "invalid_direction",
  "unit_mismatch",
  "duplicate_key",
  "invalid_kind",
  "invalid_year",
  "invalid_age_band",
  "indicator_id_taken",
  "invalid_encoding",
  "xlsx_external_link",
  "xlsx_formula",
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

export interface ImportIssue {
  /** The file's line (CSV) or sheet row (XLSX); the header is row 1. Null for the file as a whole. */
  row: number | null;
  /** The header name of the cell; null when the whole row or file is at fault. */
  column: string | null;
  code: ImportErrorCode;
  params?: Record<string, string | number>;
}

/** A parsed file: its header and each data row with the line it came from. */
export interface RawTable {
  header: string[];
  /** The header's line (CSV: after any empty lines) or sheet row; 1 when not given. */
  headerLine?: number;
  rows: { line: number; cells: string[] }[];
}

export type ImportLayout = "values" | "projection";

export const VALUE_COLUMNS = {
  required: ["indicator_id", "region_code", "period", "value", "unit", "source"],
  optional: ["name_sv", "name_en", "region_name", "direction", "source_ref", "definition"],
} as const;
export const PROJECTION_COLUMNS = {
  required: ["kind", "indicator_id", "region_code", "year", "age_band", "value", "source"],
  optional: ["source_ref"],
} as const;

export const PROJECTION_KINDS = ["population", "consumption_per_inhabitant"] as const;
export type ProjectionKind = (typeof PROJECTION_KINDS)[number];

/** More rows than this is not an indicator table; it is refused before any row is read. */
export const MAX_IMPORT_ROWS = 200_000;
/** Longer cells are refused (a source line is a sentence, not a document). */
export const MAX_CELL_LENGTH = 2_000;
const INDICATOR_ID = /^[a-z0-9_]{1,80}$/;

export interface CatalogueEntry {
  unit: string;
  /** Units the indicator's stored values already carry (the seeds vary the wording of one quantity). */
  knownUnits?: readonly string[];
}

export interface IndicatorDefinition {
  id: string;
  nameSv: string;
  nameEn: string;
  unit: string;
  direction: IndicatorDirection;
  definition: string | null;
}

export interface ImportedProjectionInput {
  line: number;
  kind: ProjectionKind;
  /** The consumption measure; null for population rows (population is not per indicator). */
  indicatorId: string | null;
  regionCode: RegionCode;
  year: number;
  ageBand: AgeBand;
  value: number;
  source: string;
  sourceRef: string;
}

export type ValidatedImport =
  | { layout: "values"; values: ImportedValue[]; definitions: IndicatorDefinition[]; issues: ImportIssue[] }
  | { layout: "projection"; inputs: ImportedProjectionInput[]; issues: ImportIssue[] };

/** What a streamed validation ends with: the values layout keeps its rows in a compact ValueStore. */
export type StreamedImport =
  | { layout: "values"; rowCount: number; values: ValueStore; definitions: IndicatorDefinition[]; issues: ImportIssue[] }
  | { layout: "projection"; rowCount: number; inputs: ImportedProjectionInput[]; issues: ImportIssue[] };

/**
 * Validates rows as they are read (a CSV file is never held as a table): `push` each data row,
 * then `finish`. The header is given raw; it is trimmed and lower-cased here.
 */
export interface ImportValidator {
  push(line: number, cells: string[]): void;
  finish(): StreamedImport;
}

/** The layout a header describes: projection inputs carry an `age_band` column, values do not. */
export function layoutOf(header: string[]): ImportLayout {
  return header.includes("age_band") ? "projection" : "values";
}

/**
 * A unit agrees with the catalogue when it is the catalogue's unit or one its stored values
 * already use (`% förändring` and `% förändring mot "idag"` for one projection), or one of those
 * followed by a parenthesised qualifier the seeds add to rounded figures
 * (`personer (nedre gräns, "drygt")`): the quantity is the same, only its precision is described.
 */
export function unitMatchesCatalogue(entry: CatalogueEntry, unit: string): boolean {
  const units = [entry.unit, ...(entry.knownUnits ?? [])];
  return units.some((known) => unit === known || unit.startsWith(`${known} (`));
}

/** The label a value is keyed and shown by: the county's name for a region code, else the file's name. */
export function regionLabelFor(regionCode: RegionCode | null, regionName: string): string {
  return regionCode ? REGION_NAMES[regionCode] : regionName;
}

/** Validates a whole table against the catalogue; see the module comment for the layouts. */
export function validateImport(table: RawTable, catalogue: ReadonlyMap<string, CatalogueEntry>): ValidatedImport {
  const validator = createImportValidator(table.header, table.headerLine ?? 1, catalogue);
  for (const { line, cells } of table.rows) validator.push(line, cells);
  const result = validator.finish();
  return result.layout === "values"
    ? { layout: "values", values: result.values.toArray(), definitions: result.definitions, issues: result.issues }
    : { layout: "projection", inputs: result.inputs, issues: result.issues };
}

/**
 * The streaming validator for a header. Precedence of what is reported: no data rows
 * (`empty_file`), then more than MAX_IMPORT_ROWS (`too_many_rows`), then the header's own
 * problems, then every row's.
 */
export function createImportValidator(rawHeader: readonly string[], headerLine: number, catalogue: ReadonlyMap<string, CatalogueEntry>): ImportValidator {
  const header = rawHeader.map((name) => name.trim().toLowerCase());
  const layout = layoutOf(header);
  const headerIssues = checkHeader(header, headerLine, layout);
  const rows = layout === "values" ? new ValueRows(header, catalogue) : new ProjectionRows(header, catalogue);
  let rowCount = 0;
  return {
    push(line, cells) {
      rowCount++;
      // Rows past the limit are only counted; a header with problems is not read further.
      if (rowCount <= MAX_IMPORT_ROWS && headerIssues.length === 0) rows.push(line, cells);
    },
    finish() {
      const fileIssue = (issue: ImportIssue): StreamedImport =>
        layout === "values" ? { layout, rowCount, values: new ValueStore(), definitions: [], issues: [issue] } : { layout, rowCount, inputs: [], issues: [issue] };
      if (rowCount === 0) return fileIssue({ row: null, column: null, code: "empty_file" });
      if (rowCount > MAX_IMPORT_ROWS) return fileIssue({ row: null, column: null, code: "too_many_rows", params: { max: MAX_IMPORT_ROWS, found: rowCount } });
      if (headerIssues.length > 0) {
        return layout === "values"
          ? { layout, rowCount, values: new ValueStore(), definitions: [], issues: headerIssues }
          : { layout, rowCount, inputs: [], issues: headerIssues };
      }
      return rows.finish(rowCount);
    },
  };
}

function checkHeader(header: string[], headerLine: number, layout: ImportLayout): ImportIssue[] {
  const columns = layout === "values" ? VALUE_COLUMNS : PROJECTION_COLUMNS;
  const issues: ImportIssue[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) issues.push({ row: headerLine, column: name, code: "duplicate_column" });
    seen.add(name);
  }
  for (const name of columns.required) {
    if (!seen.has(name)) issues.push({ row: headerLine, column: name, code: "missing_column" });
  }
  return issues;
}

/** Reads a row's cells by column name; every read trims, and overlong cells are reported once. */
class RowReader {
  private readonly index: ReadonlyMap<string, number>;
  constructor(
    header: string[],
    readonly issues: ImportIssue[],
  ) {
    this.index = new Map(header.map((name, position) => [name, position]));
  }

  /** False (and an issue) when the row's cell count differs from the header's. */
  fits(line: number, cells: string[]): boolean {
    if (cells.length === this.index.size) return true;
    this.issues.push({ row: line, column: null, code: "column_count", params: { expected: this.index.size, found: cells.length } });
    return false;
  }

  /** The trimmed cell; "" when empty or when too long (then reported here). */
  cell(line: number, cells: string[], column: string): string {
    return this.checkedCell(line, cells, column) ?? "";
  }

  required(line: number, cells: string[], column: string): string | null {
    const text = this.checkedCell(line, cells, column);
    if (text === undefined) return null;
    if (text === "") return this.fail(line, column, "required");
    return text;
  }

  /** undefined when the cell is too long (and reported). */
  private checkedCell(line: number, cells: string[], column: string): string | undefined {
    const position = this.index.get(column);
    const text = position === undefined ? "" : (cells[position] ?? "").trim();
    if (text.length <= MAX_CELL_LENGTH) return text;
    this.issues.push({ row: line, column, code: "too_long", params: { max: MAX_CELL_LENGTH } });
    return undefined;
  }

  fail(line: number, column: string | null, code: ImportErrorCode, params?: Record<string, string | number>): null {
    this.issues.push(params ? { row: line, column, code, params } : { row: line, column, code });
    return null;
  }
}

function isRegionCode(code: string): code is RegionCode {
  return (REGION_CODES as readonly string[]).includes(code);
}

function isDirection(value: string): value is IndicatorDirection {
  return (INDICATOR_DIRECTIONS as readonly string[]).includes(value);
}

/** The values layout, row by row; clean rows go into a ValueStore, and none are kept once any row fails. */
class ValueRows {
  private readonly issues: ImportIssue[] = [];
  private readonly read: RowReader;
  private readonly values = new ValueStore();
  private readonly definitions = new Map<string, IndicatorDefinition>();
  /**
   * The first line of each key (indicator, region label, period), by dictionary numbers: nested
   * maps of numbers rather than a string per row, since this runs for every row of a large file.
   */
  private readonly firstLineOfKey = new Map<number, Map<number, Map<number, number>>>();
  /** Periods and regions repeat on nearly every row; each distinct text is parsed once. */
  private readonly periods = new Map<string, string | null>();

  constructor(
    header: string[],
    private readonly catalogue: ReadonlyMap<string, CatalogueEntry>,
  ) {
    this.read = new RowReader(header, this.issues);
  }

  push(line: number, cells: string[]): void {
    const { read, issues, catalogue, definitions } = this;
    if (!read.fits(line, cells)) return;
    const before = issues.length;
    const indicatorId = readIndicatorId(read, line, cells);
    const unit = read.required(line, cells, "unit");
    const entry = indicatorId ? (catalogue.get(indicatorId) ?? definitions.get(indicatorId)) : undefined;
    if (indicatorId && !entry) {
      const definition = readDefinition(read, line, cells, indicatorId, unit);
      if (definition) definitions.set(indicatorId, definition);
    } else if (entry && unit !== null && !unitMatchesCatalogue(entry, unit)) {
      read.fail(line, "unit", "unit_mismatch", { expected: entry.unit, found: unit });
    }
    const direction = read.cell(line, cells, "direction");
    if (direction !== "" && !isDirection(direction)) read.fail(line, "direction", "invalid_direction", { found: direction });

    const region = readRegion(read, line, cells);
    const period = readPeriod(read, line, cells, this.periods);
    const value = readValue(read, line, cells);
    const source = read.required(line, cells, "source");
    const sourceRef = read.cell(line, cells, "source_ref");
    if (issues.length > before || indicatorId === null || region === null || period === undefined || value === undefined) return;

    const { values } = this;
    const idCode = values.code("indicatorId", indicatorId);
    const labelCode = values.code("regionLabel", region.label);
    const periodCode = values.code("period", period);
    let byLabel = this.firstLineOfKey.get(idCode);
    if (!byLabel) this.firstLineOfKey.set(idCode, (byLabel = new Map()));
    let byPeriod = byLabel.get(labelCode);
    if (!byPeriod) byLabel.set(labelCode, (byPeriod = new Map()));
    const first = byPeriod.get(periodCode);
    if (first !== undefined) {
      read.fail(line, null, "duplicate_key", { first });
      return;
    }
    byPeriod.set(periodCode, line);
    // Once a row has failed, nothing will be written: stop keeping values.
    if (issues.length > 0) return;
    // In TEXT_COLUMNS order: indicatorId, regionCode, regionLabel, period, unit, source, sourceRef.
    values.pushCodes(line, value, [idCode, values.code("regionCode", region.code), labelCode, periodCode, values.code("unit", unit!), values.code("source", source!), values.code("sourceRef", sourceRef)]);
  }

  finish(rowCount: number): StreamedImport {
    const isClean = this.issues.length === 0;
    return {
      layout: "values",
      rowCount,
      values: isClean ? this.values : new ValueStore(),
      definitions: isClean ? [...this.definitions.values()] : [],
      issues: this.issues,
    };
  }
}

function readIndicatorId(read: RowReader, line: number, cells: string[]): string | null {
  const id = read.required(line, cells, "indicator_id");
  if (id === null) return null;
  return INDICATOR_ID.test(id) ? id : read.fail(line, "indicator_id", "invalid_indicator_id", { found: id });
}

/** A new indicator needs both names and a direction; without them it is unknown, not invented. */
function readDefinition(
  read: RowReader,
  line: number,
  cells: string[],
  id: string,
  unit: string | null,
): IndicatorDefinition | null {
  const nameSv = read.cell(line, cells, "name_sv");
  const nameEn = read.cell(line, cells, "name_en");
  const direction = read.cell(line, cells, "direction");
  if (!nameSv || !nameEn || !isDirection(direction) || unit === null) {
    return read.fail(line, "indicator_id", "unknown_indicator", { id });
  }
  const definition = read.cell(line, cells, "definition");
  return { id, nameSv, nameEn, unit, direction, definition: definition || null };
}

/** A county's region, one object per code (this runs for every row). */
const COUNTY_REGIONS: ReadonlyMap<string, { code: RegionCode; label: string }> = new Map(REGION_CODES.map((code) => [code, { code, label: regionLabelFor(code, "") }]));

function readRegion(read: RowReader, line: number, cells: string[]): { code: RegionCode | null; label: string } | null {
  const code = read.cell(line, cells, "region_code");
  if (code === "") {
    // A group that is not a region (region group, municipality type): named in region_name, or,
    // as in six rows of the seeds, by the indicator itself (`pop_share_region_group_1`).
    return { code: null, label: read.cell(line, cells, "region_name") };
  }
  return COUNTY_REGIONS.get(code) ?? read.fail(line, "region_code", "unknown_region", { found: code });
}

/** undefined = malformed (reported); null = no year given, as the seeds allow. */
function readPeriod(read: RowReader, line: number, cells: string[], parsed: Map<string, string | null>): string | null | undefined {
  const text = read.cell(line, cells, "period");
  if (text === "") return null;
  let period = parsed.get(text);
  if (period === undefined) {
    period = parsePeriod(text)?.text ?? null;
    parsed.set(text, period);
  }
  if (period !== null) return period;
  read.fail(line, "period", "invalid_period", { found: text });
  return undefined;
}

/** undefined = not a number (reported); null = suppressed or missing. */
function readValue(read: RowReader, line: number, cells: string[]): number | null | undefined {
  const text = read.cell(line, cells, "value");
  if (isSuppressedCell(text)) return null;
  const value = parseDecimal(text);
  if (value !== null) return value;
  read.fail(line, "value", "not_a_number", { found: text });
  return undefined;
}

function isAgeBand(value: string): value is AgeBand {
  return (AGE_BANDS as readonly string[]).includes(value);
}

/** The projection-inputs layout, row by row (these files are small: regions × years × ten bands). */
class ProjectionRows {
  private readonly issues: ImportIssue[] = [];
  private readonly read: RowReader;
  private readonly inputs: ImportedProjectionInput[] = [];
  private readonly firstLineOfKey = new Map<string, number>();

  constructor(
    header: string[],
    private readonly catalogue: ReadonlyMap<string, CatalogueEntry>,
  ) {
    this.read = new RowReader(header, this.issues);
  }

  push(line: number, cells: string[]): void {
    const { read, issues, catalogue } = this;
    if (!read.fits(line, cells)) return;
    const before = issues.length;
    const kindText = read.required(line, cells, "kind");
    const kind = kindText === null ? null : (PROJECTION_KINDS as readonly string[]).includes(kindText) ? (kindText as ProjectionKind) : read.fail(line, "kind", "invalid_kind", { found: kindText });
    let indicatorId: string | null = null;
    if (kind === "consumption_per_inhabitant") {
      indicatorId = readIndicatorId(read, line, cells);
      if (indicatorId && !catalogue.has(indicatorId)) read.fail(line, "indicator_id", "unknown_indicator", { id: indicatorId });
    }
    const codeText = read.required(line, cells, "region_code");
    const regionCode = codeText === null ? null : isRegionCode(codeText) ? codeText : read.fail(line, "region_code", "unknown_region", { found: codeText });
    const yearText = read.required(line, cells, "year");
    const year = yearText === null ? null : readYear(read, line, yearText);
    const bandText = read.required(line, cells, "age_band");
    const ageBand = bandText === null ? null : isAgeBand(bandText) ? bandText : read.fail(line, "age_band", "invalid_age_band", { found: bandText });
    const valueText = read.required(line, cells, "value");
    let value: number | null = null;
    if (valueText !== null) {
      value = parseDecimal(valueText);
      if (value === null) read.fail(line, "value", "not_a_number", { found: valueText });
      else if (value < 0) value = read.fail(line, "value", "negative", { found: valueText });
    }
    const source = read.required(line, cells, "source");
    if (issues.length > before || !kind || !regionCode || year === null || !ageBand || value === null || !source) return;

    const key = [kind, indicatorId ?? "", regionCode, year, ageBand].join("\u0000");
    const first = this.firstLineOfKey.get(key);
    if (first !== undefined) {
      read.fail(line, null, "duplicate_key", { first });
      return;
    }
    this.firstLineOfKey.set(key, line);
    this.inputs.push({ line, kind, indicatorId, regionCode, year, ageBand, value, source, sourceRef: read.cell(line, cells, "source_ref") });
  }

  finish(rowCount: number): StreamedImport {
    return { layout: "projection", rowCount, inputs: this.issues.length ? [] : this.inputs, issues: this.issues };
  }
}

function readYear(read: RowReader, line: number, text: string): number | null {
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (year >= MIN_YEAR && year <= MAX_YEAR) return year;
  return read.fail(line, "year", "invalid_year", { found: text });
}
