/**
 * Checks the message files against each other and against the code that uses them:
 *  - sv.json (the source of truth) and en.json have the same leaf keys, no empty strings, valid ICU
 *    syntax, and the same ICU arguments (name and kind: plain, plural, select, number…) per key;
 *  - every leaf key is used somewhere in app/, components/ or lib/ (message files excluded);
 *  - every key the code asks for exists;
 *  - every validation key, error code and error reason the code can hand to the UI has a message.
 *
 * The usage scan reads source text, it does not type-check. It knows the forms this codebase uses:
 *   const t = await getTranslations("members.invite"); t("sent")
 *   const t = useTranslations("statements"); t("moveUp", { number })
 *   (await getTranslations("dialogues.new"))("title")
 *   t(`role.${member.role}`), tParts(`${part}.title`), tErrors(result.code)
 *   const { t } = text; t("exportDocument.title")   (an ExportText: keys in full)
 * A `${…}` in a key, or a non-literal key, is a wildcard for one key segment. A bare identifier in
 * `${…}` whose annotation in the same file is a union of string literals (`namespace: "a" | "b"`,
 * or a local `type X = "a" | "b"`) stands for exactly those literals, so each must exist.
 * A call is bound to the nearest preceding declaration of its translator's name in the file.
 *
 * Run it with `npx tsx scripts/check-messages.ts`: it prints the problems and exits 1 if any.
 * tests/unit/i18n-messages.test.ts runs the same functions.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import IntlMessageFormat from "intl-messageformat";
import { ERROR_CODES } from "../lib/errors";
import { VALIDATION_KEYS } from "../lib/validation";

/** The parsed contents of a message file. */
export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** Where a message file's keys are used, as written in the code. */
export interface KeyUsage {
  file: string;
  line: number;
  /** The full key as written, with `*` for each dynamic part, e.g. `enums.role.*`. */
  key: string;
  /** Matches the full key paths this usage can reach. */
  pattern: RegExp;
}

export interface MessageProblems {
  /** Keys in sv.json but not en.json, or the other way round. */
  keyMismatches: string[];
  /** Keys whose ICU arguments differ between the languages, or whose message does not parse. */
  argumentMismatches: string[];
  emptyMessages: string[];
  /** Keys no code uses. */
  unusedKeys: string[];
  /** Keys the code uses that sv.json lacks, with where they are used. */
  missingKeys: string[];
  /** Validation keys, error codes and error reasons without a message. */
  missingCodeKeys: string[];
}

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const MESSAGE_DIR = "lib/i18n/messages";
/** The folders whose code may use messages. */
export const SOURCE_DIRS = ["app", "components", "lib"] as const;

export function readMessages(locale: string, root = PROJECT_ROOT): MessageTree {
  return JSON.parse(fs.readFileSync(path.join(root, MESSAGE_DIR, `${locale}.json`), "utf8")) as MessageTree;
}

/** Every leaf of a message tree, keyed by its dotted path. A non-string leaf is kept as "" so it shows as empty. */
export function flattenMessages(tree: MessageTree, prefix = ""): Map<string, string> {
  const leaves = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const keyPath = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object") {
      for (const [leafPath, leaf] of flattenMessages(value, keyPath)) leaves.set(leafPath, leaf);
    } else {
      leaves.set(keyPath, typeof value === "string" ? value : "");
    }
  }
  return leaves;
}

// The element types of @formatjs/icu-messageformat-parser's AST (its `TYPE` enum).
const ICU_ARGUMENT_KINDS: Record<number, string> = { 1: "argument", 2: "number", 3: "date", 4: "time", 5: "select", 6: "plural" };
const ICU_TAG = 8;

interface IcuElement {
  type: number;
  value?: unknown;
  options?: Record<string, { value: IcuElement[] }>;
  children?: IcuElement[];
  pluralType?: "cardinal" | "ordinal";
}

/**
 * The ICU arguments of a message, name → kind (`argument`, `plural`, `selectordinal`, `select`,
 * `number`, `date`, `time`, `tag`), parsed the way next-intl parses it at run time. Throws on a
 * syntax error.
 */
