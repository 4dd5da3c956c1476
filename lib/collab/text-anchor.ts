/**
 * Passages of a driver's text that comment threads are anchored to (issue 6). A passage is two Yjs
 * relative positions and the text it quoted when the thread was started:
 *
 * - the start sticks to the passage's first character and the end to its last (association right
 *   and left), so text typed just before or just after it stays outside;
 * - the passage is found again by resolving both positions in the current document. It is still
 *   attached only while the text between them is exactly the quote; once that text has been edited
 *   or deleted the thread is detached and keeps the quote. It never points at other text.
 *
 * Text is read as ProseMirror's `textBetween(…, "\n")` does: the characters of each text node, one
 * line break between blocks, an embedded object as U+FFFC (it takes one position in Yjs as well).
 */
import * as Y from "yjs";
import type { CommentTextPart } from "../model/enums";
import { findItem, itemText, textFragment, type ItemList } from "./driver-doc";

export const EMBED_CHARACTER = "\uFFFC";

export interface TextAnchorRef {
  part: CommentTextPart;
  /** The goal statement or action the passage is in; null for the three text parts. */
  itemId: string | null;
  start: Uint8Array;
  end: Uint8Array;
  quote: string;
}

export type AnchorState = { status: "attached"; from: number; to: number } | { status: "detached" };

/** Where a passage's text lives: a text part, or the text of a goal statement or action. */
export function anchorFragment(doc: Y.Doc, part: CommentTextPart, itemId: string | null): Y.XmlFragment | null {
  if (part === "goal" || part === "action") {
    const list: ItemList = part === "goal" ? "goals" : "actions";
    const item = itemId ? findItem(doc, list, itemId) : undefined;
    return item ? itemText(item) : null;
  }
  return textFragment(doc, part);
}

interface FlatText {
  text: string;
  /** Where each text node's first character is in `text`. */
  offsets: Map<Y.XmlText, number>;
  /** Where each element's content starts in `text`, for positions between children. */
  elementStarts: Map<Y.XmlElement | Y.XmlFragment, number[]>;
}

/** The fragment's text in document order, with where each node starts. */
export function flattenFragment(fragment: Y.XmlFragment): FlatText {
  const flat: FlatText = { text: "", offsets: new Map(), elementStarts: new Map() };
  let pendingBreak = false;
  const visit = (node: Y.XmlElement | Y.XmlFragment) => {
    const starts: number[] = [];
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        if (pendingBreak && flat.text.length > 0) flat.text += "\n";
        pendingBreak = false;
        starts.push(flat.text.length);
        flat.offsets.set(child, flat.text.length);
        flat.text += textOf(child);
      } else if (child instanceof Y.XmlElement) {
        pendingBreak = true;
        starts.push(flat.text.length);
        visit(child);
        pendingBreak = true;
      } else {
        starts.push(flat.text.length);
      }
    }
    starts.push(flat.text.length);
    flat.elementStarts.set(node, starts);
  };
  visit(fragment);
  return flat;
}

function textOf(node: Y.XmlText): string {
  return (node.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === "string" ? op.insert : EMBED_CHARACTER)).join("");
}

/** A position's offset in the flat text, or null when it is not in this fragment. */
function offsetOf(position: Y.RelativePosition, doc: Y.Doc, flat: FlatText): number | null {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute) return null;
  const { type, index } = absolute;
  if (type instanceof Y.XmlText) {
    const start = flat.offsets.get(type);
    return start === undefined ? null : start + index;
  }
  if (type instanceof Y.XmlElement || type instanceof Y.XmlFragment) {
    const starts = flat.elementStarts.get(type);
    return starts?.[Math.min(index, starts.length - 1)] ?? null;
  }
  return null;
}

/**
 * Makes an anchor for the characters `from` to `to` of the fragment's flat text (what a selection
 * in the editor covers). Null when the range is empty or not inside text nodes.
 */
export function createTextAnchor(fragment: Y.XmlFragment, from: number, to: number): { start: Uint8Array; end: Uint8Array; quote: string } | null {
  if (to <= from) return null;
  const flat = flattenFragment(fragment);
  const locate = (offset: number, isEnd: boolean) => {
    for (const [node, start] of flat.offsets) {
      const length = node.length;
      // The end sticks to the passage's last character, so it is looked up one character back.
      const target = isEnd ? offset - 1 : offset;
      if (target >= start && target < start + length) return Y.createRelativePositionFromTypeIndex(node, isEnd ? target - start + 1 : target - start, isEnd ? -1 : 0);
    }
    return null;
  };
  const start = locate(from, false);
  const end = locate(to, true);
  if (!start || !end) return null;
  return { start: Y.encodeRelativePosition(start), end: Y.encodeRelativePosition(end), quote: flat.text.slice(from, to) };
}

/** Where the passage is now, if it still reads exactly as quoted. */
export function resolveTextAnchor(doc: Y.Doc, anchor: TextAnchorRef): AnchorState {
  const fragment = anchorFragment(doc, anchor.part, anchor.itemId);
  if (!fragment || anchor.quote.length === 0) return { status: "detached" };
  let start: Y.RelativePosition;
  let end: Y.RelativePosition;
  try {
    start = Y.decodeRelativePosition(anchor.start);
    end = Y.decodeRelativePosition(anchor.end);
  } catch {
    return { status: "detached" };
  }
  const flat = flattenFragment(fragment);
  const from = offsetOf(start, doc, flat);
  const to = offsetOf(end, doc, flat);
  if (from === null || to === null || to <= from) return { status: "detached" };
  return flat.text.slice(from, to) === anchor.quote ? { status: "attached", from, to } : { status: "detached" };
}
