/**
 * The rendered export as an ordered list of blocks: headings, fields, texts, tables, charts and
 * source lines, already phrased in the reader's language. DOCX and PDF (HTML) are both drawn from
 * this one list, so they hold the same things in the same order (issue 8, "Contents"); each
 * renderer only decides how a block looks. Pure: no I/O, no React.
 *
 * Heading levels: 1 = a driver (or the workshop summaries), 2 = a part of a driver (Nuläge …),
 * 3 = an item within a part (a goal, an action, a thread). The document title is its own block.
 */
import type { RegionCode } from "../model/enums";
import type {
  ExportAction,
  ExportDriver,
  ExportGoal,
  ExportIndicator,
  ExportProjection,
  ExportStance,
  ExportThread,
  GoalSetExport,
} from "../model/goal-set-export";
import type { RichTextNode } from "../model/rich-text";
import {
  documentTitle,
  driverFacts,
  exportedLine,
  gapInWords,
  indicatorName,
  indicatorSourceLines,
  isDraft,
  organisationNames,
  regionName,
  sourceLine,
  targetLine,
  textBlocks,
  valueText,
  versionLine,
  type ExportText,
  type TextBlock,
} from "./document-text";

export type HeadingLevel = 1 | 2 | 3;

export interface OutlineTable {
  caption: string;
  columns: { label: string; isNumeric: boolean }[];
  rows: string[][];
}

export interface OutlineBar {
  key: string;
  label: string;
  value: number | null;
  isHighlighted: boolean;
}

/** A chart's data and its text alternative; the table next to it holds the same values. */
export type OutlineChart =
  | { kind: "regions"; id: string; title: string; description: string; bars: OutlineBar[]; missingLabel: string }
  | { kind: "series"; id: string; title: string; description: string; points: { year: number; value: number }[] };

export type OutlineBlock =
  | { kind: "title"; text: string }
  | { kind: "heading"; level: HeadingLevel; text: string }
  /** A line of the document head or a note ("Exporterad …", "Utkast: …"). */
  | { kind: "line"; text: string; tone: "plain" | "notice" | "muted" }
  /** A labelled value: "Klassificering: Inom vården". */
  | { kind: "field"; label: string; value: string }
  | { kind: "list"; label: string; items: string[] }
  | { kind: "text"; blocks: TextBlock[] }
  | { kind: "table"; table: OutlineTable }
  | { kind: "chart"; chart: OutlineChart }
  /** "Källa: …, dataversion …" under a figure. */
  | { kind: "source"; text: string }
  | { kind: "quote"; text: string };

export interface DocumentOutline {
  title: string;
  language: GoalSetExport["language"];
  /** The mark every page of a draft carries ("Utkast"); null for an agreed version. */
  draftMark: string | null;
  blocks: OutlineBlock[];
}

/** Gives each chart of one document its own id (the SVG's title and desc ids hang on it). */
function chartIds(): () => string {
  let count = 0;
  return () => `chart-${++count}`;
}

interface Context {
  goalSet: GoalSetExport;
  text: ExportText;
  nextChartId: () => string;
}

/** The whole document in reading order. */
export function documentOutline(goalSet: GoalSetExport, text: ExportText): DocumentOutline {
  const { t } = text;
  const context: Context = { goalSet, text, nextChartId: chartIds() };
  const blocks: OutlineBlock[] = [...headBlocks(context)];
  for (const driver of goalSet.drivers) blocks.push(...driverBlocks(driver, context));
  if (goalSet.options.includeWorkshopSummaries) blocks.push(...workshopBlocks(context));
  return {
    title: documentTitle(text),
    language: goalSet.language,
    draftMark: isDraft(goalSet) ? t("exportDocument.draftMark") : null,
    blocks,
  };
}

// --- the head ------------------------------------------------------------------------------------

function headBlocks({ goalSet, text }: Context): OutlineBlock[] {
  const { t } = text;
  const { dialogue, source } = goalSet;
  const blocks: OutlineBlock[] = [
    { kind: "title", text: documentTitle(text) },
    { kind: "line", text: versionLine(goalSet, text), tone: "plain" },
    { kind: "line", text: exportedLine(goalSet, text), tone: "muted" },
  ];
  if (isDraft(goalSet)) blocks.push({ kind: "line", text: t("exportDocument.draftNotice"), tone: "notice" });
  blocks.push(
    { kind: "field", label: t("exportDocument.planningQuestion"), value: dialogue.planningQuestion },
    { kind: "field", label: t("exportDocument.description"), value: dialogue.description || t("exportDocument.emptyText") },
    { kind: "line", text: t("exportDocument.horizon", { from: dialogue.horizonFrom, to: dialogue.horizonTo }), tone: "plain" },
    { kind: "field", label: t("exportDocument.regions"), value: dialogue.regionCodes.map((code) => regionName(code, text)).join(", ") || t("exportDocument.none") },
    { kind: "field", label: t("exportDocument.organisations"), value: organisationNames(dialogue.organisations, text) },
  );
  if (source.kind === "agreed" && source.note.trim()) blocks.push({ kind: "field", label: t("exportDocument.agreementNote"), value: source.note });
  if (goalSet.drivers.length) blocks.push({ kind: "list", label: t("exportDocument.contents"), items: goalSet.drivers.map((driver) => driver.title) });
  return blocks;
}