export function icuArguments(message: string, locale: string): Map<string, string> {
  const ast = new IntlMessageFormat(message, locale).getAst() as unknown as IcuElement[];
  const found = new Map<string, string>();
  const visit = (elements: IcuElement[]) => {
    for (const element of elements) {
      const kind = ICU_ARGUMENT_KINDS[element.type];
      if (kind && typeof element.value === "string") {
        found.set(element.value, kind === "plural" && element.pluralType === "ordinal" ? "selectordinal" : kind);
      }
      if (element.type === ICU_TAG && typeof element.value === "string") found.set(`<${element.value}>`, "tag");
      for (const option of Object.values(element.options ?? {})) visit(option.value);
      if (element.children) visit(element.children);
    }
  };
  visit(ast);
  return found;
}

function describeArguments(args: Map<string, string>): string {
  return [...args].map(([name, kind]) => (kind === "argument" ? name : `${name}:${kind}`)).sort().join(", ") || "none";
}

/** Compares two languages' message trees: key sets, empty strings and ICU arguments. */
export function compareLanguages(
  source: MessageTree,
  translation: MessageTree,
  locales: { source: string; translation: string } = { source: "sv", translation: "en" },
): Pick<MessageProblems, "keyMismatches" | "argumentMismatches" | "emptyMessages"> {
  const sourceLeaves = flattenMessages(source);
  const translationLeaves = flattenMessages(translation);
  const keyMismatches = [
    ...[...sourceLeaves.keys()].filter((key) => !translationLeaves.has(key)).map((key) => `${key}: missing in ${locales.translation}`),
    ...[...translationLeaves.keys()].filter((key) => !sourceLeaves.has(key)).map((key) => `${key}: missing in ${locales.source}`),
  ];
  const emptyMessages = [
    ...[...sourceLeaves].filter(([, text]) => text.trim() === "").map(([key]) => `${key} (${locales.source})`),
    ...[...translationLeaves].filter(([, text]) => text.trim() === "").map(([key]) => `${key} (${locales.translation})`),
  ];
  const argumentMismatches: string[] = [];
  for (const [key, sourceText] of sourceLeaves) {
    const translationText = translationLeaves.get(key);
    if (translationText === undefined) continue;
    let sourceArgs: Map<string, string>;
    let translationArgs: Map<string, string>;
    try {
      sourceArgs = icuArguments(sourceText, locales.source);
    } catch (error) {
      argumentMismatches.push(`${key}: ${locales.source} does not parse (${(error as Error).message})`);
      continue;
    }
    try {
      translationArgs = icuArguments(translationText, locales.translation);
    } catch (error) {
      argumentMismatches.push(`${key}: ${locales.translation} does not parse (${(error as Error).message})`);
      continue;
    }
    const sourceDescription = describeArguments(sourceArgs);
    const translationDescription = describeArguments(translationArgs);
    if (sourceDescription !== translationDescription) {
      argumentMismatches.push(`${key}: ${locales.source} has {${sourceDescription}}, ${locales.translation} has {${translationDescription}}`);
    }
  }
  return { keyMismatches, argumentMismatches, emptyMessages };
}

/** The .ts/.tsx files under the source folders, relative to root, message files excluded. */
export function listSourceFiles(root = PROJECT_ROOT): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    const full = path.join(root, relative);
    if (!fs.existsSync(full)) return;
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (child !== MESSAGE_DIR && entry.name !== "node_modules") walk(child);
      } else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        files.push(child);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return files.sort();
}

// ---------------------------------------------------------------------------------------------
// Finding translators and their calls in source text

const TRANSLATOR_FACTORY = String.raw`(?:getTranslations|useTranslations|createTranslator)`;
/** `const t = await getTranslations(` / `const tEnums = useTranslations(` */
const DECLARATION = new RegExp(String.raw`\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?${TRANSLATOR_FACTORY}\s*\(`, "g");
/**
 * `const { t } = text;`: the exports' phrasing (lib/export/document-text.ts) hands renderers an
 * ExportText whose `t` is a translator over every namespace, so its keys are written in full.
 */
const EXPORT_TEXT_DECLARATION = /\b(?:const|let)\s+\{[^}]*\bt\b[^}]*\}\s*=\s*[A-Za-z_$][\w$]*\s*;/g;
/** `(await getTranslations(` whose result is called at once: `(await getTranslations("x"))("title")` */
const INLINE_FACTORY = new RegExp(String.raw`\(\s*(?:await\s+)?${TRANSLATOR_FACTORY}\s*\(`, "g");

