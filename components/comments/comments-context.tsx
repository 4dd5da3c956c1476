"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useState, type ReactNode } from "react";
import {
  addCommentPage,
  applyCommentEvent,
  initialThreadsState,
  replaceThreads,
  type ThreadsState,
} from "@/lib/comments/thread-state";
import type { CommentEvent, CommentPage, CommentViewer, ThreadView } from "@/lib/model/comment";
import type { CommentTextPart } from "@/lib/model/enums";
import { useLiveDriver } from "../collab/session-context";
import type { MentionCandidateOption } from "./mention-textarea";

/** What a new thread is about, chosen where the person is (a passage in an editor, a chart's data point). */
export type PendingAnchor =
  | { kind: "driver" }
  | { kind: "text"; part: CommentTextPart; itemId: string | null; start: string; end: string; quote: string }
  | { kind: "data_point"; indicatorId: string; regionCode: string; period: string; label: string };

type Action =
  | { type: "event"; event: CommentEvent }
  | { type: "replace"; threads: ThreadView[] }
  | { type: "page"; threadId: string; page: CommentPage; isFirstPage: boolean };

function reducer(state: ThreadsState, action: Action): ThreadsState {
  switch (action.type) {
    case "event":
      return applyCommentEvent(state, action.event);
    case "replace":
      return replaceThreads(state, action.threads);
    case "page":
      return addCommentPage(state, action.threadId, action.page, action.isFirstPage);
  }
}

interface CommentsContextValue {
  dialogueId: string;
  driverId: string;
  viewer: CommentViewer;
  state: ThreadsState;
  /** Loads the first (or, with `after`, the next) page of a thread's comments. */
  loadComments(threadId: string, after?: string | null): Promise<CommentPage>;
  /** Applies what a write returned at once, before the socket's event (which then changes nothing). */
  refresh(): Promise<void>;
  pendingAnchor: PendingAnchor;
  /** Starts a new thread about a passage or data point: the panel's form takes it and gets focus. */
  startThread(anchor: PendingAnchor): void;
  /** Increases each time startThread is called, so the form knows to take focus. */
  startRequest: number;
  /** The latest event from someone else (for the polite announcement). */
  lastRemoteEvent: CommentEvent | null;
  /** Says something in the panel's polite live region (an outcome whose control may be gone). */
  announce(message: string): void;
  announcement: { message: string; serial: number };
  /** Data-point labels (indicator names), for anchors and chart markers. */
  indicatorNames: Record<string, string>;
  /** Members and organisations the comment fields offer to mention. */
  mentionCandidates: MentionCandidateOption[];
}

/** The heading of the thread list: focus goes there when the focused thread leaves the list. */
export const THREADS_HEADING_ID = "comment-threads-title";

const CommentsContext = createContext<CommentsContextValue | null>(null);

export function useComments(): CommentsContextValue {
  const value = useContext(CommentsContext);
  if (!value) throw new Error("useComments outside CommentsProvider");
  return value;
}

/** For parts of the page that offer "comment on this" only where threads are shown. */
export function useOptionalComments(): CommentsContextValue | null {
  return useContext(CommentsContext);
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

interface CommentsProviderProps {
  dialogueId: string;
  driverId: string;
  viewer: CommentViewer;
  initialThreads: ThreadView[];
  indicatorNames: Record<string, string>;
  mentionCandidates: MentionCandidateOption[];
  children: ReactNode;
}

/**
 * A driver page's comment threads: rendered with the page, then kept current by the collaboration
 * socket's comment events (components/collab/driver-session.ts), and re-read whenever the socket
 * has synced (events sent while it was down are not replayed).
 */
export function CommentsProvider({ dialogueId, driverId, viewer, initialThreads, indicatorNames, mentionCandidates, children }: CommentsProviderProps) {
  const [state, dispatch] = useReducer(reducer, initialThreads, initialThreadsState);
  const [pendingAnchor, setPendingAnchor] = useState<PendingAnchor>({ kind: "driver" });
  const [startRequest, setStartRequest] = useState(0);
  const [lastRemoteEvent, setLastRemoteEvent] = useState<CommentEvent | null>(null);
  const [announcement, setAnnouncement] = useState({ message: "", serial: 0 });
  const announce = useCallback((message: string) => setAnnouncement((previous) => ({ message, serial: previous.serial + 1 })), []);
  const { session } = useLiveDriver();
  const threadsUrl = `/api/dialogues/${dialogueId}/drivers/${driverId}/threads?filter=all`;

  const refresh = useCallback(async () => {
    dispatch({ type: "replace", threads: await getJson<ThreadView[]>(threadsUrl) });
  }, [threadsUrl]);

  const loadComments = useCallback(
    async (threadId: string, after: string | null = null) => {
      const query = after ? `?after=${encodeURIComponent(after)}` : "";
      const page = await getJson<CommentPage>(`/api/dialogues/${dialogueId}/threads/${threadId}/comments${query}`);
      dispatch({ type: "page", threadId, page, isFirstPage: !after });
      return page;
    },
    [dialogueId],
  );

  const viewerId = viewer.userId;
  useEffect(() => {
    if (!session) return;
    return session.onComments({
      onEvent(event) {
        dispatch({ type: "event", event });
        if (isFromSomeoneElse(event, viewerId)) setLastRemoteEvent(event);
      },
      resync() {
        // A failed re-read leaves the list as it was; the next reconnect tries again.
        void refresh().catch(() => undefined);
      },
    });
  }, [session, viewerId, refresh]);

  const startThread = useCallback((anchor: PendingAnchor) => {
    setPendingAnchor(anchor);
    setStartRequest((count) => count + 1);
  }, []);

  const value = useMemo(
    () => ({ dialogueId, driverId, viewer, state, loadComments, refresh, pendingAnchor, startThread, startRequest, lastRemoteEvent, announce, announcement, indicatorNames, mentionCandidates }),
    [dialogueId, driverId, viewer, state, loadComments, refresh, pendingAnchor, startThread, startRequest, lastRemoteEvent, announce, announcement, indicatorNames, mentionCandidates],
  );
  return <CommentsContext value={value}>{children}</CommentsContext>;
}

/** A new thread or reply written by someone else: worth announcing. */
function isFromSomeoneElse(event: CommentEvent, viewerId: string): boolean {
  if (event.type === "thread") return event.isNew && event.thread.first.authorId !== viewerId;
  if (event.type === "comment") return event.isNew && event.comment.authorId !== viewerId;
  return false;
}
