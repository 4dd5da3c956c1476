"use client";

import { useEffect } from "react";

/**
 * Focus for forms that disappear once they succeed: the server action's refresh unmounts the form
 * before it could move focus, so the form names its target first and the target, rendered by the
 * refreshed page, takes focus when it mounts. Kept in module state: one pending target per tab.
 */
let pendingTargetId: string | null = null;

export function requestFocusAfterRefresh(targetId: string): void {
  pendingTargetId = targetId;
}

export function FocusAfterRefresh({ targetId }: { targetId: string }) {
  useEffect(() => {
    if (pendingTargetId !== targetId) return;
    pendingTargetId = null;
    document.getElementById(targetId)?.focus();
  }, [targetId]);
  return null;
}
