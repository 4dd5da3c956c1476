"use client";

import { postDevCommentAction } from "@/app/(workspace)/dev/mentions/actions";
import { ActionForm, useFieldError } from "@/components/ui/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { COMMENT_LIMITS } from "@/lib/model/comment";
import { MentionTextarea, type MentionCandidateOption } from "./mention-textarea";
import { useTranslations } from "next-intl";

/** The demo test page's form: the mention picker in a real comment form (lib/server/services/comments.ts). */
export function DevMentionForm(props: {
  dialogueId: string;
  driverId: string;
  candidates: MentionCandidateOption[];
  label: string;
  submitLabel: string;
  successMessage: string;
}) {
  return (
    <ActionForm action={postDevCommentAction} successMessage={props.successMessage} className="max-w-2xl">
      <input type="hidden" name="dialogueId" value={props.dialogueId} />
      <input type="hidden" name="driverId" value={props.driverId} />
      <BodyField label={props.label} candidates={props.candidates} />
      <div className="mt-3">
        <SubmitButton>{props.submitLabel}</SubmitButton>
      </div>
    </ActionForm>
  );
}

function BodyField({ label, candidates }: { label: string; candidates: MentionCandidateOption[] }) {
  const error = useFieldError("body");
  const t = useTranslations();
  return (
    <>
      <MentionTextarea
        name="body"
        label={label}
        candidates={candidates}
        maxLength={COMMENT_LIMITS.bodyLength}
        required
        invalid={Boolean(error)}
        describedBy={error ? "dev-body-error" : undefined}
      />
      {error ? (
        <p id="dev-body-error" className="mt-1 text-sm font-semibold text-danger">
          {t(`validation.${error.key}`, error.params ?? {})}
        </p>
      ) : null}
    </>
  );
}
