/**
 * The goal set as Markdown (CommonMark with pipe tables): the same sections in the same order as
 * the DOCX and PDF, figures as tables with their source lines (no charts). User text is escaped, so
 * a statement that looks like Markdown or HTML reads as the words it is, never as markup.
 */
import type { ExportDriver, ExportIndicator, ExportProjection, GoalSetExport } from "../model/goal-set-export";
import {
  documentTitle,
  driverFacts,
  exportedLine,
  exportText,
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
  type TextRun,
} from "./document-text";
import type { RichTextNode } from "../model/rich-text";

/**
 * Escapes what CommonMark (with pipe tables) would read as syntax: emphasis, code, links, table
 * pipes and HTML anywhere, and block markers (heading, list, quote) at the start. `<` and `&` become
 * entities, so no user text is ever raw HTML.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/[\\`*_[\]|~]/g, "\\$&")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/^(\s*)([#>+=-])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

function inline(value: string): string {
  return escapeMarkdown(value.replace(/\s*\n\s*/g, " ").trim());
}

function runsToMarkdown(runs: TextRun[]): string {
  return runs
    .map((run) => {
      if (run.text === "\n") return "  \n";
      const escaped = escapeMarkdown(run.text);
      if (!escaped.trim()) return escaped;
      const wrapped = run.bold && run.italic ? `***${escaped}***` : run.bold ? `**${escaped}**` : run.italic ? `*${escaped}*` : escaped;
      return wrapped;
    })
    .join("");
}

function richText(doc: RichTextNode, text: ExportText): string[] {
  const { t } = text;
  const blocks = textBlocks(doc);
  if (blocks.length === 0) return [`*${escapeMarkdown(t("exportDocument.emptyText"))}*`, ""];
  const lines: string[] = [];
  blocks.forEach((block, index) => {
    const body = runsToMarkdown(block.runs);
    if (block.kind === "listItem") {
      lines.push(`${"   ".repeat(block.depth)}${block.ordered ? `${block.number}.` : "-"} ${body}`);
      if (blocks[index + 1]?.kind !== "listItem") lines.push("");
      return;
    }
    lines.push(block.kind === "heading" ? `**${body}**` : block.kind === "quote" ? `> ${body}` : body, "");
  });
  return lines;
}

function table(headers: string[], rows: string[][]): string[] {
  const cell = (value: string) => inline(value) || " ";
  return [`| ${headers.map(cell).join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`), ""];
}

function indicatorSection(indicator: ExportIndicator, goalSet: GoalSetExport, text: ExportText): string[] {
  const { t } = text;
  const name = indicatorName(indicator, text);
  const lines = [`**${inline(t("exportDocument.tableCaption", { indicator: name, unit: indicator.unit }))}**`, ""];
  if (indicator.values.length) {
    lines.push(
      ...table(
        [t("exportDocument.columnRegion"), t("exportDocument.columnPeriod"), t("exportDocument.columnValue"), t("exportDocument.columnUnit")],
        indicator.values.map((value) => [value.regionLabel, value.period ?? t("exportDocument.noPeriod"), valueText(value.value, text), value.unit]),
      ),
    );
  }
  if (indicator.facts.length) {
    lines.push(`*${inline(t("exportDocument.factsCaption", { indicator: name }))}*`, "");
    lines.push(
      ...table(
        [t("exportDocument.columnRegion"), t("exportDocument.columnPeriod"), t("exportDocument.columnValue"), t("exportDocument.columnUnit")],
        indicator.facts.map((fact) => [fact.regionLabel, fact.period ?? t("exportDocument.noPeriod"), fact.value ?? t("exportDocument.noValue"), fact.unit]),
      ),
    );
  }
  for (const projection of indicator.projections) lines.push(...projectionTable(indicator, projection, text));
  lines.push(...indicatorSourceLines(indicator, goalSet, text).map((line) => `*${inline(line)}*  `), "");
  return lines;
}

function projectionTable(indicator: ExportIndicator, projection: ExportProjection, text: ExportText): string[] {
  const { t } = text;
  const caption = t("exportDocument.projectionCaption", { indicator: indicatorName(indicator, text), region: regionName(projection.regionCode, text), baseYear: projection.baseYear });
  return [
    `*${inline(caption)}*`,
    "",
    ...table(
      [t("exportDocument.columnYear"), t("exportDocument.columnValue")],
      projection.points.map((point) => [String(point.year), text.number(point.value)]),
    ),
  ];
}

