"use client";

import { useTranslations } from "next-intl";
import { useId, type ReactNode } from "react";
import { useFieldError } from "./action-form";

interface FieldShellProps {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  children: (props: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** Label, hint and error wired to the control (aria-describedby, aria-invalid). */
export function FieldShell({ name, label, hint, required, children }: FieldShellProps) {
  const id = useId();
  const error = useFieldError(name);
  const t = useTranslations();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="mb-4">
      <label htmlFor={id} className="mb-1 block font-semibold">
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="mb-1 text-sm text-muted">
          {hint}
        </p>
      ) : null}
      {children({ id, describedBy, invalid: Boolean(error) })}
      {error ? (
        <p id={errorId} className="mt-1 text-sm font-semibold text-danger">
          {t(`validation.${error.key}`, error.params ?? {})}
        </p>
      ) : null}
    </div>
  );
}

export const controlClass =
  "w-full rounded border border-gray-500 bg-white px-3 py-2 text-base aria-[invalid=true]:border-danger aria-[invalid=true]:border-2";

interface TextFieldProps {
  name: string;
  label: string;
  hint?: string;
  defaultValue?: string | number | null;
  required?: boolean;
  type?: "text" | "email" | "number" | "datetime-local";
  inputMode?: "numeric" | "decimal" | "email" | "text";
  autoComplete?: string;
  maxLength?: number;
}

export function TextField({ name, label, hint, defaultValue, required, type = "text", inputMode, autoComplete, maxLength }: TextFieldProps) {
  return (
    <FieldShell name={name} label={label} hint={hint} required={required}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={name}
          type={type === "number" ? "text" : type}
          inputMode={inputMode ?? (type === "number" ? "decimal" : undefined)}
          defaultValue={defaultValue ?? ""}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          aria-required={required}
          autoComplete={autoComplete}
          maxLength={maxLength}
          className={controlClass}
        />
      )}
    </FieldShell>
  );
}

export function TextArea({ name, label, hint, defaultValue, required, rows = 4, maxLength }: TextFieldProps & { rows?: number }) {
  return (
    <FieldShell name={name} label={label} hint={hint} required={required}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          name={name}
          rows={rows}
          defaultValue={defaultValue ?? ""}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          aria-required={required}
          maxLength={maxLength}
          className={controlClass}
        />
      )}
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
  /** Shown under the choice's label (choice groups only). */
  hint?: string;
}

interface SelectFieldProps {
  name: string;
  label: string;
  hint?: string;
  options: Option[];
  defaultValue?: string | null;
  required?: boolean;
  /** Label of an empty first choice; omit to force a choice. */
  emptyLabel?: string;
}

export function SelectField({ name, label, hint, options, defaultValue, required, emptyLabel }: SelectFieldProps) {
  return (
    <FieldShell name={name} label={label} hint={hint} required={required}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          name={name}
          defaultValue={defaultValue ?? ""}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          aria-required={required}
          className={controlClass}
        >
          {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

interface ChoiceGroupProps {
  name: string;
  legend: string;
  hint?: string;
  options: Option[];
  defaultValues?: readonly string[];
  type?: "checkbox" | "radio";
  required?: boolean;
}

/** A fieldset of checkboxes or radios; the legend names the group for screen readers. */
export function ChoiceGroup({ name, legend, hint, options, defaultValues = [], type = "checkbox", required }: ChoiceGroupProps) {
  const id = useId();
  const error = useFieldError(name);
  const t = useTranslations();
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="mb-4" aria-describedby={describedBy} aria-invalid={Boolean(error) || undefined}>
      <legend className="mb-1 font-semibold">
        {legend}
        {required ? <span aria-hidden="true"> *</span> : null}
      </legend>
      {hint ? (
        <p id={`${id}-hint`} className="mb-1 text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-x-5 gap-y-1">
        {options.map((option, index) => (
          <label key={option.value} className={option.hint ? "flex basis-full items-start gap-2 py-1" : "inline-flex items-center gap-2 py-1"}>
            <input
              type={type}
              name={name}
              value={option.value}
              defaultChecked={defaultValues.includes(option.value)}
              aria-invalid={index === 0 && error ? true : undefined}
              aria-describedby={option.hint ? `${id}-${index}-hint` : undefined}
              className={option.hint ? "mt-1 h-5 w-5 shrink-0 accent-brand-700" : "h-5 w-5 accent-brand-700"}
            />
            {option.hint ? (
              <span>
                {option.label}
                <span id={`${id}-${index}-hint`} className="block text-sm text-muted">
                  {option.hint}
                </span>
              </span>
            ) : (
              option.label
            )}
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-semibold text-danger">
          {t(`validation.${error.key}`, error.params ?? {})}
        </p>
      ) : null}
    </fieldset>
  );
}
