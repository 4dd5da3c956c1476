"use client";

import type { Editor } from "@tiptap/react";
import { useEffect } from "react";
import type * as Y from "yjs";
import { editorText, positionAt } from "@/lib/collab/editor-text-offsets";
import { resolveTextAnchor } from "@/lib/collab/text-anchor";
import type { CommentTextPart } from "@/lib/model/enums";
import { commentHighlightsKey, type Highlight } from "../editor/comment-highlights";
import { useOptionalComments } from "./comments-context";

/**
 * Keeps an editor's highlights on the passages its open threads are about: recomputed a frame
 * after each change of the document (local typing reaches Yjs after the editor's own update, so
 * both agree by then) and whenever the threads change.
 */
export function useCommentHighlights(editor: Editor | null, doc: Y.Doc | null, part: CommentTextPart, itemId: string | null) {
  const comments = useOptionalComments();
  const threads = comments?.state.threads;
  useEffect(() => {
    if (!editor || !doc || !threads) return;
    const anchors = threads.flatMap((thread) =>
      !thread.isResolved && thread.anchor.kind === "text" && thread.anchor.part === part && thread.anchor.itemId === itemId
        ? [{ threadId: thread.id, ref: { part, itemId, start: fromBase64(thread.anchor.start), end: fromBase64(thread.anchor.end), quote: thread.anchor.quote } }]
        : [],
    );
    let frame = 0;
    const recompute = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (editor.isDestroyed) return;
        const text = editorText(editor.state.doc);
        const highlights: Highlight[] = [];
        for (const { threadId, ref } of anchors) {
          const state = resolveTextAnchor(doc, ref);
          if (state.status !== "attached") continue;
          const from = positionAt(text, state.from, "start");
          const to = positionAt(text, state.to, "end");
          if (from !== null && to !== null && to > from) highlights.push({ threadId, from, to });
        }
        editor.view.dispatch(editor.state.tr.setMeta(commentHighlightsKey, highlights).setMeta("addToHistory", false));
      });
    };
    recompute();
    doc.on("afterTransaction", recompute);
    return () => {
      cancelAnimationFrame(frame);
      doc.off("afterTransaction", recompute);
    };
  }, [editor, doc, threads, part, itemId]);
}

export function fromBase64(encoded: string): Uint8Array {
  return Uint8Array.from(atob(encoded), (character) => character.charCodeAt(0));
}
