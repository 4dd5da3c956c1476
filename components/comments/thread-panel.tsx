"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { createThreadAction } from "@/app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/comment-actions";
import { filterThreads } from "@/lib/comments/thread-state";
import { THREAD_FILTERS, type CommentPage, type ThreadFilter } from "@/lib/model/comment";
import { useFormState } from "../ui/action-form";
import { buttonClass } from "../ui/button-class";
import { CommentForm } from "./comment-form";
import { commentElementId, threadElementId } from "./comment-item";
import { THREADS_HEADING_ID, useComments, type PendingAnchor } from "./comments-context";
import { ThreadCard } from "./thread-card";

/** New comments from others are announced at most this often (RELIABILITY.md W1). */
const ANNOUNCE_EVERY_MS = 5_000;

export interface CommentTarget {
  threadId: string;
  commentId: string;
}

/**
 * The driver's comment threads: a form for a new thread (about the driver, or about the passage or
 * data point chosen elsewhere on the page), a filter (open by default, resolved one choice away)
 * and the threads, newest activity first. A permalink's comment is opened and focused.
 */
export function ThreadPanel({ target }: { target: CommentTarget | null }) {
  const t = useTranslations("comments");
  const { state, viewer, announcement } = useComments();
  const [filter, setFilter] = useState<ThreadFilter>(() => {
    const thread = target && state.threads.find((candidate) => candidate.id === target.threadId);
    return thread?.isResolved ? "all" : "open";
  });
  const shown = filterThreads(state.threads, filter);
  const counts = Object.fromEntries(THREAD_FILTERS.map((name) => [name, filterThreads(state.threads, name).length])) as Record<ThreadFilter, number>;
  useFocusTarget(target);

  return (
    <section id="comments" aria-labelledby="comments-title" className="mt-8 scroll-mt-4 rounded bg-white p-5 shadow-sm">
      <h2 id="comments-title" className="text-2xl font-bold">
        {t("title")}
      </h2>
      <p className="text-muted">{t("intro")}</p>
      <p className="mt-1 text-sm">{t("resolveRule")}</p>
      {viewer.mayComment ? <NewThreadForm /> : <p className="mt-3 rounded bg-brand-50 p-3">{t("readOnly")}</p>}

      <fieldset className="mt-6">
        <legend className="font-semibold">{t("filter.legend")}</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {THREAD_FILTERS.map((name) => (
            <label key={name} className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="comment-filter" value={name} checked={filter === name} onChange={() => setFilter(name)} className="h-5 w-5" />
              {t(`filter.${name}`, { count: counts[name] })}
            </label>
          ))}
        </div>
      </fieldset>

      <h3 id={THREADS_HEADING_ID} tabIndex={-1} className="sr-only">
        {t("threadsLabel")}
      </h3>
      {shown.length === 0 ? <p className="mt-4 italic text-muted">{t(`none.${filter}`)}</p> : null}
      <ol className="mt-4 space-y-4" aria-labelledby={THREADS_HEADING_ID}>
        {shown.map((thread) => (
          <ThreadCard key={thread.id} thread={thread} isExpandedAtStart={target?.threadId === thread.id && target.commentId !== thread.first.id} />
        ))}
      </ol>
      <RemoteAnnouncer />
      <p role="status" className="sr-only" key={announcement.serial}>
        {announcement.message}
      </p>
    </section>
  );
}

function NewThreadForm() {
  const t = useTranslations("comments");
  const { dialogueId, driverId, viewer, pendingAnchor, startThread, startRequest, refresh } = useComments();
  const formRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (startRequest) formRef.current?.scrollIntoView({ block: "center" });
  }, [startRequest]);
  const isAnchored = pendingAnchor.kind !== "driver";
  return (
    <div ref={formRef} className="mt-4 rounded border border-gray-300 p-4">
      <h3 className="text-lg font-semibold">{isAnchored ? t("newThread.legendAnchored") : t("newThread.legendDriver")}</h3>
      <CommentForm
        action={createThreadAction}
        fields={{ dialogueId, driverId, ...anchorFields(pendingAnchor) }}
        label={t("body.label")}
        submitLabel={t("newThread.submit")}
        successMessage={t("newThread.success")}
        draftKey={`${viewer.userId}:new:${driverId}`}
        focusRequest={startRequest}
        onSuccess={() => {
          startThread({ kind: "driver" });
          // The socket's event normally shows the new thread; a re-read makes sure its author sees
          // it even if that event was missed (the socket reconnecting at that moment).
          void refresh().catch(() => undefined);
        }}
        extra={isAnchored ? <PendingAnchorSummary anchor={pendingAnchor} onClear={() => startThread({ kind: "driver" })} /> : null}
      />
    </div>
  );
}

