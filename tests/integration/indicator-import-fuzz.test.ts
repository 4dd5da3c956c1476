/**
 * RELIABILITY.md I1, CSV import fuzz: generated files (tests/support/indicator-csv-fuzz.ts) go
 * through the real import service on a real database, each into a dialogue of its own.
 *
 * - A file with any error writes nothing: the row counts of every table an import writes are the
 *   same before and after the commit.
 * - The reported (line, column, code) list equals the independent oracle's exactly.
 * - A clean file stores exactly the oracle's rows (new, changed and unchanged against the public
 *   figures the dialogue sees), and written out again from what is stored, in the documented
 *   layout, it imports as "nothing changed".
 *
 * Scale as RELIABILITY.md asks: 300 files of 0–5 000 rows in `npm test` (about a minute on
 * PostgreSQL, 75 s on PGlite, on a quiet machine), 1 000 in `npm run test:reliability`. The seed is
 * printed; FUZZ_SEED=<n> replays a run, FUZZ_FILES and FUZZ_MAX_ROWS change the scale.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq, inArray, or } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/db/client";
import { listEffectiveValues } from "@/db/queries/indicators";
import { dataReleases, indicators, indicatorValues, projectionInputs } from "@/db/schema";
import { commitIndicatorImport } from "@/lib/server/services/indicator-import";
import { actorOf, buildDialogue, buildIndicator, uniqueToken } from "../factories";
import { processDatabase } from "../support/collab-process";
import {
  ENCODINGS,
  FAULTS,
  OPTIONAL_COLUMNS,
  generateFile,
  oracle,
  prng,
  writeValuesCsv,
  type CatalogueIndicator,
  type ExpectedValue,
  type FileShape,
  type GeneratorWorld,
  type Issue,
} from "../support/indicator-csv-fuzz";

const IS_RELIABILITY = process.env.SAMSYN_RELIABILITY === "1";
const FILES = Number(process.env.FUZZ_FILES ?? (IS_RELIABILITY ? 1_000 : 300));
const MAX_ROWS = Number(process.env.FUZZ_MAX_ROWS ?? 5_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface World {
  catalogue: Map<string, CatalogueIndicator>;
  foreignId: string;
  /** The public figures every dialogue sees, by key (indicator | region label | period). */
  publicValues: Map<string, ExpectedValue & { regionCode: string | null }>;
}

let world: World;

const keyOf = (value: { indicatorId: string; regionLabel: string; period: string | null }) => `${value.indicatorId}|${value.regionLabel}|${value.period ?? ""}`;

beforeAll(async () => {
  const token = uniqueToken().replaceAll("-", "_");
  const publicRow = (regionCode: string | null, regionLabel: string, period: string | null, value: number | null, unit: string) => ({
    regionCode,
    regionLabel,
    period,
    value,
    unit,
    source: "Källa: Socialstyrelsen, Tabell 5",
    sourceRef: "rad 1",
  });
  // Three public indicators with stored figures; one stores a second unit wording, which the import accepts too.
  const share = await buildIndicator({ id: `fz_share_${token}`, unit: "%", direction: "higher_is_better" }, [
    publicRow("03", "Uppsala", "2022", 80, "%"),
    publicRow("01", "Stockholm", "2023", 77.5, "%"),
    publicRow("00", "Riket", null, null, "%"),
  ]);
  const people = await buildIndicator({ id: `fz_people_${token}`, unit: "personer", direction: "lower_is_better" }, [
    publicRow("25", "Norrbotten", "2019", 4410, "antal personer"),
    publicRow(null, "Storstadsregioner", "2020", 3357620, "personer"),
  ]);
  const rate = await buildIndicator({ id: `fz_rate_${token}`, unit: "per 1 000 invånare", direction: "neutral" }, [
    publicRow("12", "Skåne", "2023-2033", 7, "per 1 000 invånare"),
  ]);
  const other = await buildDialogue();
  const foreign = await buildIndicator({ id: `fz_foreign_${token}`, unit: "st", dialogueId: other.dialogue.id }, []);
  const catalogue = new Map<string, CatalogueIndicator>();
  const publicValues: World["publicValues"] = new Map();
  for (const built of [share, people, rate]) {
    catalogue.set(built.indicator.id, { id: built.indicator.id, unit: built.indicator.unit, storedUnits: [...new Set(built.values.map((value) => value.unit))] });
    for (const value of built.values) {
      const row = { ...value, regionCode: value.regionCode ?? null, period: value.period ?? null, value: value.value ?? null, sourceRef: value.sourceRef ?? "" };
      publicValues.set(keyOf(row), row);
    }
  }
  world = { catalogue, foreignId: foreign.indicator.id, publicValues };
});

