/**
 * Writes lib/export/goal-set.schema.json, the JSON Schema of the exported goal set, from the zod
 * schema the app itself validates with (lib/model/goal-set-export.ts). Run it after changing that
 * schema: `npx tsx scripts/generate-export-schema.ts`. tests/unit/goal-set-schema.test.ts fails
 * while the committed file differs from what this prints.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { goalSetJsonSchema } from "../lib/export/json-schema";

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "lib", "export", "goal-set.schema.json");
fs.writeFileSync(target, goalSetJsonSchema());
console.log(`Wrote ${path.relative(process.cwd(), target)}`);
