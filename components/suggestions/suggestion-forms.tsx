"use client";

import { useTranslations } from "next-intl";
import {
  commentOnSuggestionAction,
  createSuggestionAction,
  decideSuggestionAction,
} from "@/app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/suggestion-actions";
import { ActionForm } from "@/components/ui/action-form";
import { requestFocusAfterRefresh } from "@/components/ui/focus-after-refresh";
import { TextArea } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { SUGGESTION_LIMITS, type SuggestionItemKind } from "@/lib/model/suggestion";

interface DriverRef {
  dialogueId: string;
  driverId: string;
}

function DriverFields({ dialogueId, driverId }: DriverRef) {
  return (
    <>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="driverId" value={driverId} />
    </>
  );
}

/** New wording for one goal statement or action, starting from its current text. */
export function SuggestForm({ itemKind, itemId, itemLabel, currentText, ...ref }: DriverRef & { itemKind: SuggestionItemKind; itemId: string; itemLabel: string; currentText: string }) {
  const t = useTranslations("suggestions.suggest");
  return (
    <ActionForm action={createSuggestionAction} successMessage={t("sent")} label={t("formLabel", { item: itemLabel })}>
      <DriverFields {...ref} />
      <input type="hidden" name="itemKind" value={itemKind} />
      <input type="hidden" name="itemId" value={itemId} />
      <TextArea name="proposedText" label={t("label", { item: itemLabel })} defaultValue={currentText} maxLength={SUGGESTION_LIMITS.textLength} rows={3} required />
      <SubmitButton>{t("submit")}</SubmitButton>
    </ActionForm>
  );
}

/**
 * Accept or reject; the reason is required to reject (the server says so if it is missing). The
 * form goes once decided, so focus moves to the suggestion's heading, where its new status follows.
 */
export function DecideForm({ suggestionId, title, headingId, ...ref }: DriverRef & { suggestionId: string; title: string; headingId: string }) {
  const t = useTranslations("suggestions.decide");
  return (
    <div onSubmitCapture={() => requestFocusAfterRefresh(headingId)}>
      <ActionForm action={decideSuggestionAction} successMessage={t("done")} label={t("formLabel", { suggestion: title })}>
        <DriverFields {...ref} />
        <input type="hidden" name="suggestionId" value={suggestionId} />
        <TextArea name="reason" label={t("reason")} hint={t("reasonHint")} maxLength={SUGGESTION_LIMITS.reasonLength} rows={2} />
        <div className="flex flex-wrap gap-2">
          <SubmitButton name="decision" value="accept">
            {t("accept")}
          </SubmitButton>
          <SubmitButton name="decision" value="reject" variant="secondary">
            {t("reject")}
          </SubmitButton>
        </div>
      </ActionForm>
    </div>
  );
}

export function SuggestionCommentForm({ suggestionId, title, ...ref }: DriverRef & { suggestionId: string; title: string }) {
  const t = useTranslations("suggestions.comments");
  return (
    <ActionForm action={commentOnSuggestionAction} successMessage={t("sent")} label={t("formLabel", { suggestion: title })} resetOnSuccess>
      <DriverFields {...ref} />
      <input type="hidden" name="suggestionId" value={suggestionId} />
      <TextArea name="body" label={t("label")} maxLength={SUGGESTION_LIMITS.commentLength} rows={2} required />
      <SubmitButton variant="secondary">{t("submit")}</SubmitButton>
    </ActionForm>
  );
}
