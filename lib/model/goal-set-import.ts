/**
 * Reading a goal-set JSON file (issue 8: "a JSON export imports as a new dialogue"). Pure: bytes
 * in, a typed GoalSetExport or every problem out, each with the JSON path it concerns
 * (`drivers[3].goals[0].target.year`) and a code the page translates. The checks run in order,
 * each only when the one before passed, because each needs what the one before established:
 *
 * 1. the bytes: size, UTF-8, not empty;
 * 2. JSON syntax, reported with line and column;
 * 3. the header: `format` names a Samsyn goal set and `schemaVersion` is one this code reads, so a
 *    wrong file or a newer version gets one clear error instead of a hundred field errors;
 * 4. the schema (goalSetExportSchema, strict: unknown properties are errors too), every issue;
 * 5. what the schema cannot say: texts the editor can hold, references between parts of the file
 *    (an action's organisation must be one of the dialogue's), and values the live document would
 *    otherwise drop silently (a target year outside 2000–2100, more than 50 organisations on an
 *    action).
 *
 * The service (lib/server/services/goal-set-import.ts) writes only a file that passed all five.
 */
import { z } from "zod";
import { richTextSchema } from "../collab/editor-schema";
import {
  GOAL_SET_FORMAT,
  GOAL_SET_SCHEMA_VERSION,
  goalSetExportSchema,
  goalSetHeaderSchema,
  type GoalSetExport,
} from "./goal-set-export";
import { idSchema } from "./ids";
import type { RichTextNode } from "./rich-text";

/** The upload limit (the same as the indicator import's). */
export const MAX_GOAL_SET_BYTES = 10 * 1024 * 1024;
/** At most this many problems are returned; the count always covers the whole file. */
export const MAX_LISTED_ISSUES = 200;
/** The live document keeps at most this many organisations per role on an action (lib/collab/driver-doc.ts). */
export const MAX_ACTION_ORGANISATIONS = 50;
/** Target years the live document accepts (lib/collab/driver-doc.ts `targetSchema`). */
export const TARGET_YEARS = { min: 2000, max: 2100 } as const;

export const GOAL_SET_ISSUE_CODES = [
  "file_too_large",
  "not_utf8",
  "empty_file",
  "json_syntax",
  "not_goal_set",
  "unsupported_version",
  "required",
  "wrong_type",
  "not_integer",
  "too_small",
  "too_big",
  "too_short",
  "too_long",
  "too_many",
  "invalid_choice",
  "invalid_uuid",
  "invalid_datetime",
  "unknown_property",
  "invalid",
  "not_a_document",
  "invalid_structure",
  "unknown_organisation",
  "duplicate_organisation_id",
  "duplicate_organisation_name",
  "responsible_and_collaborating",
  "duplicate_indicator",
  "horizon_order",
  "gap_without_target",
] as const;
export type GoalSetIssueCode = (typeof GOAL_SET_ISSUE_CODES)[number];

/** The JSON types a `wrong_type` issue can expect (the page words each). */
export type ExpectedJsonType = "string" | "number" | "boolean" | "array" | "object" | "other";

export interface GoalSetIssue {
  /** Where in the file, e.g. `drivers[3].goals[0].target.year`; "" for the whole file. */
  path: string;
  code: GoalSetIssueCode;
  params?: Record<string, string | number>;
}

export type GoalSetReading = { ok: true; goalSet: GoalSetExport } | { ok: false; issues: GoalSetIssue[]; issueCount: number };

/** `["drivers", 3, "goals", 0, "target", "year"]` → `drivers[3].goals[0].target.year`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else {
      const name = String(segment);
      text += /^[A-Za-z_$][\w$]*$/.test(name) ? (text ? `.${name}` : name) : `[${JSON.stringify(name)}]`;
    }
  }
  return text;
}

function refused(issues: GoalSetIssue[]): GoalSetReading {
  return { ok: false, issues: issues.slice(0, MAX_LISTED_ISSUES), issueCount: issues.length };
}

/** Reads an uploaded file. Never throws for bad input: every problem is an issue. */
export function readGoalSetFile(bytes: Uint8Array): GoalSetReading {
  if (bytes.byteLength > MAX_GOAL_SET_BYTES) return refused([{ path: "", code: "file_too_large", params: { max: MAX_GOAL_SET_BYTES / 1024 / 1024 } }]);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return refused([{ path: "", code: "not_utf8" }]);
  }
  return readGoalSetText(text);
}

