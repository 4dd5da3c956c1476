/**
 * `npm run bench:export` (issue 8, "Speed"): JSON lines, on PGlite and on PostgreSQL, each in a
 * child process of its own with a fresh database holding the real reference data.
 *
 * The goal set: the demo dialogue's 29 drivers from ../shared/data (their real descriptions and
 * linked indicators) plus 11 more with the same content, 40 in all; three goal statements per
 * driver with a target on a linked indicator, two actions, one stance per organisation, and 200
 * comments (40 threads of 5). The facilitator agrees the whole goal set; the export is of that
 * agreed version with stances and comments, in Swedish.
 *
 * Per format: the whole request (`exportGoalSetFile`: access, reading the goal set, rendering),
 * 5 runs after one warm-up, median and slowest, and the process's peak RSS while that format ran
 * (sampled every 5 ms) with how much it rose above the RSS before (`added_rss_mb`): the whole
 * process holds PGlite and the seeded data before any export starts. For PDF, Chromium's own processes are reported beside it. Reference in the
 * same run: `JSON.stringify` of the same, already-built document (the floor of any export: no
 * reading, no rendering); and building the document alone, so the reading's share is visible.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import { forEachDatabase, harnessMonitor, round, runBenchChild } from "./lib";

const EXTRA_DRIVERS = 11;
const GOALS_PER_DRIVER = 3;
const ACTIONS_PER_DRIVER = 2;
const THREADS = 40;
const COMMENTS_PER_THREAD = 5;
const RUNS = 5;
const FORMATS = ["json", "markdown", "csv", "docx", "pdf"] as const;
const TARGET_MS: Record<(typeof FORMATS)[number], number> = { json: 200, markdown: 300, csv: 300, docx: 1_000, pdf: 3_000 };

type DbKind = "pglite" | "postgres";

async function buildWorld(dataDir: string) {
  const [{ getDb }, schema, { seedDemo }, { loadReferenceData }, { findDesiredFingerprints }, { eq, inArray, and, desc }] = await Promise.all([
    import("../db/client"),
    import("../db/schema"),
    import("../db/seed/demo"),
    import("../db/seed/reference-data"),
    import("../db/queries/rounds"),
    import("drizzle-orm"),
  ]);
  const db = getDb();
  await loadReferenceData(db, dataDir);
  const { dialogueId } = await seedDemo(db, { dataDir });
  const [dialogue] = await db.select({ createdBy: schema.dialogues.createdBy }).from(schema.dialogues).where(eq(schema.dialogues.id, dialogueId));
  const facilitatorId = dialogue!.createdBy!;
  const members = await db.select().from(schema.dialogueMembers).where(eq(schema.dialogueMembers.dialogueId, dialogueId));
  const organisationIds = [...new Set(members.map((member) => member.organisationId))];

  // 11 more drivers like the first ones, with the same indicators.
  const seeded = await db.select().from(schema.drivers).where(eq(schema.drivers.dialogueId, dialogueId)).orderBy(schema.drivers.position);
  const extra = await db
    .insert(schema.drivers)
    .values(seeded.slice(0, EXTRA_DRIVERS).map((driver, index) => ({ dialogueId, title: `${driver.title} (fördjupning)`, description: driver.description, whoClass: driver.whoClass, careAreas: driver.careAreas, position: seeded.length + index })))
    .returning({ id: schema.drivers.id, position: schema.drivers.position });
  const links = await db.select().from(schema.driverIndicators).where(inArray(schema.driverIndicators.driverId, seeded.map((driver) => driver.id)));
  const copies = extra.flatMap((copy) => links.filter((link) => link.driverId === seeded[copy.position - seeded.length]!.id).map((link) => ({ ...link, driverId: copy.id })));
  if (copies.length) await db.insert(schema.driverIndicators).values(copies);
  const all = [...seeded.map((driver) => ({ id: driver.id, title: driver.title, description: driver.description })), ...extra.map((copy) => ({ id: copy.id, title: `${seeded[copy.position - seeded.length]!.title} (fördjupning)`, description: seeded[copy.position - seeded.length]!.description }))];

  const allLinks = await db.select().from(schema.driverIndicators).where(inArray(schema.driverIndicators.driverId, all.map((driver) => driver.id)));
  for (const driver of all) {
    await db.insert(schema.driverTexts).values([
      { driverId: driver.id, part: "nulage", doc: paragraph(driver.description), plainText: driver.description },
      { driverId: driver.id, part: "gap", doc: paragraph(`Gapet för ${driver.title.toLowerCase()} beskrivs av arbetsgruppen.`), plainText: "" },
    ]);
    const targetIndicator = allLinks.find((link) => link.driverId === driver.id && link.part === "nulage")?.indicatorId ?? null;
    const [latest] = targetIndicator
      ? await db
          .select({ value: schema.indicatorValues.value, regionCode: schema.indicatorValues.regionCode })
          .from(schema.indicatorValues)
          .where(and(eq(schema.indicatorValues.indicatorId, targetIndicator), eq(schema.indicatorValues.regionCode, "00")))
          .orderBy(desc(schema.indicatorValues.period))
          .limit(1)
      : [];
    await db.insert(schema.goalStatements).values(
      Array.from({ length: GOALS_PER_DRIVER }, (_, position) => ({
        driverId: driver.id,
        position,
        text: `Målsättning ${position + 1}: ${driver.title} hanteras gemensamt i regionen.`,
        ...(position === 0 && latest?.value != null
          ? { targetIndicatorId: targetIndicator, targetRegionCode: "00", targetValue: latest.value, targetYear: 2035, targetDirection: "maintain" as const }
          : {}),
      })),
    );
    const actions = await db
      .insert(schema.gapActions)
      .values(Array.from({ length: ACTIONS_PER_DRIVER }, (_, position) => ({ driverId: driver.id, position, text: `Åtgärd ${position + 1} för ${driver.title}.`, horizon: "short" as const, level: "regional" as const, control: "collaboration" as const })))
      .returning({ id: schema.gapActions.id });
    await db.insert(schema.gapActionOrganisations).values(actions.map((action, index) => ({ actionId: action.id, organisationId: organisationIds[index % organisationIds.length]!, role: "responsible" as const })));
  }

  // A closed stance round in which every organisation took a stance on every driver.
  const [round] = await db
    .insert(schema.rounds)
    .values({ dialogueId, kind: "stance", title: "Ställningstagande", opensAt: new Date(Date.now() - 120_000), closesAt: new Date(Date.now() - 60_000), openedAt: new Date(Date.now() - 120_000), closedAt: new Date(Date.now() - 60_000) })
    .returning({ id: schema.rounds.id });
  const fingerprints = await findDesiredFingerprints(db, all.map((driver) => driver.id));
  const givers = new Map(members.map((member) => [member.organisationId, member.userId]));
  await db.insert(schema.stances).values(
    all.flatMap((driver, driverIndex) =>
      organisationIds.map((organisationId, index) => {
        const objects = (driverIndex + index) % 7 === 0;
        return { dialogueId, roundId: round!.id, driverId: driver.id, organisationId, value: objects ? ("object" as const) : ("support" as const), reason: objects ? "Målet kräver fler utbildningsplatser först." : "", givenBy: givers.get(organisationId) ?? null, desiredFingerprint: fingerprints.get(driver.id)! };
      }),
    ),
  );

  // 200 comments: 40 threads of 5, one per driver.
  for (let index = 0; index < THREADS; index++) {
    const driver = all[index % all.length]!;
    const member = members[index % members.length]!;
    const [thread] = await db.insert(schema.commentThreads).values({ dialogueId, driverId: driver.id, anchorKind: "driver", createdBy: member.userId }).returning({ id: schema.commentThreads.id });
    await db.insert(schema.comments).values(
      Array.from({ length: COMMENTS_PER_THREAD }, (_, position) => {
        const author = members[(index + position) % members.length]!;
        return { threadId: thread!.id, authorId: author.userId, organisationId: author.organisationId, body: `Kommentar ${position + 1} om ${driver.title}: hur följer vi upp detta?` };
      }),
    );
  }
  return { dialogueId, facilitatorId, drivers: all.length };
}

function paragraph(text: string) {
  return { type: "doc", content: [{ type: "paragraph", content: text ? [{ type: "text", text }] : [] }] };
}

/**
 * The process's RSS, sampled every 5 ms while `work` runs: the peak, and how far it rose above the
 * RSS just before (the database, the seeded data and the loaded code are already in the baseline).
 */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; addedMb: number }> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakMb: round(peak / 1024 / 1024, 1), addedMb: round((peak - baseline) / 1024 / 1024, 1) };
  } finally {
    clearInterval(timer);
  }
}

