/**
 * What a driver page knows of its threads (lib/comments/thread-state.ts): events arrive in any
 * order, twice, or around a re-read of the list, and the page ends where the server is.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addCommentPage, applyCommentEvent, filterThreads, initialThreadsState, replaceThreads, repliesOf } from "@/lib/comments/thread-state";
import type { CommentEvent, CommentView, ThreadView } from "@/lib/model/comment";

const time = (second: number) => new Date(Date.UTC(2026, 10, 24, 12, 0, second)).toISOString();

function comment(id: string, threadId: string, second: number, body = `text ${id}`): CommentView {
  return { id, threadId, authorId: "u1", authorName: "Anna", organisationName: "Region", body, createdAt: time(second), editedAt: null, isDeleted: false, reactions: [] };
}

function thread(id: string, second: number, replyCount = 0, isResolved = false): ThreadView {
  return {
    id,
    driverId: "d1",
    anchor: { kind: "driver" },
    createdBy: "u1",
    createdAt: time(second),
    lastActivityAt: time(second + replyCount),
    isResolved,
    resolvedAt: isResolved ? time(second + 30) : null,
    first: comment(`${id}-c0`, id, second),
    replyCount,
  };
}

describe("thread state", () => {
  it("lists threads newest activity first, and a thread event moves its thread up", () => {
    let state = initialThreadsState([thread("a", 1), thread("b", 2)]);
    expect(state.threads.map((entry) => entry.id)).toEqual(["b", "a"]);
    state = applyCommentEvent(state, { type: "thread", thread: thread("a", 1, 5), isNew: false });
    expect(state.threads.map((entry) => entry.id)).toEqual(["a", "b"]);
  });

  it("appends a new reply only once the reader has reached the end, and never twice", () => {
    const opened = addCommentPage(initialThreadsState([thread("a", 1)]), "a", { comments: [comment("a-c0", "a", 1)], nextCursor: null }, true);
    const event: CommentEvent = { type: "comment", comment: comment("r1", "a", 5), isNew: true };
    const once = applyCommentEvent(opened, event);
    expect(applyCommentEvent(once, event)).toEqual(once);
    expect(repliesOf(thread("a", 1), once.loaded.a).map((entry) => entry.id)).toEqual(["r1"]);

    const midway = addCommentPage(initialThreadsState([thread("a", 1)]), "a", { comments: [comment("a-c0", "a", 1)], nextCursor: "cursor" }, true);
    expect(applyCommentEvent(midway, event).loaded.a!.comments.map((entry) => entry.id)).toEqual(["a-c0"]);
  });

  it("keeps the first comment the same in the list and in the opened thread", () => {
    const opened = addCommentPage(initialThreadsState([thread("a", 1)]), "a", { comments: [comment("a-c0", "a", 1)], nextCursor: null }, true);
    const edited = { ...thread("a", 1), first: { ...comment("a-c0", "a", 1, "ny text"), editedAt: time(9) } };
    const state = applyCommentEvent(opened, { type: "thread", thread: edited, isNew: false });
    expect(state.loaded.a!.comments[0]!.body).toBe("ny text");
    expect(state.threads[0]!.first.body).toBe("ny text");
  });

  it("removes threads and comments, and a re-read drops what is gone but keeps opened threads", () => {
    let state = addCommentPage(initialThreadsState([thread("a", 1), thread("b", 2)]), "a", { comments: [comment("a-c0", "a", 1), comment("r1", "a", 3)], nextCursor: null }, true);
    state = applyCommentEvent(state, { type: "comment-removed", threadId: "a", commentId: "r1" });
    expect(state.loaded.a!.comments.map((entry) => entry.id)).toEqual(["a-c0"]);
    state = applyCommentEvent(state, { type: "thread-removed", threadId: "b" });
    expect(state.threads.map((entry) => entry.id)).toEqual(["a"]);
    state = replaceThreads(state, [thread("a", 1), thread("c", 4)]);
    expect(state.threads.map((entry) => entry.id)).toEqual(["c", "a"]);
    expect(Object.keys(state.loaded)).toEqual(["a"]);
    expect(replaceThreads(state, [thread("c", 4)]).loaded).toEqual({});
  });

  it("filters open, resolved and all", () => {
    const threads = [thread("a", 1), thread("b", 2, 0, true)];
    expect(filterThreads(threads, "open").map((entry) => entry.id)).toEqual(["a"]);
    expect(filterThreads(threads, "resolved").map((entry) => entry.id)).toEqual(["b"]);
    expect(filterThreads(threads, "all")).toHaveLength(2);
  });

  it("pages append without repeats, whatever pages overlap", () => {
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 10 }), { minLength: 1, maxLength: 5 }), (pages) => {
        let state = initialThreadsState([thread("a", 1)]);
        pages.forEach((page, index) => {
          state = addCommentPage(state, "a", { comments: page.map((n) => comment(`c${n}`, "a", n)), nextCursor: "x" }, index === 0);
        });
        const ids = state.loaded.a!.comments.map((entry) => entry.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(new Set(pages.flat().map((n) => `c${n}`)));
      }),
    );
  });
});
