/**
 * The editor's positions (ProseMirror) and the flat text that comment anchors are measured in
 * (lib/collab/text-anchor.ts `flattenFragment`), translated both ways. The flat text is read off the
 * ProseMirror document by the same rules as off the Yjs fragment it mirrors: the characters of each
 * text node, and one line break before text that follows an element (a block, a hard break).
 * Reading it off ProseMirror's `textBetween` would differ (it separates empty blocks too).
 */
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";

interface Segment {
  /** Where the text node starts in the editor. */
  position: number;
  /** Where it starts in the flat text. */
  offset: number;
  length: number;
}

export interface EditorText {
  text: string;
  segments: Segment[];
}

export function editorText(doc: ProseMirrorNode): EditorText {
  const segments: Segment[] = [];
  let text = "";
  let pendingBreak = false;
  doc.descendants((node, position) => {
    if (node.isText) {
      const value = node.text ?? "";
      if (pendingBreak && text.length > 0 && value.length > 0) text += "\n";
      if (value.length > 0) pendingBreak = false;
      segments.push({ position, offset: text.length, length: value.length });
      text += value;
      return false;
    }
    pendingBreak = true;
    return true;
  });
  return { text, segments: segments.filter((segment) => segment.length > 0) };
}

/**
 * The flat offset of an editor position. A passage starts at a character and ends after one, so a
 * position at a block boundary moves into the text: forward for a start, backward for an end.
 */
export function offsetAt(editor: EditorText, position: number, side: "start" | "end"): number | null {
  const { segments } = editor;
  if (side === "start") {
    const inside = segments.find((segment) => position >= segment.position && position < segment.position + segment.length);
    if (inside) return inside.offset + (position - inside.position);
    const next = segments.find((segment) => segment.position > position);
    return next ? next.offset : null;
  }
  const inside = segments.find((segment) => position > segment.position && position <= segment.position + segment.length);
  if (inside) return inside.offset + (position - inside.position);
  const previous = segments.findLast((segment) => segment.position + segment.length <= position);
  return previous ? previous.offset + previous.length : null;
}

/** The editor position of a flat offset (inside a text node), or null past the text. */
export function positionAt(editor: EditorText, offset: number, side: "start" | "end"): number | null {
  for (const segment of editor.segments) {
    const isInside = side === "start" ? offset >= segment.offset && offset < segment.offset + segment.length : offset > segment.offset && offset <= segment.offset + segment.length;
    if (isInside) return segment.position + (offset - segment.offset);
  }
  return null;
}
