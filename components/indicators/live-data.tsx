"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { gapKey } from "@/lib/gap/gap";
import type { GapContext } from "@/lib/server/services/indicator-panels";

/**
 * Live indicator data without a reload. Each open page polls the dialogue's newest release id
 * (a tiny JSON GET, once a second); when it moves, the page's Server Components are fetched again
 * (router.refresh keeps client state: the live editors, focus, typed text) and the gap contexts
 * are re-read. Polling is deliberately simple: it needs no socket, survives restarts and works
 * across instances, and a release is rare, so a second's delay is within the 2 s promise.
 */
const POLL_MS = 1000;

interface LiveData {
  contextFor(indicatorId: string, regionCode: string | null): GapContext | null | undefined;
}

const LiveDataContext = createContext<LiveData | null>(null);

export function useGapContext(indicatorId: string | null, regionCode: string | null): GapContext | null | undefined {
  const live = useContext(LiveDataContext);
  if (!live || !indicatorId) return null;
  return live.contextFor(indicatorId, regionCode);
}

interface LiveDataProviderProps {
  dialogueId: string;
  releaseId: number;
  initialContexts: GapContext[];
  children: ReactNode;
}

export function LiveDataProvider({ dialogueId, releaseId, initialContexts, children }: LiveDataProviderProps) {
  const t = useTranslations("panels");
  const router = useRouter();
  // null = asked for and not visible to this dialogue (an unknown indicator): no chip.
  const [contexts, setContexts] = useState(
    () => new Map<string, GapContext | null>(initialContexts.map((context) => [gapKey(context.indicatorId, context.regionCode), context])),
  );
  const [announcement, setAnnouncement] = useState("");
  /** Keys fetched or being fetched, so each is asked for once (and again after each new release). */
  const requested = useRef(new Set<string>(contexts.keys()));
  const knownRelease = useRef(releaseId);

  const fetchContexts = useCallback(
    async (keys: string[]) => {
      if (keys.length === 0) return;
      const query = keys.map((key) => `key=${encodeURIComponent(key)}`).join("&");
      const response = await fetch(`/api/dialogues/${dialogueId}/indicators/gap?${query}`, { cache: "no-store" });
      if (!response.ok) return;
      const fetched = (await response.json()) as GapContext[];
      setContexts((current) => {
        const next = new Map(current);
        for (const key of keys) if (!next.has(key)) next.set(key, null);
        for (const context of fetched) next.set(gapKey(context.indicatorId, context.regionCode), context);
        return next;
      });
    },
    [dialogueId],
  );

  // A new server render (after refresh) brings fresh contexts for the stored targets.
  useEffect(() => {
    setContexts((current) => {
      const next = new Map(current);
      for (const context of initialContexts) next.set(gapKey(context.indicatorId, context.regionCode), context);
      return next;
    });
  }, [initialContexts]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    let isStopped = false;
    const poll = async () => {
      try {
        const response = await fetch(`/api/dialogues/${dialogueId}/indicators/version`, { cache: "no-store" });
        if (response.ok) {
          const { releaseId: latest } = (await response.json()) as { releaseId: number };
          if (latest !== knownRelease.current) {
            knownRelease.current = latest;
            router.refresh();
            await fetchContexts([...requested.current]);
            setAnnouncement(t("liveUpdated"));
          }
        }
      } catch {
        // Offline or restarting: try again at the next tick.
      }
      if (!isStopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      isStopped = true;
      clearTimeout(timer);
    };
  }, [dialogueId, fetchContexts, router, t]);

  const pending = useRef(new Set<string>());
  const contextFor = useCallback(
    (indicatorId: string, regionCode: string | null) => {
      const key = gapKey(indicatorId, regionCode);
      if (contexts.has(key)) return contexts.get(key) ?? null;
      if (!requested.current.has(key) && !pending.current.has(key)) {
        pending.current.add(key);
        requested.current.add(key);
        queueMicrotask(() => {
          const keys = [...pending.current];
          pending.current.clear();
          void fetchContexts(keys);
        });
      }
      return undefined;
    },
    [contexts, fetchContexts],
  );

  const value = useMemo(() => ({ contextFor }), [contextFor]);
  return (
    <LiveDataContext.Provider value={value}>
      {children}
      <p role="status" className="sr-only" data-testid="live-data-status">
        {announcement}
      </p>
    </LiveDataContext.Provider>
  );
}