/**
 * Every table an import writes, counted. On PGlite the file has its database to itself, so the
 * whole tables are counted; on a shared PostgreSQL test database (other files run at the same time)
 * the counts cover what this dialogue's import could write: rows of the dialogue or of the file's
 * indicator ids.
 */
async function rowCounts(scope: { dialogueId: string; indicatorIds: string[] }) {
  const db = getDb();
  const isShared = inject("testDatabaseUrl") !== null;
  const ids = scope.indicatorIds.length ? scope.indicatorIds : ["-"];
  const [[values], [releases], [defined], [inputs]] = await Promise.all([
    db.select({ n: count() }).from(indicatorValues).where(isShared ? or(eq(indicatorValues.dialogueId, scope.dialogueId), inArray(indicatorValues.indicatorId, ids)) : undefined),
    db.select({ n: count() }).from(dataReleases).where(isShared ? eq(dataReleases.dialogueId, scope.dialogueId) : undefined),
    db.select({ n: count() }).from(indicators).where(isShared ? or(eq(indicators.dialogueId, scope.dialogueId), inArray(indicators.id, ids)) : undefined),
    db.select({ n: count() }).from(projectionInputs).where(isShared ? eq(projectionInputs.dialogueId, scope.dialogueId) : undefined),
  ]);
  return { values: values!.n, releases: releases!.n, indicators: defined!.n, projectionInputs: inputs!.n };
}

/** The indicator ids a file names (its cells, whatever the oracle makes of them). */
function idsOf(file: { header: string[]; records: { cells: string[] }[] }): string[] {
  const at = file.header.map((name) => name.trim().toLowerCase()).indexOf("indicator_id");
  return at < 0 ? [] : [...new Set(file.records.map((record) => (record.cells[at] ?? "").trim()).filter(Boolean))];
}

const sortIssues = (issues: readonly Issue[]) =>
  issues
    .map(({ row, column, code }) => ({ row, column, code }))
    .sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? "").localeCompare(b.column ?? "") || a.code.localeCompare(b.code));

const shapeArbitrary = (maxRows: number): fc.Arbitrary<FileShape> =>
  fc.record({
    seed: fc.integer(),
    rows: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(maxRows) }, { weight: 12, arbitrary: fc.integer({ min: 1, max: maxRows }) }),
    encoding: fc.oneof(
      { weight: 6, arbitrary: fc.constant<FileShape["encoding"]>("utf8") },
      { weight: 4, arbitrary: fc.constant<FileShape["encoding"]>("utf8-bom") },
      { weight: 4, arbitrary: fc.constant<FileShape["encoding"]>("windows-1252") },
      { weight: 2, arbitrary: fc.constant<FileShape["encoding"]>("invalid-utf8") },
    ),
    delimiter: fc.constantFrom(",", ";"),
    newline: fc.constantFrom("\n", "\r\n"),
    trailingNewline: fc.boolean(),
    leadingBlankLines: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 2 }) }),
    blankLineRate: fc.constantFrom(0, 0, 5, 50),
    decimalComma: fc.boolean(),
    optionalColumns: fc.subarray([...OPTIONAL_COLUMNS]),
    faults: fc.oneof(
      { weight: 5, arbitrary: fc.constant<FileShape["faults"]>([]) },
      { weight: 5, arbitrary: fc.array(fc.record({ fault: fc.constantFrom(...FAULTS), at: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 4 }) },
    ),
    isEmpty: fc.boolean(),
  });

let runCounter = 0;
const outcomes = { clean: 0, refused: 0, encodings: new Map<string, number>(), codes: new Map<string, number>() };

