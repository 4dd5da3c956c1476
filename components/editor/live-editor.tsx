"use client";

import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { useEffect, type ReactNode } from "react";
import type * as Y from "yjs";
import { richTextExtensions } from "@/lib/collab/editor-schema";
import type { PresenceUser } from "@/lib/collab/protocol";
import type { DriverSession } from "@/components/collab/driver-session";
import { SelectionCommentButton } from "@/components/comments/selection-comment-button";
import { useCommentHighlights } from "@/components/comments/use-comment-highlights";
import type { CommentTextPart } from "@/lib/model/enums";
import { CommentHighlights } from "./comment-highlights";
import { EditorToolbar } from "./editor-toolbar";

/**
 * Another person's caret: a bar in their colour with their name above it. The name is drawn by
 * CSS from `data-name`, so it never becomes part of the text (copying, reading the text); the
 * caret is hidden from screen readers, and the presence list says in words who works where.
 */
function renderCaret(user: Partial<PresenceUser>): HTMLElement {
  const caret = document.createElement("span");
  caret.className = "collab-caret";
  caret.setAttribute("aria-hidden", "true");
  caret.contentEditable = "false";
  caret.dataset.name = user.name ?? "";
  caret.style.setProperty("--caret-color", user.color ?? "transparent");
  return caret;
}

interface LiveEditorProps {
  session: DriverSession;
  fragment: Y.XmlFragment;
  /** Id of the visible element naming the text (the editor's accessible name). */
  labelId: string;
  isEditable: boolean;
  /** Shown until the editor exists (the stored copy, so nothing flashes empty). */
  fallback: ReactNode;
  /** Shown instead of an empty read-only editor. */
  emptyText: string;
  onEditor?: (editor: Editor | null) => void;
  /** The text's place in the driver, for comment threads on its passages. */
  commentPart: { part: CommentTextPart; itemId: string | null };
}

/** A Tiptap editor bound to one fragment of the driver document, with the others' named carets. */
export function LiveEditor({ session, fragment, labelId, isEditable, fallback, emptyText, onEditor, commentPart }: LiveEditorProps) {
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: isEditable,
      extensions: [
        ...richTextExtensions(),
        Collaboration.configure({ fragment }),
        CollaborationCaret.configure({ provider: session.provider, user: session.user, render: renderCaret }),
        CommentHighlights,
      ],
      editorProps: { attributes: editorAttributes(labelId, isEditable) },
    },
    [session, fragment],
  );
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setEditable(isEditable);
    editor.setOptions({ editorProps: { attributes: editorAttributes(labelId, isEditable) } });
  }, [editor, isEditable, labelId]);
  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);
  const isEmpty = useEditorState({ editor, selector: ({ editor: current }) => current?.isEmpty ?? false });
  useCommentHighlights(editor, session.doc, commentPart.part, commentPart.itemId);

  if (!editor) return <>{fallback}</>;
  return (
    <div>
      {isEditable ? <EditorToolbar editor={editor} /> : null}
      {!isEditable && isEmpty ? <p className="italic text-muted">{emptyText}</p> : null}
      <div className={isEditable ? "focus-within:outline focus-within:outline-3 focus-within:outline-offset-2 focus-within:outline-focus" : isEmpty ? "hidden" : ""}>
        <EditorContent editor={editor} />
      </div>
      {!isEmpty ? <SelectionCommentButton editor={editor} fragment={fragment} part={commentPart.part} itemId={commentPart.itemId} /> : null}
    </div>
  );
}

/** An editable editor is a labelled multi-line textbox; a read-only one is plain content. */
function editorAttributes(labelId: string, isEditable: boolean): Record<string, string> {
  if (!isEditable) return { class: "tiptap rich-text tiptap-readonly" };
  return {
    role: "textbox",
    "aria-multiline": "true",
    "aria-labelledby": labelId,
    class: "tiptap rounded-b border border-gray-500 bg-white focus:outline-none",
  };
}
