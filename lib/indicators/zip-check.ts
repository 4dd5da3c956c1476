/**
 * A look at an XLSX file's zip structure before any decompression (ASVS 5.2.3): how many entries,
 * how large they claim to be once inflated, where their data lies, and which parts they are.
 * exceljs inflates everything it is given, so a 100 kB zip bomb would otherwise cost gigabytes.
 * The claims are checked here; the server then inflates each entry no further than it claimed
 * (lib/server/import/read-upload.ts), so a directory that lies is caught too. Pure: reads only
 * the bytes it is handed.
 */

export const XLSX_LIMITS = {
  maxEntries: 500,
  /**
   * Unpacked, all parts together. A 5 000-row sheet of the values layout is about 2 MB of XML;
   * 20 MB holds some 40 000 rows, and keeps exceljs's in-memory model of a sheet bounded. Larger
   * tables import as CSV.
   */
  maxUncompressedBytes: 20 * 1024 * 1024,
  /** Inflation ratio of one entry beyond which it is a bomb, not a spreadsheet (XML inflates ~10–30×). */
  maxRatio: 200,
} as const;

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; nothing else occurs in spreadsheets. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's (compressed) data starts: after its local header. */
  dataOffset: number;
}

export type ZipRefusal = "not_zip" | "too_large" | "external_link";
export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; reason: ZipRefusal };
export type ZipVerdict = { ok: true } | { ok: false; reason: ZipRefusal };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * Reads and checks the central directory: entry count, claimed sizes (each and together), each
 * entry's inflation ratio, compression method, encryption, and that every entry's data lies in
 * its own part of the file (entries sharing data are how the largest zip bombs multiply one
 * compressed kernel). Parts that link to other workbooks (xl/externalLinks) are refused: their
 * figures come from files the server cannot see.
 */
export function readZipDirectory(bytes: Uint8Array, limits: { maxEntries: number; maxUncompressedBytes: number; maxRatio: number } = XLSX_LIMITS): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  if (end < 0) return { ok: false, reason: "not_zip" };
  const count = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  // 0xFFFF / 0xFFFFFFFF mean ZIP64, which no spreadsheet within our limits needs.
  if (count === 0xffff || directoryOffset === 0xffffffff) return { ok: false, reason: "too_large" };
  if (count > limits.maxEntries) return { ok: false, reason: "too_large" };
  if (directoryOffset > end) return { ok: false, reason: "not_zip" };
  const entries: (ZipEntry & { headerOffset: number })[] = [];
  const decoder = new TextDecoder("utf-8");
  let offset = directoryOffset;
  let total = 0;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== DIRECTORY_ENTRY) return { ok: false, reason: "not_zip" };
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const uncompressedSize = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const headerOffset = view.getUint32(offset + 42, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || headerOffset === 0xffffffff) return { ok: false, reason: "too_large" };
    total += uncompressedSize;
    if (total > limits.maxUncompressedBytes) return { ok: false, reason: "too_large" };
    if (uncompressedSize > 1024 * 1024 && uncompressedSize > Math.max(compressedSize, 1) * limits.maxRatio) return { ok: false, reason: "too_large" };
    // Bit 0: encrypted. Only stored and deflated entries are read.
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8)) return { ok: false, reason: "not_zip" };
    if (method === 0 && compressedSize !== uncompressedSize) return { ok: false, reason: "not_zip" };
    if (/^xl\/externalLinks\//i.test(name)) return { ok: false, reason: "external_link" };
    if (headerOffset + 30 > directoryOffset || view.getUint32(headerOffset, true) !== LOCAL_HEADER) return { ok: false, reason: "not_zip" };
    const dataOffset = headerOffset + 30 + view.getUint16(headerOffset + 26, true) + view.getUint16(headerOffset + 28, true);
    if (dataOffset + compressedSize > directoryOffset) return { ok: false, reason: "not_zip" };
    entries.push({ name, method, compressedSize, uncompressedSize, dataOffset, headerOffset });
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  // Each entry's local header and data must end before the next entry's local header begins.
  const byPlace = [...entries].sort((a, b) => a.headerOffset - b.headerOffset);
  for (let index = 1; index < byPlace.length; index++) {
    const previous = byPlace[index - 1]!;
    if (previous.dataOffset + previous.compressedSize > byPlace[index]!.headerOffset) return { ok: false, reason: "not_zip" };
  }
  return { ok: true, entries: entries.map(({ headerOffset: _headerOffset, ...entry }) => entry) };
}

/** The directory check alone (kept for callers that only need the verdict). */
export function checkZipDirectory(bytes: Uint8Array, limits = XLSX_LIMITS): ZipVerdict {
  const directory = readZipDirectory(bytes, limits);
  return directory.ok ? { ok: true } : directory;
}

/** The end-of-directory record sits in the last 22 bytes plus up to 64 kB of comment. */
function findEndOfDirectory(view: DataView): number {
  const earliest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= earliest; offset--) {
    if (view.getUint32(offset, true) === END_OF_DIRECTORY) return offset;
  }
  return -1;
}

/**
 * What an inflated XML part says about itself, scanned as bytes: a DTD (OOXML has none; internal
 * entities are how "billion laughs" expands a few bytes into gigabytes) and, for a worksheet, how
 * many rows it holds. `<row` is matched with or without a namespace prefix, and not `<rowBreaks`.
 */
export function scanXmlPart(bytes: Uint8Array): { hasDtd: boolean; rows: number } {
  const text = new TextDecoder("latin1").decode(bytes);
  const hasDtd = /<!DOCTYPE|<!ENTITY/i.test(text);
  let rows = 0;
  const row = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;
  while (row.exec(text) !== null) rows++;
  return { hasDtd, rows };
}