// --- one driver ----------------------------------------------------------------------------------

function driverBlocks(driver: ExportDriver, context: Context): OutlineBlock[] {
  const { text } = context;
  const { t } = text;
  const facts = driverFacts(driver, text);
  const blocks: OutlineBlock[] = [{ kind: "heading", level: 1, text: driver.title }];
  if (driver.description.trim()) blocks.push({ kind: "line", text: driver.description, tone: "plain" });
  blocks.push(
    { kind: "field", label: t("exportDocument.classification"), value: facts.classification },
    { kind: "field", label: t("exportDocument.tags"), value: facts.tags },
    { kind: "heading", level: 2, text: t("parts.nulage.title") },
    richText(driver.nulage.doc, context),
    ...indicatorsBlocks(driver.nulage.indicators, context),
    { kind: "heading", level: 2, text: t("parts.future.title") },
    richText(driver.future.doc, context),
    ...indicatorsBlocks(driver.future.indicators, context),
    { kind: "heading", level: 2, text: t("parts.desired.title") },
    ...goalsBlocks(driver, context),
    { kind: "heading", level: 2, text: t("parts.gap.title") },
    richText(driver.gap.doc, context),
    { kind: "heading", level: 2, text: t("exportDocument.actions") },
    ...actionsBlocks(driver.actions, context),
  );
  if (context.goalSet.options.includeStances) blocks.push(...stancesBlocks(driver.stances, context));
  if (context.goalSet.options.includeComments) blocks.push(...threadsBlocks(driver.threads, context));
  return blocks;
}

/** A rich text as blocks, or "Ingen text." so an empty part is visibly empty rather than missing. */
function richText(doc: RichTextNode, { text }: Context): OutlineBlock {
  const { t } = text;
  const blocks = textBlocks(doc);
  if (blocks.length) return { kind: "text", blocks };
  return { kind: "text", blocks: [{ kind: "paragraph", runs: [{ text: t("exportDocument.emptyText"), bold: false, italic: true }] }] };
}

// --- indicators: tables, sources, charts ------------------------------------------------------------

function indicatorsBlocks(indicators: ExportIndicator[], context: Context): OutlineBlock[] {
  if (!indicators.length) return [];
  const { text } = context;
  const { t } = text;
  return [{ kind: "heading", level: 3, text: t("exportDocument.indicatorFigures") }, ...indicators.flatMap((indicator) => indicatorBlocks(indicator, context))];
}

/** Tables first (figures, facts, projections), the sources under them, then the charts. */
function indicatorBlocks(indicator: ExportIndicator, context: Context): OutlineBlock[] {
  const { goalSet, text } = context;
  const blocks: OutlineBlock[] = [];
  if (indicator.values.length || !indicator.facts.length) blocks.push({ kind: "table", table: valuesTable(indicator, text) });
  if (indicator.facts.length) blocks.push({ kind: "table", table: factsTable(indicator, text) });
  blocks.push(...indicator.projections.map((projection): OutlineBlock => ({ kind: "table", table: projectionTable(indicator, projection, text) })));
  blocks.push(...indicatorSourceLines(indicator, goalSet, text).map((line): OutlineBlock => ({ kind: "source", text: line })));
  const chart = regionChart(indicator, context);
  if (chart) blocks.push({ kind: "chart", chart });
  for (const projection of indicator.projections) {
    const projectionChart = seriesChart(indicator, projection, context);
    if (projectionChart) blocks.push({ kind: "chart", chart: projectionChart });
  }
  return blocks;
}

function figureColumns(text: ExportText): OutlineTable["columns"] {
  const { t } = text;
  return [
    { label: t("exportDocument.columnRegion"), isNumeric: false },
    { label: t("exportDocument.columnPeriod"), isNumeric: false },
    { label: t("exportDocument.columnValue"), isNumeric: true },
    { label: t("exportDocument.columnUnit"), isNumeric: false },
  ];
}

