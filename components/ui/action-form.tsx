"use client";

import { useTranslations } from "next-intl";
import { createContext, startTransition, useActionState, useContext, useEffect, useRef, type FormEvent, type ReactNode } from "react";
import type { ActionResult } from "@/lib/errors";
import type { FieldError, FieldErrors } from "@/lib/validation";

export type FormAction<T = unknown> = (
  previous: ActionResult<T> | null,
  formData: FormData,
) => Promise<ActionResult<T>>;

interface FormState {
  result: ActionResult<unknown> | null;
  pending: boolean;
}

const FormStateContext = createContext<FormState>({ result: null, pending: false });

/** The error of one field of the surrounding ActionForm, if any. */
export function useFieldError(name: string): FieldError | undefined {
  const { result } = useContext(FormStateContext);
  return result && !result.ok ? result.fieldErrors?.[name] : undefined;
}

export function useFormState(): FormState {
  return useContext(FormStateContext);
}

/**
 * Field errors for fields outside an ActionForm (forms checked in the browser, e.g. a goal's
 * target written into the live document): the same fields show them the same way.
 */
export function FieldErrorsProvider({ errors, children }: { errors: FieldErrors; children: ReactNode }) {
  const hasErrors = Object.keys(errors).length > 0;
  const result: ActionResult<unknown> | null = hasErrors ? { ok: false, code: "invalid_input", fieldErrors: errors } : null;
  return <FormStateContext value={{ result, pending: false }}>{children}</FormStateContext>;
}

interface ActionFormProps<T> {
  action: FormAction<T>;
  children: ReactNode;
  /** Announced politely after success; omit for forms that redirect. */
  successMessage?: string;
  resetOnSuccess?: boolean;
  className?: string;
  /** Accessible name of the form (a landmark when named). */
  label?: string;
  /** Focus this element id after success (e.g. a moved item's button). */
  focusAfterSuccess?: string;
  /** Called after success with the action's data (e.g. the id of what it created). */
  onSuccess?: (data: T) => void;
}

/**
 * A form bound to a server action: errors appear at their fields, the first invalid field gets
 * focus, and the outcome is announced to screen readers. Works without JavaScript too, because
 * the action is a plain form action.
 */
export function ActionForm<T>({
  action,
  children,
  successMessage,
  resetOnSuccess,
  className,
  label,
  focusAfterSuccess,
  onSuccess,
}: ActionFormProps<T>) {
  const [result, formAction, pending] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!result) return;
    if (!result.ok) {
      // A checkbox group marks its fieldset invalid too, and a fieldset cannot take focus: skip it.
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]:not(fieldset)')?.focus();
      return;
    }
    if (resetOnSuccess) formRef.current?.reset();
    if (focusAfterSuccess) document.getElementById(focusAfterSuccess)?.focus();
    onSuccess?.(result.data);
    // Only a new result should trigger these effects, not new callback identities.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);

  /**
   * React resets a form after its `action` returns, also when the result is a validation error,
   * which would wipe what the person typed just as the errors ask them to correct it. With
   * JavaScript the action is therefore dispatched here, without the automatic reset (a success
   * still resets when `resetOnSuccess`); without JavaScript the plain form action still works.
   */
  function submitKeepingInput(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(formData));
  }

  return (
    <FormStateContext value={{ result, pending }}>
      <form ref={formRef} action={formAction} onSubmit={submitKeepingInput} noValidate className={className} aria-label={label}>
        {children}
        <FormOutcome result={result} successMessage={successMessage} />
      </form>
    </FormStateContext>
  );
}

function FormOutcome({ result, successMessage }: { result: ActionResult<unknown> | null; successMessage?: string }) {
  const t = useTranslations("forms");
  const tErrors = useTranslations("errors");
  const failed = result && !result.ok;
  const fieldErrorCount = failed ? Object.keys(result.fieldErrors ?? {}).length : 0;
  let message = "";
  if (failed) {
    message =
      fieldErrorCount > 0
        ? t("hasErrors", { count: fieldErrorCount })
        : result.reason
          ? tErrors(`reasons.${result.reason}`)
          : tErrors(result.code);
  } else if (result?.ok && successMessage) {
    message = successMessage;
  }
  return (
    <>
      <p role="alert" className={failed && message ? "mt-2 text-sm font-semibold text-danger" : "sr-only"}>
        {failed ? message : ""}
      </p>
      <p role="status" className={!failed && message ? "mt-2 text-sm text-success" : "sr-only"}>
        {!failed ? message : ""}
      </p>
    </>
  );
}
