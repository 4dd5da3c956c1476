/**
 * Turning an uploaded CSV file into a RawTable: the encoding (UTF-8 with or without BOM, else the
 * Windows-1252 Swedish Excel writes), the delimiter (`,` as in shared/data, or `;` as Swedish
 * Excel writes, which also lets a decimal comma stand unquoted), and every syntax error with its line.
 */
import { parse, type Options } from "csv-parse/sync";
import type { ImportIssue, RawTable } from "./import-rows";

export interface Utf8Scan {
  /** Byte offset of the first sequence that is not UTF-8; -1 when the bytes are all UTF-8. */
  invalidAt: number;
  /** Whether any well-formed multi-byte sequence occurs (UTF-8-encoded letters such as å, ä, ö). */
  hasMultibyte: boolean;
}

/** Walks the bytes by the WHATWG UTF-8 decoder's rules (no overlongs, surrogates or code points over U+10FFFF). */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let invalidAt = -1;
  let hasMultibyte = false;
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    }
    let isValid = need > 0 && index + need < bytes.length;
    for (let offset = 1; isValid && offset <= need; offset++) {
      const byte = bytes[index + offset]!;
      isValid = offset === 1 ? byte >= lower && byte <= upper : byte >= 0x80 && byte <= 0xbf;
    }
    if (isValid) {
      hasMultibyte = true;
      index += need + 1;
    } else {
      if (invalidAt < 0) invalidAt = index;
      // Keep looking for well-formed sequences: they tell broken UTF-8 from Windows-1252.
      if (hasMultibyte) break;
      index++;
    }
  }
  return { invalidAt, hasMultibyte };
}

/** The 1-based line of a byte offset (lines end at LF; CRLF counts once). */
export function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < bytes.length; index++) if (bytes[index] === 0x0a) line++;
  return line;
}

const BOM = [0xef, 0xbb, 0xbf];
const hasUtf8Bom = (bytes: Uint8Array) => BOM.every((byte, index) => bytes[index] === byte);

/**
 * The file's text. UTF-8 when the bytes are UTF-8 (a BOM is dropped). Otherwise Windows-1252, the
 * encoding Swedish Excel writes, unless the file says it is UTF-8 (a BOM, or UTF-8-encoded letters
 * elsewhere in it): then it is broken UTF-8, and reading it as Windows-1252 would store "KÃ¤lla"
 * for "Källa", so it is refused with the line of the first bad byte.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { issue: ImportIssue } {
  const isBom = hasUtf8Bom(bytes);
  const body = isBom ? bytes.subarray(BOM.length) : bytes;
  const scan = scanUtf8(body);
  if (scan.invalidAt < 0) return { text: new TextDecoder("utf-8").decode(body) };
  if (isBom || scan.hasMultibyte) {
    return { issue: { row: lineOfOffset(body, scan.invalidAt), column: null, code: "invalid_encoding" } };
  }
  return { text: new TextDecoder("windows-1252").decode(bytes) };
}

/**
 * The delimiter of the header line (the first line that is not empty): `;` when it has more
 * semicolons than commas outside quotes.
 */
export function detectDelimiter(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let isQuoted = false;
  let hasContent = false;
  for (const char of text) {
    if (char === "\n" || char === "\r") {
      if (hasContent) break;
      continue;
    }
    hasContent = true;
    if (char === '"') isQuoted = !isQuoted;
    else if (!isQuoted && char === ",") commas++;
    else if (!isQuoted && char === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

type ParsedRecord = { line: number; cells: string[] };

/** The first line after `afterLine` that holds anything: where the next record starts (empty lines are skipped). */
function nextContentLine(text: string, afterLine: number): number {
  const lines = text.split("\n");
  for (let index = afterLine; index < lines.length; index++) {
    if (lines[index]!.replace(/\r$/, "") !== "") return index + 1;
  }
  return afterLine + 1;
}

/** The header (trimmed, lower case) and the data rows with their lines, or the syntax error. */
export function parseCsvTable(bytes: Uint8Array): { table: RawTable } | { issue: ImportIssue } {
  const decoded = decodeText(bytes);
  if ("issue" in decoded) return decoded;
  const { text } = decoded;
  if (text.trim() === "") return { issue: { row: null, column: null, code: "empty_file" } };
  let records: ParsedRecord[];
  let lastLine = 0;
  try {
    // csv-parse's types expect on_record to return the record type; it may return any shape.
    const options = {
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      // Each record straight into the row shape: csv-parse's full info object per row would
      // double the memory of a 100 000-row file.
      on_record: (record: string[], context: { lines: number }) => {
        lastLine = context.lines;
        return { line: context.lines, cells: record };
      },
    };
    records = parse(text, options as unknown as Options) as unknown as ParsedRecord[];
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? "CSV_UNKNOWN_ERROR");
    const line = (error as { lines?: unknown }).lines;
    // A quote that is never closed runs to the end of the file; the line that matters is the
    // one where the quote opened, which is where the failing record began.
    const row = code === "CSV_QUOTE_NOT_CLOSED" ? nextContentLine(text, lastLine) : typeof line === "number" ? line : null;
    return { issue: { row, column: null, code: "csv_syntax", params: { detail: code } } };
  }
  const [head, ...rest] = records;
  if (!head) return { issue: { row: null, column: null, code: "empty_file" } };
  return {
    table: {
      header: head.cells.map((name) => name.trim().toLowerCase()),
      headerLine: head.line,
      rows: rest,
    },
  };
}
