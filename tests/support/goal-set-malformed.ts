/**
 * Malformed goal-set files (issue 8: "20 malformed files give path-precise errors and write
 * nothing"), each a variation of the valid fixture with the path and code the reader must report.
 * Shared by the reader's unit test and the import service's integration test.
 */
import { GOAL_SET_LIMITS, type GoalSetExport } from "@/lib/model/goal-set-export";
import type { GoalSetIssueCode } from "@/lib/model/goal-set-import";
import { goalSetFixture } from "./goal-set-fixture";

export interface MalformedCase {
  name: string;
  /** The file's text. */
  text: () => string;
  path: string;
  code: GoalSetIssueCode;
  params?: Record<string, string | number>;
}

/** The fixture as plain JSON, changed by `change`, as file text. */
function variant(change: (file: Record<string, any>) => void): () => string {
  return () => {
    const file = JSON.parse(JSON.stringify(goalSetFixture())) as Record<string, any>;
    change(file);
    return JSON.stringify(file, null, 2);
  };
}

const fixtureDriver = () => JSON.parse(JSON.stringify(goalSetFixture().drivers[1])) as GoalSetExport["drivers"][number];

export const MALFORMED_CASES: MalformedCase[] = [
  {
    name: "a JSON syntax error (a missing comma), with line and column",
    text: () => '{\n  "format": "samsyn.goal-set"\n  "schemaVersion": 1\n}',
    path: "",
    code: "json_syntax",
    params: { line: 3, column: 3 },
  },
  {
    name: "a file cut off in the middle",
    text: () => JSON.stringify(goalSetFixture(), null, 2).slice(0, 200),
    path: "",
    code: "json_syntax",
  },
  { name: "an empty file", text: () => "  \n", path: "", code: "empty_file" },
  { name: "not an object (a JSON array)", text: () => "[1, 2, 3]", path: "", code: "not_goal_set" },
  { name: "another format", text: variant((file) => (file.format = "something.else")), path: "format", code: "not_goal_set" },
  {
    name: "schema version 2",
    text: variant((file) => (file.schemaVersion = 2)),
    path: "schemaVersion",
    code: "unsupported_version",
    params: { found: "2", supported: 1 },
  },
  { name: "no planning question", text: variant((file) => delete file.dialogue.planningQuestion), path: "dialogue.planningQuestion", code: "required" },
  {
    name: "a driver with an unknown WHO class",
    text: variant((file) => (file.drivers[1].whoClass = "sometimes")),
    path: "drivers[1].whoClass",
    code: "invalid_choice",
    params: { found: "sometimes", allowed: "within, predictable, uncertain" },
  },
  { name: "a target year that is not an integer", text: variant((file) => (file.drivers[0].goals[0].target.year = 2030.5)), path: "drivers[0].goals[0].target.year", code: "not_integer" },
  { name: "an unknown region code", text: variant((file) => (file.dialogue.regionCodes = ["01", "99"])), path: "dialogue.regionCodes[1]", code: "invalid_choice" },
  {
    name: "a goal text with a forbidden node type",
    text: variant((file) => (file.drivers[0].goals[0].doc.content[0].type = "script")),
    path: "drivers[0].goals[0].doc.content[0].type",
    code: "invalid_choice",
  },
  {
    name: "an action's responsible organisation that is not one of the dialogue's",
    text: variant((file) => (file.drivers[0].actions[0].responsible[0].id = "00000000-0000-4000-8000-000000000a99")),
    path: "drivers[0].actions[0].responsible[0].id",
    code: "unknown_organisation",
    params: { id: "00000000-0000-4000-8000-000000000a99" },
  },
  {
    name: "too many drivers",
    text: variant((file) => (file.drivers = Array.from({ length: GOAL_SET_LIMITS.drivers + 1 }, () => fixtureDriver()))),
    path: "drivers",
    code: "too_many",
    params: { max: GOAL_SET_LIMITS.drivers },
  },
  {
    name: "a description over the length limit",
    text: variant((file) => (file.drivers[1].description = "x".repeat(GOAL_SET_LIMITS.text + 1))),
    path: "drivers[1].description",
    code: "too_long",
    params: { max: GOAL_SET_LIMITS.text },
  },
  { name: "a negative release id", text: variant((file) => (file.dataReleases[0].id = -1)), path: "dataReleases[0].id", code: "too_small", params: { min: 0 } },
  {
    name: "an unknown extra property",
    text: variant((file) => (file.drivers[0].goals[1].priority = "high")),
    path: "drivers[0].goals[1].priority",
    code: "unknown_property",
    params: { name: "priority" },
  },
  { name: "a driver title of the wrong type", text: variant((file) => (file.drivers[0].title = 42)), path: "drivers[0].title", code: "wrong_type", params: { expected: "string" } },
  { name: "a driver id that is not a UUID", text: variant((file) => (file.drivers[1].id = "driver-2")), path: "drivers[1].id", code: "invalid_uuid" },
  { name: "an export time that is not a date and time", text: variant((file) => (file.exportedAt = "yesterday")), path: "exportedAt", code: "invalid_datetime" },
  {
    name: "an unknown source kind",
    text: variant((file) => (file.source = { kind: "final" })),
    path: "source.kind",
    code: "invalid_choice",
    params: { found: "final", allowed: "agreed, draft" },
  },
  { name: "a text whose root is not a document", text: variant((file) => (file.drivers[1].nulage.doc = { type: "paragraph" })), path: "drivers[1].nulage.doc", code: "not_a_document" },
  {
    name: "a text the editor cannot hold (bare text where a paragraph belongs)",
    text: variant((file) => (file.drivers[0].gap.doc = { type: "doc", content: [{ type: "text", text: "bare text at block level" }] })),
    path: "drivers[0].gap.doc",
    code: "invalid_structure",
  },
  {
    name: "a stance of an organisation that is not one of the dialogue's",
    text: variant((file) => (file.drivers[0].stances[1].organisationId = "00000000-0000-4000-8000-000000000a98")),
    path: "drivers[0].stances[1].organisationId",
    code: "unknown_organisation",
  },
  { name: "a horizon that ends before it starts", text: variant((file) => (file.dialogue.horizonTo = 2020)), path: "dialogue.horizonTo", code: "horizon_order" },
  {
    name: "two organisations of one name",
    text: variant((file) => (file.dialogue.organisations[1].name = file.dialogue.organisations[0].name)),
    path: "dialogue.organisations[1].name",
    code: "duplicate_organisation_name",
  },
  { name: "a target year the editor cannot hold", text: variant((file) => (file.drivers[0].goals[0].target.year = 2200)), path: "drivers[0].goals[0].target.year", code: "too_big", params: { max: 2100 } },
];
