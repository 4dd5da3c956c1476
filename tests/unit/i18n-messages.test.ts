/**
 * The message files (sv.json is the source of truth, en.json its translation) against each other
 * and against the code: same keys, same ICU arguments, nothing empty, nothing unused, nothing
 * missing. The scanner lives in scripts/check-messages.ts (`npx tsx scripts/check-messages.ts`).
 */
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "@/lib/errors";
import {
  ACTION_CONTROLS,
  ACTION_HORIZONS,
  ACTION_LEVELS,
  CARE_AREAS,
  CHANGE_PERSPECTIVES,
  DIALOGUE_STATUSES,
  DRIVER_PARTS,
  INDICATOR_DIRECTIONS,
  LOCALES,
  MEMBER_ROLES,
  ORGANISATION_TYPES,
  TARGET_DIRECTIONS,
  WHO_CLASSES,
} from "@/lib/model/enums";
import { VALIDATION_KEYS } from "@/lib/validation";
import {
  codeMessageKeys,
  compareLanguages,
  compareUsage,
  errorReasons,
  findKeyUsages,
  flattenMessages,
  formatProblems,
  icuArguments,
  readMessages,
  scanSources,
} from "@/scripts/check-messages";

const sv = readMessages("sv");
const en = readMessages("en");
const svLeaves = flattenMessages(sv);
const enLeaves = flattenMessages(en);

/** A failing list shows as lines in the assertion message, so the report says what to fix. */
function expectNone(problems: string[], what: string) {
  expect(problems, `${what}:\n${problems.join("\n")}`).toEqual([]);
}

describe("the scanner (on small sources)", () => {
  const keys = [
    "members.title",
    "members.invite.sent",
    "enums.role.facilitator",
    "enums.role.observer",
    "enums.careArea.sjukvard",
    "enums.whoClass.within",
    "errors.conflict",
    "errors.reasons.last_facilitator",
    "parts.gap.title",
    "parts.gap.intro",
  ];
  const usedBy = (source: string) => compareUsage(keys, findKeyUsages(source, "example.tsx"));

  it("binds each call to the nearest preceding declaration of its translator", () => {
    const source = `
      function A() { const t = useTranslations("members"); return t("title"); }
      function B() { const t = useTranslations("members.invite"); return t("sent"); }`;
    expect(usedBy(source).missingKeys).toEqual([]);
    expect(usedBy(source).unusedKeys).not.toContain("members.title");
    expect(usedBy(source).unusedKeys).not.toContain("members.invite.sent");
  });

  it("reads the inline form and the root namespace", () => {
    const { unusedKeys, missingKeys } = usedBy(`
      export async function generateMetadata() { return { title: (await getTranslations("members"))("title") }; }
      const t = await getTranslations(); t("errors.conflict");`);
    expect(missingKeys).toEqual([]);
    expect(unusedKeys).not.toContain("members.title");
    expect(unusedKeys).not.toContain("errors.conflict");
  });

  it("treats ${…} and non-literal keys as one wildcard segment", () => {
    const { unusedKeys } = usedBy(`
      const tEnums = await getTranslations("enums"); tEnums(\`role.\${member.role}\`);
      const tParts = await getTranslations("parts"); tParts(\`\${part}.title\`);
      const tErrors = useTranslations("errors"); tErrors(result.code);`);
    expect(unusedKeys).not.toContain("enums.role.facilitator");
    expect(unusedKeys).not.toContain("enums.role.observer");
    expect(unusedKeys).not.toContain("parts.gap.title");
    expect(unusedKeys).not.toContain("errors.conflict");
    // One segment only: neither a deeper key nor another field of the same part.
    expect(unusedKeys).toContain("errors.reasons.last_facilitator");
    expect(unusedKeys).toContain("parts.gap.intro");
    expect(unusedKeys).toContain("enums.careArea.sjukvard");
  });

  it("narrows ${identifier} to the literal union it is annotated with", () => {
    const source = `
      type Namespace = "careArea" | "role";
      function options(namespace: Namespace, values: string[]) {
        const t = await getTranslations("enums");
        return values.map((value) => t(\`\${namespace}.\${value}\`));
      }`;
    const { unusedKeys, missingKeys } = usedBy(source);
    expect(unusedKeys).toContain("enums.whoClass.within");
    expect(unusedKeys).not.toContain("enums.careArea.sjukvard");
    expect(missingKeys).toEqual([]);
    expect(usedBy(source.replace(`"role"`, `"nonsense"`)).missingKeys).toEqual(["enums.nonsense.* (example.tsx:5)"]);
  });

  it("reports a key the code uses that does not exist, with where", () => {
    const { missingKeys } = usedBy(`const t = useTranslations("members");\nt("titel");`);
    expect(missingKeys).toEqual(["members.titel (example.tsx:2)"]);
  });

  it("ignores commented-out calls", () => {
    const { unusedKeys } = usedBy(`const t = useTranslations("members");\n// t("title")\n/** t("title") */`);
    expect(unusedKeys).toContain("members.title");
  });

  it("reads ICU arguments with their kind, plural branches included", () => {
    expect(Object.fromEntries(icuArguments("{count, plural, one {# av {name}} other {# av {name}}}", "sv"))).toEqual({
      count: "plural",
      name: "argument",
    });
    expect(() => icuArguments("{count, plural, one {x}}", "en")).toThrow();
  });

  it("notices a renamed placeholder, a missing key and an empty message", () => {
    const problems = compareLanguages(
      { a: "Hej {name}", b: { c: "x" }, d: "" },
      { a: "Hello {user}", b: {}, d: "Empty in Swedish" },
    );
    expect(problems.argumentMismatches).toEqual(["a: sv has {name}, en has {user}"]);
    expect(problems.keyMismatches).toEqual(["b.c: missing in en"]);
    expect(problems.emptyMessages).toEqual(["d (sv)"]);
  });
});

