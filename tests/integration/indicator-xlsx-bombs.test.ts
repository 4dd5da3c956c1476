/**
 * RELIABILITY.md I2, XLSX bombs: ten crafted spreadsheets, made here (no binary fixtures), each
 * refused with its Swedish message and nothing written, in < 2 s and with < 100 MiB of RSS growth.
 * Time and memory are measured in a fresh process per file (tests/support/xlsx-child.ts, bundled
 * with esbuild), so neither this process's history nor another file's garbage hides a peak. A real
 * 5 000-row XLSX file imports.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listEffectiveValues } from "@/db/queries/indicators";
import { dataReleases, indicatorValues } from "@/db/schema";
import { XLSX_LIMITS } from "@/lib/indicators/zip-check";
import { commitIndicatorImport } from "@/lib/server/services/indicator-import";
import en from "@/lib/i18n/messages/en.json";
import sv from "@/lib/i18n/messages/sv.json";
import { actorOf, buildDialogue, buildIndicator, uniqueToken } from "../factories";
import { deflated, deflatedStream, readZip, writeZip, type CraftedEntry } from "../support/zip-writer";

const HEADER = ["indicator_id", "region_code", "period", "value", "unit", "source"];
const SHEET = "xl/worksheets/sheet1.xml";
const MiB = 1024 * 1024;

interface Bomb {
  name: string;
  code: string;
  bytes: Uint8Array;
  /** What makes it this case, checked on the crafted file itself. */
  shape: () => void;
}

let folder: string;
let childScript: string;
let dialogueId: string;
let facilitatorId: string;
let indicatorId: string;
const bombs: Bomb[] = [];