function partSection(title: string, doc: RichTextNode, indicators: ExportIndicator[], goalSet: GoalSetExport, text: ExportText): string[] {
  const { t } = text;
  const lines = [`### ${inline(title)}`, "", ...richText(doc, text)];
  if (indicators.length) {
    lines.push(`#### ${inline(t("exportDocument.indicatorFigures"))}`, "");
    for (const indicator of indicators) lines.push(...indicatorSection(indicator, goalSet, text));
  }
  return lines;
}

function goalsSection(driver: ExportDriver, goalSet: GoalSetExport, text: ExportText): string[] {
  const { t } = text;
  const lines = [`### ${inline(t("parts.desired.title"))}`, ""];
  if (!driver.goals.length) return [...lines, inline(t("exportDocument.noGoals")), ""];
  driver.goals.forEach((goal, index) => {
    lines.push(`${index + 1}. ${inline(goal.text)}`);
    const target = targetLine(goal, driver, text);
    if (target) lines.push(`   - ${inline(target)}`);
    if (goal.gap) {
      lines.push(`   - ${escapeMarkdown(t("exportDocument.computedGap"))}: ${inline(gapInWords(goal.gap, text))}`);
      lines.push(`   - *${inline(sourceLine(goal.gap.source, goal.gap.releaseId, goalSet, text))}*`);
    }
  });
  return [...lines, ""];
}

function actionsSection(driver: ExportDriver, text: ExportText): string[] {
  const { t } = text;
  const lines = [`### ${inline(t("exportDocument.actions"))}`, ""];
  if (!driver.actions.length) return [...lines, inline(t("exportDocument.noActions")), ""];
  driver.actions.forEach((action, index) => {
    lines.push(`${index + 1}. ${inline(action.text)}`);
    lines.push(`   - ${escapeMarkdown(t("exportDocument.actionHorizon"))}: ${inline(t(`enums.horizon.${action.horizon}`))}`);
    lines.push(`   - ${escapeMarkdown(t("exportDocument.actionLevel"))}: ${inline(t(`enums.level.${action.level}`))}`);
    lines.push(`   - ${escapeMarkdown(t("exportDocument.actionControl"))}: ${inline(t(`enums.control.${action.control}`))}`);
    lines.push(`   - ${escapeMarkdown(t("exportDocument.responsible"))}: ${inline(organisationNames(action.responsible, text))}`);
    lines.push(`   - ${escapeMarkdown(t("exportDocument.collaborating"))}: ${inline(organisationNames(action.collaborating, text))}`);
  });
  return [...lines, ""];
}

function stancesSection(driver: ExportDriver, text: ExportText): string[] {
  const { t } = text;
  const lines = [`### ${inline(t("exportDocument.stances"))}`, ""];
  if (!driver.stances.length) return [...lines, inline(t("exportDocument.noStances")), ""];
  for (const stance of driver.stances) {
    lines.push(`- **${inline(t("exportDocument.stanceBy", { organisation: stance.organisationName, value: t(`stances.value.${stance.value}`) }))}**`);
    if (stance.reason) lines.push(`  - ${inline(t("exportDocument.stanceReason", { reason: stance.reason }))}`);
    lines.push(`  - ${inline(t("exportDocument.stanceGiven", { date: text.date(stance.givenAt), name: stance.givenByName ?? t("exportDocument.unknownAuthor") }))}`);
    if (!stance.isCurrent) lines.push(`  - ${inline(t("exportDocument.stanceStale"))}`);
  }
  return [...lines, ""];
}

function threadsSection(driver: ExportDriver, text: ExportText): string[] {
  const { t } = text;
  const lines = [`### ${inline(t("exportDocument.comments"))}`, ""];
  if (!driver.threads.length) return [...lines, inline(t("exportDocument.noComments")), ""];
  for (const thread of driver.threads) {
    const status = thread.isResolved ? t("exportDocument.threadResolved") : t("exportDocument.threadOpen");
    lines.push(`#### ${inline(status)}`, "");
    if (thread.quote) lines.push(`> ${inline(t("exportDocument.threadAbout", { quote: thread.quote }))}`, "");
    for (const comment of thread.comments) {
      const by = t("exportDocument.commentBy", {
        author: comment.authorName ?? t("exportDocument.unknownAuthor"),
        organisation: comment.organisationName ?? "",
        date: text.dateTime(comment.createdAt),
      });
      lines.push(`- **${inline(by)}**: ${inline(comment.body)}`);
    }
    lines.push("");
  }
  return lines;
}

