/**
 * `npm run bench:indicators` (issue 5, "Speed"): JSON lines.
 *
 * - import: a 100 000-value CSV validated and committed as one release (service call in process,
 *   on a fresh embedded PGlite and on a fresh PostgreSQL database), with the process's peak RSS;
 * - errors: a 5 000-row file in which every row is wrong, previewed; every error is reported;
 * - panel: the panel data of a driver with 6 indicators × 21 regions × 10 periods, p50/p95 of
 *   200 calls after a warm-up;
 * - chart_js: what the driver page ships to the browser for its charts (gzip kB), read from the
 *   production build's client chunks.
 *
 * Each database runs in a child process of its own, so each peak RSS is that database's alone.
 * Services are called directly: the figures are the server's work without HTTP around it.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import postgres from "postgres";
import { harnessMonitor, percentile, round } from "./lib";

const IMPORT_ROWS = 100_000;
const ERROR_ROWS = 5_000;
const PANEL_CALLS = 200;
const PANEL_WARMUP = 30;
const HEADER = "indicator_id,name_sv,name_en,region_code,region_name,period,value,unit,direction,source,source_ref";
const COUNTIES = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21", "22", "23", "24", "25"];

function valuesCsv(rows: number, prefix: string): string {
  const lines = [HEADER];
  const regions = ["00", ...COUNTIES];
  let indicator = 0;
  // 22 regions × 201 years per indicator, as many indicators as the rows need; each defined on its first row.
  while (lines.length <= rows) {
    const id = `${prefix}_${indicator}`;
    for (let year = 1900; year <= 2100 && lines.length <= rows; year++) {
      for (const region of regions) {
        if (lines.length > rows) break;
        const isFirst = year === 1900 && region === "00";
        const value = `"${(((indicator + 1) * year) % 997) + 0.25}"`.replace(".", ",");
        lines.push(`${id},${isFirst ? `Bänk ${indicator},Bench ${indicator}` : ","},${region},,${year},${value},per 1 000,${isFirst ? "higher_is_better" : ""},Källa: bänk,rad ${lines.length}`);
      }
    }
    indicator++;
  }
  return lines.join("\n");
}

function errorsCsv(rows: number): string {
  const lines = [HEADER];
  for (let row = 0; row < rows; row++) lines.push(`unknown_${row % 50},,,99,,20x${row % 10},elva,st,upwards,,`);
  return lines.join("\n");
}

async function child(db: "pglite" | "postgres", url: string | undefined): Promise<void> {
  const [{ openDatabase, setDatabaseHandle }, { migrateDatabase }, schema, factories, services, panels] = await Promise.all([
    import("../db/client"),
    import("../db/migrate"),
    import("../db/schema"),
    import("./indicators-world"),
    import("../lib/server/services/indicator-import"),
    import("../lib/server/services/indicator-panels"),
  ]);
  process.env.SAMSYN_QUIET_LOGS = "1";
  // PGlite on a folder, as the app runs it (in memory, the database itself would count as RSS).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "samsyn-bench-indicators-"));
  const handle = db === "postgres" ? openDatabase({ kind: "postgres", url: url! }) : openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
  setDatabaseHandle(handle);
  await migrateDatabase(handle);
  const world = await factories.buildBenchWorld(handle.db);
  const actor = { userId: world.facilitatorId };
  const encoder = new TextEncoder();

  // import
  const file = encoder.encode(valuesCsv(IMPORT_ROWS, `bench_${randomUUID().slice(0, 8)}`));
  const rssBeforeMb = round(process.memoryUsage().rss / 1024 / 1024, 1);
  const monitor = harnessMonitor();
  const started = performance.now();
  const report = await services.commitIndicatorImport(actor, { dialogueId: world.dialogueId, fileName: "bench.csv", bytes: file });
  const importMs = performance.now() - started;
  if (report.issues.length || report.releaseId === null) throw new Error(`import failed: ${JSON.stringify(report.issues.slice(0, 3))}`);
  console.log(
    JSON.stringify({
      bench: "indicators",
      case: "import",
      db,
      rows: IMPORT_ROWS,
      written: report.newCount,
      import_ms: round(importMs, 0),
      peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
      rss_before_import_mb: rssBeforeMb,
      target_ms: 5000,
      load1: round(os.loadavg()[0] ?? 0),
      ...monitor(),
    }),
  );

  // errors
  const bad = encoder.encode(errorsCsv(ERROR_ROWS));
  const errorsStarted = performance.now();
  const errors = await services.previewIndicatorImport(actor, { dialogueId: world.dialogueId, fileName: "errors.csv", bytes: bad });
  const errorsMs = performance.now() - errorsStarted;
  console.log(JSON.stringify({ bench: "indicators", case: "errors", db, rows: ERROR_ROWS, errors: errors.issues.length, ms: round(errorsMs, 0), target_ms: 1000 }));

  // panel: 6 indicators × 21 regions × 10 periods, linked to one driver.
  const panelPrefix = `panel_${randomUUID().slice(0, 8)}`;
  const panelLines = [HEADER];
  for (let indicator = 0; indicator < 6; indicator++) {
    for (let year = 2014; year < 2024; year++) {
      for (const region of COUNTIES) {
        const isFirst = year === 2014 && region === "01";
        panelLines.push(`${panelPrefix}_${indicator},${isFirst ? `Panel ${indicator},Panel ${indicator}` : ","},${region},,${year},${(year * (indicator + 3)) % 101},%,${isFirst ? "higher_is_better" : ""},Källa: bänk,`);
      }
    }
  }
  const panelReport = await services.commitIndicatorImport(actor, { dialogueId: world.dialogueId, fileName: "panel.csv", bytes: encoder.encode(panelLines.join("\n")) });
  if (panelReport.issues.length) throw new Error("panel import failed");
  await handle.db.insert(schema.driverIndicators).values(Array.from({ length: 6 }, (_, position) => ({ driverId: world.driverId, part: "nulage" as const, indicatorId: `${panelPrefix}_${position}`, position })));
  for (let i = 0; i < PANEL_WARMUP; i++) await panels.getDriverPanels(actor, world.dialogueId, world.driverId);
  const times: number[] = [];
  let points = 0;
  for (let i = 0; i < PANEL_CALLS; i++) {
    const callStarted = performance.now();
    const data = await panels.getDriverPanels(actor, world.dialogueId, world.driverId);
    times.push(performance.now() - callStarted);
    points = data.parts.nulage.reduce((sum, panel) => sum + panel.values.length, 0);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ bench: "indicators", case: "panel", db, indicators: 6, points, calls: PANEL_CALLS, p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), target_p95_ms: 50, load1: round(os.loadavg()[0] ?? 0) }));
  await handle.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/**
 * What the charts cost the browser. The chart library: the production build's client chunks are
 * searched for visx code (there should be none: the charts are Server Components and arrive as
 * SVG in the HTML). The indicator islands (live refresh, gap chip): bundled alone with esbuild
 * (shipped with tsx), React, Next and next-intl left out since the page loads them anyway.
 */
