"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { restoreDriverVersionAction, saveDriverVersionAction } from "@/app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/versions/actions";
import { ActionForm } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button-class";
import { TextArea, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

interface DriverRef {
  dialogueId: string;
  driverId: string;
}

export function SaveVersionForm({ dialogueId, driverId }: DriverRef) {
  const t = useTranslations("versions");
  return (
    <ActionForm action={saveDriverVersionAction} successMessage={t("savedVersion")} resetOnSuccess label={t("saveTitle")}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="driverId" value={driverId} />
      <TextField name="name" label={t("name")} hint={t("nameHint")} maxLength={120} required />
      <TextArea name="note" label={t("note")} maxLength={1000} rows={3} />
      <SubmitButton>{t("save")}</SubmitButton>
    </ActionForm>
  );
}

/**
 * Restoring replaces everyone's live content, so it takes a second, explicit confirmation. The
 * outcome is announced from a live region that outlives the confirmation step.
 */
export function RestoreVersionForm({ dialogueId, driverId, versionId, name }: DriverRef & { versionId: string; name: string }) {
  const t = useTranslations("versions");
  const [confirming, setConfirming] = useState(false);
  const [restored, setRestored] = useState(false);
  return (
    <div>
      {confirming ? (
        <ActionForm
          action={restoreDriverVersionAction}
          onSuccess={() => {
            setRestored(true);
            setConfirming(false);
          }}
        >
          <input type="hidden" name="dialogueId" value={dialogueId} />
          <input type="hidden" name="driverId" value={driverId} />
          <input type="hidden" name="versionId" value={versionId} />
          <p className="mb-2" role="alert">
            {t("restoreWarning", { name })}
          </p>
          <div className="flex flex-wrap gap-2">
            <SubmitButton variant="danger">{t("restoreConfirm")}</SubmitButton>
            <button type="button" className={buttonClass("quiet")} onClick={() => setConfirming(false)}>
              {t("cancel")}
            </button>
          </div>
        </ActionForm>
      ) : (
        <button
          type="button"
          className={buttonClass("secondary")}
          onClick={() => {
            setRestored(false);
            setConfirming(true);
          }}
        >
          {t("restore")}
        </button>
      )}
      <p role="status" className="mt-2">
        {restored ? t("restored", { name }) : null}
      </p>
    </div>
  );
}
