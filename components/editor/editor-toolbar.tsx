"use client";

import { useEditorState, type Editor } from "@tiptap/react";
import { useTranslations } from "next-intl";
import { useRef, useState, type KeyboardEvent } from "react";

type FormatKey = "bold" | "italic" | "heading" | "bulletList" | "orderedList";

const FORMAT_KEYS: readonly FormatKey[] = ["bold", "italic", "heading", "bulletList", "orderedList"];

function runFormat(editor: Editor, key: FormatKey): void {
  const chain = editor.chain().focus();
  if (key === "bold") chain.toggleBold().run();
  else if (key === "italic") chain.toggleItalic().run();
  else if (key === "heading") chain.toggleHeading({ level: 3 }).run();
  else if (key === "bulletList") chain.toggleBulletList().run();
  else chain.toggleOrderedList().run();
}

/**
 * The formatting toolbar of one editor. One Tab stop (ARIA toolbar pattern): the arrow keys, Home
 * and End move between the buttons, so a page with many editors stays quick to tab through.
 */
export function EditorToolbar({ editor }: { editor: Editor | null }) {
  const t = useTranslations("editor");
  const [focusIndex, setFocusIndex] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
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

  const labels: Record<FormatKey, string> = {
    bold: t("bold"),
    italic: t("italic"),
    heading: t("heading"),
    bulletList: t("bulletList"),
    orderedList: t("orderedList"),
  };
  // An icon, not the text "1.", for the numbered list: visible text must be part of the
  // accessible name (WCAG 2.5.3, axe label-content-name-mismatch).
  const glyphs: Record<FormatKey, React.ReactNode> = { bold: "B", italic: "I", heading: "H", bulletList: "•", orderedList: <OrderedListIcon /> };

  function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
    const last = FORMAT_KEYS.length - 1;
    const next =
      event.key === "ArrowRight" ? (focusIndex + 1) % FORMAT_KEYS.length
      : event.key === "ArrowLeft" ? (focusIndex + last) % FORMAT_KEYS.length
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    buttons.current[next]?.focus();
  }

  return (
    <div role="toolbar" aria-label={t("toolbar")} onKeyDown={moveFocus} className="flex gap-1 rounded-t border border-b-0 border-gray-500 bg-gray-50 p-1">
      {FORMAT_KEYS.map((key, index) => (
        <button
          key={key}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          tabIndex={index === focusIndex ? 0 : -1}
          aria-label={labels[key]}
          aria-pressed={state[key]}
          onFocus={() => setFocusIndex(index)}
          onClick={() => runFormat(editor, key)}
          className="min-h-9 min-w-9 rounded px-2 font-semibold aria-pressed:bg-brand-700 aria-pressed:text-white hover:bg-brand-100"
        >
          <span aria-hidden="true">{glyphs[key]}</span>
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
