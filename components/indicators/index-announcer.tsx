"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";

export interface Announcement {
  /** Said by the polite live region. */
  message?: string;
  /** The element to focus once it is on the page (after `href` has loaded, when given). */
  focusId?: string;
  /** Where the page goes; the focus waits until the address is this. */
  href?: string;
  /** Navigate to `href` (false when a link already does). */
  navigate?: boolean;
}

const AnnounceContext = createContext<(announcement: Announcement) => void>(() => {});

/** Announce an outcome and move focus, also across a navigation to another `?index=`. */
export function useAnnounce(): (announcement: Announcement) => void {
  return useContext(AnnounceContext);
}

/** How long a focus target may take to appear (the page's data is read on the server first). */
const FOCUS_WAIT_MS = 10_000;

/**
 * The comparison page's live region and focus keeper, in the page's layout. After "save" opens the
 * new index at `?index=<id>`, or "delete" returns to the list, it says what happened and puts focus
 * on the heading to read next once that heading is on the page. In the layout, it does not depend
 * on whether Next keeps the page's client state across a change of search parameters (the page
 * segment's key includes them), and the page's own forms may start afresh.
 */
export function IndexAnnouncer({ children }: { children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const location = `${pathname}${searchParams.size ? `?${searchParams.toString()}` : ""}`;
  const [message, setMessage] = useState("");
  const [pending, setPending] = useState<{ focusId: string; href: string | null } | null>(null);

  useEffect(() => {
    if (!pending) return;
    if (pending.href !== null && pending.href !== location) return;
    const target = () => document.getElementById(pending.focusId);
    const focusTarget = () => {
      target()?.focus();
      setPending(null);
    };
    if (target()) {
      focusTarget();
      return;
    }
    const observer = new MutationObserver(() => {
      if (!target()) return;
      observer.disconnect();
      focusTarget();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const giveUp = window.setTimeout(() => {
      observer.disconnect();
      setPending(null);
    }, FOCUS_WAIT_MS);
    return () => {
      observer.disconnect();
      window.clearTimeout(giveUp);
    };
  }, [pending, location]);

  const announce = useCallback(
    ({ message: text, focusId, href, navigate }: Announcement) => {
      // The same words twice in a row would not be read again; a trailing no-break space changes them.
      if (text !== undefined) setMessage((previous) => (previous === text ? `${text}\u00a0` : text));
      if (focusId) setPending({ focusId, href: href ?? null });
      if (href && navigate) router.push(href, { scroll: false });
    },
    [router],
  );

  return (
    <AnnounceContext value={announce}>
      {children}
      <p role="status" className="sr-only" data-testid="index-announcement">
        {message}
      </p>
    </AnnounceContext>
  );
}

/** A link to another `?index=`: after it loads, focus goes to that index's heading, not to the top. */
export function IndexLink({ href, focusId, isCurrent, children }: { href: string; focusId: string; isCurrent: boolean; children: ReactNode }) {
  const announce = useAnnounce();
  return (
    <Link href={href} scroll={false} aria-current={isCurrent ? "true" : undefined} onClick={() => announce({ focusId, href })}>
      {children}
    </Link>
  );
}
