"use client";

import { useEffect, useId, useRef } from "react";
import { buttonClass } from "./button-class";

interface ConfirmDialogProps {
  isOpen: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation on the native <dialog>: the browser traps focus, Escape cancels, and focus
 * returns to the button that opened it. "Cancel" has focus first, so Enter never destroys by
 * accident.
 */
export function ConfirmDialog({ isOpen, title, body, confirmLabel, cancelLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (isOpen && !element.open) element.showModal();
    if (!isOpen && element.open) element.close();
  }, [isOpen]);
  /** Closing first lets the browser return focus to the opener before the action may remove it. */
  function closeThen(action: () => void) {
    dialog.current?.close();
    action();
  }
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto max-w-md rounded border border-gray-500 p-5 shadow-lg backdrop:bg-black/40"
    >
      <h2 id={titleId} className="text-xl font-bold">
        {title}
      </h2>
      <p id={bodyId} className="mt-2">
        {body}
      </p>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" autoFocus onClick={() => closeThen(onCancel)} className={buttonClass("secondary")}>
          {cancelLabel}
        </button>
        <button type="button" onClick={() => closeThen(onConfirm)} className={buttonClass("danger")}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
