"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { replyToThreadAction, setThreadResolvedAction } from "@/app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/comment-actions";
import { repliesOf } from "@/lib/comments/thread-state";
import type { ErrorCode } from "@/lib/errors";
import { threadAbilities, type ThreadView } from "@/lib/model/comment";
import { buttonClass } from "../ui/button-class";
import { AnchorLabel } from "./anchor-label";
import { CommentForm, hasDraft } from "./comment-form";
import { CommentItem, threadElementId } from "./comment-item";
import { THREADS_HEADING_ID, useComments } from "./comments-context";

export function ThreadCard({ thread, isExpandedAtStart = false }: { thread: ThreadView; isExpandedAtStart?: boolean }) {
  const t = useTranslations("comments");
  const { viewer, dialogueId, state, loadComments } = useComments();
  const { canReply, canResolve } = threadAbilities(thread, viewer);
  const [isExpanded, setIsExpanded] = useState(isExpandedAtStart);
  const [isLoading, setIsLoading] = useState(false);
  const [loadFailed, setLoadFailed] = useState(false);
  const loaded = state.loaded[thread.id];
  const replies = repliesOf(thread, loaded);
  const repliesId = `${threadElementId(thread.id)}-replies`;
  const replyId = `${threadElementId(thread.id)}-reply`;
  const draftKey = `${viewer.userId}:reply:${thread.id}`;
  // A reply being written (kept in this browser) stays open, also after a reload.
  const [isReplying, setIsReplying] = useState(false);
  const [replyFocus, setReplyFocus] = useState(0);
  useEffect(() => {
    if (hasDraft(draftKey)) setIsReplying(true);
  }, [draftKey]);
  function toggleReply() {
    const next = !isReplying;
    setIsReplying(next);
    if (next) setReplyFocus((count) => count + 1);
  }
  const titleId = `${threadElementId(thread.id)}-title`;

  async function load(after: string | null) {
    setIsLoading(true);
    setLoadFailed(false);
    try {
      await loadComments(thread.id, after);
    } catch {
      setLoadFailed(true);
    } finally {
      setIsLoading(false);
    }
  }

  function toggleReplies() {
    const next = !isExpanded;
    setIsExpanded(next);
    if (next && !loaded) void load(null);
  }

  return (
    <li>
      <article
        id={threadElementId(thread.id)}
        tabIndex={-1}
        aria-labelledby={titleId}
        className={`scroll-mt-24 rounded border p-4 focus:outline focus:outline-2 focus:outline-brand-700 ${thread.isResolved ? "border-gray-300 bg-gray-50" : "border-gray-400 bg-white"}`}
      >
        <h3 id={titleId} className="text-base font-semibold">
          <AnchorLabel anchor={thread.anchor} />
          {thread.isResolved ? <span className="ml-2 rounded bg-gray-200 px-2 py-0.5 text-sm font-semibold text-gray-900">{t("resolve.resolved")}</span> : null}
        </h3>
        {thread.anchor.kind === "text" ? (
          <blockquote className="my-2 border-l-4 border-brand-700 pl-3 italic" lang="sv">
            {thread.anchor.quote}
          </blockquote>
        ) : null}
        <CommentItem comment={thread.first} mayReact={viewer.mayComment} />

        {thread.replyCount > 0 ? (
          <button type="button" className={`${buttonClass("quiet")} mt-2`} aria-expanded={isExpanded} aria-controls={repliesId} onClick={toggleReplies}>
            {isExpanded ? t("replies.hide") : t("replies.show", { count: thread.replyCount })}
          </button>
        ) : null}
        <div id={repliesId} hidden={!isExpanded}>
          {replies.length ? (
            <ol className="mt-2 space-y-4 border-l-2 border-gray-300 pl-4" aria-label={t("replies.count", { count: thread.replyCount })}>
              {replies.map((reply) => (
                <li key={reply.id}>
                  <CommentItem comment={reply} mayReact={viewer.mayComment} />
                </li>
              ))}
            </ol>
          ) : null}
          {isLoading ? <p role="status">{t("replies.loading")}</p> : null}
          {loadFailed ? <p role="alert" className="font-semibold text-danger">{t("loadFailed")}</p> : null}
          {loaded?.nextCursor && !isLoading ? (
            <button type="button" className={`${buttonClass("secondary")} mt-2`} onClick={() => void load(loaded.nextCursor)}>
              {t("replies.more")}
            </button>
          ) : null}
        </div>

        <div className="mt-3 flex flex-wrap gap-2">
          {canReply ? (
            <button type="button" className={buttonClass("secondary")} aria-expanded={isReplying} aria-controls={replyId} onClick={toggleReply}>
              {t("reply.open")}
            </button>
          ) : null}
          {canResolve ? <ResolveButton thread={thread} dialogueId={dialogueId} /> : null}
        </div>
        {canReply ? (
          <div id={replyId} hidden={!isReplying}>
            <CommentForm
              action={replyToThreadAction}
              fields={{ dialogueId, threadId: thread.id }}
              label={t("reply.label")}
              submitLabel={t("reply.submit")}
              successMessage={t("reply.success")}
              draftKey={draftKey}
              focusRequest={replyFocus}
              onSuccess={() => {
                // The new reply shows among the others: open them (loading the first page if needed).
                setIsExpanded(true);
                if (!loaded) void load(null);
              }}
            />
          </div>
        ) : null}
      </article>
    </li>
  );
}

/**
 * Resolving may take the thread out of the list shown (open threads by default), so the outcome is
 * announced by the panel and focus goes to the list's heading rather than to nowhere.
 */
function ResolveButton({ thread, dialogueId }: { thread: ThreadView; dialogueId: string }) {
  const t = useTranslations("comments.resolve");
  const tErrors = useTranslations("errors");
  const { announce } = useComments();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<ErrorCode | null>(null);
  function toggle() {
    if (isPending) return;
    const resolved = !thread.isResolved;
    setError(null);
    startTransition(async () => {
      const formData = new FormData();
      formData.set("dialogueId", dialogueId);
      formData.set("threadId", thread.id);
      formData.set("resolved", String(resolved));
      const result = await setThreadResolvedAction(null, formData);
      if (!result.ok) return setError(result.code);
      announce(resolved ? t("resolvedSuccess") : t("reopenedSuccess"));
      document.getElementById(THREADS_HEADING_ID)?.focus();
    });
  }
  return (
    <>
      <button type="button" className={buttonClass("secondary")} aria-disabled={isPending} onClick={toggle}>
        {thread.isResolved ? t("reopen") : t("resolve")}
      </button>
      <p role="alert" className={error ? "w-full text-sm font-semibold text-danger" : "sr-only"}>
        {error ? tErrors(error) : ""}
      </p>
    </>
  );
}
