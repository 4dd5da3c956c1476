"use client";

import type { ReactNode } from "react";
import { useFormState } from "./action-form";
import { buttonClass, type ButtonVariant } from "./button-class";

/** Submit button that stays focusable while pending (aria-disabled, not disabled). */
export function SubmitButton({
  children,
  variant = "primary",
  id,
  ariaLabel,
  name,
  value,
}: {
  children: ReactNode;
  variant?: ButtonVariant;
  id?: string;
  ariaLabel?: string;
  name?: string;
  value?: string;
}) {
  const { pending } = useFormState();
  return (
    <button
      type="submit"
      id={id}
      name={name}
      value={value}
      aria-label={ariaLabel}
      aria-disabled={pending}
      onClick={(event) => {
        if (pending) event.preventDefault();
      }}
      className={buttonClass(variant)}
    >
      {children}
    </button>
  );
}
