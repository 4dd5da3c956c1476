/**
 * Data releases against a real database (issue 5): negatives first (who may import), then one bad
 * file per error kind and mixed ones, each with its exact (row, column, code) list and zero rows
 * written; a good file creates a release, the same file again changes nothing, a changed file
 * shows old → new, and another dialogue sees none of it.
 */
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { and, count, eq, inArray, or, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { loadReferenceData } from "@/db/seed/reference-data";
import { listEffectivePanelValues, listEffectiveValues } from "@/db/queries/indicators";
import { dataReleases, indicators, indicatorValues, projectionInputs, type User } from "@/db/schema";
import type { ImportIssue } from "@/lib/indicators/import-rows";
import { commitIndicatorImport, previewIndicatorImport, type ImportReport } from "@/lib/server/services/indicator-import";
import { actorOf, buildDialogue, buildIndicator, buildMember, buildUser, uniqueToken } from "../factories";
import { expectAppError } from "../setup/assertions";

const HEADER = "indicator_id,name_sv,name_en,region_code,region_name,period,value,unit,direction,source,source_ref";
const PROJECTION_HEADER = "kind,indicator_id,region_code,year,age_band,value,source";

interface World {
  dialogueId: string;
  otherDialogueId: string;
  facilitator: User;
  participant: User;
  observer: User;
  outsider: User;
  otherFacilitator: User;
  /** Public indicators (unit `%` and `personer`), and one owned by the other dialogue. */
  percent: string;
  people: string;
  foreignOwned: string;
}

let world: World;

const snakeId = (prefix: string) => `${prefix}_${uniqueToken().replaceAll("-", "_")}`;

beforeAll(async () => {
  const { dialogue, facilitator } = await buildDialogue();
  const other = await buildDialogue();
  const percent = snakeId("t_share");
  const people = snakeId("t_people");
  const foreignOwned = snakeId("t_foreign");
  await buildIndicator({ id: percent, unit: "%" }, [
    { regionCode: "03", regionLabel: "Uppsala", period: "2022", value: 80, unit: "%", source: "Seed", sourceRef: "s" },
  ]);
  await buildIndicator({ id: people, unit: "personer" }, []);
  await buildIndicator({ id: foreignOwned, unit: "st", dialogueId: other.dialogue.id }, []);
  world = {
    dialogueId: dialogue.id,
    otherDialogueId: other.dialogue.id,
    facilitator,
    participant: (await buildMember(dialogue.id, { role: "participant" })).user,
    observer: (await buildMember(dialogue.id, { role: "observer" })).user,
    outsider: await buildUser(),
    otherFacilitator: other.facilitator,
    percent,
    people,
    foreignOwned,
  };
});

const bytesOf = (text: string) => new TextEncoder().encode(text);

function fill(template: string): string {
  return template.replaceAll("{P}", world.percent).replaceAll("{N}", world.people).replaceAll("{F}", world.foreignOwned);
}

/** Every row the import could write for the world's dialogue: all must stay as they are after a refused file. */
async function rowCounts() {
  const db = getDb();
  const ids = [world.percent, world.people];
  const [values] = await db
    .select({ n: count() })
    .from(indicatorValues)
    .where(or(eq(indicatorValues.dialogueId, world.dialogueId), inArray(indicatorValues.indicatorId, ids)));
  const [releases] = await db.select({ n: count() }).from(dataReleases).where(eq(dataReleases.dialogueId, world.dialogueId));
  const [defined] = await db.select({ n: count() }).from(indicators).where(eq(indicators.dialogueId, world.dialogueId));
  const [inputs] = await db.select({ n: count() }).from(projectionInputs).where(eq(projectionInputs.dialogueId, world.dialogueId));
  return { values: values!.n, releases: releases!.n, defined: defined!.n, inputs: inputs!.n };
}

const input = (fileName: string, content: string | Uint8Array, extra: Record<string, unknown> = {}) => ({
  dialogueId: world.dialogueId,
  fileName,
  bytes: typeof content === "string" ? bytesOf(fill(content)) : content,
  ...extra,
});

const brief = (issues: ImportIssue[]) => issues.map(({ row, column, code }) => ({ row, column, code }));

// ---------------------------------------------------------------------------------------------

describe("who may import", () => {
  const file = () => input("ok.csv", `${HEADER}\n{P},,,01,,2022,70,%,,K,`);

  it("refuses an outsider as if the dialogue did not exist, and writes nothing", async () => {
    const before = await rowCounts();
    await expectAppError(previewIndicatorImport(actorOf(world.outsider), file()), "not_found");
    await expectAppError(commitIndicatorImport(actorOf(world.outsider), file()), "not_found");
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses the other dialogue's facilitator, a malformed and an unknown dialogue id", async () => {
    await expectAppError(commitIndicatorImport(actorOf(world.otherFacilitator), file()), "not_found");
    await expectAppError(commitIndicatorImport(actorOf(world.facilitator), { ...file(), dialogueId: "nope" }), "not_found");
    await expectAppError(commitIndicatorImport(actorOf(world.facilitator), { ...file(), dialogueId: crypto.randomUUID() }), "not_found");
  });

  it("refuses participants and observers (members read, facilitators import)", async () => {
    const before = await rowCounts();
    for (const user of [world.participant, world.observer]) {
      await expectAppError(previewIndicatorImport(actorOf(user), file()), "forbidden");
      await expectAppError(commitIndicatorImport(actorOf(user), file()), "forbidden");
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses input that is not a file", async () => {
    await expectAppError(commitIndicatorImport(actorOf(world.facilitator), { dialogueId: world.dialogueId, fileName: "", bytes: "text" }), "invalid_input");
  });
});

// ---------------------------------------------------------------------------------------------

type Expected = { row: number | null; column: string | null; code: ImportIssue["code"] }[];

/** One bad file per error kind, then mixed ones. `{P}` / `{N}` are known indicators, `{F}` another dialogue's. */
const BAD_FILES: { name: string; file: string; content: () => string | Uint8Array; expected: Expected }[] = [
  { name: "text as a value", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,abc,%,,K,`, expected: [{ row: 2, column: "value", code: "not_a_number" }] },
  { name: "mixed separators", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,"1,234.5",%,,K,`, expected: [{ row: 2, column: "value", code: "not_a_number" }] },
  { name: "value with a unit", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,12 %,%,,K,`, expected: [{ row: 2, column: "value", code: "not_a_number" }] },
  { name: "semicolon file with a bad number", file: "a.csv", content: () => `${HEADER.replaceAll(",", ";")}\n{P};;;01;;2022;7,5,1;%;;K;`, expected: [{ row: 2, column: "value", code: "not_a_number" }] },
  { name: "unknown region code", file: "a.csv", content: () => `${HEADER}\n{P},,,99,,2022,1,%,,K,`, expected: [{ row: 2, column: "region_code", code: "unknown_region" }] },
  { name: "one-digit region code", file: "a.csv", content: () => `${HEADER}\n{P},,,1,,2022,1,%,,K,`, expected: [{ row: 2, column: "region_code", code: "unknown_region" }] },
  { name: "region code in letters", file: "a.csv", content: () => `${HEADER}\n{P},,,AB,Uppsala,2022,1,%,,K,`, expected: [{ row: 2, column: "region_code", code: "unknown_region" }] },
  { name: "two-digit year", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,22,1,%,,K,`, expected: [{ row: 2, column: "period", code: "invalid_period" }] },
  { name: "period backwards", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2033-2023,1,%,,K,`, expected: [{ row: 2, column: "period", code: "invalid_period" }] },
  { name: "period with an en dash", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2023–2033,1,%,,K,`, expected: [{ row: 2, column: "period", code: "invalid_period" }] },
  { name: "unknown indicator, no definition", file: "a.csv", content: () => `${HEADER}\nnobody_knows_this,,,01,,2022,1,%,,K,`, expected: [{ row: 2, column: "indicator_id", code: "unknown_indicator" }] },
  { name: "unknown indicator, half a definition", file: "a.csv", content: () => `${HEADER}\nnobody_knows_this,Namn,,01,,2022,1,%,neutral,K,`, expected: [{ row: 2, column: "indicator_id", code: "unknown_indicator" }] },
  {
    name: "unknown indicator with a bad direction",
    file: "a.csv",
    content: () => `${HEADER}\nnobody_knows_this,Namn,Name,01,,2022,1,%,upwards,K,`,
    expected: [
      { row: 2, column: "direction", code: "invalid_direction" },
      { row: 2, column: "indicator_id", code: "unknown_indicator" },
    ],
  },
  { name: "malformed indicator id", file: "a.csv", content: () => `${HEADER}\nBad-Id,,,01,,2022,1,%,,K,`, expected: [{ row: 2, column: "indicator_id", code: "invalid_indicator_id" }] },
  { name: "duplicate key", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,1,%,,K,\n{P},,,01,,2022,2,%,,K,`, expected: [{ row: 3, column: null, code: "duplicate_key" }] },
  { name: "duplicate key without a year", file: "a.csv", content: () => `${HEADER}\n{P},,,05,,,1,%,,K,\n{P},,,04,,,1,%,,K,\n{P},,,05,,,1,%,,K,`, expected: [{ row: 4, column: null, code: "duplicate_key" }] },
  { name: "duplicate key of a group", file: "a.csv", content: () => `${HEADER}\n{P},,,,Storstadsregioner,2020,1,%,,K,\n{P},,,,Storstadsregioner,2020,1,%,,K,`, expected: [{ row: 3, column: null, code: "duplicate_key" }] },
  { name: "unit differs from the catalogue", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,1,timmar,,K,`, expected: [{ row: 2, column: "unit", code: "unit_mismatch" }] },
  { name: "unit close but not the same", file: "a.csv", content: () => `${HEADER}\n{N},,,01,,2022,1,person,,K,`, expected: [{ row: 2, column: "unit", code: "unit_mismatch" }] },
  { name: "missing value column", file: "a.csv", content: () => `indicator_id,region_code,period,unit,source\n{P},01,2022,%,K`, expected: [{ row: 1, column: "value", code: "missing_column" }] },
  {
    name: "missing unit and source columns",
    file: "a.csv",
    content: () => `indicator_id,region_code,period,value\n{P},01,2022,1`,
    expected: [
      { row: 1, column: "source", code: "missing_column" },
      { row: 1, column: "unit", code: "missing_column" },
    ],
  },
  { name: "duplicate column", file: "a.csv", content: () => `${HEADER},value\n{P},,,01,,2022,1,%,,K,,1`, expected: [{ row: 1, column: "value", code: "duplicate_column" }] },
  { name: "short row", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,1`, expected: [{ row: 2, column: null, code: "column_count" }] },
  { name: "long row", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,1,%,,K,,extra`, expected: [{ row: 2, column: null, code: "column_count" }] },
  { name: "unterminated quote", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,1,%,,"K,`, expected: [{ row: 2, column: null, code: "csv_syntax" }] },
  { name: "empty file", file: "a.csv", content: () => "", expected: [{ row: null, column: null, code: "empty_file" }] },
  { name: "header only", file: "a.csv", content: () => `${HEADER}\n`, expected: [{ row: null, column: null, code: "empty_file" }] },
  { name: "no source", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,1,%,,,`, expected: [{ row: 2, column: "source", code: "required" }] },
  { name: "no unit", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,1,,,K,`, expected: [{ row: 2, column: "unit", code: "required" }] },
  { name: "no indicator id", file: "a.csv", content: () => `${HEADER}\n,,,01,,2022,1,%,,K,`, expected: [{ row: 2, column: "indicator_id", code: "required" }] },
  { name: "overlong source", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,1,%,,${"K".repeat(2001)},`, expected: [{ row: 2, column: "source", code: "too_long" }] },
  { name: "bad direction on a known indicator", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,1,%,better,K,`, expected: [{ row: 2, column: "direction", code: "invalid_direction" }] },
  { name: "another dialogue's indicator id", file: "a.csv", content: () => `${HEADER}\n{F},Namn,Name,01,,2022,1,st,neutral,K,`, expected: [{ row: 2, column: "indicator_id", code: "indicator_id_taken" }] },
  { name: "not a spreadsheet despite the name", file: "a.xlsx", content: () => "just text", expected: [{ row: null, column: null, code: "xlsx_invalid" }] },
  { name: "unsupported file type", file: "a.pdf", content: () => "%PDF-1.7", expected: [{ row: null, column: null, code: "unsupported_file" }] },
  { name: "file over 10 MB", file: "a.csv", content: () => new Uint8Array(10 * 1024 * 1024 + 1).fill(44), expected: [{ row: null, column: null, code: "file_too_large" }] },
  { name: "projection: bad age band", file: "p.csv", content: () => `${PROJECTION_HEADER}\npopulation,,03,2030,0-10,5,SCB`, expected: [{ row: 2, column: "age_band", code: "invalid_age_band" }] },
  { name: "projection: unknown indicator", file: "p.csv", content: () => `${PROJECTION_HEADER}\nconsumption_per_inhabitant,nobody_knows_this,03,2023,0-9,5,K`, expected: [{ row: 2, column: "indicator_id", code: "unknown_indicator" }] },
  { name: "projection: negative population", file: "p.csv", content: () => `${PROJECTION_HEADER}\npopulation,,03,2030,0-9,-5,SCB`, expected: [{ row: 2, column: "value", code: "negative" }] },
  { name: "projection: bad kind and year", file: "p.csv", content: () => `${PROJECTION_HEADER}\nbirths,,03,30,0-9,5,SCB`, expected: [{ row: 2, column: "kind", code: "invalid_kind" }, { row: 2, column: "year", code: "invalid_year" }] },
  { name: "one good row, one bad row: nothing is written", file: "a.csv", content: () => `${HEADER}\n{P},,,01,,2022,70,%,,K,\n{P},,,03,,2022,x1,%,,K,`, expected: [{ row: 3, column: "value", code: "not_a_number" }] },
  {
    name: "mixed errors over many rows",
    file: "a.csv",
    content: () =>
      [
        HEADER,
        "{P},,,01,,2022,70,%,,K,",
        "{P},,,99,,2022,70,%,,K,",
        "{P},,,03,,20222,70,%,,K,",
        "{P},,,04,,2022,sju,%,,K,",
        "{N},,,04,,2022,7,%,,K,",
        "unknown_one,,,04,,2022,7,%,,K,",
        "{P},,,01,,2022,71,%,,K,",
        "{P},,,05,,2022,1",
        "{P},,,06,,2022,1,%,,,",
      ].join("\n"),
    expected: [
      { row: 3, column: "region_code", code: "unknown_region" },
      { row: 4, column: "period", code: "invalid_period" },
      { row: 5, column: "value", code: "not_a_number" },
      { row: 6, column: "unit", code: "unit_mismatch" },
      { row: 7, column: "indicator_id", code: "unknown_indicator" },
      { row: 8, column: null, code: "duplicate_key" },
      { row: 9, column: null, code: "column_count" },
      { row: 10, column: "source", code: "required" },
    ],
  },
];

const byPlace = (a: { row: number | null; column: string | null }, b: { row: number | null; column: string | null }) =>
  (a.row ?? 0) - (b.row ?? 0) || (a.column ?? "").localeCompare(b.column ?? "");

describe("a bad file", () => {
  it("has at least 30 cases", () => {
    expect(BAD_FILES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_FILES)("$name: exact errors, and zero rows written by preview or commit", async ({ file, content, expected }) => {
    const before = await rowCounts();
    const preview = await previewIndicatorImport(actorOf(world.facilitator), input(file, content()));
    expect(brief(preview.issues).sort(byPlace)).toEqual([...expected].sort(byPlace));
    const committed = await commitIndicatorImport(actorOf(world.facilitator), input(file, content()));
    expect(brief(committed.issues).sort(byPlace)).toEqual([...expected].sort(byPlace));
    expect(committed.releaseId).toBeNull();
    expect(await rowCounts()).toEqual(before);
  });

  it("an XLSX whose zip directory claims more than 50 MB is refused before it is inflated", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Data").addRow(HEADER.split(","));
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Patch the first central-directory entry's uncompressed size to 2 GB.
    let offset = 0;
    while (view.getUint32(offset, true) !== 0x02014b50) offset++;
    view.setUint32(offset + 24, 0x7fffffff, true);
    const before = await rowCounts();
    const report = await commitIndicatorImport(actorOf(world.facilitator), input("bomb.xlsx", bytes));
    expect(brief(report.issues)).toEqual([{ row: null, column: null, code: "xlsx_too_large" }]);
    expect(await rowCounts()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------

describe("a good file", () => {
  let definedId: string;
  const goodFile = () =>
    [
      `${HEADER},definition`,
      // The same as the stored public row (value, unit, source): unchanged, so not written again.
      `{P},,,03,Region Uppsala,2022,"80",%,,Seed,s,`,
      `{P},,,01,,2023,"77,5",%,,Källa: testrapport,rad 2,`,
      `{P},,,09,,2023,..,%,,Källa: testrapport (undertryckt),rad 3,`,
      `${definedId},Ny indikator,New indicator,00,,2024,"12,5",per 1 000,lower_is_better,Källa: egen,rad 4,Antal per 1 000 invånare`,
    ].join("\n");

  beforeAll(() => {
    definedId = snakeId("t_defined");
  });

  async function reportOf(promise: Promise<ImportReport>) {
    const report = await promise;
    expect(report.issues).toEqual([]);
    return report;
  }

  it("previews what is new and unchanged, writing nothing", async () => {
    const before = await rowCounts();
    const report = await reportOf(previewIndicatorImport(actorOf(world.facilitator), input("good.csv", goodFile())));
    // Uppsala 2022 = 80 is already stored (the seed row): unchanged. The other three are new.
    expect({ n: report.newCount, c: report.changedCount, u: report.unchangedCount, d: report.definedCount }).toEqual({ n: 3, c: 0, u: 1, d: 1 });
    expect(report.additions.map((row) => [row.region, row.period, row.newValue])).toEqual([
      ["Stockholm", "2023", 77.5],
      ["Gotland", "2023", null],
      ["Riket", "2024", 12.5],
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  it("commits a release: who, file, counts; values keep their release; the new indicator is the dialogue's", async () => {
    const before = await rowCounts();
    const preview = await previewIndicatorImport(actorOf(world.facilitator), input("good.csv", goodFile()));
    const report = await reportOf(commitIndicatorImport(actorOf(world.facilitator), input("good.csv", goodFile(), { expectedHash: preview.fileHash })));
    expect(report.releaseId).not.toBeNull();
    const [release] = await getDb().select().from(dataReleases).where(eq(dataReleases.id, report.releaseId!));
    expect(release).toMatchObject({ dialogueId: world.dialogueId, fileName: "good.csv", createdBy: world.facilitator.id, rowCount: 4, newCount: 3, changedCount: 0, definedCount: 1 });
    expect(await rowCounts()).toEqual({ ...before, values: before.values + 3, releases: before.releases + 1, defined: before.defined + 1 });
    const stored = await getDb().select().from(indicatorValues).where(eq(indicatorValues.releaseId, report.releaseId!));
    expect(stored.map((row) => [row.regionLabel, row.value, row.dialogueId]).sort()).toEqual(
      [
        ["Gotland", null, world.dialogueId],
        ["Riket", 12.5, world.dialogueId],
        ["Stockholm", 77.5, world.dialogueId],
      ].sort(),
    );
    const [defined] = await getDb().select().from(indicators).where(eq(indicators.id, definedId));
    expect(defined).toMatchObject({ dialogueId: world.dialogueId, unit: "per 1 000", direction: "lower_is_better", definition: "Antal per 1 000 invånare" });
  });

  it("imported again, changes nothing and creates no release", async () => {
    const before = await rowCounts();
    const report = await reportOf(commitIndicatorImport(actorOf(world.facilitator), input("good.csv", goodFile())));
    expect({ n: report.newCount, c: report.changedCount, u: report.unchangedCount, d: report.definedCount, r: report.releaseId }).toEqual({ n: 0, c: 0, u: 4, d: 0, r: null });
    expect(await rowCounts()).toEqual(before);
  });

  it("a changed value shows old → new, and after the commit the dialogue sees the new value while the old one stays in history", async () => {
    const changed = `${HEADER}\n{P},,,03,,2022,"82,5",%,,Seed,s`;
    const preview = await previewIndicatorImport(actorOf(world.facilitator), input("update.csv", changed));
    expect(preview.changes).toEqual([{ indicatorId: world.percent, region: "Uppsala", period: "2022", oldValue: 80, newValue: 82.5, unit: "%" }]);
    const report = await commitIndicatorImport(actorOf(world.facilitator), input("update.csv", changed, { expectedHash: preview.fileHash }));
    expect(report.releaseId).not.toBeNull();
    const seen = await listEffectiveValues(getDb(), world.dialogueId, [world.percent]);
    expect(seen.find((row) => row.regionLabel === "Uppsala")).toMatchObject({ value: 82.5, releaseId: report.releaseId });
    const history = await getDb()
      .select({ value: indicatorValues.value })
      .from(indicatorValues)
      .where(and(eq(indicatorValues.indicatorId, world.percent), eq(indicatorValues.regionLabel, "Uppsala")))
      .orderBy(sql`coalesce(${indicatorValues.releaseId}, 0)`);
    expect(history.map((row) => row.value)).toEqual([80, 82.5]);
  });

  it("another dialogue sees none of it: the public value, not the import", async () => {
    const seen = await listEffectiveValues(getDb(), world.otherDialogueId, [world.percent]);
    expect(seen.map((row) => [row.regionLabel, row.value, row.releaseId])).toEqual([["Uppsala", 80, null]]);
  });

  it("panels read exactly the values in force, field for field, although they travel as JSON", async () => {
    const awkward = await buildIndicator({ unit: "per 1 000" }, [
      { regionCode: null, regionLabel: "Norra sjukvårdsregionen", period: null, value: 0.1, unit: "per 1 000", source: 'Källa: "citat", \\ och {klamrar}', sourceRef: "a" },
      { regionCode: "25", regionLabel: "Norrbotten", period: "2023", value: 1234567.8912345678, unit: "per 1 000", source: "Källa: 😀\nny rad", sourceRef: "b" },
      { regionCode: "00", regionLabel: "Riket", period: "2023", value: null, unit: "per 1 000", source: "NULL", sourceRef: "c" },
      { regionCode: "00", regionLabel: "Riket", period: "2023/24", value: -0, unit: "per 1 000", source: "", sourceRef: "d" },
    ]);
    const ids = [world.percent, awkward.indicator.id];
    const byKey = (rows: { indicatorId: string; regionLabel: string; period: string | null }[]) =>
      [...rows].sort((a, b) => `${a.indicatorId}|${a.regionLabel}|${a.period}`.localeCompare(`${b.indicatorId}|${b.regionLabel}|${b.period}`));
    const rowByRow = (await listEffectiveValues(getDb(), world.dialogueId, ids)).map(({ sourceRef: _unused, ...value }) => value);
    const panel = await listEffectivePanelValues(getDb(), world.dialogueId, ids);
    expect(rowByRow).toHaveLength(7);
    expect(byKey(panel)).toEqual(byKey(rowByRow));
    // The newest release still wins through the aggregate (the change committed above).
    expect(panel.find((value) => value.indicatorId === world.percent && value.regionLabel === "Uppsala")).toMatchObject({ value: 82.5 });
    expect(await listEffectivePanelValues(getDb(), world.dialogueId, [])).toEqual([]);
  });

  it("a commit of a different file than the previewed one is refused", async () => {
    const before = await rowCounts();
    await expectAppError(
      commitIndicatorImport(actorOf(world.facilitator), input("x.csv", `${HEADER}\n{P},,,12,,2021,1,%,,K,`, { expectedHash: "0".repeat(64) })),
      "conflict",
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("an XLSX file imports like the CSV", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Data");
    sheet.addRow(HEADER.split(","));
    sheet.addRow([world.percent, "", "", "12", "", "2021", 64.25, "%", "", "Källa: xlsx", "r"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const report = await commitIndicatorImport(actorOf(world.facilitator), input("values.xlsx", bytes));
    expect(report.issues).toEqual([]);
    expect(report.newCount).toBe(1);
    const seen = await listEffectiveValues(getDb(), world.dialogueId, [world.percent]);
    expect(seen.find((row) => row.regionLabel === "Skåne")).toMatchObject({ value: 64.25, period: "2021" });
  });

  it("projection inputs create a release of their own", async () => {
    const rows = ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+"].flatMap((band) => [
      `population,,03,2023,${band},1000,SCB`,
      `population,,03,2033,${band},1070,SCB`,
      `consumption_per_inhabitant,{P},03,2023,${band},"0,5",K`,
    ]);
    const report = await commitIndicatorImport(actorOf(world.facilitator), input("projection.csv", [PROJECTION_HEADER, ...rows].join("\n")));
    expect(report.issues).toEqual([]);
    expect({ layout: report.layout, n: report.newCount }).toEqual({ layout: "projection", n: 30 });
    const again = await commitIndicatorImport(actorOf(world.facilitator), input("projection.csv", [PROJECTION_HEADER, ...rows].join("\n")));
    expect({ n: again.newCount, c: again.changedCount, r: again.releaseId }).toEqual({ n: 0, c: 0, r: null });
  });
});

describe("the seeds' own file", () => {
  it("imports as it is (the documented layout) and changes nothing, since those figures are already there", async () => {
    const dataDir = path.join(process.cwd(), "db", "seed", "data");
    await loadReferenceData(getDb(), dataDir);
    const before = await rowCounts();
    const bytes = new Uint8Array(fs.readFileSync(path.join(dataDir, "indicators.csv")));
    const report = await commitIndicatorImport(actorOf(world.facilitator), input("indicators.csv", bytes));
    expect(report.issues).toEqual([]);
    expect({ rows: report.rowCount, n: report.newCount, c: report.changedCount, d: report.definedCount, r: report.releaseId }).toEqual({ rows: 495, n: 0, c: 0, d: 0, r: null });
    expect(await rowCounts()).toEqual(before);
  });
});

describe("a composite index over chosen indicators (Bilaga 3)", () => {
  it("normalises each across the regions, weights aspects equally, and leaves out neutral indicators", async () => {
    const { getCompositeIndex } = await import("@/lib/server/services/indicator-panels");
    const value = (regionCode: string, regionLabel: string, amount: number | null) => ({ regionCode, regionLabel, period: "2023", value: amount, unit: "%", source: "Test", sourceRef: "t" });
    const higher = await buildIndicator({ id: snakeId("t_higher"), unit: "%", direction: "higher_is_better" }, [value("01", "Stockholm", 10), value("03", "Uppsala", 20), value("25", "Norrbotten", 15)]);
    const lower = await buildIndicator({ id: snakeId("t_lower"), unit: "%", direction: "lower_is_better" }, [value("01", "Stockholm", 1), value("03", "Uppsala", 3), value("25", "Norrbotten", null)]);
    const neutral = await buildIndicator({ id: snakeId("t_neutral"), unit: "%", direction: "neutral" }, [value("01", "Stockholm", 5), value("03", "Uppsala", 6)]);
    const result = await getCompositeIndex(actorOf(world.observer), world.dialogueId, [[higher.indicator.id, neutral.indicator.id], [lower.indicator.id]]);
    expect(result.aspects.map((aspect) => aspect.indicatorIds)).toEqual([[higher.indicator.id], [lower.indicator.id]]);
    const byRegion = Object.fromEntries(result.rows.filter((row) => ["01", "03", "25", "12"].includes(row.regionCode)).map((row) => [row.regionCode, row.index]));
    // Stockholm: (0 + 100) / 2 = 50; Uppsala: (100 + 0) / 2 = 50; Norrbotten: 50 on the first aspect only; Skåne: nothing.
    expect(byRegion).toEqual({ "01": 50, "03": 50, "25": 50, "12": null });
  });
});
