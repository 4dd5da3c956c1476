/**
 * Turning an uploaded CSV file into a RawTable: the encoding (UTF-8 with or without BOM, else the
 * Windows-1252 Swedish Excel writes), the delimiter (`,` as in shared/data, or `;` as Swedish
 * Excel writes, which also lets a decimal comma stand unquoted), and every syntax error with its line.
 */
import { parse, type Options } from "csv-parse/sync";
import type { ImportIssue, RawTable } from "./import-rows";

/** Strict UTF-8 first (a BOM is dropped); bytes that are not UTF-8 are read as Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** The delimiter of the header line: `;` when it has more semicolons than commas outside quotes. */
export function detectDelimiter(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let isQuoted = false;
  for (const char of text) {
    if (char === "\n") break;
    if (char === '"') isQuoted = !isQuoted;
    else if (!isQuoted && char === ",") commas++;
    else if (!isQuoted && char === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

type ParsedRecord = { line: number; cells: string[] };

/** The header (trimmed, lower case) and the data rows with their lines, or the syntax error. */
export function parseCsvTable(bytes: Uint8Array): { table: RawTable } | { issue: ImportIssue } {
  const text = decodeText(bytes);
  if (text.trim() === "") return { issue: { row: null, column: null, code: "empty_file" } };
  let records: ParsedRecord[];
  try {
    // csv-parse's types expect on_record to return the record type; it may return any shape.
    const options = {
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      // Each record straight into the row shape: csv-parse's full info object per row would
      // double the memory of a 100 000-row file.
      on_record: (record: string[], context: { lines: number }) => ({ line: context.lines, cells: record }),
    };
    records = parse(text, options as unknown as Options) as unknown as ParsedRecord[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return {
      issue: {
        row: typeof line === "number" ? line : null,
        column: null,
        code: "csv_syntax",
        params: { detail: String((error as { code?: unknown }).code ?? "CSV_UNKNOWN_ERROR") },
      },
    };
  }
  const [head, ...rest] = records;
  if (!head) return { issue: { row: null, column: null, code: "empty_file" } };
  return {
    table: {
      header: head.cells.map((name) => name.trim().toLowerCase()),
      rows: rest,
    },
  };
}
