/**
 * What a driver page knows of its comment threads, and how each realtime event changes it. Pure,
 * so the page's reducer and its tests share one definition: events may arrive in any order with a
 * re-read of the list (after a reconnect), and applying one twice changes nothing.
 */
import type { CommentEvent, CommentPage, CommentView, ThreadFilter, ThreadView } from "../model/comment";

/** A thread's comments as far as the reader has paged through them (oldest first, the first included). */
export interface LoadedComments {
  comments: CommentView[];
  nextCursor: string | null;
}

export interface ThreadsState {
  threads: ThreadView[];
  /** Only threads whose comments the reader has opened. */
  loaded: Record<string, LoadedComments>;
}

export function initialThreadsState(threads: ThreadView[]): ThreadsState {
  return { threads: sortThreads(threads), loaded: {} };
}

/** Newest activity first, as the server lists them. */
export function sortThreads(threads: ThreadView[]): ThreadView[] {
  return [...threads].sort((a, b) => (a.lastActivityAt === b.lastActivityAt ? b.id.localeCompare(a.id) : b.lastActivityAt.localeCompare(a.lastActivityAt)));
}

export function applyCommentEvent(state: ThreadsState, event: CommentEvent): ThreadsState {
  switch (event.type) {
    case "thread": {
      const others = state.threads.filter((thread) => thread.id !== event.thread.id);
      const loaded = state.loaded[event.thread.id];
      // The first comment also lives at the head of the opened comments: keep both the same.
      const nextLoaded = loaded ? { ...state.loaded, [event.thread.id]: upsertComment(loaded, event.thread.first, false) } : state.loaded;
      return { threads: sortThreads([...others, event.thread]), loaded: nextLoaded };
    }
    case "thread-removed": {
      const { [event.threadId]: _removed, ...loaded } = state.loaded;
      return { threads: state.threads.filter((thread) => thread.id !== event.threadId), loaded };
    }
    case "comment": {
      const loaded = state.loaded[event.comment.threadId];
      if (!loaded) return state;
      return { ...state, loaded: { ...state.loaded, [event.comment.threadId]: upsertComment(loaded, event.comment, true) } };
    }
    case "comment-removed": {
      const loaded = state.loaded[event.threadId];
      if (!loaded) return state;
      const comments = loaded.comments.filter((comment) => comment.id !== event.commentId);
      return { ...state, loaded: { ...state.loaded, [event.threadId]: { ...loaded, comments } } };
    }
  }
}

/**
 * Replaces a known comment; a new one is appended only when the reader has reached the end of the
 * thread (otherwise it arrives with the page it belongs to, and would be shown twice).
 */
function upsertComment(loaded: LoadedComments, comment: CommentView, mayAppend: boolean): LoadedComments {
  const index = loaded.comments.findIndex((known) => known.id === comment.id);
  if (index >= 0) return { ...loaded, comments: loaded.comments.with(index, comment) };
  if (!mayAppend || loaded.nextCursor !== null) return loaded;
  return { ...loaded, comments: [...loaded.comments, comment] };
}

/** A page of a thread's comments: the first page replaces, later pages append (without repeats). */
export function addCommentPage(state: ThreadsState, threadId: string, page: CommentPage, isFirstPage: boolean): ThreadsState {
  const known = isFirstPage ? [] : (state.loaded[threadId]?.comments ?? []);
  const ids = new Set(known.map((comment) => comment.id));
  const comments = [...known, ...page.comments.filter((comment) => !ids.has(comment.id))];
  return { ...state, loaded: { ...state.loaded, [threadId]: { comments, nextCursor: page.nextCursor } } };
}

/** After a re-read of the whole list: threads as the server has them, opened threads kept open. */
export function replaceThreads(state: ThreadsState, threads: ThreadView[]): ThreadsState {
  const ids = new Set(threads.map((thread) => thread.id));
  const loaded = Object.fromEntries(Object.entries(state.loaded).filter(([id]) => ids.has(id)));
  return { threads: sortThreads(threads), loaded };
}

export function filterThreads(threads: ThreadView[], filter: ThreadFilter): ThreadView[] {
  if (filter === "all") return threads;
  return threads.filter((thread) => thread.isResolved === (filter === "resolved"));
}

/** The replies of a thread as loaded (the first comment is shown apart). */
export function repliesOf(thread: ThreadView, loaded: LoadedComments | undefined): CommentView[] {
  return (loaded?.comments ?? []).filter((comment) => comment.id !== thread.first.id);
}
