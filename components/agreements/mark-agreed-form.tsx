"use client";

import { useTranslations } from "next-intl";
import { createAgreementAction } from "@/app/(workspace)/dialogues/[dialogueId]/agreements/actions";
import { ActionForm } from "@/components/ui/action-form";
import { TextArea } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { AGREEMENT_LIMITS } from "@/lib/model/agreement";

/**
 * Marks one driver (`driverId`) or the whole goal set as agreed. On success the action opens the
 * frozen agreement; errors are announced and shown at the note.
 */
export function MarkAgreedForm({ dialogueId, driverId }: { dialogueId: string; driverId?: string }) {
  const t = useTranslations("agreements.form");
  return (
    <ActionForm action={createAgreementAction} label={driverId ? t("driverTitle") : t("goalSetTitle")}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      {driverId ? <input type="hidden" name="driverId" value={driverId} /> : null}
      <p className="mb-3">{driverId ? t("driverHelp") : t("goalSetHelp")}</p>
      <TextArea name="note" label={t("note")} hint={t("noteHint")} maxLength={AGREEMENT_LIMITS.noteLength} rows={3} />
      <SubmitButton>{driverId ? t("submitDriver") : t("submitGoalSet")}</SubmitButton>
    </ActionForm>
  );
}
