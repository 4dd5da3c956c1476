/**
 * `npm run bench:workshop` (issue 9, "Speed"): JSON lines, on PGlite and on PostgreSQL, each case
 * in a child process of its own with a fresh database.
 *
 * - tally (bench/workshop-tally.ts): 150 participants vote one after another; the time from each
 *   vote until the facilitator's socket shows a tally including it; p99 and the process's RSS,
 *   with the room's push floor measured beside it as the reference.
 *
 * `--case tally` runs one case; `--db pglite|postgres|both` (default both).
 */
import { forEachDatabase, runBenchChild } from "./lib";
import { tallyChild } from "./workshop-tally";

const CASES = ["tally"] as const;
type Case = (typeof CASES)[number];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const childCase = option("--child-case") as Case | undefined;
  const childDb = option("--child");
  if (childDb === "pglite" || childDb === "postgres") {
    if (childCase === "tally") return tallyChild(childDb, option("--url"), option("--data-dir"));
    throw new Error(`unknown case ${childCase}`);
  }
  const chosen = option("--case");
  const cases = CASES.filter((name) => !chosen || chosen === name);
  for (const name of cases) {
    await forEachDatabase("workshop", option("--db") ?? "both", (target) => runBenchChild("workshop", "bench/workshop.ts", target, { args: ["--child-case", name] }));
  }
}

await main();
