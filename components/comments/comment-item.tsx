"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { deleteCommentAction, editCommentAction, toggleReactionAction } from "@/app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/comment-actions";
import type { ErrorCode } from "@/lib/errors";
import type { CommentView } from "@/lib/model/comment";
import { COMMENT_REACTIONS, type CommentReaction } from "@/lib/model/enums";
import { ActionForm } from "../ui/action-form";
import { buttonClass } from "../ui/button-class";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { CommentBody } from "./comment-body";
import { CommentForm } from "./comment-form";
import { THREADS_HEADING_ID, useComments } from "./comments-context";

const REACTION_SYMBOLS: Record<CommentReaction, string> = { thumbs_up: "👍", heart: "❤️", eyes: "👀", check: "✅", question: "❓" };

/** The element id a permalink (`#comment-<id>`) points at. */
export function commentElementId(commentId: string): string {
  return `comment-${commentId}`;
}

export function threadElementId(threadId: string): string {
  return `thread-${threadId}`;
}

interface CommentItemProps {
  comment: CommentView;
  /** The viewer may react (comment.create) — editing and deleting are for the author only. */
  mayReact: boolean;
}

export function CommentItem({ comment, mayReact }: CommentItemProps) {
  const t = useTranslations("comments");
  const format = useFormatter();
  const { dialogueId, driverId, viewer } = useComments();
  const [isEditing, setIsEditing] = useState(false);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const isOwn = comment.authorId === viewer.userId && !comment.isDeleted;
  const editButtonId = `${commentElementId(comment.id)}-edit`;
  const permalink = `/dialogues/${dialogueId}/drivers/${driverId}?comment=${comment.id}#${commentElementId(comment.id)}`;

  return (
    <div id={commentElementId(comment.id)} tabIndex={-1} className="scroll-mt-24 rounded focus:outline focus:outline-2 focus:outline-offset-2 focus:outline-brand-700">
      <p className="text-sm">
        <span className="font-semibold">{comment.authorName ?? t("meta.unknownAuthor")}</span>
        {", "}
        <span>{comment.organisationName ?? t("meta.noOrganisation")}</span>
        {" · "}
        <a href={permalink} className="text-muted underline" aria-label={`${t("permalink")}: ${format.dateTime(new Date(comment.createdAt), { dateStyle: "medium", timeStyle: "short" })}`}>
          <time dateTime={comment.createdAt}>{format.dateTime(new Date(comment.createdAt), { dateStyle: "medium", timeStyle: "short" })}</time>
        </a>
        {comment.editedAt ? <span className="text-muted"> ({t("meta.edited")})</span> : null}
      </p>
      {comment.isDeleted ? (
        <p className="mt-1 italic text-muted">{t("meta.deleted")}</p>
      ) : isEditing ? (
        <CommentForm
          action={editCommentAction}
          fields={{ dialogueId, commentId: comment.id }}
          label={t("edit.label")}
          submitLabel={t("edit.submit")}
          successMessage={t("edit.success")}
          draftKey={`${viewer.userId}:edit:${comment.id}`}
          defaultValue={comment.body}
          focusRequest={1}
          onSuccess={() => {
            setIsEditing(false);
            requestAnimationFrame(() => document.getElementById(editButtonId)?.focus());
          }}
          cancel={
            <button type="button" className={buttonClass("secondary")} onClick={() => setIsEditing(false)}>
              {t("edit.cancel")}
            </button>
          }
        />
      ) : (
        <div className="mt-1">
          <CommentBody text={comment.body} />
        </div>
      )}
      {!comment.isDeleted ? <Reactions comment={comment} mayReact={mayReact} /> : null}
      {isOwn && !isEditing ? (
        <div className="mt-1 flex flex-wrap gap-2">
          <button type="button" id={editButtonId} className={buttonClass("quiet")} onClick={() => setIsEditing(true)}>
            {t("edit.button")}
          </button>
          <button type="button" className={buttonClass("quiet")} onClick={() => setIsConfirmingDelete(true)}>
            {t("delete.button")}
          </button>
          <DeleteComment comment={comment} isOpen={isConfirmingDelete} onClose={() => setIsConfirmingDelete(false)} />
        </div>
      ) : null}
    </div>
  );
}