/** RSS of every process descended from this one (Chromium's, for PDF), in MB. */
function descendantsRssMb(): number {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,rss="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of rows) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const rssOf = new Map(rows.map(([pid, , rss]) => [pid, rss]));
  let total = 0;
  const queue = [...(children.get(process.pid) ?? [])];
  while (queue.length) {
    const pid = queue.pop()!;
    total += rssOf.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return round(total / 1024, 1);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function child(db: DbKind, url: string | undefined, dataDir: string | undefined): Promise<void> {
  process.env.SAMSYN_QUIET_LOGS = "1";
  const [{ openDatabase, setDatabaseHandle }, { migrateDatabase }, { resolveDataDir }, { createAgreement }, { buildGoalSetExport }, { exportGoalSetFile }] = await Promise.all([
    import("../db/client"),
    import("../db/migrate"),
    import("../db/seed"),
    import("../lib/server/services/agreements"),
    import("../lib/server/services/goal-set-export"),
    import("../lib/server/exports/render"),
  ]);
  const handle = db === "postgres" ? openDatabase({ kind: "postgres", url: url! }) : openDatabase({ kind: "pglite", dataDir: dataDir! });
  setDatabaseHandle(handle);
  await migrateDatabase(handle);
  const world = await buildWorld(resolveDataDir());
  const actor = { userId: world.facilitatorId };
  const { id: agreementId } = await createAgreement(actor, { dialogueId: world.dialogueId });
  const request = { language: "sv", source: agreementId, include: ["stances", "comments"] };
  const shape = { drivers: world.drivers, comments: THREADS * COMMENTS_PER_THREAD };

  for (const format of FORMATS) {
    const times: number[] = [];
    let bytes = 0;
    await exportGoalSetFile(actor, world.dialogueId, { ...request, format });
    const monitor = harnessMonitor();
    const { peakMb, addedMb } = await withPeakRss(async () => {
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const file = await exportGoalSetFile(actor, world.dialogueId, { ...request, format });
        times.push(performance.now() - started);
        bytes = typeof file.body === "string" ? Buffer.byteLength(file.body) : file.body.byteLength;
      }
    });
    const extra = format === "pdf" ? { chromium_rss_mb: descendantsRssMb() } : {};
    console.log(JSON.stringify({ bench: "export", format, db, system: "samsyn", ms: round(median(times)), max_ms: round(Math.max(...times)), peak_rss_mb: peakMb, added_rss_mb: addedMb, ...extra, target_ms: TARGET_MS[format], target_peak_rss_mb: 300, bytes, ...shape, runs: RUNS, load1: round(os.loadavg()[0] ?? 0), ...monitor() }));
  }

  const build: number[] = [];
  const stringify: number[] = [];
  let document = await buildGoalSetExport(actor, world.dialogueId, { ...request, format: "json" });
  const monitor = harnessMonitor();
  const { peakMb, addedMb } = await withPeakRss(async () => {
    for (let run = 0; run < RUNS; run++) {
      let started = performance.now();
      document = await buildGoalSetExport(actor, world.dialogueId, { ...request, format: "json" });
      build.push(performance.now() - started);
      started = performance.now();
      JSON.stringify(document, null, 2);
      stringify.push(performance.now() - started);
    }
  });
  console.log(JSON.stringify({ bench: "export", format: "json", db, system: "reference", reference: "JSON.stringify of the built document", ms: round(median(stringify)), max_ms: round(Math.max(...stringify)), peak_rss_mb: peakMb, added_rss_mb: addedMb, ...monitor() }));
  console.log(JSON.stringify({ bench: "export", format: "document", db, system: "samsyn", part: "reading the goal set (buildGoalSetExport)", ms: round(median(build)), max_ms: round(Math.max(...build)) }));
  await handle.close();
  // A PDF export leaves the shared browser running; this process is done with it.
  process.exit(0);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const childDb = option("--child");
  if (childDb === "pglite" || childDb === "postgres") return child(childDb, option("--url"), option("--data-dir"));
  await forEachDatabase("export", option("--db") ?? "both", (target) => runBenchChild("export", "bench/export.ts", target));
}

await main();
