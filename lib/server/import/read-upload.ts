/**
 * An uploaded file, row by row: CSV through csv-parse (streamed to the consumer, never held as a
 * table), XLSX through exceljs after the size and zip-bomb checks. Every refusal is an
 * ImportIssue, so the page lists it like a row error.
 */
import "server-only";
import { inflateRawSync } from "node:zlib";
import type { CellValue } from "exceljs";
import { readCsvRecords } from "@/lib/indicators/csv-table";
import type { ImportIssue, RawTable } from "@/lib/indicators/import-rows";
import { MAX_IMPORT_ROWS } from "@/lib/indicators/import-rows";
import { readZipDirectory, scanXmlPart, type ZipEntry } from "@/lib/indicators/zip-check";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, index) => bytes[index] === byte);
}

/** A table, or why the file was refused: one issue for the file, or several (formula cells). */
export type UploadTable = { table: RawTable } | { issue: ImportIssue } | { issues: ImportIssue[] };

type Refusal = { issue: ImportIssue } | { issues: ImportIssue[] };

const fileIssue = (code: ImportIssue["code"], params?: ImportIssue["params"]): Refusal => ({
  issue: params ? { row: null, column: null, code, params } : { row: null, column: null, code },
});

/** Receives a file's header (its first record, with its line) and then each data row. */
export interface RowConsumer {
  header(cells: string[], line: number): void;
  row(line: number, cells: string[]): void;
}

/**
 * Reads the file into `consumer`, deciding by content, not by name: an XLSX is a zip; anything
 * else must be CSV text. Returns the file's problems (nothing was handed on, or what was must be
 * dropped), or null once every row has been handed on. A file without a header is `empty_file`.
 */
export async function readUploadRows(fileName: string, bytes: Uint8Array, consumer: RowConsumer): Promise<ImportIssue[] | null> {
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return issuesOf(fileIssue("file_too_large", { max: MAX_UPLOAD_BYTES / 1024 / 1024 }));
  const isSpreadsheetName = /\.xlsx$/i.test(fileName);
  if (isZip(bytes)) {
    const result = await readXlsx(bytes);
    if (!("table" in result)) return issuesOf(result);
    consumer.header(result.table.header, result.table.headerLine ?? 1);
    for (const { line, cells } of result.table.rows) consumer.row(line, cells);
    return null;
  }
  if (isSpreadsheetName) return issuesOf(fileIssue("xlsx_invalid"));
  if (!/\.(csv|txt)$/i.test(fileName)) return issuesOf(fileIssue("unsupported_file"));
  let hasHeader = false;
  const result = readCsvRecords(bytes, (line, cells) => {
    if (hasHeader) consumer.row(line, cells);
    else {
      hasHeader = true;
      consumer.header(cells, line);
    }
  });
  if ("issue" in result) return [result.issue];
  return hasHeader ? null : issuesOf(fileIssue("empty_file"));
}

function issuesOf(refusal: Refusal): ImportIssue[] {
  return "issue" in refusal ? [refusal.issue] : refusal.issues;
}

/** The whole file as a table (header trimmed and lower-cased), for callers that want one. */
export async function readUploadTable(fileName: string, bytes: Uint8Array): Promise<UploadTable> {
  let header: string[] = [];
  let headerLine = 1;
  const rows: RawTable["rows"] = [];
  const issues = await readUploadRows(fileName, bytes, {
    header: (cells, line) => {
      header = cells.map((name) => name.trim().toLowerCase());
      headerLine = line;
    },
    row: (line, cells) => rows.push({ line, cells }),
  });
  if (issues) return issues.length === 1 ? { issue: issues[0]! } : { issues };
  return { table: { header, headerLine, rows } };
}

/**
 * Every entry inflated no further than its directory record claims (a record can lie about the
 * size; zlib stops at the claim + 1 byte), each XML part scanned for a DTD and each worksheet's
 * rows counted, all before exceljs sees the file. One entry is held at a time, within the 20 MB
 * unpacked limit, so a refused file costs little memory.
 */
function inspectEntries(bytes: Uint8Array, entries: ZipEntry[]): Refusal | null {
  for (const entry of entries) {
    const compressed = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    let data: Uint8Array;
    if (entry.method === 0) data = compressed;
    else {
      try {
        data = inflateRawSync(compressed, { maxOutputLength: entry.uncompressedSize + 1 });
      } catch (error) {
        const isOverrun = error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
        return fileIssue(isOverrun ? "xlsx_too_large" : "xlsx_invalid");
      }
      if (data.byteLength > entry.uncompressedSize) return fileIssue("xlsx_too_large");
      if (data.byteLength !== entry.uncompressedSize) return fileIssue("xlsx_invalid");
    }
    if (!/\.(xml|rels|vml)$/i.test(entry.name)) continue;
    const scan = scanXmlPart(data);
    if (scan.hasDtd) return fileIssue("xlsx_invalid");
    // The header row plus at most MAX_IMPORT_ROWS: a million-row sheet never reaches exceljs.
    if (/^xl\/worksheets\//i.test(entry.name) && scan.rows > MAX_IMPORT_ROWS + 1) return fileIssue("too_many_rows", { max: MAX_IMPORT_ROWS, found: scan.rows - 1 });
  }
  return null;
}

async function readXlsx(bytes: Uint8Array): Promise<UploadTable> {
  const directory = readZipDirectory(bytes);
  if (!directory.ok) {
    return fileIssue(directory.reason === "too_large" ? "xlsx_too_large" : directory.reason === "external_link" ? "xlsx_external_link" : "xlsx_invalid");
  }
  const refusal = inspectEntries(bytes, directory.entries);
  if (refusal) return refusal;
  // Loaded only for spreadsheets: CSV imports (and start-up) never pay for exceljs.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return fileIssue("xlsx_invalid");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) return fileIssue("empty_file");
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1) return fileIssue("too_many_rows", { max: MAX_IMPORT_ROWS, found: sheet.rowCount - 1 });
  const width = sheet.getRow(1).cellCount;
  const rows: RawTable["rows"] = [];
  const formulas: ImportIssue[] = [];
  let header: string[] | null = null;
  let headerLine = 1;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells = Array.from({ length: Math.max(width, row.cellCount) }, (_, index) => {
      const cell = row.getCell(index + 1);
      // A formula's cached result need not be what the formula computes, and formulas are how
      // spreadsheets carry DDE and web calls: the import takes typed values only.
      if (isFormula(cell.value)) {
        const column = header?.[index] || null;
        formulas.push({ row: rowNumber, column, code: "xlsx_formula", params: { cell: cell.address } });
      }
      return cellText(cell.value);
    });
    while (cells.length > width && cells[cells.length - 1] === "") cells.pop();
    if (header === null) {
      header = cells.map((name) => name.trim().toLowerCase());
      headerLine = rowNumber;
    } else if (cells.some((cell) => cell.trim() !== "")) rows.push({ line: rowNumber, cells });
  });
  if (formulas.length > 0) return { issues: formulas };
  if (!header) return fileIssue("empty_file");
  return { table: { header, headerLine, rows } };
}

function isFormula(value: CellValue): boolean {
  return typeof value === "object" && value !== null && !(value instanceof Date) && ("formula" in value || "sharedFormula" in value);
}

/** A cell as the text a CSV would hold: numbers with `.`, formulas by their cached result. */
function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("result" in value) return value.result === undefined || value.result === null ? "" : cellText(value.result as CellValue);
  if ("text" in value) return String(value.text);
  if ("error" in value) return String(value.error);
  return "";
}
