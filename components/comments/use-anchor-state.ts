"use client";

import { useEffect, useState } from "react";
import { resolveTextAnchor } from "@/lib/collab/text-anchor";
import type { CommentAnchor } from "@/lib/model/comment";
import { useReadySession } from "../collab/session-context";
import { fromBase64 } from "./use-comment-highlights";

/**
 * Whether a passage's thread still sits on its text, worked out from the live document as it is
 * edited (lib/collab/text-anchor.ts); before the document is live, what the server stored.
 */
export function useAnchorState(anchor: CommentAnchor): "attached" | "detached" | null {
  const { session } = useReadySession();
  const stored = anchor.kind === "text" ? (anchor.isDetached ? "detached" : "attached") : null;
  const [live, setLive] = useState<"attached" | "detached" | null>(null);
  const start = anchor.kind === "text" ? anchor.start : "";
  const end = anchor.kind === "text" ? anchor.end : "";
  const quote = anchor.kind === "text" ? anchor.quote : "";
  const part = anchor.kind === "text" ? anchor.part : null;
  const itemId = anchor.kind === "text" ? anchor.itemId : null;
  useEffect(() => {
    if (!session || !part) return;
    const doc = session.doc;
    const ref = { part, itemId, start: fromBase64(start), end: fromBase64(end), quote };
    const check = () => setLive(resolveTextAnchor(doc, ref).status);
    check();
    doc.on("update", check);
    return () => doc.off("update", check);
  }, [session, part, itemId, start, end, quote]);
  return live ?? stored;
}
