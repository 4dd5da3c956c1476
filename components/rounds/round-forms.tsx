"use client";

import { useTranslations } from "next-intl";
import {
  closeRoundAction,
  createRoundAction,
  extendRoundAction,
  giveStanceAction,
  reopenRoundAction,
} from "@/app/(workspace)/dialogues/[dialogueId]/rounds/actions";
import { ActionForm } from "@/components/ui/action-form";
import { ChoiceGroup, TextArea, TextField, type Option } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ROUND_LIMITS, STANCE_VALUES } from "@/lib/model/round";

interface CreateRoundFormProps {
  dialogueId: string;
  kindOptions: Option[];
  driverOptions: Option[];
  organisationOptions: Option[];
  /** `datetime-local` values in Swedish time. */
  defaultOpensAt: string;
  defaultClosesAt: string;
}

export function CreateRoundForm({ dialogueId, kindOptions, driverOptions, organisationOptions, defaultOpensAt, defaultClosesAt }: CreateRoundFormProps) {
  const t = useTranslations("rounds.form");
  return (
    <ActionForm action={createRoundAction} label={t("title")}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <ChoiceGroup name="kind" legend={t("kind")} type="radio" options={kindOptions} defaultValues={["comment"]} required />
      <TextField name="title" label={t("titleField")} maxLength={ROUND_LIMITS.titleLength} required />
      <TextArea name="instructions" label={t("instructions")} maxLength={ROUND_LIMITS.instructionsLength} rows={4} />
      <ChoiceGroup name="driverIds" legend={t("drivers")} options={driverOptions} required />
      <ChoiceGroup name="organisationIds" legend={t("organisations")} hint={t("organisationsHint")} options={organisationOptions} required />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField name="opensAt" type="datetime-local" label={t("opensAt")} hint={t("timeHint")} defaultValue={defaultOpensAt} required />
        <TextField name="closesAt" type="datetime-local" label={t("closesAt")} hint={t("timeHint")} defaultValue={defaultClosesAt} required />
      </div>
      <SubmitButton>{t("submit")}</SubmitButton>
    </ActionForm>
  );
}

export function ExtendRoundForm({ dialogueId, roundId, closesAt }: { dialogueId: string; roundId: string; closesAt: string }) {
  const t = useTranslations("rounds.manage");
  const tForm = useTranslations("rounds.form");
  return (
    <ActionForm action={extendRoundAction} successMessage={t("extended")} label={t("extend")} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="roundId" value={roundId} />
      <TextField name="closesAt" type="datetime-local" label={t("extend")} hint={tForm("timeHint")} defaultValue={closesAt} required />
      <div className="mb-4">
        <SubmitButton variant="secondary">{t("extendSubmit")}</SubmitButton>
      </div>
    </ActionForm>
  );
}

/** Closing early needs a ticked confirmation: nobody can answer afterwards. */
export function CloseRoundForm({ dialogueId, roundId }: { dialogueId: string; roundId: string }) {
  const t = useTranslations("rounds.manage");
  return (
    <ActionForm action={closeRoundAction} successMessage={t("closed")} label={t("close")}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="roundId" value={roundId} />
      <ChoiceGroup name="confirm" legend={t("close")} options={[{ value: "yes", label: t("closeConfirm") }]} required />
      <SubmitButton variant="danger">{t("close")}</SubmitButton>
    </ActionForm>
  );
}

export function ReopenRoundForm({ dialogueId, roundId, defaultOpensAt, defaultClosesAt }: { dialogueId: string; roundId: string; defaultOpensAt: string; defaultClosesAt: string }) {
  const t = useTranslations("rounds.manage");
  const tForm = useTranslations("rounds.form");
  return (
    <ActionForm action={reopenRoundAction} label={t("reopen")}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="roundId" value={roundId} />
      <p className="mb-3 text-muted">{t("reopenHint")}</p>
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField name="opensAt" type="datetime-local" label={tForm("opensAt")} hint={tForm("timeHint")} defaultValue={defaultOpensAt} required />
        <TextField name="closesAt" type="datetime-local" label={tForm("closesAt")} hint={tForm("timeHint")} defaultValue={defaultClosesAt} required />
      </div>
      <SubmitButton variant="secondary">{t("reopenSubmit")}</SubmitButton>
    </ActionForm>
  );
}

export function StanceForm({ dialogueId, driverId, organisationName, current }: { dialogueId: string; driverId: string; organisationName: string; current: string | null }) {
  const t = useTranslations("stances");
  const options = STANCE_VALUES.map((stance) => ({ value: stance, label: t(`value.${stance}`) }));
  return (
    <ActionForm action={giveStanceAction} successMessage={t("form.saved")} label={t("form.title")}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="driverId" value={driverId} />
      <ChoiceGroup name="value" legend={t("form.legend", { organisation: organisationName })} type="radio" options={options} defaultValues={current ? [current] : []} required />
      <TextArea name="reason" label={t("form.reason")} hint={t("form.reasonHint")} maxLength={ROUND_LIMITS.reasonLength} rows={3} />
      <SubmitButton>{t("form.submit")}</SubmitButton>
    </ActionForm>
  );
}
