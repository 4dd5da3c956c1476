"use client";

import { useRef, type FormEvent } from "react";
import { signOutAction } from "@/app/actions";
import { clearLocalDrafts, hasUnsavedDrafts } from "@/components/collab/local-drafts";

interface SignOutFormProps {
  userId: string;
  label: string;
  /** Asked when an open driver still has edits the server has not confirmed. */
  unsavedWarning: string;
}

/**
 * Sign out. Before the session ends, the browser's local copies of driver documents are deleted:
 * on a shared computer the next person must not find them. Without JavaScript the plain form
 * still signs out (there are no local copies without JavaScript).
 */
export function SignOutForm({ userId, label, unsavedWarning }: SignOutFormProps) {
  const hasCleared = useRef(false);
  async function clearThenSubmit(event: FormEvent<HTMLFormElement>) {
    if (hasCleared.current) return;
    event.preventDefault();
    if (hasUnsavedDrafts() && !window.confirm(unsavedWarning)) return;
    const form = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    await clearLocalDrafts(userId);
    hasCleared.current = true;
    form.requestSubmit(submitter instanceof HTMLButtonElement ? submitter : undefined);
  }
  return (
    <form action={signOutAction} onSubmit={clearThenSubmit}>
      <button type="submit" className="min-h-11 rounded border border-white px-3 py-2 font-semibold hover:bg-brand-800">
        {label}
      </button>
    </form>
  );
}
