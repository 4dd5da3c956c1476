import type { ReactNode } from "react";
import type { RichTextNode } from "@/lib/model/rich-text";

/**
 * Renders stored Tiptap JSON as React elements: text is escaped by React and only the node types
 * the schema allows are drawn, so stored content cannot inject markup.
 */
export function RichTextView({ doc, emptyText }: { doc: RichTextNode; emptyText: string }) {
  const children = renderChildren(doc);
  const isEmpty = !(doc.content ?? []).some((node) => (node.content ?? []).length > 0);
  if (isEmpty) return <p className="italic text-muted">{emptyText}</p>;
  return <div className="rich-text">{children}</div>;
}

function renderChildren(node: RichTextNode): ReactNode[] {
  return (node.content ?? []).map((child, index) => renderNode(child, index));
}

function renderNode(node: RichTextNode, key: number): ReactNode {
  switch (node.type) {
    case "text":
      return renderText(node, key);
    case "paragraph":
      return <p key={key}>{renderChildren(node)}</p>;
    case "heading":
      return <h3 key={key}>{renderChildren(node)}</h3>;
    case "bulletList":
      return <ul key={key}>{renderChildren(node)}</ul>;
    case "orderedList":
      return <ol key={key}>{renderChildren(node)}</ol>;
    case "listItem":
      return <li key={key}>{renderChildren(node)}</li>;
    case "blockquote":
      return <blockquote key={key}>{renderChildren(node)}</blockquote>;
    case "hardBreak":
      return <br key={key} />;
    default:
      return null;
  }
}

function renderText(node: RichTextNode, key: number): ReactNode {
  let element: ReactNode = node.text ?? "";
  for (const mark of node.marks ?? []) {
    element = mark.type === "bold" ? <strong>{element}</strong> : <em>{element}</em>;
  }
  return <span key={key}>{element}</span>;
}