/** Reads the text of a goal-set file (a leading byte-order mark is allowed). */
export function readGoalSetText(raw: string): GoalSetReading {
  const text = raw.replace(/^\uFEFF/, "");
  if (text.trim() === "") return refused([{ path: "", code: "empty_file" }]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refused([{ path: "", code: "json_syntax", params: syntaxErrorPosition(text) }]);
  }
  return readGoalSetValue(value);
}

/** Checks a parsed JSON value: header, schema, then what the schema cannot say. */
export function readGoalSetValue(value: unknown): GoalSetReading {
  const header = headerIssue(value);
  if (header) return refused([header]);
  const parsed = goalSetExportSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return refused(parsed.error.issues.flatMap(issuesFromZod));
  const issues = crossCheck(parsed.data);
  return issues.length ? refused(issues) : { ok: true, goalSet: parsed.data };
}

// --- 2. syntax ----------------------------------------------------------------------------------

/**
 * Line and column (both from 1) of the first syntax error. JSON.parse says where only for some
 * errors, in words that differ between engines, so the text is scanned again (only when parsing
 * failed) by a small JSON recognizer that stops at the first character that cannot continue it.
 */
export function syntaxErrorPosition(text: string): { line: number; column: number } {
  const offset = firstSyntaxErrorOffset(text);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return { line, column };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/** The offset of the first character that is not valid JSON there (iterative: no recursion depth limit). */
function firstSyntaxErrorOffset(text: string): number {
  const length = text.length;
  const stack: ("{" | "[")[] = [];
  let index = 0;
  let mode: "value" | "valueOrClose" | "key" | "keyOrClose" | "colon" | "after" = "value";
  const skipSpace = () => {
    while (index < length && " \t\n\r".includes(text[index]!)) index++;
  };
  /** From an opening quote: the offset after the closing one, or the error's offset (negative, minus one). */
  const string = (start: number): number => {
    let at = start + 1;
    while (at < length) {
      const char = text[at]!;
      if (char === '"') return at + 1;
      if (char === "\\") {
        const next = text[at + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) return -(at + 1) - 1;
          at += 6;
          continue;
        }
        if (next === undefined || !ESCAPES.has(next)) return -(at + 1) - 1;
        at += 2;
        continue;
      }
      if (char.charCodeAt(0) < 0x20) return -at - 1;
      at++;
    }
    return -length - 1;
  };
  for (;;) {
    skipSpace();
    if (mode === "after") {
      const open = stack.at(-1);
      if (!open) return index;
      const char = text[index];
      if (char === ",") {
        index++;
        mode = open === "{" ? "key" : "value";
      } else if (char === (open === "{" ? "}" : "]")) {
        index++;
        stack.pop();
      } else return index;
      continue;
    }
    if (index >= length) return index;
    const char = text[index]!;
    if ((mode === "keyOrClose" && char === "}") || (mode === "valueOrClose" && char === "]")) {
      index++;
      stack.pop();
      mode = "after";
      continue;
    }
    if (mode === "key" || mode === "keyOrClose") {
      if (char !== '"') return index;
      const end = string(index);
      if (end < 0) return -end - 1;
      index = end;
      mode = "colon";
      continue;
    }
    if (mode === "colon") {
      if (char !== ":") return index;
      index++;
      mode = "value";
      continue;
    }
    if (char === "{" || char === "[") {
      stack.push(char);
      index++;
      mode = char === "{" ? "keyOrClose" : "valueOrClose";
      continue;
    }
    if (char === '"') {
      const end = string(index);
      if (end < 0) return -end - 1;
      index = end;
    } else {
      const literal = ["true", "false", "null"].find((word) => text.startsWith(word, index));
      if (literal) index += literal.length;
      else {
        NUMBER.lastIndex = index;
        if (!NUMBER.test(text)) return index;
        index = NUMBER.lastIndex;
      }
    }
    mode = "after";
  }
}

