"use client";

import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { useEffect, type ReactNode } from "react";
import type * as Y from "yjs";
import { richTextExtensions } from "@/lib/collab/editor-schema";
import type { PresenceUser } from "@/lib/collab/protocol";
import type { DriverSession } from "@/components/collab/driver-session";
import { EditorToolbar } from "./editor-toolbar";

/**
 * Another person's caret: a coloured bar with their name. Hidden from screen readers, which
 * would otherwise read the name as part of the text; the presence list says in words who is
 * working where.
 */
function renderCaret(user: Partial<PresenceUser>): HTMLElement {
  const caret = document.createElement("span");
  caret.className = "collab-caret";
  caret.setAttribute("aria-hidden", "true");
  caret.contentEditable = "false";
  caret.style.borderColor = user.color ?? "";
  const label = document.createElement("span");
  label.className = "collab-caret__label";
  label.style.backgroundColor = user.color ?? "";
  label.textContent = user.name ?? "";
  caret.append(label);
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
}

/** A Tiptap editor bound to one fragment of the driver document, with the others' named carets. */
export function LiveEditor({ session, fragment, labelId, isEditable, fallback, emptyText, onEditor }: LiveEditorProps) {
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: isEditable,
      extensions: [
        ...richTextExtensions(),
        Collaboration.configure({ fragment }),
        CollaborationCaret.configure({ provider: session.provider, user: session.user, render: renderCaret }),
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

  if (!editor) return <>{fallback}</>;
  return (
    <div>
      {isEditable ? <EditorToolbar editor={editor} /> : null}
      {!isEditable && isEmpty ? <p className="italic text-muted">{emptyText}</p> : null}
      <div className={isEditable ? "focus-within:outline focus-within:outline-3 focus-within:outline-offset-2 focus-within:outline-focus" : isEmpty ? "hidden" : ""}>
        <EditorContent editor={editor} />
      </div>
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
