/**
 * An uploaded file as a RawTable: CSV through csv-parse, XLSX through exceljs after the size and
 * zip-bomb checks. Every refusal is an ImportIssue, so the page lists it like a row error.
 */
import "server-only";
import ExcelJS from "exceljs";
import { parseCsvTable } from "@/lib/indicators/csv-table";
import type { ImportIssue, RawTable } from "@/lib/indicators/import-rows";
import { MAX_IMPORT_ROWS } from "@/lib/indicators/import-rows";
import { checkZipDirectory } from "@/lib/indicators/zip-check";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, index) => bytes[index] === byte);
}

export type UploadTable = { table: RawTable } | { issue: ImportIssue };

const fileIssue = (code: ImportIssue["code"], params?: ImportIssue["params"]): UploadTable => ({
  issue: params ? { row: null, column: null, code, params } : { row: null, column: null, code },
});

/** Decides by content, not by name: an XLSX is a zip; anything else must be CSV text. */
export async function readUploadTable(fileName: string, bytes: Uint8Array): Promise<UploadTable> {
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return fileIssue("file_too_large", { max: MAX_UPLOAD_BYTES / 1024 / 1024 });
  const isSpreadsheetName = /\.xlsx$/i.test(fileName);
  if (isZip(bytes)) return readXlsx(bytes);
  if (isSpreadsheetName) return fileIssue("xlsx_invalid");
  if (!/\.(csv|txt)$/i.test(fileName)) return fileIssue("unsupported_file");
  return parseCsvTable(bytes);
}

async function readXlsx(bytes: Uint8Array): Promise<UploadTable> {
  const verdict = checkZipDirectory(bytes);
  if (!verdict.ok) return fileIssue(verdict.reason === "too_large" ? "xlsx_too_large" : "xlsx_invalid");
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
  let header: string[] | null = null;
  let headerLine = 1;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells = Array.from({ length: Math.max(width, row.cellCount) }, (_, index) => cellText(row.getCell(index + 1).value));
    while (cells.length > width && cells[cells.length - 1] === "") cells.pop();
    if (header === null) {
      header = cells.map((name) => name.trim().toLowerCase());
      headerLine = rowNumber;
    } else if (cells.some((cell) => cell.trim() !== "")) rows.push({ line: rowNumber, cells });
  });
  if (!header) return fileIssue("empty_file");
  return { table: { header, headerLine, rows } };
}

/** A cell as the text a CSV would hold: numbers with `.`, formulas by their cached result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("result" in value) return value.result === undefined || value.result === null ? "" : cellText(value.result as ExcelJS.CellValue);
  if ("text" in value) return String(value.text);
  if ("error" in value) return String(value.error);
  return "";
}
