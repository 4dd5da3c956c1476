"use client";

import { useEditorState, type Editor } from "@tiptap/react";
import { useTranslations } from "next-intl";
import { useId } from "react";
import type * as Y from "yjs";
import { editorText, offsetAt } from "@/lib/collab/editor-text-offsets";
import { createTextAnchor } from "@/lib/collab/text-anchor";
import type { CommentTextPart } from "@/lib/model/enums";
import { buttonClass } from "../ui/button-class";
import { useOptionalComments } from "./comments-context";

interface SelectionCommentButtonProps {
  editor: Editor;
  fragment: Y.XmlFragment;
  part: CommentTextPart;
  itemId: string | null;
}

/**
 * "Comment on the selected text", after the editor (Tab reaches it from the text with the
 * selection kept): hands the passage to the thread panel's form, which takes focus.
 */
export function SelectionCommentButton({ editor, fragment, part, itemId }: SelectionCommentButtonProps) {
  const t = useTranslations("comments");
  const comments = useOptionalComments();
  const hintId = useId();
  const hasSelection = useEditorState({ editor, selector: ({ editor: current }) => !current.state.selection.empty });
  if (!comments?.viewer.mayComment) return null;

  function start() {
    if (!hasSelection || !comments) return;
    const { from, to } = editor.state.selection;
    const text = editorText(editor.state.doc);
    const startOffset = offsetAt(text, from, "start");
    const endOffset = offsetAt(text, to, "end");
    const anchor = startOffset !== null && endOffset !== null ? createTextAnchor(fragment, startOffset, endOffset) : null;
    if (!anchor) return;
    comments.startThread({ kind: "text", part, itemId, start: toBase64(anchor.start), end: toBase64(anchor.end), quote: anchor.quote });
  }

  return (
    <p className="mt-1">
      <button type="button" className={buttonClass("quiet")} aria-disabled={!hasSelection} aria-describedby={hasSelection ? undefined : hintId} onClick={start}>
        {t("startOnText")}
      </button>
      {!hasSelection ? (
        <span id={hintId} className="sr-only">
          {t("selectFirst")}
        </span>
      ) : null}
    </p>
  );
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}
