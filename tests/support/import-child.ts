/**
 * One indicator import in a process of its own, for the kill -9 runs of RELIABILITY.md I1
 * (tests/integration/indicator-import-fuzz.test.ts). The database comes from the environment
 * (DATABASE_URL or PGLITE_DATA_DIR), as in the app. Prints "started" just before the commit
 * begins and the outcome when it ends; the test kills it somewhere in between.
 *
 *   node --conditions=react-server --import tsx tests/support/import-child.ts <file> <dialogueId> <userId>
 */
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { getDatabaseHandle } from "@/db/client";
import { commitIndicatorImport } from "@/lib/server/services/indicator-import";

const [file, dialogueId, userId] = process.argv.slice(2);
if (!file || !dialogueId || !userId) throw new Error("usage: import-child.ts <file> <dialogueId> <userId>");
process.env.SAMSYN_QUIET_LOGS = "1";
const bytes = new Uint8Array(fs.readFileSync(file));
// Open the database before saying "started", so the kill lands in the import, not in the start-up.
await getDatabaseHandle().db.execute(sql`select 1`);
process.stdout.write("started\n");
const report = await commitIndicatorImport({ userId }, { dialogueId, fileName: "kill.csv", bytes });
process.stdout.write(`${JSON.stringify({ releaseId: report.releaseId, issues: report.issues.length })}\n`);
await getDatabaseHandle().close();
process.exit(0);