describe("sv.json and en.json", () => {
  it("have exactly the same leaf keys", () => {
    expect([...enLeaves.keys()].sort()).toEqual([...svLeaves.keys()].sort());
  });

  it("use the same ICU arguments (names and kinds) in every message, and all parse", () => {
    expectNone(compareLanguages(sv, en).argumentMismatches, "ICU argument mismatches");
  });

  it("have no empty messages", () => {
    expectNone(compareLanguages(sv, en).emptyMessages, "Empty messages");
  });

  it("are really translated: English is not a copy of Swedish", () => {
    // Names, symbols and pure placeholders read the same in both languages; everything else differs.
    const same = [...svLeaves].filter(([key, text]) => enLeaves.get(key) === text).map(([key]) => key);
    expect(same.sort()).toEqual(
      [
        "app.name",
        "audit.detail.member",
        "audit.detail.role",
        "collab.presence.person",
        "collab.status.label",
        "dialogues.form.status",
        "dialogues.overview.status",
        "drivers.page.none",
        "enums.indicatorDirection.neutral",
        "enums.level.regional",
        "enums.organisationType.region",
        "exportDocument.columnPeriod",
        "exportDocument.columnRegion",
        "exportDocument.commentBy",
        "exportDocument.commentByPerson",
        "exportDocument.csv.gap",
        "exportDocument.csv.period",
        "exportDocument.csv.text",
        "exportDocument.release",
        "exportDocument.releaseNumber",
        "exportDocument.stanceBy",
        "exportDocument.tableCaption",
        "exportPage.format.csv",
        "exportPage.format.docx",
        "exportPage.format.json",
        "exportPage.format.markdown",
        "exportPage.format.pdf",
        "exportPage.formatLegend",
        "indicators.period",
        "indicators.region",
        "members.organisation",
        "members.organisations.regionCode",
        "nav.languageName.en",
        "nav.languageName.sv",
        "parts.gap.title",
        "rounds.csv.organisation",
        "rounds.table.phase",
        "stances.givenBy",
        "stances.page.column",
        "statements.targetRegion",
        "statements.targetRegionSummary",
        "workshops.agenda.timebox",
        "workshops.agenda.title",
        "workshops.record.anonymousAnswerLine",
        "workshops.record.answerLine",
        "workshops.record.minutes",
        "workshops.record.scope.gap",
        "workshops.statusLabel",
      ].sort(),
    );
  });

  it("name each language in that language, in both files", () => {
    for (const leaves of [svLeaves, enLeaves]) {
      expect(leaves.get("nav.languageName.sv")).toBe("Svenska");
      expect(leaves.get("nav.languageName.en")).toBe("English");
    }
    expect(LOCALES.map((locale) => `nav.languageName.${locale}`).filter((key) => !svLeaves.has(key))).toEqual([]);
  });
});