function driverSection(driver: ExportDriver, index: number, goalSet: GoalSetExport, text: ExportText): string[] {
  const { t } = text;
  const facts = driverFacts(driver, text);
  const lines = [
    `## ${index + 1}. ${inline(driver.title)}`,
    "",
    `**${escapeMarkdown(t("exportDocument.classification"))}:** ${inline(facts.classification)}  `,
    `**${escapeMarkdown(t("exportDocument.tags"))}:** ${inline(facts.tags)}`,
    "",
  ];
  if (driver.description.trim()) lines.push(inline(driver.description), "");
  lines.push(...partSection(t("parts.nulage.title"), driver.nulage.doc, driver.nulage.indicators, goalSet, text));
  lines.push(...partSection(t("parts.future.title"), driver.future.doc, driver.future.indicators, goalSet, text));
  lines.push(...goalsSection(driver, goalSet, text));
  lines.push(`### ${inline(t("parts.gap.title"))}`, "", ...richText(driver.gap.doc, text));
  lines.push(...actionsSection(driver, text));
  if (goalSet.options.includeStances) lines.push(...stancesSection(driver, text));
  if (goalSet.options.includeComments) lines.push(...threadsSection(driver, text));
  return lines;
}

function headSection(goalSet: GoalSetExport, text: ExportText): string[] {
  const { t } = text;
  const { dialogue } = goalSet;
  const lines = [`# ${inline(documentTitle(text))}`, ""];
  if (isDraft(goalSet)) lines.push(`> **${escapeMarkdown(t("exportDocument.draftMark").toUpperCase())}**: ${inline(t("exportDocument.draftNotice"))}`, "");
  lines.push(`${inline(versionLine(goalSet, text))}  `, inline(exportedLine(goalSet, text)), "");
  if (goalSet.source.kind === "agreed" && goalSet.source.note.trim()) {
    lines.push(`**${escapeMarkdown(t("exportDocument.agreementNote"))}:** ${inline(goalSet.source.note)}`, "");
  }
  lines.push(`## ${inline(t("exportDocument.planningQuestion"))}`, "", inline(dialogue.planningQuestion), "");
  if (dialogue.description.trim()) lines.push(inline(dialogue.description), "");
  lines.push(inline(t("exportDocument.horizon", { from: dialogue.horizonFrom, to: dialogue.horizonTo })), "");
  if (dialogue.regionCodes.length) {
    lines.push(`**${escapeMarkdown(t("exportDocument.regions"))}:** ${inline(dialogue.regionCodes.map((code) => regionName(code, text)).join(", "))}`, "");
  }
  lines.push(`### ${inline(t("exportDocument.organisations"))}`, "");
  if (!dialogue.organisations.length) lines.push(inline(t("exportDocument.none")));
  for (const organisation of dialogue.organisations) lines.push(`- ${inline(organisation.name)} (${inline(t(`enums.organisationType.${organisation.type}`))})`);
  return [...lines, ""];
}

function workshopsSection(goalSet: GoalSetExport, text: ExportText): string[] {
  const { t } = text;
  const lines = [`## ${inline(t("exportDocument.workshops"))}`, ""];
  if (!goalSet.workshopSummaries.length) return [...lines, inline(t("exportDocument.noWorkshops")), ""];
  for (const summary of goalSet.workshopSummaries) {
    lines.push(`### ${inline(summary.title)}`, "", inline(t("exportDocument.workshopHeld", { date: text.date(summary.heldAt) })), "", inline(summary.summary), "");
  }
  return lines;
}

export function renderGoalSetMarkdown(goalSet: GoalSetExport): string {
  const text = exportText(goalSet.language);
  const lines = [...headSection(goalSet, text)];
  goalSet.drivers.forEach((driver, index) => lines.push(...driverSection(driver, index, goalSet, text)));
  if (goalSet.options.includeWorkshopSummaries) lines.push(...workshopsSection(goalSet, text));
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