/** Blanks whole-line `//` comments and JSDoc/block comments that start a line, keeping offsets. */
function blankComments(source: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, " ");
  return source
    .replace(/^[ \t]*\/\*[\s\S]*?\*\//gm, blank)
    .replace(/^[ \t]*\/\/.*$/gm, blank);
}

/** The index just past the bracket that closes the one opened before `start`, skipping strings. */
function skipBalanced(source: string, start: number, open: string, close: string): number {
  let depth = 1;
  let index = start;
  while (index < source.length && depth > 0) {
    const char = source[index]!;
    if (char === '"' || char === "'" || char === "`") {
      index = skipString(source, index);
      continue;
    }
    if (char === open) depth++;
    else if (char === close) depth--;
    index++;
  }
  return index;
}

/** The index just past the string literal that starts at `start`. */
function skipString(source: string, start: number): number {
  const quote = source[start]!;
  let index = start + 1;
  while (index < source.length && source[index] !== quote) {
    if (source[index] === "\\") index++;
    else if (quote === "`" && source[index] === "$" && source[index + 1] === "{") {
      index = skipBalanced(source, index + 2, "{", "}");
      continue;
    }
    index++;
  }
  return index + 1;
}

type KeyPart = { literal: string } | { expression: string };

/**
 * Reads the first argument of a call whose `(` is just before `start`: a string literal as
 * literal and `${…}` parts, anything else as one expression. Undefined for an empty call.
 */
function readFirstArgument(source: string, start: number): { parts: KeyPart[]; end: number } | undefined {
  let index = start;
  while (/\s/.test(source[index] ?? "")) index++;
  const char = source[index];
  if (char === ")") return undefined;
  if (char === '"' || char === "'") {
    const end = skipString(source, index);
    const text = source.slice(index + 1, end - 1);
    // A `${…}` inside a plain string is not interpolated by JavaScript, but someone meant it to be.
    return { parts: splitInterpolations(text), end };
  }
  if (char === "`") {
    const end = skipString(source, index);
    return { parts: splitInterpolations(source.slice(index + 1, end - 1)), end };
  }
  // A non-literal key: read up to the argument's end at depth 0.
  let end = index;
  let depth = 0;
  while (end < source.length) {
    const current = source[end]!;
    if (current === '"' || current === "'" || current === "`") {
      end = skipString(source, end);
      continue;
    }
    if (current === "(" || current === "[" || current === "{") depth++;
    else if (current === ")" || current === "]" || current === "}") {
      if (depth === 0) break;
      depth--;
    } else if (current === "," && depth === 0) break;
    end++;
  }
  return { parts: [{ expression: source.slice(index, end).trim() }], end };
}