// --- 3. header ----------------------------------------------------------------------------------

function headerIssue(value: unknown): GoalSetIssue | null {
  if (goalSetHeaderSchema.safeParse(value).success) return null;
  const record = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (!record || record.format !== GOAL_SET_FORMAT) return { path: record && "format" in record ? "format" : "", code: "not_goal_set" };
  return {
    path: "schemaVersion",
    code: "unsupported_version",
    params: { found: shortValue(record.schemaVersion), supported: GOAL_SET_SCHEMA_VERSION },
  };
}

// --- 4. schema ----------------------------------------------------------------------------------

/** A value as an issue quotes it: at most 40 characters. */
function shortValue(value: unknown): string {
  const text = value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function jsonTypeOf(expected: string): ExpectedJsonType {
  switch (expected) {
    case "string":
    case "number":
    case "boolean":
    case "array":
    case "object":
      return expected;
    default:
      return "other";
  }
}

/** One zod issue as the file's issues (an unknown-properties issue names each property). */
export function issuesFromZod(issue: z.core.$ZodIssue): GoalSetIssue[] {
  const path = formatJsonPath(issue.path);
  const at = (code: GoalSetIssueCode, params?: GoalSetIssue["params"]): GoalSetIssue[] => [params ? { path, code, params } : { path, code }];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: formatJsonPath([...issue.path, key]), code: "unknown_property" as const, params: { name: shortValue(key) } }));
    case "invalid_type":
      if (input === undefined) return at("required");
      if (issue.expected === "int" && typeof input === "number") return at("not_integer");
      return at("wrong_type", { expected: jsonTypeOf(issue.expected === "int" ? "number" : issue.expected) });
    case "too_small":
      if (issue.origin === "string") return at(Number(issue.minimum) <= 1 ? "required" : "too_short", { min: Number(issue.minimum) });
      return at("too_small", { min: Number(issue.minimum) });
    case "too_big":
      if (issue.origin === "string") return at("too_long", { max: Number(issue.maximum) });
      if (issue.origin === "array") return at("too_many", { max: Number(issue.maximum) });
      return at("too_big", { max: Number(issue.maximum) });
    case "invalid_value":
      return at("invalid_choice", { found: shortValue(input), allowed: issue.values.map((allowed) => String(allowed)).join(", ") });
    case "invalid_union": {
      // A discriminated union names the property and its allowed values; the input is the object.
      const { options, discriminator } = issue as { options?: unknown[]; discriminator?: string };
      if (!options) return at("invalid");
      const found = discriminator && input !== null && typeof input === "object" ? (input as Record<string, unknown>)[discriminator] : input;
      return at("invalid_choice", { found: shortValue(found), allowed: options.map(String).join(", ") });
    }
    case "invalid_format":
      if (issue.format === "uuid") return at("invalid_uuid", { found: shortValue(input) });
      if (issue.format === "datetime") return at("invalid_datetime", { found: shortValue(input) });
      return at("invalid");
    case "custom": {
      // The rich-text schema's refinements (lib/model/rich-text.ts): not a document, or too long.
      const params = (issue as { params?: { max?: number } }).params;
      if (issue.message === "tooLong" && params?.max) return at("too_long", { max: params.max });
      if (issue.message === "invalid") return at("not_a_document");
      return at("invalid");
    }
    default:
      return at("invalid");
  }
}

// --- 5. what the schema cannot say --------------------------------------------------------------

/** The rich texts of a driver with their paths. */
function* documentsOf(goalSet: GoalSetExport): Generator<[string, RichTextNode]> {
  for (const [d, driver] of goalSet.drivers.entries()) {
    yield [`drivers[${d}].nulage.doc`, driver.nulage.doc];
    yield [`drivers[${d}].future.doc`, driver.future.doc];
    yield [`drivers[${d}].gap.doc`, driver.gap.doc];
    for (const [g, goal] of driver.goals.entries()) yield [`drivers[${d}].goals[${g}].doc`, goal.doc];
    for (const [a, action] of driver.actions.entries()) yield [`drivers[${d}].actions[${a}].doc`, action.doc];
  }
}

