/**
 * What every rendered export says, in the reader's language: labels, numbers and dates, the
 * "Källa: …, dataversion …" line, a target and its gap in words, and rich text as plain blocks.
 * Markdown, DOCX and PDF (HTML) all phrase the document through this module, so the formats say
 * the same thing in the same order. Pure: no I/O, no React.
 */
import { createTranslator } from "use-intl/core";
import { messagesFor } from "../i18n/messages";
import type { Locale, RegionCode } from "../model/enums";
import type { ExportDriver, ExportGap, ExportGoal, ExportIndicator, ExportRelease, GoalSetExport } from "../model/goal-set-export";
import { REGION_NAMES } from "../model/regions";
import type { RichTextNode } from "../model/rich-text";
import { ROUND_TIME_ZONE } from "../model/round";

export function exportTranslator(locale: Locale) {
  return createTranslator({ locale, messages: messagesFor(locale) });
}
export type ExportTranslator = ReturnType<typeof exportTranslator>;

/** The translator and formatters of one export, made once per document. */
export interface ExportText {
  locale: Locale;
  t: ExportTranslator;
  number: (value: number) => string;
  date: (iso: string) => string;
  dateTime: (iso: string) => string;
}

export function exportText(locale: Locale): ExportText {
  const tag = locale === "sv" ? "sv-SE" : "en-GB";
  const numberFormat = new Intl.NumberFormat(tag, { maximumFractionDigits: 2 });
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone: ROUND_TIME_ZONE });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { dateStyle: "long", timeStyle: "short", timeZone: ROUND_TIME_ZONE });
  return {
    locale,
    t: exportTranslator(locale),
    number: (value) => numberFormat.format(value),
    date: (iso) => dateFormat.format(new Date(iso)),
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
  };
}

// --- the document's head -------------------------------------------------------------------------

export function documentTitle(text: ExportText): string {
  const { t } = text;
  return t("exportDocument.title");
}

/** "Överenskommen version 2, 20 november 2026, Fia" or "Utkast, inte överenskommet". */
export function versionLine(goalSet: GoalSetExport, text: ExportText): string {
  const { t } = text;
  const { source } = goalSet;
  if (source.kind === "draft") return t("exportDocument.draftVersion");
  return t("exportDocument.agreedVersion", { number: source.versionNumber, date: text.date(source.agreedAt), name: source.agreedByName });
}

export function isDraft(goalSet: GoalSetExport): boolean {
  return goalSet.source.kind === "draft";
}

export function exportedLine(goalSet: GoalSetExport, text: ExportText): string {
  const { t } = text;
  return t("exportDocument.exported", { date: text.dateTime(goalSet.exportedAt) });
}

// --- figures and their sources -------------------------------------------------------------------

export function indicatorName(indicator: Pick<ExportIndicator, "nameSv" | "nameEn">, text: ExportText): string {
  return text.locale === "sv" ? indicator.nameSv : indicator.nameEn;
}

/** The indicator a target names, looked up among the driver's panels (its id when not linked). */
export function targetIndicatorName(driver: ExportDriver, indicatorId: string, text: ExportText): string {
  const indicator = [...driver.nulage.indicators, ...driver.future.indicators].find((candidate) => candidate.id === indicatorId);
  return indicator ? indicatorName(indicator, text) : indicatorId;
}

export function releaseLabel(releaseId: number | null, goalSet: GoalSetExport, text: ExportText): string {
  const { t } = text;
  if (releaseId === null) return t("exportDocument.seedRelease");
  const release: ExportRelease | undefined = goalSet.dataReleases.find((candidate) => candidate.id === releaseId);
  if (!release?.fileName || !release.createdAt) return t("exportDocument.releaseNumber", { id: releaseId });
  return t("exportDocument.release", { id: releaseId, file: release.fileName, date: text.date(release.createdAt) });
}

/** "Källa: <source>, dataversion <release>": every figure in every format carries one. */
export function sourceLine(source: string | null, releaseId: number | null, goalSet: GoalSetExport, text: ExportText): string {
  const { t } = text;
  return t("exportDocument.sourceLine", {
    source: source ?? t("exportDocument.unknownSource"),
    release: releaseLabel(releaseId, goalSet, text),
  });
}

/** The distinct source lines of an indicator's values, in the order they first appear. */
export function indicatorSourceLines(indicator: ExportIndicator, goalSet: GoalSetExport, text: ExportText): string[] {
  const lines = indicator.values.map((value) => sourceLine(value.source, value.releaseId, goalSet, text));
  lines.push(...indicator.facts.map((fact) => sourceLine(fact.source, null, goalSet, text)));
  lines.push(...indicator.projections.map((projection) => sourceLine(projection.source, null, goalSet, text)));
  if (lines.length === 0) lines.push(sourceLine(indicator.source, null, goalSet, text));
  return [...new Set(lines)];
}

