/**
 * The seed against a real (in-memory PGlite) database: every CSV row lands, suppressed values stay
 * NULL, the demo dialogue mirrors drivers.csv, and a second start-up changes nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import {
  accounts,
  dialogueMembers,
  dialogueOrganisations,
  dialogues,
  driverIndicators,
  drivers,
  driverTexts,
  gapActions,
  goalStatements,
  indicatorFacts,
  indicators,
  indicatorValues,
  organisations,
  regions,
  users,
} from "../../db/schema";
import { DEMO_USERS, seedDemo } from "../../db/seed/demo";
import { resolveDataDir, seedDatabase } from "../../db/seed/index";
import { loadReferenceData } from "../../db/seed/reference-data";

const DATA_DIR = path.join(process.cwd(), "db", "seed", "data");

type Row = Record<string, string>;
function readRows(file: string): Row[] {
  return parse(fs.readFileSync(path.join(DATA_DIR, file)), { columns: true, bom: true }) as Row[];
}

const csv = {
  regions: readRows("regions.csv"),
  values: readRows("indicators.csv"),
  facts: readRows("indicator_facts.csv"),
  drivers: readRows("drivers.csv"),
};
const catalogueIds = new Set([...csv.values, ...csv.facts].map((row) => row.indicator_id!));

const COUNTED_TABLES = {
  regions,
  indicators,
  indicatorValues,
  indicatorFacts,
  organisations,
  users,
  accounts,
  dialogues,
  dialogueOrganisations,
  dialogueMembers,
  drivers,
  driverIndicators,
  driverTexts,
  goalStatements,
  gapActions,
} satisfies Record<string, PgTable>;

let handle: DatabaseHandle;

async function countRows(table: PgTable): Promise<number> {
  const [row] = await handle.db.select({ n: count() }).from(table);
  return row!.n;
}

async function countAll(): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(COUNTED_TABLES).map(async ([name, table]) => [name, await countRows(table)] as const),
  );
  return Object.fromEntries(entries);
}

async function demoDialogueId(): Promise<string> {
  const [row] = await handle.db.select({ id: dialogues.id }).from(dialogues).where(eq(dialogues.isDemo, true));
  return row!.id;
}

let firstRun: { demoCreated: boolean };

beforeAll(async () => {
  handle = openDatabase({ kind: "pglite" });
  await migrateDatabase(handle);
  firstRun = await seedDatabase(handle, { dataDir: DATA_DIR, demo: true });
});

afterAll(async () => {
  await handle?.close();
});

describe("reference data", () => {
  it("the bundled files are the CSVs the counts below expect", () => {
    expect(csv.regions).toHaveLength(22);
    expect(csv.values).toHaveLength(495);
    expect(csv.facts).toHaveLength(186);
    expect(csv.drivers).toHaveLength(29);
  });

  it("loads every row of regions, indicators and facts", async () => {
    expect(await countRows(regions)).toBe(22);
    expect(await countRows(indicatorValues)).toBe(495);
    expect(await countRows(indicatorFacts)).toBe(186);
    expect(await countRows(indicators)).toBe(catalogueIds.size);
  });

  it("keeps a suppressed value as NULL, never 0", async () => {
    const source = csv.values.find((row) => row.indicator_id === "hired_staff_physicians" && row.region_code === "23");
    expect(source?.value).toBe("");
    const [stored] = await handle.db
      .select()
      .from(indicatorValues)
      .where(and(eq(indicatorValues.indicatorId, "hired_staff_physicians"), eq(indicatorValues.regionCode, "23")));
    expect(stored).toMatchObject({ value: null, regionLabel: "Jämtland Härjedalen", period: "2021" });

    const emptyInCsv = csv.values.filter((row) => row.value === "").length;
    const [nulls] = await handle.db.select({ n: count() }).from(indicatorValues).where(isNull(indicatorValues.value));
    expect(nulls!.n).toBe(emptyInCsv);
  });

  it("stores numbers with . decimals and empty periods as NULL", async () => {
    const [projection] = await handle.db
      .select({ value: indicatorValues.value })
      .from(indicatorValues)
      .where(and(eq(indicatorValues.indicatorId, "proj_specialist_visits_pct_change"), eq(indicatorValues.period, "2042")));
    expect(projection?.value).toBe(13.3);
    const [noYear] = await handle.db.select({ n: count() }).from(indicatorValues).where(isNull(indicatorValues.period));
    expect(noYear!.n).toBe(csv.values.filter((row) => row.period === "").length);
  });

  it("adds a catalogue row for indicators that exist only as facts", async () => {
    const [plan] = await handle.db.select().from(indicators).where(eq(indicators.id, "t11_regionwide_plan_pc_inclusion"));
    expect(plan?.unit).toBe("kategori");
    // In both files: the numeric file's unit wins.
    const [both] = await handle.db.select().from(indicators).where(eq(indicators.id, "low_economic_standard_share"));
    const numericUnit = csv.values.find((row) => row.indicator_id === "low_economic_standard_share")?.unit;
    expect(both?.unit).toBe(numericUnit);
  });

  it("rejects a bad row naming file, line and column", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samsyn-seed-"));
    try {
      for (const file of fs.readdirSync(DATA_DIR)) fs.copyFileSync(path.join(DATA_DIR, file), path.join(dir, file));
      const lines = fs.readFileSync(path.join(dir, "indicators.csv"), "utf8").split("\n");
      lines[2] = lines[2]!.replace(",13,", ",13 procent,");
      fs.writeFileSync(path.join(dir, "indicators.csv"), lines.join("\n"));
      await expect(loadReferenceData(handle.db, dir)).rejects.toThrow(/indicators\.csv, line 3, column "value"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("demo dialogue", () => {
  it("is created once, active, over 2023–2033", async () => {
    expect(firstRun.demoCreated).toBe(true);
    const rows = await handle.db.select().from(dialogues).where(eq(dialogues.isDemo, true));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "active", horizonFrom: 2023, horizonTo: 2033 });
  });

  it("holds every driver of drivers.csv in file order", async () => {
    const stored = await handle.db
      .select()
      .from(drivers)
      .where(eq(drivers.dialogueId, await demoDialogueId()))
      .orderBy(asc(drivers.position));
    expect(stored.map((driver) => driver.title)).toEqual(csv.drivers.map((row) => row.name_sv));
    expect(stored.map((driver) => driver.position)).toEqual(csv.drivers.map((_, index) => index));
    expect(stored.map((driver) => driver.whoClass)).toEqual(csv.drivers.map((row) => row.who_class));
    const ageing = stored.find((driver) => driver.title === "Åldrande befolkning");
    expect(ageing?.careAreas).toEqual(["sjukvard", "halsovard", "granslandet"]);
    expect(stored.every((driver) => driver.changePerspectives.length === 0)).toBe(true);
  });

  it("links every related indicator that exists, projections to the expected future", async () => {
    const dialogueId = await demoDialogueId();
    const links = await handle.db
      .select({
        title: drivers.title,
        indicatorId: driverIndicators.indicatorId,
        part: driverIndicators.part,
        position: driverIndicators.position,
      })
      .from(driverIndicators)
      .innerJoin(drivers, eq(drivers.id, driverIndicators.driverId))
      .where(eq(drivers.dialogueId, dialogueId))
      .orderBy(asc(drivers.position), asc(driverIndicators.part), asc(driverIndicators.position));

    const expected = csv.drivers.flatMap((row) =>
      [...new Set(row.related_indicators!.split(";").filter(Boolean))]
        .filter((id) => catalogueIds.has(id))
        .map((id) => `${row.name_sv}|${id}|${id.startsWith("proj_") ? "future" : "nulage"}`),
    );
    expect(links.map((link) => `${link.title}|${link.indicatorId}|${link.part}`).sort()).toEqual(expected.sort());

    const ageing = links.filter((link) => link.title === "Åldrande befolkning");
    expect(ageing.filter((link) => link.part === "future").map((link) => link.indicatorId)).toEqual([
      "proj_specialist_visits_pct_change",
      "proj_bed_days_pct_change",
    ]);
    expect(ageing.filter((link) => link.part === "nulage").map((link) => link.position)).toEqual([0, 1]);
  });

  it("invents no content: no texts, goals or actions", async () => {
    expect(await countRows(driverTexts)).toBe(0);
    expect(await countRows(goalStatements)).toBe(0);
    expect(await countRows(gapActions)).toBe(0);
  });

  it("has a facilitator, participants from five organisation types and an observer", async () => {
    const members = await handle.db
      .select({ email: users.email, isDemo: users.isDemo, verified: users.emailVerified, role: dialogueMembers.role, type: organisations.type, organisation: organisations.name })
      .from(dialogueMembers)
      .innerJoin(users, eq(users.id, dialogueMembers.userId))
      .innerJoin(organisations, eq(organisations.id, dialogueMembers.organisationId))
      .where(eq(dialogueMembers.dialogueId, await demoDialogueId()));

    expect(members).toHaveLength(DEMO_USERS.length);
    expect(members.every((member) => member.isDemo && member.verified && member.email.endsWith("@demo.samsyn.se"))).toBe(true);
    const byRole = (role: string) => members.filter((member) => member.role === role);
    expect(byRole("facilitator").map((member) => member.organisation)).toEqual(["Socialstyrelsen"]);
    expect(byRole("observer").map((member) => member.organisation)).toEqual(["Forte"]);
    expect(new Set(byRole("participant").map((member) => member.type)).size).toBeGreaterThanOrEqual(5);
  });

  it("links organisations of every type to the dialogue", async () => {
    const linked = await handle.db
      .select({ type: organisations.type })
      .from(dialogueOrganisations)
      .innerJoin(organisations, eq(organisations.id, dialogueOrganisations.organisationId))
      .where(eq(dialogueOrganisations.dialogueId, await demoDialogueId()));
    expect(new Set(linked.map((row) => row.type)).size).toBe(12);
  });
});

describe("idempotence", () => {
  it("a second seed changes no row count", async () => {
    const before = await countAll();
    const again = await seedDatabase(handle, { dataDir: DATA_DIR, demo: true });
    expect(again.demoCreated).toBe(false);
    expect(await countAll()).toEqual(before);
  });

  it("reports nothing inserted on a repeated load, and the existing demo on a repeated demo seed", async () => {
    expect(await loadReferenceData(handle.db, DATA_DIR)).toEqual({ regions: 0, indicators: 0, values: 0, facts: 0 });
    expect(await seedDemo(handle.db, { dataDir: DATA_DIR })).toEqual({ created: false, dialogueId: await demoDialogueId() });
  });
});

describe("resolveDataDir", () => {
  it("prefers SAMSYN_DATA_FILES, then the bundled copies", () => {
    const saved = process.env.SAMSYN_DATA_FILES;
    try {
      process.env.SAMSYN_DATA_FILES = "/elsewhere/data";
      expect(resolveDataDir()).toBe("/elsewhere/data");
      delete process.env.SAMSYN_DATA_FILES;
      expect(resolveDataDir()).toBe(DATA_DIR);
    } finally {
      if (saved === undefined) delete process.env.SAMSYN_DATA_FILES;
      else process.env.SAMSYN_DATA_FILES = saved;
    }
  });
});
