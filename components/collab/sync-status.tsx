"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { CLOSE_CODES } from "@/lib/collab/protocol";
import type { SyncState } from "./driver-session";
import { useLiveDriver, useSessionSnapshot } from "./session-context";

/**
 * How long a state must last before it is announced: typing flips between "Sparar …" and
 * "Sparat" all the time, and a screen reader should hear where it settles, not every flip.
 * Losing the connection is news at once.
 */
const ANNOUNCE_AFTER_MS: Record<SyncState, number> = { connecting: 2000, saving: 2000, saved: 2000, offline: 300, closed: 0 };

/** Announces `text` once it has stayed the same for `delayMs`; never the same text twice in a row. */
function useSettledAnnouncement(text: string, delayMs: number): string {
  const [announced, setAnnounced] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(text), delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);
  return announced;
}

function useSyncText(state: SyncState, canEdit: boolean): string {
  const t = useTranslations("collab.status");
  switch (state) {
    case "connecting":
      return t("connecting");
    case "saving":
      return canEdit ? t("saving") : t("live");
    case "saved":
      return canEdit ? t("saved") : t("live");
    case "offline":
      return canEdit ? t("offline") : t("offlineReadOnly");
    case "closed":
      return t("closed");
  }
}

function useClosedMessage(code: number | null): string {
  const t = useTranslations("collab.closed");
  if (code === CLOSE_CODES.unauthenticated) return t("unauthenticated");
  if (code === CLOSE_CODES.forbidden) return t("forbidden");
  if (code === CLOSE_CODES.documentTooLarge) return t("documentTooLarge");
  if (code === CLOSE_CODES.locked) return t("locked");
  return t("other");
}

/**
 * The sync indicator: in words, always visible; a separate polite live region announces it once
 * it settles. A final refusal from the server is an alert that says what to do.
 */
export function SyncStatus() {
  const t = useTranslations("collab.status");
  const { session, canEdit } = useLiveDriver();
  const { syncState, finalCloseCode } = useSessionSnapshot(session);
  const text = useSyncText(syncState, canEdit);
  const announced = useSettledAnnouncement(text, ANNOUNCE_AFTER_MS[syncState]);
  const closedMessage = useClosedMessage(finalCloseCode);
  return (
    <div className="text-sm">
      <p className="flex items-center gap-2">
        <span className="font-semibold">{t("label")}</span>
        <span data-sync-state={syncState} className={syncState === "offline" || syncState === "closed" ? "font-semibold text-danger" : ""}>
          {text}
        </span>
      </p>
      <p role="status" className="sr-only">
        {announced}
      </p>
      <p role="alert" className={finalCloseCode === null ? "sr-only" : "mt-2 rounded border border-danger bg-red-50 p-2 font-semibold text-danger"}>
        {finalCloseCode === null ? "" : closedMessage}
      </p>
    </div>
  );
}
