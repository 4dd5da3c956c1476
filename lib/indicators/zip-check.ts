/**
 * A look at an XLSX file's zip directory before any decompression (ASVS 5.2.3): how many entries
 * and how large they claim to be once inflated. exceljs inflates everything it is given, so a
 * 100 kB zip bomb would otherwise cost gigabytes. Pure: reads only the bytes it is handed.
 */

export const XLSX_LIMITS = {
  maxEntries: 500,
  maxUncompressedBytes: 50 * 1024 * 1024,
  /** Inflation ratio of one entry beyond which it is a bomb, not a spreadsheet (XML inflates ~10–30×). */
  maxRatio: 200,
} as const;

export type ZipVerdict = { ok: true } | { ok: false; reason: "not_zip" | "too_large" };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/** Checks the central directory's claims; a zip whose directory cannot be read is refused. */
export function checkZipDirectory(bytes: Uint8Array, limits = XLSX_LIMITS): ZipVerdict {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  if (end < 0) return { ok: false, reason: "not_zip" };
  const entries = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  // 0xFFFF / 0xFFFFFFFF mean ZIP64, which no spreadsheet within our limits needs.
  if (entries === 0xffff || directoryOffset === 0xffffffff) return { ok: false, reason: "too_large" };
  if (entries > limits.maxEntries) return { ok: false, reason: "too_large" };
  let offset = directoryOffset;
  let total = 0;
  for (let entry = 0; entry < entries; entry++) {
    if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== DIRECTORY_ENTRY) return { ok: false, reason: "not_zip" };
    const compressed = view.getUint32(offset + 20, true);
    const uncompressed = view.getUint32(offset + 24, true);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return { ok: false, reason: "too_large" };
    total += uncompressed;
    if (total > limits.maxUncompressedBytes) return { ok: false, reason: "too_large" };
    if (uncompressed > 1024 * 1024 && uncompressed > Math.max(compressed, 1) * limits.maxRatio) return { ok: false, reason: "too_large" };
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return { ok: true };
}

/** The end-of-directory record sits in the last 22 bytes plus up to 64 kB of comment. */
function findEndOfDirectory(view: DataView): number {
  const earliest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= earliest; offset--) {
    if (view.getUint32(offset, true) === END_OF_DIRECTORY) return offset;
  }
  return -1;
}
