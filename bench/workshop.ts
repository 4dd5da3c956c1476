/**
 * `npm run bench:workshop` (issue 9, "Speed"): JSON lines, on PGlite and on PostgreSQL, each case
 * in a child process of its own with a fresh database.
 *
 * - navigation (bench/workshop-navigation.ts): the facilitator's navigation until each of 150
 *   followers has the new focus, p99 over 120 navigations, the server's RSS, and a raw `ws`
 *   broadcast of the same bytes to as many sockets as the reference. Its server runs in a child
 *   process of its own and the followers in this one.
 * - tally (bench/workshop-tally.ts): 150 participants vote one after another; the time from each
 *   vote until the facilitator's socket shows a tally including it; p99 and the process's RSS,
 *   with the room's push floor measured beside it as the reference.
 *
 * `--case navigation|tally` runs one case; `--db pglite|postgres|both` (default both).
 */
import { forEachDatabase, runBenchChild } from "./lib";
import { navigationBench } from "./workshop-navigation";
import { tallyChild } from "./workshop-tally";

const CASES = ["navigation", "tally"] as const;
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
    if (name === "navigation") {
      await navigationBench(option("--db") ?? "both");
      continue;
    }
    await forEachDatabase("workshop", option("--db") ?? "both", (target) => runBenchChild("workshop", "bench/workshop.ts", target, { args: ["--child-case", name] }));
  }
}

await main();