async function chartJs(): Promise<void> {
  const chunks = path.join(process.cwd(), ".next", "static", "chunks");
  if (!fs.existsSync(chunks)) {
    console.log(JSON.stringify({ bench: "indicators", case: "chart_js", skipped: "no production build (.next); run npm run build first" }));
    return;
  }
  let visx = 0;
  for (const name of fs.readdirSync(chunks, { recursive: true }).map(String).filter((file) => file.endsWith(".js"))) {
    const source = fs.readFileSync(path.join(chunks, name));
    if (/visx-axis|visx-bar|visx-linepath/.test(source.toString("utf8"))) visx += gzipSync(source).byteLength;
  }
  let islands: number | null = null;
  try {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      stdin: { contents: 'export * from "./components/indicators/live-data"; export * from "./components/indicators/gap-chip";', resolveDir: process.cwd(), loader: "ts" },
      bundle: true,
      minify: true,
      write: false,
      format: "esm",
      jsx: "automatic",
      tsconfig: "tsconfig.json",
      external: ["react", "react/*", "react-dom", "next", "next/*", "next-intl", "next-intl/*"],
      logLevel: "silent",
    });
    islands = gzipSync(result.outputFiles[0]!.contents).byteLength;
  } catch (error) {
    console.error(`chart_js: esbuild unavailable (${(error as Error).message})`);
  }
  console.log(
    JSON.stringify({
      bench: "indicators",
      case: "chart_js",
      visx_client_kb_gzip: round(visx / 1024, 1),
      indicator_islands_kb_gzip: islands === null ? null : round(islands / 1024, 1),
    }),
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const childDb = argv[argv.indexOf("--child") + 1];
  if (argv.includes("--child") && (childDb === "pglite" || childDb === "postgres")) {
    await child(childDb, argv[argv.indexOf("--url") + 1]);
    return;
  }
  const which = argv.includes("--db") ? argv[argv.indexOf("--db") + 1] : "both";
  const runChild = (db: string, url?: string) => {
    const result = spawnSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "bench/indicators.ts", "--child", db, ...(url ? ["--url", url] : [])],
      { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
    );
    if (result.status !== 0) console.log(JSON.stringify({ bench: "indicators", db, failed: `exit ${result.status}` }));
  };
  if (which === "pglite" || which === "both") runChild("pglite");
  if (which === "postgres" || which === "both") {
    const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const name = `samsyn_ind_bench_${Date.now()}`;
    try {
      await admin.unsafe(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      runChild("postgres", url.toString());
    } catch (error) {
      console.log(JSON.stringify({ bench: "indicators", db: "postgres", skipped: `PostgreSQL unavailable: ${(error as Error).message}` }));
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end();
    }
  }
  await chartJs();
}

await main();