function valuesTable(indicator: ExportIndicator, text: ExportText): OutlineTable {
  const { t } = text;
  return {
    caption: t("exportDocument.tableCaption", { indicator: indicatorName(indicator, text), unit: indicator.unit }),
    columns: figureColumns(text),
    rows: indicator.values.map((value) => [value.regionLabel, value.period ?? t("exportDocument.noPeriod"), valueText(value.value, text), value.unit]),
  };
}

function factsTable(indicator: ExportIndicator, text: ExportText): OutlineTable {
  const { t } = text;
  return {
    caption: t("exportDocument.factsCaption", { indicator: indicatorName(indicator, text) }),
    columns: figureColumns(text),
    rows: indicator.facts.map((fact) => [fact.regionLabel, fact.period ?? t("exportDocument.noPeriod"), fact.value ?? t("exportDocument.noValue"), fact.unit]),
  };
}

/**
 * Bars for the latest period of each region, when the indicator has figures for two regions or
 * more (one bar compares nothing). The dialogue's own regions are highlighted.
 */
function regionChart(indicator: ExportIndicator, { goalSet, text, nextChartId }: Context): OutlineChart | null {
  const { t } = text;
  const latestByRegion = new Map<string, ExportIndicator["values"][number]>();
  for (const value of indicator.values) {
    const key = value.regionCode ?? value.regionLabel;
    const current = latestByRegion.get(key);
    if (!current || (value.period ?? "") > (current.period ?? "")) latestByRegion.set(key, value);
  }
  if (latestByRegion.size < 2) return null;
  const highlighted = new Set<RegionCode | null>(goalSet.dialogue.regionCodes);
  const name = indicatorName(indicator, text);
  return {
    kind: "regions",
    id: nextChartId(),
    title: name,
    description: t("exportDocument.chartAlt", { indicator: name, unit: indicator.unit }),
    missingLabel: t("exportDocument.noValue"),
    bars: [...latestByRegion].map(([key, value]) => ({ key, label: value.regionLabel, value: value.value, isHighlighted: highlighted.has(value.regionCode) })),
  };
}

function projectionCaption(indicator: ExportIndicator, projection: ExportProjection, text: ExportText): string {
  const { t } = text;
  return t("exportDocument.projectionCaption", { indicator: indicatorName(indicator, text), region: regionName(projection.regionCode, text), baseYear: projection.baseYear });
}

function projectionTable(indicator: ExportIndicator, projection: ExportProjection, text: ExportText): OutlineTable {
  const { t } = text;
  return {
    caption: projectionCaption(indicator, projection, text),
    columns: [
      { label: t("exportDocument.columnYear"), isNumeric: false },
      { label: t("exportDocument.projection"), isNumeric: true },
    ],
    rows: projection.points.map((point) => [String(point.year), text.number(point.value)]),
  };
}

/** A line over the projection's years; a single point draws no line. */
function seriesChart(indicator: ExportIndicator, projection: ExportProjection, { text, nextChartId }: Context): OutlineChart | null {
  const { t } = text;
  if (projection.points.length < 2) return null;
  const description = t("exportDocument.seriesChartAlt", { indicator: indicatorName(indicator, text), region: regionName(projection.regionCode, text), unit: indicator.unit });
  return { kind: "series", id: nextChartId(), title: projectionCaption(indicator, projection, text), description, points: projection.points };
}

// --- önskat läge, actions -----------------------------------------------------------------------------

function goalsBlocks(driver: ExportDriver, context: Context): OutlineBlock[] {
  const { text } = context;
  const { t } = text;
  if (!driver.goals.length) return [{ kind: "line", text: t("exportDocument.noGoals"), tone: "plain" }];
  return driver.goals.flatMap((goal, index) => goalBlocks(goal, index + 1, driver, context));
}

function goalBlocks(goal: ExportGoal, number: number, driver: ExportDriver, context: Context): OutlineBlock[] {
  const { goalSet, text } = context;
  const { t } = text;
  const blocks: OutlineBlock[] = [{ kind: "heading", level: 3, text: t("exportDocument.goalNumber", { number }) }, richText(goal.doc, context)];
  const target = targetLine(goal, driver, text);
  if (target) blocks.push({ kind: "line", text: target, tone: "plain" });
  if (goal.gap) {
    blocks.push(
      { kind: "field", label: t("exportDocument.computedGap"), value: gapInWords(goal.gap, text) },
      { kind: "source", text: sourceLine(goal.gap.source, goal.gap.releaseId, goalSet, text) },
    );
  }
  return blocks;
}