describe("messages and code", () => {
  const usages = scanSources();

  it("finds the translators (the scan reached the code)", () => {
    expect(usages.length).toBeGreaterThan(50);
    expect(usages.map((usage) => usage.key)).toContain("members.invite.sent");
  });

  it("uses every key in sv.json", () => {
    expectNone(compareUsage(svLeaves.keys(), usages).unusedKeys, "Unused keys (remove them from sv.json and en.json)");
  });

  it("defines every key the code uses", () => {
    expectNone(compareUsage(svLeaves.keys(), usages).missingKeys, "Keys used in code but missing from sv.json");
  });

  it("has a message for every validation key, error code and error reason", () => {
    const keys = codeMessageKeys();
    expect(keys).toEqual(expect.arrayContaining(VALIDATION_KEYS.map((key) => `validation.${key}`)));
    expect(keys).toEqual(expect.arrayContaining(Object.keys(ERROR_CODES).map((code) => `errors.${code}`)));
    expect(errorReasons()).toEqual(expect.arrayContaining(["last_facilitator", "organisation_in_use"]));
    const missing = keys.flatMap((key) => [svLeaves.has(key) ? [] : `${key} (sv)`, enLeaves.has(key) ? [] : `${key} (en)`].flat());
    expectNone(missing, "Codes without a message");
  });

  it("has a label for every value of the model's enums", () => {
    const groups: Record<string, readonly string[]> = {
      "enums.organisationType": ORGANISATION_TYPES,
      "enums.dialogueStatus": DIALOGUE_STATUSES,
      "enums.role": MEMBER_ROLES,
      "enums.whoClass": WHO_CLASSES,
      "enums.careArea": CARE_AREAS,
      "enums.changePerspective": CHANGE_PERSPECTIVES,
      "enums.targetDirection": TARGET_DIRECTIONS,
      "enums.horizon": ACTION_HORIZONS,
      "enums.level": ACTION_LEVELS,
      "enums.control": ACTION_CONTROLS,
      "enums.indicatorDirection": INDICATOR_DIRECTIONS,
    };
    const expected = Object.entries(groups).flatMap(([prefix, values]) => values.map((value) => `${prefix}.${value}`));
    const missing = expected.filter((key) => !svLeaves.has(key));
    expectNone(missing, "Enum values without a label");
    // No stale labels either: every enums.* key is a value of one of these model enums.
    const extra = [...svLeaves.keys()].filter((key) => key.startsWith("enums.") && !expected.includes(key));
    expectNone(extra, "Enum labels for values the model does not have (or a group missing from this test)");
    const parts = DRIVER_PARTS.flatMap((part) => [`parts.${part}.title`, `parts.${part}.intro`]).filter((key) => !svLeaves.has(key));
    expectNone(parts, "Driver parts without a title and intro");
  });

  it("reports nothing through the script's own report", () => {
    const problems = {
      ...compareLanguages(sv, en),
      ...compareUsage(svLeaves.keys(), usages),
      missingCodeKeys: [] as string[],
    };
    expect(formatProblems(problems)).toBe("");
  });
});