/** A small honest workbook exceljs wrote: the base every bomb starts from. */
async function baseWorkbook(configure?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Data");
  sheet.addRow(HEADER);
  sheet.addRow([indicatorId, "03", "2022", 12.5, "%", "Källa: test"]);
  configure?.(sheet);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const replace = (entries: CraftedEntry[], name: string, entry: CraftedEntry) => entries.map((candidate) => (candidate.name === name ? entry : candidate));

function* repeat(chunk: string, times: number) {
  const bytes = new TextEncoder().encode(chunk);
  for (let index = 0; index < times; index++) yield bytes;
}

/** Sheet XML of `count` one-cell rows, in chunks. */
function* rowsXml(count: number) {
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  let chunk = "";
  for (let row = 1; row <= count; row++) {
    chunk += `<row r="${row}"><c r="A${row}"><v>${row % 97}</v></c></row>`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}</sheetData></worksheet>`;
}

/** A part that inflates about 80× (a digit or two of noise per kilobyte of padding): no single entry looks like a bomb. */
function moderatelyCompressible(size: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(0x20);
  let seed = 12345;
  for (let index = 0; index < size; index += 97) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bytes[index] = 0x30 + (seed % 10);
  }
  return bytes;
}

const ratioOf = (entry: CraftedEntry) => entry.uncompressedSize / entry.compressed.byteLength;
const totalOf = (entries: CraftedEntry[]) => entries.reduce((sum, entry) => sum + (entry.claimedUncompressedSize ?? entry.uncompressedSize), 0);

beforeAll(async () => {
  const { dialogue, facilitator } = await buildDialogue();
  dialogueId = dialogue.id;
  facilitatorId = facilitator.id;
  indicatorId = (await buildIndicator({ id: `xl_share_${uniqueToken().replaceAll("-", "_")}`, unit: "%" }, [])).indicator.id;
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "samsyn-xlsx-bombs-"));

  // The child that measures: bundled once, beside node_modules so that exceljs resolves.
  const esbuild = await import("esbuild");
  const cacheDir = path.join(process.cwd(), "node_modules", ".cache", "samsyn-tests");
  fs.mkdirSync(cacheDir, { recursive: true });
  childScript = path.join(cacheDir, `xlsx-child-${process.pid}.mjs`);
  await esbuild.build({
    entryPoints: ["tests/support/xlsx-child.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: childScript,
    tsconfig: "tsconfig.json",
    alias: { "server-only": "./tests/setup/server-only-stub.ts" },
    external: ["exceljs"],
    logLevel: "silent",
  });

  const base = readZip(await baseWorkbook());
  const sheet = base.find((entry) => entry.name === SHEET)!;

  // 1. Compression ratio 1:1000: 15 MB of spaces in the sheet, within the 20 MB total.
  const spaces = await deflatedStream(SHEET, repeat(" ".repeat(MiB), 15));
  const ratioBomb = replace(base, SHEET, spaces);
  bombs.push({
    name: "compression ratio 1:1000",
    code: "xlsx_too_large",
    bytes: writeZip(ratioBomb),
    shape: () => {
      expect(ratioOf(spaces)).toBeGreaterThan(1000);
      expect(totalOf(ratioBomb)).toBeLessThan(XLSX_LIMITS.maxUncompressedBytes);
    },
  });

  // 2. 100 MB unpacked: 60 parts of 1.7 MB that each inflate only about 80×.
  const part = deflated("customXml/item.xml", moderatelyCompressible(1.7 * MiB));
  const hundred = [...base, ...Array.from({ length: 60 }, (_, index) => ({ ...part, name: `customXml/item${index + 1}.xml` }))];
  bombs.push({
    name: "100 MB unpacked",
    code: "xlsx_too_large",
    bytes: writeZip(hundred),
    shape: () => {
      expect(totalOf(hundred)).toBeGreaterThan(100 * 1e6);
      expect(ratioOf(part)).toBeLessThan(XLSX_LIMITS.maxRatio);
    },
  });

  // 3. A directory that lies: the sheet claims 4 kB and inflates to 100 MB.
  const zeros = await deflatedStream(SHEET, repeat("\0".repeat(MiB), 100));
  const liar = replace(base, SHEET, { ...zeros, claimedUncompressedSize: 4096 });
  bombs.push({
    name: "sizes that lie (claims 4 kB, inflates to 100 MB)",
    code: "xlsx_too_large",
    bytes: writeZip(liar),
    shape: () => expect(zeros.uncompressedSize).toBe(100 * MiB),
  });

  // 4. One million rows (about 47 MB of sheet XML).
  const million = await deflatedStream(SHEET, rowsXml(1_000_000));
  bombs.push({
    name: "1 M rows",
    code: "xlsx_too_large",
    bytes: writeZip(replace(base, SHEET, million)),
    shape: () => expect(million.uncompressedSize).toBeGreaterThan(40 * MiB),
  });

  // 5. 300 000 rows within the unpacked limit: refused by counting rows before exceljs.
  const many = await deflatedStream(SHEET, rowsXml(300_001));
  const manyRows = replace(base, SHEET, many);
  bombs.push({
    name: "300 000 rows within the size limits",
    code: "too_many_rows",
    bytes: writeZip(manyRows),
    shape: () => {
      expect(totalOf(manyRows)).toBeLessThan(XLSX_LIMITS.maxUncompressedBytes);
      expect(ratioOf(many)).toBeLessThan(XLSX_LIMITS.maxRatio);
    },
  });

  // 6. 10 000 sheets.
  const tiny = deflated("x", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>');
  const sheets = [...base, ...Array.from({ length: 10_000 }, (_, index) => ({ ...tiny, name: `xl/worksheets/sheet${index + 2}.xml` }))];
  bombs.push({ name: "10 000 sheets", code: "xlsx_too_large", bytes: writeZip(sheets), shape: () => expect(sheets.length).toBeGreaterThan(10_000) });

  // 7. "Billion laughs": entities in the shared strings that would expand to gigabytes.
  const lol = ['<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "lol">'];
  for (let level = 1; level <= 9; level++) lol.push(`<!ENTITY l${level} "${`&l${level - 1};`.repeat(10)}">`);
  lol.push(']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&l9;</t></si></sst>');
  bombs.push({
    name: "billion laughs (entity expansion)",
    code: "xlsx_invalid",
    bytes: writeZip(replace(base, "xl/sharedStrings.xml", deflated("xl/sharedStrings.xml", lol.join("")))),
    shape: () => expect(base.some((entry) => entry.name === "xl/sharedStrings.xml")).toBe(true),
  });

  // 8. External links: figures that come from another workbook.
  bombs.push({
    name: "external links",
    code: "xlsx_external_link",
    bytes: writeZip([
      ...base,
      deflated("xl/externalLinks/externalLink1.xml", '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></externalLink>'),
      deflated(
        "xl/externalLinks/_rels/externalLink1.xml.rels",
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/hemligt/annan.xlsx" TargetMode="External"/></Relationships>',
      ),
    ]),
    shape: () => undefined,
  });

  // 9. Formulas, a DDE call among them, with cached results that need not be true.
  bombs.push({
    name: "formulas (DDE and cached results)",
    code: "xlsx_formula",
    bytes: await baseWorkbook((data) => {
      data.addRow([indicatorId, "01", "2022", { formula: "cmd|' /C calc'!A0", result: 5 }, "%", "Källa: test"]);
      data.addRow([indicatorId, "12", "2022", { formula: "D2*100", result: 1250 }, "%", "Källa: test"]);
    }),
    shape: () => undefined,
  });

  // 10. Overlapping entries: five directory records share one compressed kernel (how the
  // largest non-recursive zip bombs multiply their output).
  const kernel = deflated("xl/media/image1.bin", moderatelyCompressible(MiB));
  const overlapping = [...base, kernel, ...Array.from({ length: 4 }, (_, index) => ({ ...kernel, name: `xl/media/image${index + 2}.bin`, sharesDataOf: kernel.name }))];
  bombs.push({
    name: "overlapping entries (one kernel, five names)",
    code: "xlsx_invalid",
    bytes: writeZip(overlapping),
    shape: () => {
      expect(totalOf(overlapping)).toBeLessThan(XLSX_LIMITS.maxUncompressedBytes);
      expect(ratioOf(kernel)).toBeLessThan(XLSX_LIMITS.maxRatio);
    },
  });
}, 180_000);

afterAll(() => {
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
  if (childScript) fs.rmSync(childScript, { force: true });
});

interface ChildReport {
  rows: number | null;
  codes: string[];
  ms: number;
  cpuMs: number;
  rssGrowthMiB: number;
}

function measure(bytes: Uint8Array, fileName: string): ChildReport {
  const file = path.join(folder, `${uniqueToken()}.xlsx`);
  fs.writeFileSync(file, bytes);
  const output = execFileSync(process.execPath, [childScript, file, fileName], { encoding: "utf8", timeout: 60_000 });
  return JSON.parse(output.trim().split("\n").at(-1)!) as ChildReport;
}

/** The rows an import into the test dialogue could write. */
async function rowCounts() {
  const db = getDb();
  const values = await db.select({ id: indicatorValues.id }).from(indicatorValues).where(eq(indicatorValues.dialogueId, dialogueId));
  const releases = await db.select({ id: dataReleases.id }).from(dataReleases).where(eq(dataReleases.dialogueId, dialogueId));
  return { values: values.length, releases: releases.length };
}

describe("XLSX bombs (RELIABILITY I2)", () => {
  it("are ten distinct crafted files, each what its name says, none over the 10 MB upload limit", () => {
    expect(bombs.map((bomb) => bomb.name)).toHaveLength(10);
    expect(new Set(bombs.map((bomb) => bomb.name)).size).toBe(10);
    for (const bomb of bombs) {
      bomb.shape();
      expect(bomb.bytes.byteLength, bomb.name).toBeLessThan(10 * MiB);
    }
  });

  it("each is refused with its Swedish message in < 2 s and < 100 MiB of RSS growth, in a fresh process", () => {
    const lines: string[] = [];
    for (const bomb of bombs) {
      const report = measure(bomb.bytes, "bomb.xlsx");
      lines.push(`${bomb.name}: ${report.codes.join(",")} in ${report.ms} ms (CPU ${report.cpuMs} ms), RSS +${report.rssGrowthMiB} MiB`);
      expect(report.codes, bomb.name).toEqual([bomb.code]);
      expect(report.ms, `${bomb.name}: ms`).toBeLessThan(2_000);
      expect(report.rssGrowthMiB, `${bomb.name}: RSS growth`).toBeLessThan(100);
    }
    console.info(`XLSX bombs:\n${lines.join("\n")}`);
  }, 300_000);

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])("bomb %i through the import service: the same refusal, a Swedish message, nothing written", async (index) => {
    const bomb = bombs[index]!;
    const before = await rowCounts();
    const report = await commitIndicatorImport(actorOf({ id: facilitatorId }), { dialogueId, fileName: "bomb.xlsx", bytes: bomb.bytes });
    expect([...new Set(report.issues.map((issue) => issue.code))]).toEqual([bomb.code]);
    expect(report.releaseId).toBeNull();
    expect(await rowCounts()).toEqual(before);
    // The Swedish message the page shows for it (and an English one that is not the same text).
    const message = (sv.importPage.errors as Record<string, string>)[bomb.code];
    expect(message, bomb.code).toBeTruthy();
    expect(message).not.toBe((en.importPage.errors as Record<string, string>)[bomb.code]);
    if (bomb.code === "xlsx_formula") {
      expect(report.issues.map((issue) => [issue.row, issue.column, issue.params?.cell])).toEqual([
        [3, "value", "D3"],
        [4, "value", "D4"],
      ]);
    }
  });

  it("a real 5 000-row XLSX file imports (and its figures are stored as the sheet holds them)", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Värden");
    sheet.addRow([...HEADER, "source_ref"]);
    const codes = ["00", "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21", "22", "23", "24", "25"];
    const expected = new Map<string, number>();
    for (let row = 0; row < 5_000; row++) {
      const region = codes[row % codes.length]!;
      const step = Math.floor(row / codes.length);
      const period = step <= 200 ? 1900 + step : `2000-${1800 + step}`;
      const value = Math.round(((row * 7919) % 10_000) / 4) / 10;
      expected.set(`${region}|${period}`, value);
      // Years as numbers and as text, as people type them; values as numbers.
      sheet.addRow([indicatorId, region, typeof period === "number" && row % 2 ? period : String(period), value, "%", "Källa: Socialstyrelsen, Tabell 5", `rad ${row + 2}`]);
    }
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const measured = measure(bytes, "värden.xlsx");
    console.info(`5 000-row XLSX read in ${measured.ms} ms (CPU ${measured.cpuMs} ms), RSS +${measured.rssGrowthMiB} MiB, ${bytes.byteLength} bytes`);
    expect(measured).toMatchObject({ rows: 5_000, codes: [] });
    const report = await commitIndicatorImport(actorOf({ id: facilitatorId }), { dialogueId, fileName: "värden.xlsx", bytes });
    expect(report.issues).toEqual([]);
    expect({ rows: report.rowCount, n: report.newCount }).toEqual({ rows: 5_000, n: 5_000 });
    const stored = await listEffectiveValues(getDb(), dialogueId, [indicatorId]);
    expect(stored).toHaveLength(5_000);
    for (const row of stored) expect(row.value, `${row.regionCode}|${row.period}`).toBe(expected.get(`${row.regionCode}|${row.period}`));
    const [release] = await getDb().select().from(dataReleases).where(inArray(dataReleases.id, [report.releaseId!]));
    expect(release).toMatchObject({ fileName: "värden.xlsx", rowCount: 5_000, newCount: 5_000 });
  }, 120_000);
});