function actionsBlocks(actions: ExportAction[], context: Context): OutlineBlock[] {
  const { text } = context;
  const { t } = text;
  if (!actions.length) return [{ kind: "line", text: t("exportDocument.noActions"), tone: "plain" }];
  return actions.flatMap((action, index) => actionBlocks(action, index + 1, context));
}

function actionBlocks(action: ExportAction, number: number, context: Context): OutlineBlock[] {
  const { text } = context;
  const { t } = text;
  return [
    { kind: "heading", level: 3, text: t("exportDocument.actionNumber", { number }) },
    richText(action.doc, context),
    { kind: "field", label: t("exportDocument.actionHorizon"), value: t(`enums.horizon.${action.horizon}`) },
    { kind: "field", label: t("exportDocument.actionLevel"), value: t(`enums.level.${action.level}`) },
    { kind: "field", label: t("exportDocument.actionControl"), value: t(`enums.control.${action.control}`) },
    { kind: "field", label: t("exportDocument.responsible"), value: organisationNames(action.responsible, text) },
    { kind: "field", label: t("exportDocument.collaborating"), value: organisationNames(action.collaborating, text) },
  ];
}

// --- stances, comment threads, workshops ---------------------------------------------------------------

function stancesBlocks(stances: ExportStance[], context: Context): OutlineBlock[] {
  const { text } = context;
  const { t } = text;
  const blocks: OutlineBlock[] = [{ kind: "heading", level: 2, text: t("exportDocument.stances") }];
  if (!stances.length) return [...blocks, { kind: "line", text: t("exportDocument.noStances"), tone: "plain" }];
  return [...blocks, ...stances.flatMap((stance) => stanceBlocks(stance, text))];
}

function stanceBlocks(stance: ExportStance, text: ExportText): OutlineBlock[] {
  const { t } = text;
  const blocks: OutlineBlock[] = [
    { kind: "heading", level: 3, text: t("exportDocument.stanceBy", { organisation: stance.organisationName, value: t(`stances.value.${stance.value}`) }) },
  ];
  if (stance.reason.trim()) blocks.push({ kind: "line", text: t("exportDocument.stanceReason", { reason: stance.reason }), tone: "plain" });
  blocks.push({ kind: "line", text: t("exportDocument.stanceGiven", { date: text.date(stance.givenAt), name: stance.givenByName ?? t("exportDocument.unknownAuthor") }), tone: "muted" });
  if (!stance.isCurrent) blocks.push({ kind: "line", text: t("exportDocument.stanceStale"), tone: "notice" });
  return blocks;
}

function threadsBlocks(threads: ExportThread[], context: Context): OutlineBlock[] {
  const { text } = context;
  const { t } = text;
  const blocks: OutlineBlock[] = [{ kind: "heading", level: 2, text: t("exportDocument.comments") }];
  if (!threads.length) return [...blocks, { kind: "line", text: t("exportDocument.noComments"), tone: "plain" }];
  return [...blocks, ...threads.flatMap((thread) => threadBlocks(thread, text))];
}

function threadBlocks(thread: ExportThread, text: ExportText): OutlineBlock[] {
  const { t } = text;
  const blocks: OutlineBlock[] = [{ kind: "heading", level: 3, text: thread.isResolved ? t("exportDocument.threadResolved") : t("exportDocument.threadOpen") }];
  if (thread.quote) blocks.push({ kind: "quote", text: t("exportDocument.threadAbout", { quote: thread.quote }) });
  for (const comment of thread.comments) {
    const author = comment.authorName ?? t("exportDocument.unknownAuthor");
    const date = text.dateTime(comment.createdAt);
    const byline = comment.organisationName
      ? t("exportDocument.commentBy", { author, organisation: comment.organisationName, date })
      : t("exportDocument.commentByPerson", { author, date });
    blocks.push({ kind: "line", text: byline, tone: "muted" }, { kind: "line", text: comment.body, tone: "plain" });
  }
  return blocks;
}

function workshopBlocks({ goalSet, text }: Context): OutlineBlock[] {
  const { t } = text;
  const blocks: OutlineBlock[] = [{ kind: "heading", level: 1, text: t("exportDocument.workshops") }];
  if (!goalSet.workshopSummaries.length) return [...blocks, { kind: "line", text: t("exportDocument.noWorkshops"), tone: "plain" }];
  for (const workshop of goalSet.workshopSummaries) {
    blocks.push(
      { kind: "heading", level: 2, text: workshop.title },
      { kind: "line", text: t("exportDocument.workshopHeld", { date: text.date(workshop.heldAt) }), tone: "muted" },
      ...workshop.summary.split(/\n+/).filter((line) => line.trim()).map((line): OutlineBlock => ({ kind: "line", text: line, tone: "plain" })),
    );
  }
  return blocks;
}
