"use client";

/**
 * A comment field that suggests people and organisations to mention (issue 6). Typing `@` (at the
 * start or after a space or an opening bracket) and the start of a name opens a list of matching
 * candidates; ArrowDown/ArrowUp move through it, Enter or Tab inserts the active one as a token
 * (`@[Name](user:<id>)`, lib/model/mention.ts) at the caret, Escape closes it; a click inserts too.
 *
 * Accessibility: the WAI-ARIA combobox pattern's keyboard model and its listbox, on the native
 * textarea. The textarea keeps its own role (a multi-line text box; ARIA in HTML allows no other
 * role on a textarea, and `role="combobox"` would stop screen readers treating it as one), and
 * carries what a text box may: `aria-autocomplete="list"`, `aria-haspopup="listbox"`,
 * `aria-controls` and `aria-activedescendant` naming the active option. Because a text box has no
 * `aria-expanded`, a polite live region says when suggestions appear (how many, and how to choose)
 * and which name was inserted.
 */
import { useTranslations } from "next-intl";
import { useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { organisationMention, userMention, type MentionKind } from "@/lib/model/mention";

export interface MentionCandidateOption {
  kind: MentionKind;
  id: string;
  name: string;
  /** Shown after the name, e.g. a person's organisation. */
  detail?: string;
}

export interface MentionTextareaProps {
  name: string;
  id?: string;
  /** The visible label; or name the field with `labelledBy` (an element's id) instead. */
  label?: string;
  labelledBy?: string;
  defaultValue?: string;
  /** Controlled: the text, kept by the caller (which then owns `onChange`). */
  value?: string;
  /** The textarea itself, for callers that move focus to it. */
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  candidates: MentionCandidateOption[];
  maxLength: number;
  required?: boolean;
  /** Ids of elements that describe the field (hints, errors), before the picker's own hint. */
  describedBy?: string;
  invalid?: boolean;
  autoFocus?: boolean;
  rows?: number;
  onChange?(value: string): void;
}

/** At most this many suggestions at once. */
const MAX_OPTIONS = 8;

/** An `@` at the start or after a space or opening bracket, then up to 40 characters of a name, up to the caret. */
const QUERY_BEFORE_CARET = /(?:^|[\s([{"'„“])@([^\s@[\]()]{0,40})$/u;

/** Lower case without diacritics, so "ake" finds "Åke" and "region skane" finds "Region Skåne". */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("sv");
}

function matches(candidate: MentionCandidateOption, query: string): boolean {
  if (!query) return true;
  const name = fold(candidate.name);
  return name.startsWith(query) || name.split(/[\s-]+/).some((word) => word.startsWith(query));
}

interface OpenQuery {
  /** Index of the `@` in the value. */
  start: number;
  /** The folded text typed after it. */
  text: string;
}

export function MentionTextarea({
  name,
  id,
  label,
  labelledBy,
  defaultValue = "",
  value: controlledValue,
  textareaRef: outerRef,
  candidates,
  maxLength,
  required,
  describedBy,
  invalid,
  autoFocus,
  rows = 4,
  onChange,
}: MentionTextareaProps) {
  const t = useTranslations("notifications.mentionPicker");
  const generatedId = useId();
  const fieldId = id ?? `${generatedId}-field`;
  const listboxId = `${generatedId}-listbox`;
  const hintId = `${generatedId}-hint`;
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const textareaRef = outerRef ?? ownRef;
  const [ownValue, setOwnValue] = useState(defaultValue);
  const value = controlledValue ?? ownValue;
  const setValue = (next: string) => {
    if (controlledValue === undefined) setOwnValue(next);
  };
  const [query, setQuery] = useState<OpenQuery | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  /** The `@` the person closed with Escape: stays closed until they type at another one. */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const options = useMemo(
    () => (query ? candidates.filter((candidate) => matches(candidate, query.text)).slice(0, MAX_OPTIONS) : []),
    [candidates, query],
  );
  const isOpen = query !== null && options.length > 0;
  const active = isOpen ? options[Math.min(activeIndex, options.length - 1)] : undefined;
  const optionId = (index: number) => `${generatedId}-option-${index}`;

  /** Works out from the text before the caret whether a mention is being typed. */
  function updateQuery(text: string, caret: number) {
    const match = QUERY_BEFORE_CARET.exec(text.slice(0, caret));
    const next = match ? { start: caret - match[1]!.length - 1, text: fold(match[1]!) } : null;
    if (!next || next.start === dismissedAt) {
      setQuery(null);
      return;
    }
    if (dismissedAt !== null) setDismissedAt(null);
    const count = candidates.filter((candidate) => matches(candidate, next.text)).slice(0, MAX_OPTIONS).length;
    const wasOpen = query !== null;
    setQuery(next);
    if (!wasOpen || query?.text !== next.text) {
      setActiveIndex(0);
      setAnnouncement(t("results", { count }));
    }
  }

  function change(text: string, caret: number) {
    setValue(text);
    onChange?.(text);
    updateQuery(text, caret);
  }

  function insert(candidate: MentionCandidateOption) {
    const textarea = textareaRef.current;
    if (!textarea || !query) return;
    const caret = textarea.selectionStart ?? value.length;
    const token = (candidate.kind === "user" ? userMention : organisationMention)(candidate.id, candidate.name);
    const after = value.slice(caret);
    const addition = `${token}${after.startsWith(" ") ? "" : " "}`;
    const next = value.slice(0, query.start) + addition + after;
    if (next.length > maxLength) return;
    const nextCaret = query.start + addition.length;
    setValue(next);
    onChange?.(next);
    setQuery(null);
    setAnnouncement(t("inserted", { name: candidate.name }));
    // After React has written the value: put the caret after the token.
    requestAnimationFrame(() => {
      textarea.focus();
      textarea.setSelectionRange(nextCaret, nextCaret);
    });
  }

  function close() {
    if (query) setDismissedAt(query.start);
    setQuery(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!isOpen) return;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        setActiveIndex((index) => (index + 1) % options.length);
        break;
      case "ArrowUp":
        event.preventDefault();
        setActiveIndex((index) => (index - 1 + options.length) % options.length);
        break;
      case "Enter":
      case "Tab":
        if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        if (active) insert(active);
        break;
      case "Escape":
        event.preventDefault();
        event.stopPropagation();
        close();
        break;
    }
  }

  const describedByIds = [describedBy, hintId].filter(Boolean).join(" ");
  return (
    <div className="relative">
      {label ? (
        <label htmlFor={fieldId} className="mb-1 block font-semibold">
          {label}
          {required ? <span aria-hidden="true"> *</span> : null}
        </label>
      ) : null}
      <textarea
        ref={textareaRef}
        id={fieldId}
        name={name}
        rows={rows}
        value={value}
        maxLength={maxLength}
        required={required}
        aria-required={required || undefined}
        aria-invalid={invalid || undefined}
        aria-labelledby={label ? undefined : labelledBy}
        aria-describedby={describedByIds}
        aria-autocomplete="list"
        aria-haspopup="listbox"
        aria-controls={listboxId}
        aria-activedescendant={active ? optionId(options.indexOf(active)) : undefined}
        autoFocus={autoFocus}
        autoComplete="off"
        onChange={(event) => change(event.target.value, event.target.selectionStart ?? event.target.value.length)}
        onKeyDown={onKeyDown}
        onClick={(event) => updateQuery(value, event.currentTarget.selectionStart ?? value.length)}
        onKeyUp={(event) => {
          if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) updateQuery(value, event.currentTarget.selectionStart ?? value.length);
        }}
        onBlur={() => setQuery(null)}
        className="w-full rounded border border-gray-500 bg-white px-3 py-2 text-base aria-[invalid=true]:border-2 aria-[invalid=true]:border-danger"
      />
      <p id={hintId} className="mt-1 text-sm text-muted">
        {t("hint")}
      </p>
      <ul
        id={listboxId}
        role="listbox"
        aria-label={t("listLabel")}
        hidden={!isOpen}
        // At most MAX_OPTIONS options, so it never scrolls (a scrolling list would need a focusable
        // element for keyboard scrolling, and focus stays in the text box).
        className="absolute left-0 right-0 z-20 mt-1 rounded border border-gray-500 bg-white py-1 shadow-lg"
      >
        {isOpen
          ? options.map((option, index) => {
              const isActive = option === active;
              return (
                <li
                  key={`${option.kind}:${option.id}`}
                  id={optionId(index)}
                  role="option"
                  aria-selected={isActive}
                  // Keep focus in the text box: a click must not blur it before the insert.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => insert(option)}
                  className={`cursor-pointer px-3 py-2 ${isActive ? "bg-brand-900 text-white" : "text-ink hover:bg-gray-100"}`}
                >
                  <span className="font-semibold">{option.name}</span>
                  <span className={isActive ? "text-white" : "text-muted"}>
                    {", "}
                    {option.detail ?? (option.kind === "user" ? t("person") : t("organisation"))}
                  </span>
                  {option.kind === "organisation" && option.detail ? <span className="sr-only">, {t("organisation")}</span> : null}
                </li>
              );
            })
          : null}
      </ul>
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}
