"use client";

import type { FocusEvent, ReactNode } from "react";
import type { DriverSession } from "./driver-session";

/**
 * Tells the others which part this person works in (awareness `editing`) while focus is anywhere
 * inside: the editor, its toolbar, or an item's fields.
 */
export function PresenceScope({ session, editing, children, className }: { session: DriverSession | null; editing: string; children: ReactNode; className?: string }) {
  const onFocus = () => session?.setEditing(editing);
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    session?.setEditing(null);
  };
  return (
    <div onFocus={onFocus} onBlur={onBlur} className={className}>
      {children}
    </div>
  );
}
