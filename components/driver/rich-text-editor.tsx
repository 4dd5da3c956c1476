"use client";

import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { RichTextNode } from "@/lib/model/rich-text";

interface RichTextEditorProps {
  action: FormAction;
  fields: Record<string, string>;
  label: string;
  initialDoc: RichTextNode;
}

/**
 * Tiptap editor for one text part. Only the formatting the stored schema allows is enabled; the
 * document is sent as Tiptap JSON and the server derives the plain text.
 */
export function RichTextEditor({ action, fields, label, initialDoc }: RichTextEditorProps) {
  const t = useTranslations("editor");
  const labelId = useId();
  const [docJson, setDocJson] = useState(() => JSON.stringify(initialDoc));
  const [savedJson, setSavedJson] = useState(docJson);
  const editor = useEditor({
    immediatelyRender: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [3] },
        code: false,
        codeBlock: false,
        strike: false,
        horizontalRule: false,
        link: false,
        underline: false,
      }),
    ],
    content: initialDoc,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": labelId,
        class: "tiptap rounded-b border border-gray-500 bg-white focus:outline-none",
      },
    },
    onUpdate: ({ editor: current }) => setDocJson(JSON.stringify(current.getJSON())),
  });
  const isDirty = docJson !== savedJson;

  return (
    <ActionForm action={action} successMessage={t("saved")} onSuccess={() => setSavedJson(docJson)}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="doc" value={docJson} />
      <p id={labelId} className="mb-1 font-semibold">
        {label}
      </p>
      <Toolbar editor={editor} />
      <div className="focus-within:outline focus-within:outline-3 focus-within:outline-offset-2 focus-within:outline-focus">
        <EditorContent editor={editor} />
      </div>
      <div className="mt-2 flex items-center gap-3">
        <SubmitButton>{t("save")}</SubmitButton>
        {isDirty ? <span className="text-sm font-semibold text-muted">{t("unsaved")}</span> : null}
      </div>
    </ActionForm>
  );
}

function Toolbar({ editor }: { editor: Editor | null }) {
  const t = useTranslations("editor");
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current?.isActive("bold") ?? false,
      italic: current?.isActive("italic") ?? false,
      bulletList: current?.isActive("bulletList") ?? false,
      orderedList: current?.isActive("orderedList") ?? false,
      heading: current?.isActive("heading", { level: 3 }) ?? false,
    }),
  });
  if (!editor || !state) return <div className="h-11 rounded-t border border-b-0 border-gray-500 bg-gray-50" />;
  const buttons = [
    { key: "bold", label: t("bold"), text: "B", run: () => editor.chain().focus().toggleBold().run() },
    { key: "italic", label: t("italic"), text: "I", run: () => editor.chain().focus().toggleItalic().run() },
    { key: "heading", label: t("heading"), text: "H", run: () => editor.chain().focus().toggleHeading({ level: 3 }).run() },
    { key: "bulletList", label: t("bulletList"), text: "•", run: () => editor.chain().focus().toggleBulletList().run() },
    // An icon, not the text "1.": visible text must be part of the accessible name (WCAG 2.5.3,
    // axe label-content-name-mismatch), and "1." is not in "Numrerad lista".
    { key: "orderedList", label: t("orderedList"), text: <OrderedListIcon />, run: () => editor.chain().focus().toggleOrderedList().run() },
  ] as const;
  return (
    <div role="toolbar" aria-label={t("toolbar")} className="flex gap-1 rounded-t border border-b-0 border-gray-500 bg-gray-50 p-1">
      {buttons.map((button) => (
        <button
          key={button.key}
          type="button"
          aria-label={button.label}
          aria-pressed={state[button.key]}
          onClick={button.run}
          className="min-h-9 min-w-9 rounded px-2 font-semibold aria-pressed:bg-brand-700 aria-pressed:text-white hover:bg-brand-100"
        >
          <span aria-hidden="true">{button.text}</span>
        </button>
      ))}
    </div>
  );
}

/** A numbered-list glyph drawn as lines, so it carries no text of its own. */
function OrderedListIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" className="inline-block align-middle" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" focusable="false">
      <path d="M10 6h11M10 12h11M10 18h11M4 6h1v4M4 10h2M6 18H4c0-1 2-2 2-3s-1-1.5-2-1" />
    </svg>
  );
}