/** Fields of an anchor the server may reject; the form shows their errors here, by the quote. */
const ANCHOR_FIELDS = ["anchor.quote", "anchor.start", "anchor.end", "anchor.itemId", "anchor.indicatorId", "anchor.regionCode", "anchor.period"] as const;

function PendingAnchorSummary({ anchor, onClear }: { anchor: Exclude<PendingAnchor, { kind: "driver" }>; onClear: () => void }) {
  const t = useTranslations("comments");
  const tAll = useTranslations();
  const { result } = useFormState();
  const errors = result && !result.ok ? ANCHOR_FIELDS.flatMap((name) => result.fieldErrors?.[name] ?? []) : [];
  return (
    <div className="rounded bg-brand-50 p-3">
      {anchor.kind === "text" ? (
        <>
          <p className="font-semibold">{t("newThread.quote")}</p>
          <blockquote className="border-l-4 border-brand-700 pl-3 italic">{anchor.quote}</blockquote>
        </>
      ) : (
        <p className="font-semibold">{anchor.label}</p>
      )}
      {errors.map((error) => (
        <p key={error.key} className="mt-1 text-sm font-semibold text-danger">
          {tAll(`validation.${error.key}`, error.params ?? {})}
        </p>
      ))}
      <button type="button" className={`${buttonClass("quiet")} mt-1`} onClick={onClear}>
        {t("newThread.clearAnchor")}
      </button>
    </div>
  );
}

/** The anchor as the hidden fields the action gathers back into `anchor` (comment-actions.ts). */
function anchorFields(anchor: PendingAnchor): Record<string, string> {
  switch (anchor.kind) {
    case "driver":
      return { "anchor.kind": "driver" };
    case "text":
      return {
        "anchor.kind": "text",
        "anchor.part": anchor.part,
        "anchor.itemId": anchor.itemId ?? "",
        "anchor.start": anchor.start,
        "anchor.end": anchor.end,
        "anchor.quote": anchor.quote,
      };
    case "data_point":
      return { "anchor.kind": "data_point", "anchor.indicatorId": anchor.indicatorId, "anchor.regionCode": anchor.regionCode, "anchor.period": anchor.period };
  }
}

/** Says "new comment by …" for others' comments, at most once every five seconds. */
function RemoteAnnouncer() {
  const t = useTranslations("comments.announce");
  const { lastRemoteEvent } = useComments();
  const [message, setMessage] = useState("");
  const lastAnnouncedAt = useRef(0);
  useEffect(() => {
    if (!lastRemoteEvent) return;
    const now = Date.now();
    if (now - lastAnnouncedAt.current < ANNOUNCE_EVERY_MS) return;
    lastAnnouncedAt.current = now;
    const comment = lastRemoteEvent.type === "thread" ? lastRemoteEvent.thread.first : lastRemoteEvent.type === "comment" ? lastRemoteEvent.comment : null;
    setMessage(comment?.authorName ? t("newComment", { name: comment.authorName }) : t("updated"));
  }, [lastRemoteEvent, t]);
  return (
    <p role="status" className="sr-only">
      {message}
    </p>
  );
}

/**
 * A permalink (`?comment=<id>#comment-<id>`): the thread is in the list; a reply may be on a later
 * page, so pages are loaded until it is among them. Then it gets focus, once.
 */
function useFocusTarget(target: CommentTarget | null) {
  const { loadComments } = useComments();
  const hasStarted = useRef(false);
  useEffect(() => {
    if (!target || hasStarted.current) return;
    hasStarted.current = true;
    const find = () => document.getElementById(commentElementId(target.commentId));
    void (async () => {
      if (!find()) {
        let cursor: string | null = null;
        for (let pages = 0; pages < MAX_PERMALINK_PAGES; pages++) {
          const page: CommentPage | null = await loadComments(target.threadId, cursor).catch(() => null);
          if (!page || page.comments.some((comment) => comment.id === target.commentId)) break;
          cursor = page.nextCursor;
          if (!cursor) break;
        }
      }
      const element = (await appeared(find)) ?? document.getElementById(threadElementId(target.threadId));
      element?.scrollIntoView({ block: "center" });
      element?.focus();
    })();
  }, [target, loadComments]);
}

/** A 2 000-comment thread is 40 pages. */
const MAX_PERMALINK_PAGES = 100;

/** The element once React has rendered it (a few frames at most), or null. */
async function appeared(find: () => HTMLElement | null): Promise<HTMLElement | null> {
  for (let frame = 0; frame < 60; frame++) {
    const element = find();
    if (element) return element;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return null;
}
