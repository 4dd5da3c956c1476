/**
 * The goal set as a Word document (docx): the export outline drawn with Word's own Title and
 * Heading 1–3 styles (so the navigation pane and screen readers see the structure), the document
 * language set on the default run style, tables whose header row repeats on every page, charts as
 * PNG images with a title and description as alt text, and "Utkast" in the page header of a draft.
 *
 * Runs outside React Server Components (see renderer-host.ts), so no `server-only` marker.
 */
import {
  AlignmentType,
  Document,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IStylesOptions,
  type ParagraphChild,
} from "docx";
import { documentOutline, type DocumentOutline, type HeadingLevel as OutlineHeadingLevel, type OutlineBlock, type OutlineChart, type OutlineTable } from "@/lib/export/document-outline";
import { exportText, versionLine, type TextBlock, type TextRun as OutlineRun } from "@/lib/export/document-text";
import type { GoalSetExport } from "@/lib/model/goal-set-export";
import { chartImage, type ChartImage } from "./chart-image";

const LANGUAGE_TAGS = { sv: "sv-SE", en: "en-GB" } as const;

/** A4 in twentieths of a point, with 2 cm margins. */
const PAGE = { width: 11_906, height: 16_838, margin: 1_134 };
/** The printable width in pixels at 96 dpi (what ImageRun measures in): 17 cm. */
const CONTENT_WIDTH_PX = 642;

const COLOURS = { text: "1A1F24", muted: "4A5561", notice: "A4161A", headerFill: "E4ECF3", border: "7F8A94" };

type Body = (Paragraph | Table)[];

export async function renderGoalSetDocx(goalSet: GoalSetExport): Promise<Uint8Array> {
  const text = exportText(goalSet.language);
  const outline = documentOutline(goalSet, text);
  const charts = chartRenderer(text.number);
  const document = new Document({
    creator: "Samsyn",
    title: outline.title,
    description: versionLine(goalSet, text),
    styles: documentStyles(LANGUAGE_TAGS[outline.language]),
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } } },
        headers: outline.draftMark ? { default: draftHeader(outline.draftMark) } : undefined,
        children: outlineBody(outline, charts),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

// --- styles --------------------------------------------------------------------------------------

/**
 * Word's built-in style ids (Title, Heading1…) keep their meaning; only their look changes. The
 * language sits on the document's default run, so every paragraph inherits it.
 */
function documentStyles(languageTag: string): IStylesOptions {
  const heading = (size: number, outlineLevel: number) => ({
    run: { font: "Calibri", size, bold: true, color: COLOURS.text },
    paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, outlineLevel },
  });
  return {
    default: {
      document: { run: { font: "Calibri", size: 24, color: COLOURS.text, language: { value: languageTag } }, paragraph: { spacing: { after: 120 } } },
      title: { run: { font: "Calibri", size: 48, bold: true, color: COLOURS.text }, paragraph: { spacing: { after: 200 } } },
      heading1: heading(36, 0),
      heading2: heading(30, 1),
      heading3: heading(26, 2),
    },
    paragraphStyles: [
      { id: "Caption", name: "caption", basedOn: "Normal", next: "Normal", run: { size: 22, bold: true, color: COLOURS.text }, paragraph: { spacing: { before: 120, after: 60 }, keepNext: true } },
      { id: "SourceLine", name: "Source line", basedOn: "Normal", next: "Normal", run: { size: 20, color: COLOURS.muted }, paragraph: { spacing: { after: 80 } } },
    ],
  };
}

function draftHeader(mark: string): Header {
  return new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: mark, bold: true, size: 28, color: COLOURS.notice })] })] });
}

// --- blocks ----------------------------------------------------------------------------------------

const HEADINGS: Record<OutlineHeadingLevel, (typeof HeadingLevel)[keyof typeof HeadingLevel]> = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
};

function outlineBody(outline: DocumentOutline, charts: ChartRenderer): Body {
  return outline.blocks.flatMap((block) => blockBody(block, charts));
}

