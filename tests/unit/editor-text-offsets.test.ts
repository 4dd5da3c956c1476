/**
 * The editor's positions and the comment anchors' flat text (lib/collab/editor-text-offsets.ts):
 * for random rich texts (paragraphs, headings, lists, quotes, hard breaks, marks, empty blocks),
 * the flat text read off the ProseMirror document equals the one read off its Yjs fragment, and a
 * passage selected in the editor anchors to exactly the selected characters and maps back to the
 * same positions.
 */
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import fc from "fast-check";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { richTextSchema } from "@/lib/collab/editor-schema";
import { editorText, offsetAt, positionAt } from "@/lib/collab/editor-text-offsets";
import { createTextAnchor, flattenFragment, resolveTextAnchor } from "@/lib/collab/text-anchor";

type Json = { type: string; text?: string; marks?: { type: string }[]; content?: Json[]; attrs?: Record<string, unknown> };

const word = fc.string({ minLength: 1, maxLength: 8 }).filter((text) => text.trim().length > 0 && !text.includes("\n"));
const inline: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: word.map((text) => ({ type: "text", text })) },
  { weight: 2, arbitrary: word.map((text) => ({ type: "text", text, marks: [{ type: "bold" }] })) },
  { weight: 1, arbitrary: fc.constant({ type: "hardBreak" }) },
);
const paragraph = fc.array(inline, { maxLength: 4 }).map((content) => ({ type: "paragraph", content: mergeTexts(content) }));
const block: fc.Arbitrary<Json> = fc.oneof(
  { weight: 5, arbitrary: paragraph },
  { weight: 1, arbitrary: fc.array(inline, { minLength: 1, maxLength: 3 }).map((content) => ({ type: "heading", attrs: { level: 3 }, content: mergeTexts(content) })) },
  { weight: 1, arbitrary: fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((items) => ({ type: "bulletList", content: items.map((item) => ({ type: "listItem", content: [item] })) })) },
  { weight: 1, arbitrary: fc.array(paragraph, { minLength: 1, maxLength: 2 }).map((content) => ({ type: "blockquote", content })) },
);
const document = fc.array(block, { minLength: 1, maxLength: 6 }).map((content) => ({ type: "doc", content }));

/** ProseMirror joins adjacent text nodes with the same marks; JSON must not hold two of them. */
function mergeTexts(content: Json[]): Json[] {
  const merged: Json[] = [];
  for (const node of content) {
    const last = merged.at(-1);
    if (last?.type === "text" && node.type === "text" && JSON.stringify(last.marks) === JSON.stringify(node.marks)) last.text += node.text!;
    else merged.push({ ...node });
  }
  return merged;
}

function both(json: Json) {
  const pmDoc = richTextSchema().nodeFromJSON(json);
  const ydoc = new Y.Doc();
  const fragment = ydoc.getXmlFragment("nulage");
  prosemirrorJSONToYXmlFragment(richTextSchema(), json, fragment);
  return { pmDoc, ydoc, fragment };
}

describe("editor positions and anchor offsets", () => {
  it("read the same flat text off ProseMirror and off Yjs", () => {
    fc.assert(
      fc.property(document, (json) => {
        const { pmDoc, fragment } = both(json);
        expect(editorText(pmDoc).text).toBe(flattenFragment(fragment).text);
      }),
      { numRuns: 300 },
    );
  });

  it("anchor a selection to exactly its characters, and map the passage back to the selection", () => {
    fc.assert(
      fc.property(document, fc.nat(), fc.nat(), (json, a, b) => {
        const { pmDoc, ydoc, fragment } = both(json);
        const text = editorText(pmDoc);
        if (!text.segments.length) return;
        // Two positions inside text nodes.
        const positions = text.segments.flatMap((segment) => Array.from({ length: segment.length + 1 }, (_, index) => segment.position + index));
        let [from, to] = [positions[a % positions.length]!, positions[b % positions.length]!].sort((x, y) => x - y) as [number, number];
        const start = offsetAt(text, from, "start");
        const end = offsetAt(text, to, "end");
        if (start === null || end === null || end <= start) return;
        const anchor = createTextAnchor(fragment, start, end);
        expect(anchor).not.toBeNull();
        expect(anchor!.quote).toBe(text.text.slice(start, end));
        // Every character of the quote is the selection's, line breaks aside.
        expect(anchor!.quote.replaceAll("\n", "")).toBe(pmDoc.textBetween(from, to, "").replaceAll("\uFFFC", ""));
        const resolved = resolveTextAnchor(ydoc, { part: "nulage", itemId: null, ...anchor! });
        expect(resolved).toEqual({ status: "attached", from: start, to: end });
        from = positionAt(text, start, "start")!;
        to = positionAt(text, end, "end")!;
        expect(pmDoc.textBetween(from, to, "")).toBe(anchor!.quote.replaceAll("\n", ""));
      }),
      { numRuns: 300 },
    );
  });

  it("an empty paragraph between two texts adds no line break of its own", () => {
    const { pmDoc, fragment } = both({
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "Ett" }] },
        { type: "paragraph" },
        { type: "paragraph", content: [{ type: "text", text: "Två" }] },
      ],
    });
    expect(editorText(pmDoc).text).toBe("Ett\nTvå");
    expect(flattenFragment(fragment).text).toBe("Ett\nTvå");
  });
});
