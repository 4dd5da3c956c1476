"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { COMMENT_LIMITS } from "@/lib/model/comment";
import { ActionForm, type FormAction } from "../ui/action-form";
import { FieldShell } from "../ui/field";
import { useComments } from "./comments-context";
import { MentionTextarea } from "./mention-textarea";
import { SubmitButton } from "../ui/submit-button";

interface CommentFormProps<T> {
  action: FormAction<T>;
  /** Hidden fields (ids, the anchor) sent with the text. */
  fields: Record<string, string>;
  label: string;
  submitLabel: string;
  successMessage: string;
  /**
   * Where the unsent text is kept in this browser (localStorage), so a comment being written
   * survives a reconnect, a reload or an accidental navigation; cleared once it is published.
   */
  draftKey: string;
  defaultValue?: string;
  /** Focus the text field when this number changes (a "comment on this" elsewhere on the page). */
  focusRequest?: number;
  onSuccess?: (data: T) => void;
  extra?: ReactNode;
  cancel?: ReactNode;
}

export function CommentForm<T>({ action, fields, label, submitLabel, successMessage, draftKey, defaultValue, focusRequest, onSuccess, extra, cancel }: CommentFormProps<T>) {
  return (
    <ActionForm
      action={action}
      successMessage={successMessage}
      resetOnSuccess
      className="mt-3 space-y-2"
      onSuccess={(data) => {
        clearDraft(draftKey);
        onSuccess?.(data);
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {extra}
      <CommentTextField label={label} draftKey={draftKey} defaultValue={defaultValue} focusRequest={focusRequest} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton>{submitLabel}</SubmitButton>
        {cancel}
      </div>
    </ActionForm>
  );
}

function CommentTextField({ label, draftKey, defaultValue, focusRequest }: { label: string; draftKey: string; defaultValue?: string; focusRequest?: number }) {
  const t = useTranslations("comments.body");
  const { mentionCandidates } = useComments();
  const [value, setValue] = useState(defaultValue ?? "");
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const draft = readDraft(draftKey);
    if (draft) setValue(draft);
  }, [draftKey]);

  useEffect(() => {
    if (focusRequest) field.current?.focus();
  }, [focusRequest]);

  // A success resets the form: the field follows (the draft is already cleared).
  useEffect(() => {
    const form = field.current?.form;
    if (!form) return;
    const onReset = () => setValue(defaultValue ?? "");
    form.addEventListener("reset", onReset);
    return () => form.removeEventListener("reset", onReset);
  }, [defaultValue]);

  return (
    <FieldShell name="body" label={label} hint={t("hint", { max: COMMENT_LIMITS.bodyLength })} required>
      {({ id, describedBy, invalid }) => (
        <MentionTextarea
          textareaRef={field}
          id={id}
          name="body"
          rows={3}
          required
          maxLength={COMMENT_LIMITS.bodyLength}
          value={value}
          candidates={mentionCandidates}
          onChange={(next) => {
            setValue(next);
            writeDraft(draftKey, next);
          }}
          invalid={invalid}
          describedBy={describedBy}
        />
      )}
    </FieldShell>
  );
}

const DRAFT_PREFIX = "samsyn:comment-draft:";

function readDraft(key: string): string | null {
  try {
    return window.localStorage.getItem(DRAFT_PREFIX + key);
  } catch {
    return null;
  }
}

function writeDraft(key: string, value: string): void {
  try {
    if (value.trim()) window.localStorage.setItem(DRAFT_PREFIX + key, value);
    else window.localStorage.removeItem(DRAFT_PREFIX + key);
  } catch {
    // A full or blocked storage only loses the draft's copy, never the text in the field.
  }
}

export function hasDraft(key: string): boolean {
  return Boolean(readDraft(key));
}

function clearDraft(key: string): void {
  writeDraft(key, "");
}
