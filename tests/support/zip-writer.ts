/**
 * A small zip writer and reader for crafting spreadsheet files in tests (RELIABILITY.md I2): it
 * writes what it is told, including sizes that lie and entries that share one compressed kernel,
 * which no honest zip library will do.
 */
import { crc32, createDeflateRaw, deflateRawSync, inflateRawSync } from "node:zlib";
import { readZipDirectory } from "@/lib/indicators/zip-check";

export interface CraftedEntry {
  name: string;
  /** Deflated data and the size it inflates to. */
  compressed: Uint8Array;
  uncompressedSize: number;
  crc: number;
  /** What the directory claims, when it should lie. */
  claimedUncompressedSize?: number;
  /** Write no data of its own: point at the named entry's local header (an overlapping entry). */
  sharesDataOf?: string;
}

export function deflated(name: string, data: Uint8Array | string): CraftedEntry {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return { name, compressed: deflateRawSync(bytes), uncompressedSize: bytes.byteLength, crc: crc32(bytes) };
}

/**
 * An entry whose content is produced chunk by chunk and deflated as a stream, so a 100 MB part
 * never exists in memory at once.
 */
export async function deflatedStream(name: string, chunks: Iterable<Uint8Array | string>): Promise<CraftedEntry> {
  const deflate = createDeflateRaw({ level: 6 });
  const output: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => output.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  let size = 0;
  let crc = 0;
  for (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.byteLength;
    crc = crc32(bytes, crc);
    if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return { name, compressed: Buffer.concat(output), uncompressedSize: size, crc };
}

export function writeZip(entries: readonly CraftedEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  const headerOffsets = new Map<string, number>();
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const claimed = entry.claimedUncompressedSize ?? entry.uncompressedSize;
    let headerOffset: number;
    if (entry.sharesDataOf !== undefined) {
      headerOffset = headerOffsets.get(entry.sharesDataOf)!;
    } else {
      headerOffset = offset;
      const local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true);
      local.setUint16(4, 20, true);
      local.setUint16(8, 8, true);
      local.setUint32(14, entry.crc, true);
      local.setUint32(18, entry.compressed.byteLength, true);
      local.setUint32(22, claimed, true);
      local.setUint16(26, name.byteLength, true);
      parts.push(new Uint8Array(local.buffer), name, entry.compressed);
      offset += 30 + name.byteLength + entry.compressed.byteLength;
      headerOffsets.set(entry.name, headerOffset);
    }
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 20, true);
    central.setUint16(6, 20, true);
    central.setUint16(10, 8, true);
    central.setUint32(16, entry.crc, true);
    central.setUint32(20, entry.compressed.byteLength, true);
    central.setUint32(24, claimed, true);
    central.setUint16(28, name.byteLength, true);
    central.setUint32(42, headerOffset, true);
    directory.push(new Uint8Array(central.buffer), name);
  }
  const directorySize = directory.reduce((sum, part) => sum + part.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, directorySize, true);
  end.setUint32(16, offset, true);
  return Buffer.concat([...parts, ...directory, new Uint8Array(end.buffer)]);
}

/** The entries of an honest zip (one exceljs wrote), deflated again as they were. */
export function readZip(bytes: Uint8Array): CraftedEntry[] {
  const directory = readZipDirectory(bytes, { maxEntries: 10_000, maxUncompressedBytes: 1e9, maxRatio: 1e9 });
  if (!directory.ok) throw new Error(`not a readable zip: ${directory.reason}`);
  return directory.entries.map((entry) => {
    const raw = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    const data = entry.method === 0 ? raw : inflateRawSync(raw);
    return deflated(entry.name, data);
  });
}