async function checkFile(shape: FileShape): Promise<void> {
  const { dialogue, facilitator } = await buildDialogue();
  const actor = actorOf(facilitator);
  // New indicator ids are global: each run (and each shrink step) defines ids of its own.
  const generatorWorld: GeneratorWorld = { known: [...world.catalogue.values()], foreignId: world.foreignId, newIdPrefix: `fz${++runCounter}_${uniqueToken().slice(0, 8)}` };
  const file = generateFile(shape, generatorWorld);
  const expected = oracle(file, world.catalogue, new Set([world.foreignId]));
  outcomes.encodings.set(shape.encoding, (outcomes.encodings.get(shape.encoding) ?? 0) + 1);
  for (const issue of expected.issues) outcomes.codes.set(issue.code, (outcomes.codes.get(issue.code) ?? 0) + 1);

  const scope = { dialogueId: dialogue.id, indicatorIds: idsOf(file) };
  const before = await rowCounts(scope);
  const report = await commitIndicatorImport(actor, { dialogueId: dialogue.id, fileName: shape.seed % 2 ? "fuzz.csv" : "FUZZ.TXT", bytes: file.bytes });
  expect(sortIssues(report.issues)).toEqual(sortIssues(expected.issues));
  if (expected.issues.length > 0) {
    outcomes.refused++;
    expect(report.releaseId).toBeNull();
    expect(await rowCounts(scope)).toEqual(before);
    return;
  }
  outcomes.clean++;

  // What the oracle says is new, changed and unchanged against the public figures.
  let newCount = 0;
  let changedCount = 0;
  for (const value of expected.values) {
    const stored = world.publicValues.get(keyOf(value));
    if (!stored) newCount++;
    else if (stored.value !== value.value || stored.unit !== value.unit || stored.source !== value.source || stored.sourceRef !== value.sourceRef) changedCount++;
  }
  const definedCount = expected.definitions.length;
  expect({ rows: report.rowCount, n: report.newCount, c: report.changedCount, u: report.unchangedCount, d: report.definedCount }).toEqual({
    rows: expected.rowCount,
    n: newCount,
    c: changedCount,
    u: expected.values.length - newCount - changedCount,
    d: definedCount,
  });
  const hasWork = newCount + changedCount + definedCount > 0;
  expect(report.releaseId === null).toBe(!hasWork);
  const after = await rowCounts(scope);
  expect(after).toEqual({ ...before, values: before.values + newCount + changedCount, releases: before.releases + (hasWork ? 1 : 0), indicators: before.indicators + definedCount });

  // What the dialogue now sees: the file's rows over the public ones.
  const ids = [...new Set(expected.values.map((value) => value.indicatorId))];
  const seen = await listEffectiveValues(getDb(), dialogue.id, ids);
  const wanted = new Map<string, ExpectedValue>();
  for (const [key, value] of world.publicValues) if (ids.includes(value.indicatorId)) wanted.set(key, value);
  for (const value of expected.values) wanted.set(keyOf(value), value);
  const comparable = (value: ExpectedValue): ExpectedValue => ({
    indicatorId: value.indicatorId,
    regionCode: value.regionCode,
    regionLabel: value.regionLabel,
    period: value.period,
    value: value.value,
    unit: value.unit,
    source: value.source,
    sourceRef: value.sourceRef,
  });
  expect(new Map(seen.map((row) => [keyOf(row), comparable(row)]))).toEqual(new Map([...wanted].map(([key, value]) => [key, comparable(value)])));
  if (definedCount > 0) {
    const stored = await getDb()
      .select({ id: indicators.id, nameSv: indicators.nameSv, nameEn: indicators.nameEn, unit: indicators.unit, direction: indicators.direction, definition: indicators.definition, dialogueId: indicators.dialogueId })
      .from(indicators)
      .where(inArray(indicators.id, expected.definitions.map((definition) => definition.id)));
    expect(stored.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      expected.definitions.map((definition) => ({ ...definition, dialogueId: dialogue.id })).sort((a, b) => a.id.localeCompare(b.id)),
    );
  }

  // Written out from what is stored, in the documented layout, it imports as "nothing changed".
  const rng = prng(shape.seed ^ 0x5eed);
  const exported = writeValuesCsv(seen, {
    delimiter: rng.pick([",", ";"] as const),
    decimalComma: rng.chance(0.5),
    encoding: rng.pick(["utf8", "utf8-bom", "windows-1252"] as const),
    newline: rng.pick(["\n", "\r\n"] as const),
  });
  const again = await commitIndicatorImport(actor, { dialogueId: dialogue.id, fileName: "export.csv", bytes: exported });
  expect(again.issues).toEqual([]);
  expect({ n: again.newCount, c: again.changedCount, u: again.unchangedCount, d: again.definedCount, r: again.releaseId }).toEqual({ n: 0, c: 0, u: seen.length, d: 0, r: null });
  expect(await rowCounts(scope)).toEqual(after);
}