/** The editor's schema must accept the text (node nesting, marks), or the live document could not hold it. */
function isEditorDocument(doc: RichTextNode): boolean {
  try {
    richTextSchema().nodeFromJSON(doc).check();
    return true;
  } catch {
    return false;
  }
}

export function crossCheck(goalSet: GoalSetExport): GoalSetIssue[] {
  const issues: GoalSetIssue[] = [];
  const { dialogue } = goalSet;
  if (dialogue.horizonTo < dialogue.horizonFrom) issues.push({ path: "dialogue.horizonTo", code: "horizon_order" });

  const organisationIds = new Set<string>();
  const names = new Set<string>();
  for (const [index, organisation] of dialogue.organisations.entries()) {
    if (organisationIds.has(organisation.id)) issues.push({ path: `dialogue.organisations[${index}].id`, code: "duplicate_organisation_id", params: { id: organisation.id } });
    // The register's names are unique: two organisations of one name would become one.
    const name = organisation.name.trim();
    if (!name) issues.push({ path: `dialogue.organisations[${index}].name`, code: "required" });
    else if (names.has(name)) issues.push({ path: `dialogue.organisations[${index}].name`, code: "duplicate_organisation_name", params: { name: shortValue(name) } });
    organisationIds.add(organisation.id);
    names.add(name);
  }
  const known = (path: string, id: string) => {
    if (!organisationIds.has(id)) issues.push({ path, code: "unknown_organisation", params: { id } });
  };

  for (const [d, driver] of goalSet.drivers.entries()) {
    const base = `drivers[${d}]`;
    for (const part of ["nulage", "future"] as const) {
      const seen = new Set<string>();
      for (const [i, indicator] of driver[part].indicators.entries()) {
        if (seen.has(indicator.id)) issues.push({ path: `${base}.${part}.indicators[${i}].id`, code: "duplicate_indicator", params: { id: shortValue(indicator.id) } });
        seen.add(indicator.id);
      }
    }
    for (const [g, goal] of driver.goals.entries()) {
      const path = `${base}.goals[${g}]`;
      if (goal.target && goal.target.year < TARGET_YEARS.min) issues.push({ path: `${path}.target.year`, code: "too_small", params: { min: TARGET_YEARS.min } });
      if (goal.target && goal.target.year > TARGET_YEARS.max) issues.push({ path: `${path}.target.year`, code: "too_big", params: { max: TARGET_YEARS.max } });
      if (goal.gap && !goal.target) issues.push({ path: `${path}.gap`, code: "gap_without_target" });
    }
    for (const [a, action] of driver.actions.entries()) {
      const path = `${base}.actions[${a}]`;
      const responsible = new Set(action.responsible.map((organisation) => organisation.id));
      for (const role of ["responsible", "collaborating"] as const) {
        if (action[role].length > MAX_ACTION_ORGANISATIONS) issues.push({ path: `${path}.${role}`, code: "too_many", params: { max: MAX_ACTION_ORGANISATIONS } });
        for (const [o, organisation] of action[role].entries()) known(`${path}.${role}[${o}].id`, organisation.id);
      }
      for (const [o, organisation] of action.collaborating.entries()) {
        if (responsible.has(organisation.id)) issues.push({ path: `${path}.collaborating[${o}].id`, code: "responsible_and_collaborating" });
      }
    }
    for (const [s, stance] of driver.stances.entries()) known(`${base}.stances[${s}].organisationId`, stance.organisationId);
  }
  for (const [path, doc] of documentsOf(goalSet)) {
    if (!isEditorDocument(doc)) issues.push({ path, code: "invalid_structure" });
  }
  return issues;
}

// --- the form -----------------------------------------------------------------------------------

/** What the import form sends: the file and the organisation the importer speaks for. */
export const importGoalSetSchema = z.object({
  organisationId: idSchema,
  fileName: z.string().trim().max(200).default(""),
  // The size limit is the reader's own check (a listed file error), not a form error.
  file: z.instanceof(Uint8Array, { error: "required" }),
});
export type ImportGoalSetInput = z.infer<typeof importGoalSetSchema>;