function blockBody(block: OutlineBlock, charts: ChartRenderer): Body {
  switch (block.kind) {
    case "title":
      return [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(block.text)] })];
    case "heading":
      return [new Paragraph({ heading: HEADINGS[block.level], children: [new TextRun(block.text)] })];
    case "line":
      return [lineParagraph(block.text, block.tone)];
    case "field":
      return [new Paragraph({ children: [new TextRun({ text: `${block.label}: `, bold: true }), ...textRuns(block.value, {})] })];
    case "list":
      return [new Paragraph({ keepNext: true, children: [new TextRun({ text: block.label, bold: true })] }), ...block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: textRuns(item, {}) }))];
    case "text":
      return block.blocks.map(richTextParagraph);
    case "table":
      return tableBody(block.table);
    case "chart":
      return [chartParagraph(block.chart, charts)];
    case "source":
      return [new Paragraph({ style: "SourceLine", children: textRuns(block.text, {}) })];
    case "quote":
      return [new Paragraph({ indent: { left: 567 }, children: textRuns(block.text, { italics: true }) })];
  }
}

function lineParagraph(text: string, tone: "plain" | "notice" | "muted"): Paragraph {
  if (tone === "notice") return new Paragraph({ children: textRuns(text, { bold: true, color: COLOURS.notice }) });
  if (tone === "muted") return new Paragraph({ children: textRuns(text, { color: COLOURS.muted }) });
  return new Paragraph({ children: textRuns(text, {}) });
}

/** Text with its line breaks kept (a comment or a summary may span lines). */
function textRuns(text: string, format: { bold?: boolean; italics?: boolean; color?: string }): TextRun[] {
  return text.split("\n").map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : undefined, ...format }));
}

function runsOf(runs: OutlineRun[]): ParagraphChild[] {
  return runs.flatMap((run) => textRuns(run.text, { bold: run.bold, italics: run.italic }));
}

/** A paragraph of rich text; a heading inside a text sits one level below the part it is in. */
function richTextParagraph(block: TextBlock): Paragraph {
  switch (block.kind) {
    case "heading":
      return new Paragraph({ heading: HeadingLevel.HEADING_3, children: runsOf(block.runs) });
    case "quote":
      return new Paragraph({ indent: { left: 567 }, children: runsOf(block.runs.map((run) => ({ ...run, italic: true }))) });
    case "listItem":
      // Ordered items carry their number as text: the reading order and the numbers survive any
      // viewer, without a numbering definition per list.
      return block.ordered
        ? new Paragraph({ indent: { left: 567 * (block.depth + 1), hanging: 340 }, children: [new TextRun(`${block.number}. `), ...runsOf(block.runs)] })
        : new Paragraph({ bullet: { level: Math.min(block.depth, 8) }, children: runsOf(block.runs) });
    case "paragraph":
      return new Paragraph({ children: runsOf(block.runs) });
  }
}

// --- tables ----------------------------------------------------------------------------------------

/** A caption paragraph, then the table; the header row repeats at the top of each page. */
function tableBody(table: OutlineTable): Body {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: table.columns.map((column) => tableCell(column.label, column.isNumeric, true)),
  });
  const rows = table.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((cell, index) => tableCell(cell, table.columns[index]?.isNumeric ?? false, false)) }));
  return [
    new Paragraph({ style: "Caption", children: textRuns(table.caption, {}) }),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
    // Word joins two tables that touch; an empty paragraph keeps the next one apart.
    new Paragraph({ spacing: { after: 0 }, children: [] }),
  ];
}

function tableCell(text: string, isNumeric: boolean, isHeader: boolean): TableCell {
  return new TableCell({
    shading: isHeader ? { type: ShadingType.CLEAR, fill: COLOURS.headerFill, color: "auto" } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [new Paragraph({ spacing: { after: 0 }, alignment: isNumeric ? AlignmentType.RIGHT : AlignmentType.LEFT, children: textRuns(text, { bold: isHeader }) })],
  });
}

// --- charts ----------------------------------------------------------------------------------------

type ChartRenderer = (chart: OutlineChart) => ChartImage;

/**
 * Rasterizes each distinct chart once per document: drivers often link the same indicator, and
 * the chart id (which differs) plays no part in the picture.
 */
function chartRenderer(formatValue: (value: number) => string): ChartRenderer {
  const images = new Map<string, ChartImage>();
  return (chart) => {
    const key = JSON.stringify({ ...chart, id: "" });
    let image = images.get(key);
    if (!image) {
      image = chartImage(chart, formatValue);
      images.set(key, image);
    }
    return image;
  };
}

function chartParagraph(chart: OutlineChart, charts: ChartRenderer): Paragraph {
  const image = charts(chart);
  const width = Math.min(CONTENT_WIDTH_PX, image.width);
  const height = Math.round((image.height * width) / image.width);
  return new Paragraph({
    children: [
      new ImageRun({
        type: "png",
        data: image.png,
        transformation: { width, height },
        altText: { name: chart.id, title: chart.title, description: chart.description },
      }),
    ],
  });
}