describe("CSV import fuzz (RELIABILITY I1)", () => {
  it(`${FILES} generated files: errors exactly as the oracle says and nothing written; clean files stored exactly and round-trip`, async () => {
    console.info(`indicator import fuzz: seed ${SEED} (FUZZ_SEED=${SEED} replays it), ${FILES} files of 0–${MAX_ROWS} rows`);
    const started = performance.now();
    await fc.assert(fc.asyncProperty(shapeArbitrary(MAX_ROWS), checkFile), { numRuns: FILES, seed: SEED });
    console.info(
      `indicator import fuzz: ${outcomes.clean} clean, ${outcomes.refused} refused in ${Math.round(performance.now() - started)} ms; encodings ${JSON.stringify(Object.fromEntries(outcomes.encodings))}; codes ${JSON.stringify(Object.fromEntries(outcomes.codes))}`,
    );
    // The generator must keep producing both kinds, or the property proves little.
    expect(outcomes.clean).toBeGreaterThan(FILES / 10);
    expect(outcomes.refused).toBeGreaterThan(FILES / 4);
  }, IS_RELIABILITY ? 3_600_000 : 600_000);

  it("edge files: the largest (5 000 rows), a BOM alone, blank lines only, a header only", async () => {
    const base: FileShape = {
      seed: 7,
      rows: 5_000,
      encoding: "utf8",
      delimiter: ";",
      newline: "\r\n",
      trailingNewline: true,
      leadingBlankLines: 1,
      blankLineRate: 5,
      decimalComma: true,
      optionalColumns: [...OPTIONAL_COLUMNS],
      faults: [],
      isEmpty: false,
    };
    await checkFile(base);
    await checkFile({ ...base, encoding: "windows-1252", delimiter: ",", faults: [{ fault: "bad_value", at: 0.999 }] });
    await checkFile({ ...base, rows: 0, encoding: "utf8-bom", isEmpty: true });
    await checkFile({ ...base, rows: 0, leadingBlankLines: 2 });
    expect(ENCODINGS.length).toBe(4);
  });
});

/**
 * The same files, killed: a child process commits a file and is killed (-9) at a random moment of
 * the import; the database, opened again, holds either nothing of it or all of it (the oracle's
 * rows), never part. Full scale only (`npm run test:reliability`): 20 runs, most of them large
 * clean files so that the kill lands inside the writes.
 */
