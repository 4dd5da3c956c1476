/**
 * `npm run bench:indicators` (issue 5, "Speed"): JSON lines.
 *
 * - import: a 100 000-value CSV validated and committed as one release (service call in process,
 *   on an embedded PGlite folder and on a fresh PostgreSQL database); then RELIABILITY.md I1's
 *   50 000-value file (< 10 s, < 200 MiB) in a fresh process ("import_50k", the process's first
 *   heavy work) and in one that has already imported 5 000 values ("import_50k_warm"). Each line
 *   has the process's RSS before the import, its peak during the import alone, and the difference;
 * - errors: a 5 000-row file in which every row is wrong, previewed; every error is reported;
 * - panel: the panel data of a driver with 6 indicators × 21 regions × 10 periods, p50/p95 of
 *   200 calls after a warm-up;
 * - chart_js: what the driver page ships to the browser for its charts (gzip kB), read from the
 *   production build's client chunks.
 *
 * Each database runs in a child process of its own, so each peak RSS is that database's alone.
 * The PGlite folder is created and migrated by an earlier child, as the app's first start does:
 * initdb runs in a WebAssembly module of its own whose ~430 MB the GC frees only later, which is
 * not the import's memory. The peak during an import is Linux's VmHWM, reset just before it
 * (/proc/self/clear_refs); elsewhere the process's maxRSS stands in. Services are called directly:
 * the figures are the server's work without HTTP around it.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { forEachDatabase, harnessMonitor, percentile, round, runBenchChild } from "./lib";

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

/** Linux's peak RSS since the last reset, in MB; null elsewhere. */
function peakRssMb(): number | null {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) / 1024;
  } catch {
    return null;
  }
}

/** Forgets the peak so far, so that the next peakRssMb() is the coming work's; false when not possible. */
function resetPeakRss(): boolean {
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

async function prepare(db: "pglite" | "postgres", url: string | undefined, dataDir: string | undefined): Promise<void> {
  const [{ openDatabase }, { migrateDatabase }] = await Promise.all([import("../db/client"), import("../db/migrate")]);
  const handle = db === "postgres" ? openDatabase({ kind: "postgres", url: url! }) : openDatabase({ kind: "pglite", dataDir: dataDir! });
  await migrateDatabase(handle);
  await handle.close();
}

async function child(db: "pglite" | "postgres", url: string | undefined, dataDir: string | undefined, importRows = IMPORT_ROWS, isWarm = false): Promise<void> {
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
  const handle = db === "postgres" ? openDatabase({ kind: "postgres", url: url! }) : openDatabase({ kind: "pglite", dataDir: dataDir! });
  setDatabaseHandle(handle);
  await migrateDatabase(handle);
  const world = await factories.buildBenchWorld(handle.db);
  const actor = { userId: world.facilitatorId };
  const encoder = new TextEncoder();

  // import: 100 000 values, or (--rows 50000, a process of its own) RELIABILITY I1's 50 000:
  // each the first import of a fresh process, as a server meets it after a restart.
  if (isWarm) {
    // A server that has already worked: V8 has tiered up PGlite's WebAssembly (a one-time
    // transient of several hundred MB on Node 24) and the heap has grown to its working size.
    const warmUp = await factories.buildBenchWorld(handle.db);
    await services.commitIndicatorImport({ userId: warmUp.facilitatorId }, { dialogueId: warmUp.dialogueId, fileName: "warm.csv", bytes: encoder.encode(valuesCsv(5_000, `warm_${randomUUID().slice(0, 8)}`)) });
  }
  for (const rows of [importRows]) {
    const target = world;
    let file: Uint8Array | null = encoder.encode(valuesCsv(rows, `bench_${randomUUID().slice(0, 8)}`));
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rssBeforeMb = round(process.memoryUsage().rss / 1024 / 1024, 1);
    const isPeakReset = resetPeakRss();
    const monitor = harnessMonitor();
    const started = performance.now();
    const report = await services.commitIndicatorImport({ userId: target.facilitatorId }, { dialogueId: target.dialogueId, fileName: "bench.csv", bytes: file });
    const importMs = performance.now() - started;
    const peakMb = (isPeakReset ? peakRssMb() : null) ?? process.resourceUsage().maxRSS / 1024;
    file = null;
    if (report.issues.length || report.releaseId === null) throw new Error(`import failed: ${JSON.stringify(report.issues.slice(0, 3))}`);
    console.log(
      JSON.stringify({
        bench: "indicators",
        case: `${rows === IMPORT_ROWS ? "import" : "import_50k"}${isWarm ? "_warm" : ""}`,
        db,
        rows,
        written: report.newCount,
        import_ms: round(importMs, 0),
        peak_rss_mb: round(peakMb, 1),
        rss_before_import_mb: rssBeforeMb,
        import_rss_growth_mb: round(peakMb - rssBeforeMb, 1),
        peak_is_import_only: isPeakReset,
        process_peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
        target_ms: rows === IMPORT_ROWS ? 5000 : 10000,
        load1: round(os.loadavg()[0] ?? 0),
        ...monitor(),
      }),
    );
  }

  if (importRows !== IMPORT_ROWS) {
    await handle.close();
    return;
  }

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
  const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  for (const mode of ["--prepare", "--child"] as const) {
    const childDb = option(mode);
    if (childDb === "pglite" || childDb === "postgres") {
      if (mode === "--prepare") await prepare(childDb, option("--url"), option("--data-dir"));
      else await child(childDb, option("--url"), option("--data-dir"), Number(option("--rows") ?? IMPORT_ROWS), argv.includes("--warm"));
      return;
    }
  }
  const which = argv.includes("--db") ? argv[argv.indexOf("--db") + 1]! : "both";
  await forEachDatabase("indicators", which, (target) => {
    const run = (mode: "--prepare" | "--child", args: string[] = []) => runBenchChild("indicators", "bench/indicators.ts", target, { mode, args, nodeArgs: ["--expose-gc"] });
    if (!run("--prepare")) return;
    run("--child");
    run("--child", ["--rows", "50000"]);
    run("--child", ["--rows", "50000", "--warm"]);
  });
  await chartJs();
}

await main();
