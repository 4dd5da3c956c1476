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

const LF = 0x0a;
const CR = 0x0d;

/** The first line after `afterLine` that holds anything: where the next record starts (empty lines are skipped). */
function nextContentLine(bytes: Uint8Array, afterLine: number): number {
  let line = 1;
  let index = 0;
  while (line <= afterLine && index < bytes.length) {
    if (bytes[index] === LF) line++;
    index++;
  }
  // Now at the start of line `afterLine + 1`; skip lines that are empty.
  while (index < bytes.length && (bytes[index] === LF || bytes[index] === CR)) {
    if (bytes[index] === LF) line++;
    index++;
  }
  return line;
}

/** The first line that is not empty, as text (the delimiter is read from it). */
function firstContentLine(bytes: Uint8Array): string {
  let start = 0;
  while (start < bytes.length && (bytes[start] === LF || bytes[start] === CR)) start++;
  let end = bytes.indexOf(LF, start);
  if (end < 0) end = bytes.length;
  return new TextDecoder("utf-8").decode(bytes.subarray(start, end));
}

/** True when the bytes hold nothing but whitespace (and perhaps a BOM). */
function isBlank(bytes: Uint8Array): boolean {
  for (let index = hasUtf8Bom(bytes) ? BOM.length : 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (byte !== 0x20 && byte !== 0x09 && byte !== LF && byte !== CR && byte !== 0x0b && byte !== 0x0c) return false;
  }
  return true;
}

/**
 * The file as UTF-8 bytes for the parser: UTF-8 files as they are (no copy; csv-parse drops the
 * BOM), Windows-1252 files transcoded once, broken UTF-8 refused (see decodeText).
 */
export function utf8Bytes(bytes: Uint8Array): { bytes: Uint8Array } | { issue: ImportIssue } {
  const isBom = hasUtf8Bom(bytes);
  const scan = scanUtf8(isBom ? bytes.subarray(BOM.length) : bytes);
  if (scan.invalidAt < 0) return { bytes };
  if (isBom || scan.hasMultibyte) {
    return { issue: { row: lineOfOffset(isBom ? bytes.subarray(BOM.length) : bytes, scan.invalidAt), column: null, code: "invalid_encoding" } };
  }
  return { bytes: new TextEncoder().encode(new TextDecoder("windows-1252").decode(bytes)) };
}

/**
 * Reads a CSV file record by record and hands each to `onRecord` with its line; nothing is kept,
 * so a 100 000-row file never exists as a table of strings. Returns the number of records, or
 * the first problem: the encoding, the syntax (with its line), or a file with no content.
 */
export function readCsvRecords(file: Uint8Array, onRecord: (line: number, cells: string[]) => void): { records: number } | { issue: ImportIssue } {
  const prepared = utf8Bytes(file);
  if ("issue" in prepared) return prepared;
  const { bytes } = prepared;
  if (isBlank(bytes)) return { issue: { row: null, column: null, code: "empty_file" } };
  let lastLine = 0;
  let records = 0;
  let callbackError: unknown = undefined;
  try {
    // csv-parse's types expect on_record to return the record type; returning null drops the
    // record from its output, which is the point: the records go to onRecord only.
    const options = {
      bom: true,
      delimiter: detectDelimiter(firstContentLine(hasUtf8Bom(bytes) ? bytes.subarray(BOM.length) : bytes)),
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context: { lines: number }) => {
        lastLine = context.lines;
        records++;
        try {
          onRecord(context.lines, record);
        } catch (error) {
          callbackError = error;
          throw error;
        }
        return null;
      },
    };
    parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), options as unknown as Options);
  } catch (error) {
    // The consumer's own failure is not the file's.
    if (callbackError !== undefined) throw callbackError;
    const code = String((error as { code?: unknown }).code ?? "CSV_UNKNOWN_ERROR");
    const line = (error as { lines?: unknown }).lines;
    // A quote that is never closed runs to the end of the file; the line that matters is the
    // one where the quote opened, which is where the failing record began.
    const row = code === "CSV_QUOTE_NOT_CLOSED" ? nextContentLine(bytes, lastLine) : typeof line === "number" ? line : null;
    return { issue: { row, column: null, code: "csv_syntax", params: { detail: code } } };
  }
  return { records };
}

/** The header (trimmed, lower case) and the data rows with their lines, or the file's problem. */
export function parseCsvTable(bytes: Uint8Array): { table: RawTable } | { issue: ImportIssue } {
  let header: { line: number; cells: string[] } | null = null;
  const rows: RawTable["rows"] = [];
  const result = readCsvRecords(bytes, (line, cells) => {
    if (header === null) header = { line, cells };
    else rows.push({ line, cells });
  });
  if ("issue" in result) return result;
  const head = header as { line: number; cells: string[] } | null;
  if (!head) return { issue: { row: null, column: null, code: "empty_file" } };
  return { table: { header: head.cells.map((name) => name.trim().toLowerCase()), headerLine: head.line, rows } };
}