describe.runIf(IS_RELIABILITY)("CSV import killed mid-import (RELIABILITY I1, kill -9)", () => {
  const KILL_RUNS = 20;

  function runChild(env: Record<string, string>, args: string[], killAfterMs: number): Promise<{ killed: boolean; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/import-child.ts", ...args], {
        cwd: process.cwd(),
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      let timer: NodeJS.Timeout | undefined;
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (!timer && output.includes("started\n")) timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      });
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("error", reject);
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        if (signal === "SIGKILL") resolve({ killed: true, output });
        else if (code === 0) resolve({ killed: false, output });
        else reject(new Error(`import child exited ${code}: ${output}`));
      });
    });
  }

  it(`${KILL_RUNS} imports killed at random moments write all or nothing`, async () => {
    const database = await processDatabase();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "samsyn-import-kill-"));
    const rng = prng(SEED ^ 0x6b111);
    let killedMidway = 0;
    let completed = 0;
    try {
      for (let run = 0; run < KILL_RUNS; run++) {
        const isClean = run % 4 !== 3;
        const shape: FileShape = {
          seed: rng.int(0, 2 ** 31),
          rows: isClean ? rng.int(20_000, 50_000) : rng.int(1, 5_000),
          encoding: rng.pick(["utf8", "utf8-bom", "windows-1252"] as const),
          delimiter: rng.pick([",", ";"] as const),
          newline: rng.pick(["\n", "\r\n"] as const),
          trailingNewline: true,
          leadingBlankLines: 0,
          blankLineRate: 5,
          decimalComma: rng.chance(0.5),
          optionalColumns: [...OPTIONAL_COLUMNS],
          faults: isClean ? [] : [{ fault: rng.pick(FAULTS), at: rng.next() }],
          isEmpty: false,
        };
        const prepared = await database.withDatabase(async () => {
          const catalogue = await killWorld();
          const { dialogue, facilitator } = await buildDialogue();
          const file = generateFile(shape, { known: [...catalogue.catalogue.values()], foreignId: catalogue.foreignId, newIdPrefix: `kill${run}_${uniqueToken().slice(0, 8)}` });
          const scope = { dialogueId: dialogue.id, indicatorIds: idsOf(file) };
          return { catalogue, dialogueId: dialogue.id, userId: facilitator.id, file, scope, before: await rowCounts(scope) };
        });
        const expected = oracle(prepared.file, prepared.catalogue.catalogue, new Set([prepared.catalogue.foreignId]));
        const filePath = path.join(folder, `run-${run}.csv`);
        fs.writeFileSync(filePath, prepared.file.bytes);
        const { killed } = await runChild(database.env, [filePath, prepared.dialogueId, prepared.userId], rng.int(0, 6_000));
        await database.withDatabase(async () => {
          const after = await rowCounts(prepared.scope);
          if (expected.issues.length > 0 || after.releases === prepared.before.releases) {
            // Refused, or killed before the commit: nothing of it.
            expect(after, `run ${run}: a refused or interrupted import left rows behind`).toEqual(prepared.before);
            if (killed && expected.issues.length === 0) killedMidway++;
            if (!killed && expected.issues.length === 0) throw new Error(`run ${run}: the import finished but wrote no release`);
            return;
          }
          completed++;
          // Committed: all of it, exactly the oracle's rows.
          const defined = expected.definitions.length;
          const fresh = expected.values.filter((value) => !prepared.catalogue.publicValues.has(keyOf(value))).length;
          const changed = expected.values.filter((value) => {
            const stored = prepared.catalogue.publicValues.get(keyOf(value));
            return stored && (stored.value !== value.value || stored.unit !== value.unit || stored.source !== value.source || stored.sourceRef !== value.sourceRef);
          }).length;
          expect(after).toEqual({ ...prepared.before, values: prepared.before.values + fresh + changed, releases: prepared.before.releases + 1, indicators: prepared.before.indicators + defined });
          const seen = await listEffectiveValues(getDb(), prepared.dialogueId, [...new Set(expected.values.map((value) => value.indicatorId))]);
          const byKey = new Map(seen.map((row) => [keyOf(row), row]));
          for (const value of expected.values) expect(byKey.get(keyOf(value)), `run ${run}: ${keyOf(value)}`).toMatchObject({ value: value.value, unit: value.unit, source: value.source, sourceRef: value.sourceRef });
        });
      }
      console.info(`indicator import kill -9: ${killedMidway} killed before the commit ended (nothing written), ${completed} committed whole, ${KILL_RUNS - killedMidway - completed} refused files`);
      expect(killedMidway, "some kills must land inside an import").toBeGreaterThan(0);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
      await database.cleanup();
    }
  }, 1_800_000);
});

/** The public indicators of the kill runs, in whichever database the child uses (once per database). */
async function killWorld(): Promise<World> {
  const db = getDb();
  const [existing] = await db.select({ id: indicators.id }).from(indicators).where(inArray(indicators.id, ["fz_kill_share"]));
  if (!existing) {
    await buildIndicator({ id: "fz_kill_share", unit: "%", direction: "higher_is_better" }, [
      { regionCode: "03", regionLabel: "Uppsala", period: "2022", value: 80, unit: "%", source: "Källa: Socialstyrelsen, Tabell 5", sourceRef: "rad 1" },
    ]);
    const other = await buildDialogue();
    await buildIndicator({ id: "fz_kill_foreign", unit: "st", dialogueId: other.dialogue.id }, []);
  }
  const value = { indicatorId: "fz_kill_share", regionCode: "03", regionLabel: "Uppsala", period: "2022", value: 80, unit: "%", source: "Källa: Socialstyrelsen, Tabell 5", sourceRef: "rad 1" };
  return {
    catalogue: new Map([["fz_kill_share", { id: "fz_kill_share", unit: "%", storedUnits: ["%"] }]]),
    foreignId: "fz_kill_foreign",
    publicValues: new Map([[keyOf(value), value]]),
  };
}
