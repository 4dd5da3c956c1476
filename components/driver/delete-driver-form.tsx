"use client";

import { useTranslations } from "next-intl";
import { deleteDriverAction } from "@/app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/actions";
import { ActionForm } from "@/components/ui/action-form";
import { ChoiceGroup } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

/** Deleting needs a ticked confirmation, so one stray keypress cannot remove a driver's work. */
export function DeleteDriverForm({ dialogueId, driverId }: { dialogueId: string; driverId: string }) {
  const t = useTranslations("drivers.edit");
  return (
    <section aria-labelledby="delete-driver" className="mt-8 rounded border-2 border-danger bg-white p-5">
      <h2 id="delete-driver" className="mb-2 text-xl font-semibold">
        {t("delete")}
      </h2>
      <p className="mb-3">{t("deleteWarning")}</p>
      <ActionForm action={deleteDriverAction}>
        <input type="hidden" name="dialogueId" value={dialogueId} />
        <input type="hidden" name="driverId" value={driverId} />
        <ChoiceGroup name="confirm" legend={t("deleteConfirmLegend")} options={[{ value: "yes", label: t("deleteConfirm") }]} required />
        <SubmitButton variant="danger">{t("delete")}</SubmitButton>
      </ActionForm>
    </section>
  );
}
