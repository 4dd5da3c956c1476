/**
 * Tiptap (ProseMirror) JSON as stored for nuläge, förväntad framtid and the gap narrative. The
 * schema accepts only the node and mark types our editor produces, so a forged document cannot
 * smuggle in anything the renderer does not know.
 */
import { z } from "zod";

export const RICH_TEXT_MAX_CHARS = 20_000;

const NODE_TYPES = [
  "doc",
  "paragraph",
  "text",
  "heading",
  "bulletList",
  "orderedList",
  "listItem",
  "blockquote",
  "hardBreak",
] as const;
const MARK_TYPES = ["bold", "italic"] as const;

export interface RichTextNode {
  type: (typeof NODE_TYPES)[number];
  text?: string;
  attrs?: Record<string, string | number | null>;
  marks?: { type: (typeof MARK_TYPES)[number] }[];
  content?: RichTextNode[];
}

export const richTextNodeSchema: z.ZodType<RichTextNode> = z.lazy(() =>
  z.strictObject({
    type: z.enum(NODE_TYPES),
    text: z.string().optional(),
    attrs: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
    // y-tiptap reads a mark back from the shared document with its (empty) attributes.
    marks: z
      .array(z.strictObject({ type: z.enum(MARK_TYPES), attrs: z.strictObject({}).optional() }).transform(({ type }) => ({ type })))
      .max(10)
      .optional(),
    content: z.array(richTextNodeSchema).max(2_000).optional(),
  }),
);

export const richTextDocSchema = richTextNodeSchema
  .refine((node) => node.type === "doc", { error: "invalid" })
  .refine((node) => plainTextOf(node).length <= RICH_TEXT_MAX_CHARS, {
    error: "tooLong",
    params: { max: RICH_TEXT_MAX_CHARS },
  });

export const EMPTY_DOC: RichTextNode = { type: "doc", content: [{ type: "paragraph" }] };

const BLOCK_TYPES = new Set(["paragraph", "heading", "listItem", "blockquote"]);

/** Plain text for search, overview and exports: blocks separated by newlines. */
export function plainTextOf(node: RichTextNode): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "hardBreak") return "\n";
  const inner = (node.content ?? []).map(plainTextOf);
  const joined = node.content?.some((child) => BLOCK_TYPES.has(child.type) || child.type.endsWith("List"))
    ? inner.filter((part) => part.length > 0).join("\n")
    : inner.join("");
  return joined;
}

/** A document with a paragraph per line of plain text (for tests and future imports). */
export function docFromPlainText(text: string): RichTextNode {
  const paragraphs = text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line): RichTextNode => ({ type: "paragraph", content: [{ type: "text", text: line }] }));
  return { type: "doc", content: paragraphs.length ? paragraphs : [{ type: "paragraph" }] };
}