function splitInterpolations(text: string): KeyPart[] {
  const parts: KeyPart[] = [];
  let index = 0;
  let literal = "";
  while (index < text.length) {
    if (text[index] === "$" && text[index + 1] === "{") {
      const end = skipBalanced(text, index + 2, "{", "}");
      if (literal) parts.push({ literal });
      literal = "";
      parts.push({ expression: text.slice(index + 2, end - 1).trim() });
      index = end;
    } else {
      literal += text[index];
      index++;
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** The namespace argument of getTranslations/useTranslations: "" for none, undefined if not a literal. */
function readNamespace(source: string, start: number): { namespace: string | undefined; end: number } {
  let index = start;
  while (/\s/.test(source[index] ?? "")) index++;
  const end = skipBalanced(source, index, "(", ")");
  const argument = source.slice(index, end - 1).trim();
  if (argument === "") return { namespace: "", end };
  const literal = /^(["'`])([\w.-]*)\1$/.exec(argument);
  if (literal) return { namespace: literal[2], end };
  // getTranslations({ locale, namespace: "x" })
  const objectForm = /^\{[\s\S]*\bnamespace\s*:\s*(["'`])([\w.-]*)\1[\s\S]*\}$/.exec(argument);
  if (objectForm) return { namespace: objectForm[2], end };
  if (/^\{[^}]*\}$/.test(argument) && !/\bnamespace\b/.test(argument)) return { namespace: "", end };
  return { namespace: undefined, end };
}

/** The string literals a bare identifier can hold, from its annotations in the same file; undefined if unknown. */
export function literalUnionOf(identifier: string, source: string): string[] | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(identifier)) return undefined;
  const annotations = [...source.matchAll(new RegExp(String.raw`(?<![\w$.])${identifier.replace(/\$/g, "\\$")}\??\s*:\s*([^,)=;{}]+)`, "g"))].map(
    (match) => match[1]!.trim(),
  );
  if (annotations.length === 0) return undefined;
  const values = new Set<string>();
  for (const annotation of annotations) {
    const union = parseLiteralUnion(annotation) ?? parseLiteralUnion(localTypeAlias(annotation, source) ?? "");
    if (!union) return undefined;
    for (const value of union) values.add(value);
  }
  return [...values];
}

function parseLiteralUnion(text: string): string[] | undefined {
  const members = text.trim().replace(/^\|/, "").split("|").map((member) => member.trim());
  if (members.length === 0 || members[0] === "") return undefined;
  const values: string[] = [];
  for (const member of members) {
    const literal = /^(["'])([^"']*)\1$/.exec(member);
    if (!literal) return undefined;
    values.push(literal[2]!);
  }
  return values;
}

function localTypeAlias(name: string, source: string): string | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  return new RegExp(String.raw`\btype\s+${name}\s*=\s*([^;]+);`).exec(source)?.[1];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Expands the parts of a key into the concrete key templates it can take (`*` = one dynamic segment part). */
function expandKey(parts: KeyPart[], source: string): { key: string; pattern: RegExp }[] {
  let variants: { key: string; regex: string }[] = [{ key: "", regex: "" }];
  for (const part of parts) {
    if ("literal" in part) {
      variants = variants.map((variant) => ({ key: variant.key + part.literal, regex: variant.regex + escapeRegExp(part.literal) }));
      continue;
    }
    const union = literalUnionOf(part.expression, source);
    variants = union
      ? variants.flatMap((variant) => union.map((value) => ({ key: variant.key + value, regex: variant.regex + escapeRegExp(value) })))
      : variants.map((variant) => ({ key: `${variant.key}*`, regex: `${variant.regex}[^.]+` }));
  }
  return variants.map((variant) => ({ key: variant.key, pattern: new RegExp(`^${variant.regex}$`) }));
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** Every message key one source file uses, with `*` for dynamic parts. */
export function findKeyUsages(rawSource: string, file: string): KeyUsage[] {
  const source = blankComments(rawSource);
  const usages: KeyUsage[] = [];
  const addUsage = (namespace: string, argumentStart: number) => {
    const argument = readFirstArgument(source, argumentStart);
    if (!argument) return;
    const prefix = namespace ? [{ literal: `${namespace}.` }] : [];
    for (const { key, pattern } of expandKey([...prefix, ...argument.parts], source)) {
      usages.push({ file, line: lineOf(source, argumentStart), key, pattern });
    }
  };

  // Declarations, in order: a call belongs to the nearest preceding declaration of its name.
  const declarations: { name: string; namespace: string | undefined; index: number }[] = [];
  for (const match of source.matchAll(DECLARATION)) {
    const { namespace } = readNamespace(source, match.index + match[0].length);
    declarations.push({ name: match[1]!, namespace, index: match.index });
  }
  for (const match of source.matchAll(EXPORT_TEXT_DECLARATION)) declarations.push({ name: "t", namespace: "", index: match.index });
  declarations.sort((a, b) => a.index - b.index);
  for (const name of new Set(declarations.map((declaration) => declaration.name))) {
    const call = new RegExp(String.raw`(?<![\w$.])${name.replace(/\$/g, "\\$")}(?:\.(?:rich|markup|raw|has))?\s*\(`, "g");
    for (const match of source.matchAll(call)) {
      const declaration = declarations.filter((candidate) => candidate.name === name && candidate.index < match.index).at(-1);
      if (!declaration) continue;
      if (declaration.namespace === undefined) {
        usages.push({ file, line: lineOf(source, match.index), key: "?", pattern: /^$/ });
        continue;
      }
      addUsage(declaration.namespace, match.index + match[0].length);
    }
  }

  // (await getTranslations("ns"))("key")
  for (const match of source.matchAll(INLINE_FACTORY)) {
    const { namespace, end } = readNamespace(source, match.index + match[0].length);
    const after = /^\s*\)\s*\(/.exec(source.slice(end));
    if (!after || namespace === undefined) continue;
    addUsage(namespace, end + after[0].length);
  }
  return usages;
}

/** The usages of every source file under root. */
export function scanSources(root = PROJECT_ROOT): KeyUsage[] {
  return listSourceFiles(root).flatMap((file) => findKeyUsages(fs.readFileSync(path.join(root, file), "utf8"), file));
}

/** Keys no usage reaches, and usages that reach no key (a `?` key is a translator whose namespace is not a literal). */
export function compareUsage(keys: Iterable<string>, usages: KeyUsage[]): Pick<MessageProblems, "unusedKeys" | "missingKeys"> {
  const keyList = [...keys];
  const used = new Set<string>();
  const missingKeys: string[] = [];
  for (const usage of usages) {
    const reached = keyList.filter((key) => usage.pattern.test(key));
    if (reached.length === 0) {
      missingKeys.push(
        usage.key === "?"
          ? `${usage.file}:${usage.line}: translator with a non-literal namespace (cannot be checked)`
          : `${usage.key} (${usage.file}:${usage.line})`,
      );
    }
    for (const key of reached) used.add(key);
  }
  return { unusedKeys: keyList.filter((key) => !used.has(key)), missingKeys };
}

/** The members of `export type ErrorReason = "a" | "b";` in lib/errors.ts. */
export function errorReasons(root = PROJECT_ROOT): string[] {
  const source = fs.readFileSync(path.join(root, "lib/errors.ts"), "utf8");
  const declaration = /export\s+type\s+ErrorReason\s*=\s*([^;]+);/.exec(source);
  const reasons = declaration ? parseLiteralUnion(declaration[1]!) : undefined;
  if (!reasons) throw new Error("lib/errors.ts: could not read `export type ErrorReason = \"…\" | …;`");
  return reasons;
}

/** The message keys the code can produce from data rather than from a literal in a t() call. */
export function codeMessageKeys(root = PROJECT_ROOT): string[] {
  return [
    ...VALIDATION_KEYS.map((key) => `validation.${key}`),
    ...Object.keys(ERROR_CODES).map((code) => `errors.${code}`),
    ...errorReasons(root).map((reason) => `errors.reasons.${reason}`),
  ];
}

/** All checks over the project at root. */
export function checkMessages(root = PROJECT_ROOT): MessageProblems {
  const sv = readMessages("sv", root);
  const en = readMessages("en", root);
  const languages = compareLanguages(sv, en);
  const svKeys = flattenMessages(sv);
  const enKeys = flattenMessages(en);
  const usage = compareUsage(svKeys.keys(), scanSources(root));
  const missingCodeKeys = codeMessageKeys(root).flatMap((key) => [
    ...(svKeys.has(key) ? [] : [`${key} (sv)`]),
    ...(enKeys.has(key) ? [] : [`${key} (en)`]),
  ]);
  return { ...languages, ...usage, missingCodeKeys };
}

const SECTION_TITLES: Record<keyof MessageProblems, string> = {
  keyMismatches: "Keys not in both sv.json and en.json",
  argumentMismatches: "ICU arguments that differ between languages, or messages that do not parse",
  emptyMessages: "Empty messages",
  unusedKeys: "Keys no code uses (remove them from both files)",
  missingKeys: "Keys the code uses that sv.json lacks",
  missingCodeKeys: "Validation keys, error codes and error reasons without a message",
};

/** A readable report, or "" when there is nothing to report. */
export function formatProblems(problems: MessageProblems): string {
  return (Object.keys(SECTION_TITLES) as (keyof MessageProblems)[])
    .filter((section) => problems[section].length > 0)
    .map((section) => `${SECTION_TITLES[section]}:\n${problems[section].map((line) => `  - ${line}`).join("\n")}`)
    .join("\n\n");
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(path.resolve(entry)).href;
}

if (isMain()) {
  const report = formatProblems(checkMessages());
  if (report) {
    console.error(report);
    process.exit(1);
  }
  console.log("Messages OK: sv.json and en.json match, and every key is used and defined.");
}
