"use client";

import { useEffect } from "react";
import type { DriverSession } from "./driver-session";

/** A same-origin link that leaves this page (not an in-page anchor, not a new tab). */
function leavingLink(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[href]") : null;
  if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  if (url.pathname === window.location.pathname && url.search === window.location.search) return null;
  return link;
}

/**
 * While the server has not confirmed every edit, leaving asks first: closing or reloading the
 * tab through the browser's own `beforeunload` dialog, and following an in-app link (Next's
 * client navigation fires no `beforeunload`) through a confirm dialog.
 */
export function useUnsavedChangesGuard(session: DriverSession | null, message: string): void {
  useEffect(() => {
    if (!session) return;
    let hasConfirmedLeaving = false;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (hasConfirmedLeaving || !session.hasUnsavedChanges()) return;
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      if (!leavingLink(event) || !session.hasUnsavedChanges()) return;
      if (window.confirm(message)) {
        // A plain link reloads the page; its beforeunload must not ask a second time.
        hasConfirmedLeaving = true;
        return;
      }
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    // Capture phase on the document: before React's handlers start Next's client navigation.
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [session, message]);
}
