/**
 * The goal set as Markdown (CommonMark with pipe tables), laid out from the same outline as the
 * DOCX and PDF (lib/export/document-outline.ts), so it holds the same things in the same order;
 * figures are tables with their source lines (Markdown has no charts). User text is escaped, so a
 * statement that looks like Markdown or HTML reads as the words it is, never as markup.
 */
import type { GoalSetExport } from "../model/goal-set-export";
import { documentOutline, type OutlineBlock, type OutlineTable } from "./document-outline";
import { exportText, type TextBlock, type TextRun } from "./document-text";

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

/** One line of text: inner line breaks become spaces (a block's own breaks are kept elsewhere). */
function inline(value: string): string {
  return escapeMarkdown(value.replace(/\s*\n\s*/g, " ").trim());
}

function runsToMarkdown(runs: TextRun[]): string {
  return runs
    .map((run) => {
      if (run.text === "\n") return "  \n";
      const escaped = escapeMarkdown(run.text);
      if (!escaped.trim()) return escaped;
      return run.bold && run.italic ? `***${escaped}***` : run.bold ? `**${escaped}**` : run.italic ? `*${escaped}*` : escaped;
    })
    .join("");
}

function textLines(blocks: TextBlock[]): string[] {
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

function tableLines(table: OutlineTable): string[] {
  const cell = (value: string) => inline(value) || " ";
  const align = table.columns.map((column) => (column.isNumeric ? "---:" : "---"));
  return [
    `**${inline(table.caption)}**`,
    "",
    `| ${table.columns.map((column) => cell(column.label)).join(" | ")} |`,
    `| ${align.join(" | ")} |`,
    ...table.rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
    "",
  ];
}

function blockLines(block: OutlineBlock): string[] {
  switch (block.kind) {
    case "title":
      return [`# ${inline(block.text)}`, ""];
    case "heading":
      return [`${"#".repeat(block.level + 1)} ${inline(block.text)}`, ""];
    case "line":
      return [block.tone === "muted" ? `*${inline(block.text)}*` : block.tone === "notice" ? `> ${inline(block.text)}` : inline(block.text), ""];
    case "field":
      return [`**${inline(block.label)}:** ${inline(block.value)}`, ""];
    case "list":
      return [`**${inline(block.label)}:**`, "", ...block.items.map((item) => `- ${inline(item)}`), ""];
    case "text":
      return textLines(block.blocks);
    case "table":
      return tableLines(block.table);
    case "chart":
      // The table beside every chart holds the same values.
      return [];
    case "source":
      return [`*${inline(block.text)}*`, ""];
    case "quote":
      return [`> ${inline(block.text)}`, ""];
  }
}

export function renderGoalSetMarkdown(goalSet: GoalSetExport): string {
  const outline = documentOutline(goalSet, exportText(goalSet.language));
  const [title, ...rest] = outline.blocks;
  const mark = outline.draftMark ? [`**${inline(outline.draftMark.toUpperCase())}**`, ""] : [];
  const lines = [...(title ? blockLines(title) : []), ...mark, ...rest.flatMap(blockLines)];
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