export function regionName(code: RegionCode, text: ExportText): string {
  const { t } = text;
  return code === "00" ? t("regions.national") : REGION_NAMES[code];
}

export function valueText(value: number | null, text: ExportText): string {
  const { t } = text;
  return value === null ? t("exportDocument.noValue") : text.number(value);
}

// --- goals, gaps and actions -----------------------------------------------------------------------

/** "Mål: minska till 685 antal personer (november) år 2030 – Antal hyrpersonal: sjuksköterskor, Stockholm". */
export function targetLine(goal: ExportGoal, driver: ExportDriver, text: ExportText): string | null {
  const { t } = text;
  if (!goal.target) return null;
  const { target } = goal;
  return t("exportDocument.target", {
    direction: t(`enums.targetDirection.${target.direction}`),
    value: text.number(target.value),
    unit: goal.gap?.unit ?? "",
    year: target.year,
    indicator: targetIndicatorName(driver, target.indicatorId, text),
    region: regionName(target.regionCode, text),
  }).replace(/\s+/g, " ");
}

/** The computed gap in words, e.g. "Gap kvar: 686 antal personer till målet (senaste värde 1 371, 2021)". */
export function gapInWords(gap: ExportGap, text: ExportText): string {
  const { t } = text;
  const values = {
    gap: gap.gap === null ? "" : text.number(gap.gap),
    unit: gap.unit,
    latest: valueText(gap.latestValue, text),
    period: gap.period ?? t("exportDocument.noPeriod"),
    expected: gap.expected === null ? t("exportDocument.noValue") : text.number(gap.expected),
  };
  const words = t(`exportDocument.gapWords.${gap.status}`, values);
  return gap.expected === null || gap.status === "no_data" ? words : `${words} ${t("exportDocument.gapExpected", values)}`;
}

export function organisationNames(organisations: readonly { name: string }[], text: ExportText): string {
  const { t } = text;
  return organisations.length ? organisations.map((organisation) => organisation.name).join(", ") : t("exportDocument.none");
}

/** Classification and tags of a driver, as one line each. */
export function driverFacts(driver: ExportDriver, text: ExportText): { classification: string; tags: string } {
  const { t } = text;
  const tags = [
    ...driver.careAreas.map((area) => t(`enums.careArea.${area}`)),
    ...driver.changePerspectives.map((perspective) => t(`enums.changePerspective.${perspective}`)),
  ];
  return { classification: t(`enums.whoClass.${driver.whoClass}`), tags: tags.length ? tags.join(", ") : t("exportDocument.none") };
}

// --- rich text as blocks ---------------------------------------------------------------------------

export interface TextRun {
  text: string;
  bold: boolean;
  italic: boolean;
}

export type TextBlock =
  | { kind: "paragraph"; runs: TextRun[] }
  | { kind: "heading"; runs: TextRun[] }
  | { kind: "quote"; runs: TextRun[] }
  | { kind: "listItem"; ordered: boolean; depth: number; number: number; runs: TextRun[] };

function runsOf(node: RichTextNode): TextRun[] {
  if (node.type === "text") {
    const marks = new Set((node.marks ?? []).map((mark) => mark.type));
    return node.text ? [{ text: node.text, bold: marks.has("bold"), italic: marks.has("italic") }] : [];
  }
  if (node.type === "hardBreak") return [{ text: "\n", bold: false, italic: false }];
  return (node.content ?? []).flatMap(runsOf);
}

function blocksOf(node: RichTextNode, depth: number, into: TextBlock[]): void {
  for (const child of node.content ?? []) {
    if (child.type === "paragraph") into.push({ kind: "paragraph", runs: runsOf(child) });
    else if (child.type === "heading") into.push({ kind: "heading", runs: runsOf(child) });
    else if (child.type === "blockquote") for (const inner of child.content ?? []) into.push({ kind: "quote", runs: runsOf(inner) });
    else if (child.type === "bulletList" || child.type === "orderedList") listBlocks(child, depth, into);
  }
}

function listBlocks(list: RichTextNode, depth: number, into: TextBlock[]): void {
  const ordered = list.type === "orderedList";
  (list.content ?? []).forEach((item, index) => {
    const [first, ...rest] = item.content ?? [];
    into.push({ kind: "listItem", ordered, depth, number: index + 1, runs: first && first.type === "paragraph" ? runsOf(first) : [] });
    const nested: RichTextNode = { type: "doc", content: first && first.type !== "paragraph" ? [first, ...rest] : rest };
    blocksOf(nested, depth + 1, into);
  });
}

/** The text's blocks in reading order; empty paragraphs are dropped (an empty text has none). */
export function textBlocks(doc: RichTextNode): TextBlock[] {
  const blocks: TextBlock[] = [];
  blocksOf(doc, 0, blocks);
  return blocks.filter((block) => block.runs.some((run) => run.text.trim().length > 0));
}
