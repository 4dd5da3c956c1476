/**
 * The published JSON Schema of the exported goal set (lib/export/goal-set.schema.json): it is what
 * the zod schema generates (regenerate with scripts/generate-export-schema.ts), and a standard
 * validator (Ajv, draft 2020-12, with formats) accepts an export and refuses what zod refuses.
 */
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { goalSetJsonSchema } from "@/lib/export/json-schema";
import { goalSetExportSchema } from "@/lib/model/goal-set-export";
import { goalSetFixture } from "@/tests/support/goal-set-fixture";

const committed = fs.readFileSync(path.join(process.cwd(), "lib", "export", "goal-set.schema.json"), "utf8");

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(committed));
}

describe("the goal set's JSON Schema", () => {
  it("is the one the zod schema generates", () => {
    expect(committed).toBe(goalSetJsonSchema());
  });

  it("accepts an export, as zod does", () => {
    const validate = validator();
    for (const goalSet of [goalSetFixture(), goalSetFixture({ source: { kind: "draft" }, language: "en" })]) {
      expect(validate(JSON.parse(JSON.stringify(goalSet))), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("refuses what zod refuses, at the same place", () => {
    const validate = validator();
    const broken = JSON.parse(JSON.stringify(goalSetFixture())) as Record<string, unknown> & { drivers: { whoClass: string; goals: { target: { year: number } }[] }[] };
    broken.drivers[0]!.whoClass = "somewhere";
    broken.drivers[0]!.goals[0]!.target.year = 2030.5;
    expect(validate(broken)).toBe(false);
    const ajvPaths = new Set((validate.errors ?? []).map((error) => error.instancePath));
    expect(ajvPaths).toContain("/drivers/0/whoClass");
    expect(ajvPaths).toContain("/drivers/0/goals/0/target/year");
    const zodPaths = goalSetExportSchema.safeParse(broken).error!.issues.map((issue) => `/${issue.path.join("/")}`);
    expect(zodPaths.sort()).toEqual(["/drivers/0/goals/0/target/year", "/drivers/0/whoClass"]);
  });
});
