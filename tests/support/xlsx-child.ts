/**
 * Reads one uploaded file the way the import does (lib/server/import/read-upload.ts) in a fresh
 * process, and reports the outcome with the time it took and how far the process's peak RSS rose
 * above its RSS just before (RELIABILITY.md I2: < 2 s, < 100 MiB). Bundled by the test with
 * esbuild so that a run starts in a fraction of a second.
 *
 *   node xlsx-child.mjs <path> <file name>
 */
import fs from "node:fs";
import { readUploadTable } from "@/lib/server/import/read-upload";

const [filePath, fileName] = process.argv.slice(2);
if (!filePath || !fileName) throw new Error("usage: xlsx-child <path> <file name>");
const bytes = new Uint8Array(fs.readFileSync(filePath));

/** Linux's peak RSS of this process (VmHWM), in bytes; null where /proc is not there. */
function peakRss(): number | null {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) * 1024;
  } catch {
    return null;
  }
}
// Start-up (loading the bundle) peaks higher than the process then sits; forget that peak
// ("5" resets VmHWM to the current RSS), so what is left is the import's own.
try {
  fs.writeFileSync("/proc/self/clear_refs", "5");
} catch {
  // Not Linux: maxRSS below then includes start-up, which only makes the figure larger.
}
const rssBefore = process.memoryUsage().rss;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await readUploadTable(fileName, bytes);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const growth = (peakRss() ?? process.resourceUsage().maxRSS * 1024) - rssBefore;
const issues = "table" in result ? [] : "issue" in result ? [result.issue] : result.issues;
process.stdout.write(
  `${JSON.stringify({
    rows: "table" in result ? result.table.rows.length : null,
    codes: [...new Set(issues.map((issue) => issue.code))],
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rssGrowthMiB: Math.round((growth / 1024 / 1024) * 10) / 10,
  })}\n`,
);