/** Deletes after the confirmation; focus then goes to the thread, since the comment may be gone. */
function DeleteComment({ comment, isOpen, onClose }: { comment: CommentView; isOpen: boolean; onClose: () => void }) {
  const t = useTranslations("comments.delete");
  const tErrors = useTranslations("errors");
  const { dialogueId, announce } = useComments();
  const [error, setError] = useState<ErrorCode | null>(null);
  const [, startDelete] = useTransition();
  function remove() {
    setError(null);
    startDelete(async () => {
      const formData = new FormData();
      formData.set("dialogueId", dialogueId);
      formData.set("commentId", comment.id);
      const result = await deleteCommentAction(null, formData);
      if (!result.ok) return setError(result.code);
      announce(t("success"));
      (document.getElementById(threadElementId(comment.threadId)) ?? document.getElementById(THREADS_HEADING_ID))?.focus();
    });
  }
  return (
    <>
      <p role="alert" className={error ? "text-sm font-semibold text-danger" : "sr-only"}>
        {error ? tErrors(error) : ""}
      </p>
      <ConfirmDialog
        isOpen={isOpen}
        title={t("title")}
        body={t("body")}
        confirmLabel={t("confirm")}
        cancelLabel={t("cancel")}
        onConfirm={() => {
          onClose();
          remove();
        }}
        onCancel={onClose}
      />
    </>
  );
}

/**
 * Reactions as toggle buttons (aria-pressed): each says which reaction, how many, and whether one
 * is the viewer's. Only reactions someone gave are shown; "add a reaction" opens the others.
 */
function Reactions({ comment, mayReact }: { comment: CommentView; mayReact: boolean }) {
  const t = useTranslations("comments.reactions");
  const { dialogueId, viewer } = useComments();
  const [isPicking, setIsPicking] = useState(false);
  const pickerId = `${commentElementId(comment.id)}-reactions`;
  const given = new Map(comment.reactions.map((entry) => [entry.reaction, entry.userIds]));
  const shown = COMMENT_REACTIONS.filter((reaction) => (given.get(reaction)?.length ?? 0) > 0 || (mayReact && isPicking));
  if (!shown.length && !mayReact) return null;
  return (
    <ActionForm action={toggleReactionAction} className="mt-2" onSuccess={() => setIsPicking(false)}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="commentId" value={comment.id} />
      <div role="group" aria-label={t("label")} className="flex flex-wrap items-center gap-1">
        {shown.map((reaction) => {
          const userIds = given.get(reaction) ?? [];
          const isMine = userIds.includes(viewer.userId);
          const label = t("button", { reaction: t(reaction), count: userIds.length, mine: String(isMine) });
          return (
            <button
              key={reaction}
              id={`${pickerId}-${reaction}`}
              type="submit"
              name="reaction"
              value={reaction}
              aria-pressed={isMine}
              aria-label={label}
              title={label}
              disabled={!mayReact}
              className={`inline-flex min-h-11 min-w-11 items-center justify-center gap-1 rounded-full border px-2 text-sm ${isMine ? "border-brand-700 bg-brand-50 font-semibold" : "border-gray-400 bg-white"}`}
            >
              <span aria-hidden="true">{REACTION_SYMBOLS[reaction]}</span>
              {userIds.length ? <span aria-hidden="true">{userIds.length}</span> : null}
            </button>
          );
        })}
        {mayReact ? (
          <button
            type="button"
            className="inline-flex min-h-11 min-w-11 items-center justify-center rounded-full border border-dashed border-gray-500 bg-white px-3 text-sm"
            aria-expanded={isPicking}
            onClick={() => setIsPicking((open) => !open)}
          >
            <span aria-hidden="true">+</span>
            <span className="sr-only">{t("add")}</span>
          </button>
        ) : null}
      </div>
    </ActionForm>
  );
}
