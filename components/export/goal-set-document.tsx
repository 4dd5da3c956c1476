import type { ReactNode } from "react";
import { documentOutline, type OutlineBlock, type OutlineTable } from "@/lib/export/document-outline";
import { exportText, type TextBlock, type TextRun } from "@/lib/export/document-text";
import type { GoalSetExport } from "@/lib/model/goal-set-export";
import { ExportChart } from "./export-chart";
import { PRINT_STYLES } from "./print-styles";

const LANGUAGE_TAGS = { sv: "sv-SE", en: "en-GB" } as const;

/**
 * The exported goal set as one self-contained HTML document (the PDF is printed from it): the
 * export outline as h1–h4, tables with captions and scoped header cells, the charts as inline SVG
 * images with a title and description, the language on <html> and the title in <title>. No
 * scripts, no external resources. React escapes every text, so a goal's text is never markup.
 */
export function GoalSetDocument({ goalSet }: { goalSet: GoalSetExport }) {
  const text = exportText(goalSet.language);
  const outline = documentOutline(goalSet, text);
  const [head, ...drivers] = sectionsAtDrivers(outline.blocks);
  const render = (blocks: OutlineBlock[]) => blocks.map((block, index) => <Block key={index} block={block} formatValue={text.number} />);
  return (
    <html lang={LANGUAGE_TAGS[outline.language]}>
      <head>
        <meta charSet="utf-8" />
        <title>{outline.title}</title>
        <style>{PRINT_STYLES}</style>
      </head>
      <body>
        <header>{render(head ?? [])}</header>
        <main>
          {drivers.map((blocks, index) => (
            <section key={index} className="driver">
              {render(blocks)}
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}

/** The head, then one run of blocks per level-1 heading (a driver, or the workshop summaries). */
function sectionsAtDrivers(blocks: OutlineBlock[]): OutlineBlock[][] {
  const sections: OutlineBlock[][] = [[]];
  for (const block of blocks) {
    if (block.kind === "heading" && block.level === 1) sections.push([]);
    sections[sections.length - 1]!.push(block);
  }
  return sections;
}

function Block({ block, formatValue }: { block: OutlineBlock; formatValue: (value: number) => string }): ReactNode {
  switch (block.kind) {
    case "title":
      return <h1>{block.text}</h1>;
    case "heading":
      return block.level === 1 ? <h2>{block.text}</h2> : block.level === 2 ? <h3>{block.text}</h3> : <h4>{block.text}</h4>;
    case "line":
      return <p className={block.tone === "plain" ? undefined : block.tone}>{block.text}</p>;
    case "field":
      return (
        <p>
          <span className="label">{block.label}:</span> {block.value}
        </p>
      );
    case "list":
      return (
        <>
          <p className="label">{block.label}</p>
          <ul>
            {block.items.map((item, index) => (
              <li key={index}>{item}</li>
            ))}
          </ul>
        </>
      );
    case "text":
      return <RichText blocks={block.blocks} />;
    case "table":
      return <FigureTable table={block.table} />;
    case "chart":
      return (
        <figure>
          <ExportChart chart={block.chart} formatValue={formatValue} />
        </figure>
      );
    case "source":
      return <p className="source">{block.text}</p>;
    case "quote":
      return <blockquote>{block.text}</blockquote>;
  }
}

/** The first column (region or year) names its row, so it is the row's header cell. */
function FigureTable({ table }: { table: OutlineTable }) {
  return (
    <table>
      <caption>{table.caption}</caption>
      <thead>
        <tr>
          {table.columns.map((column, index) => (
            <th key={index} scope="col" className={column.isNumeric ? "numeric" : undefined}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row, rowIndex) => (
          <tr key={rowIndex}>
            {row.map((cell, index) => {
              const className = table.columns[index]?.isNumeric ? "numeric" : undefined;
              return index === 0 ? (
                <th key={index} scope="row" className={className}>
                  {cell}
                </th>
              ) : (
                <td key={index} className={className}>
                  {cell}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// --- rich text ---------------------------------------------------------------------------------------

interface ListNode {
  ordered: boolean;
  items: { runs: TextRun[]; children: ListNode[] }[];
}

type RichNode = { kind: "block"; block: Exclude<TextBlock, { kind: "listItem" }> } | { kind: "list"; list: ListNode };

/** Flat list items (each with its depth) back into nested lists, so the HTML nests as the text did. */
function nestLists(blocks: TextBlock[]): RichNode[] {
  const nodes: RichNode[] = [];
  const open: ListNode[] = [];
  for (const block of blocks) {
    if (block.kind !== "listItem") {
      open.length = 0;
      nodes.push({ kind: "block", block });
      continue;
    }
    open.length = Math.min(open.length, block.depth + 1);
    let list = open[block.depth];
    if (!list || list.ordered !== block.ordered) {
      list = { ordered: block.ordered, items: [] };
      const parentItems = open[block.depth - 1]?.items;
      const parent = parentItems?.[parentItems.length - 1];
      if (parent) parent.children.push(list);
      else nodes.push({ kind: "list", list });
      open[block.depth] = list;
      open.length = block.depth + 1;
    }
    list.items.push({ runs: block.runs, children: [] });
  }
  return nodes;
}

function RichText({ blocks }: { blocks: TextBlock[] }) {
  return (
    <>
      {nestLists(blocks).map((node, index) =>
        node.kind === "list" ? <List key={index} list={node.list} /> : <RichBlock key={index} block={node.block} />,
      )}
    </>
  );
}

function RichBlock({ block }: { block: Exclude<TextBlock, { kind: "listItem" }> }) {
  if (block.kind === "heading") return <h4><Runs runs={block.runs} /></h4>;
  if (block.kind === "quote") return <blockquote><Runs runs={block.runs} /></blockquote>;
  return <p><Runs runs={block.runs} /></p>;
}

function List({ list }: { list: ListNode }) {
  const items = list.items.map((item, index) => (
    <li key={index}>
      <Runs runs={item.runs} />
      {item.children.map((child, childIndex) => (
        <List key={childIndex} list={child} />
      ))}
    </li>
  ));
  return list.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
}

function Runs({ runs }: { runs: TextRun[] }) {
  return (
    <>
      {runs.map((run, index) => {
        if (run.text === "\n") return <br key={index} />;
        const content = run.italic ? <em>{run.text}</em> : run.text;
        return run.bold ? <strong key={index}>{content}</strong> : <span key={index}>{content}</span>;
      })}
    </>
  );
}
