/**
 * Reading a goal-set file (lib/model/goal-set-import.ts): the fixture reads back as itself; each
 * malformed file is refused with the JSON path and code of what is wrong; every problem is listed
 * (up to the cap, with the full count).
 */
import { describe, expect, it } from "vitest";
import {
  formatJsonPath,
  syntaxErrorPosition,
  MAX_GOAL_SET_BYTES,
  MAX_LISTED_ISSUES,
  readGoalSetFile,
  readGoalSetText,
  type GoalSetReading,
} from "@/lib/model/goal-set-import";
import { goalSetFixture } from "@/tests/support/goal-set-fixture";
import { MALFORMED_CASES } from "@/tests/support/goal-set-malformed";

function issuesOf(reading: GoalSetReading) {
  if (reading.ok) throw new Error("expected the file to be refused");
  return reading.issues;
}

describe("readGoalSetText", () => {
  it("reads a valid export back as the same document (a byte-order mark is allowed)", () => {
    const goalSet = goalSetFixture();
    const reading = readGoalSetText(`\uFEFF${JSON.stringify(goalSet, null, 2)}`);
    expect(reading).toEqual({ ok: true, goalSet });
  });

  it("has at least 20 distinct malformed files", () => {
    expect(new Set(MALFORMED_CASES.map((entry) => entry.name)).size).toBeGreaterThanOrEqual(20);
    expect(new Set(MALFORMED_CASES.map((entry) => `${entry.path} ${entry.code}`)).size).toBeGreaterThanOrEqual(20);
  });

  for (const entry of MALFORMED_CASES) {
    it(`refuses ${entry.name} at "${entry.path}" (${entry.code})`, () => {
      const issues = issuesOf(readGoalSetText(entry.text()));
      const found = issues.find((issue) => issue.path === entry.path && issue.code === entry.code);
      expect(found, JSON.stringify(issues.slice(0, 5))).toBeDefined();
      if (entry.params) expect(found!.params).toMatchObject(entry.params);
    });
  }

  it("says where a syntax error is: line and column", () => {
    const issues = issuesOf(readGoalSetText('{\n  "a": 1,\n  "b": tru\n}'));
    expect(issues).toEqual([{ path: "", code: "json_syntax", params: { line: 3, column: 8 } }]);
  });

  it.each([
    ["a trailing comma", '{"a": [1, 2,]}', 1, 13],
    ["a string that never ends", '{\n  "a": "open\n}', 2, 13],
    ["content after the document", '{"a": 1} {"b": 2}', 1, 10],
    ["a single-quoted key", "{\n\n   'a': 1}", 3, 4],
    ["a bad escape", '{"a": "x\\q"}', 1, 10],
    ["a number with a leading zero", '[01]', 1, 3],
  ])("finds %s", (_name, text, line, column) => {
    expect(issuesOf(readGoalSetText(text))).toEqual([{ path: "", code: "json_syntax", params: { line, column } }]);
  });

  it("gives a wrong file or version one clear error, not a list of field errors", () => {
    expect(issuesOf(readGoalSetText(JSON.stringify({ hello: "world" })))).toEqual([{ path: "", code: "not_goal_set" }]);
    const newer = { ...goalSetFixture(), schemaVersion: 2, drivers: "whatever" };
    expect(issuesOf(readGoalSetText(JSON.stringify(newer)))).toEqual([
      { path: "schemaVersion", code: "unsupported_version", params: { found: "2", supported: 1 } },
    ]);
  });

  it("lists every problem, not only the first", () => {
    const file = JSON.parse(JSON.stringify(goalSetFixture()));
    delete file.dialogue.planningQuestion;
    file.drivers[0].whoClass = "x";
    file.drivers[1].goals = "none";
    file.extra = true;
    const issues = issuesOf(readGoalSetText(JSON.stringify(file)));
    expect(issues.map((issue) => `${issue.path} ${issue.code}`).sort()).toEqual(
      ["dialogue.planningQuestion required", "drivers[0].whoClass invalid_choice", "drivers[1].goals wrong_type", "extra unknown_property"].sort(),
    );
  });

  it("caps the list and keeps the full count", () => {
    const file = JSON.parse(JSON.stringify(goalSetFixture()));
    file.drivers = Array.from({ length: 150 }, () => ({ ...file.drivers[1], whoClass: "x", careAreas: ["y"] }));
    const reading = readGoalSetText(JSON.stringify(file));
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.issues).toHaveLength(MAX_LISTED_ISSUES);
    expect(reading.issueCount).toBe(300);
  });
});

describe("readGoalSetFile", () => {
  it("refuses a file over the size limit before reading it", () => {
    expect(issuesOf(readGoalSetFile(new Uint8Array(MAX_GOAL_SET_BYTES + 1)))).toEqual([{ path: "", code: "file_too_large", params: { max: 10 } }]);
  });

  it("refuses bytes that are not UTF-8", () => {
    expect(issuesOf(readGoalSetFile(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toEqual([{ path: "", code: "not_utf8" }]);
  });
});

describe("syntaxErrorPosition", () => {
  it("points into every invalid variant of a valid file, never past its end", () => {
    const text = JSON.stringify(goalSetFixture(), null, 1);
    for (let cut = 1; cut < text.length; cut += 97) {
      const broken = text.slice(0, cut) + text.slice(cut + 1);
      let valid = true;
      try {
        JSON.parse(broken);
      } catch {
        valid = false;
      }
      if (valid) continue;
      const { line, column } = syntaxErrorPosition(broken);
      const lines = broken.split("\n");
      expect(line).toBeLessThanOrEqual(lines.length);
      expect(column).toBeLessThanOrEqual(lines[line - 1]!.length + 1);
    }
  });
});

describe("formatJsonPath", () => {
  it("writes indices in brackets and names with dots", () => {
    expect(formatJsonPath(["drivers", 3, "goals", 0, "target", "year"])).toBe("drivers[3].goals[0].target.year");
    expect(formatJsonPath([])).toBe("");
    expect(formatJsonPath(["dialogue", "odd key"])).toBe('dialogue["odd key"]');
  });
});
