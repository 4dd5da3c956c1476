"use client";

import { useTranslations } from "next-intl";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { ChoiceGroup, SelectField, TextArea, TextField, type Option } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export interface DialogueFormValues {
  planningQuestion: string;
  description: string;
  regionCodes: string[];
  horizonFrom: number;
  horizonTo: number;
  status: string;
  observersMayComment?: boolean;
}

interface DialogueFormProps<T> {
  action: FormAction<T>;
  submitLabel: string;
  successMessage?: string;
  values?: DialogueFormValues;
  dialogueId?: string;
  regionOptions: Option[];
  statusOptions: Option[];
  /** Only when creating: the organisation the creator speaks for. */
  organisationOptions?: Option[];
}

/** Create and edit a dialogue's planning question, scope, horizon and status. */
export function DialogueForm<T>({
  action,
  submitLabel,
  successMessage,
  values,
  dialogueId,
  regionOptions,
  statusOptions,
  organisationOptions,
}: DialogueFormProps<T>) {
  const t = useTranslations("dialogues.form");
  const tForms = useTranslations("forms");
  return (
    <ActionForm action={action} successMessage={successMessage} className="rounded bg-white p-5 shadow-sm">
      <p className="mb-4 text-sm text-muted">{tForms("requiredNote")}</p>
      {dialogueId ? <input type="hidden" name="dialogueId" value={dialogueId} /> : null}
      <TextField name="planningQuestion" label={t("planningQuestion")} hint={t("planningQuestionHint")} defaultValue={values?.planningQuestion} required maxLength={300} />
      <TextArea name="description" label={t("description")} defaultValue={values?.description} maxLength={5000} />
      <ChoiceGroup name="regionCodes" legend={t("regions")} options={regionOptions} defaultValues={values?.regionCodes} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField name="horizonFrom" type="number" inputMode="numeric" label={t("horizonFrom")} defaultValue={values?.horizonFrom ?? new Date().getFullYear()} required />
        <TextField name="horizonTo" type="number" inputMode="numeric" label={t("horizonTo")} defaultValue={values?.horizonTo ?? new Date().getFullYear() + 10} required />
      </div>
      <SelectField name="status" label={t("status")} options={statusOptions} defaultValue={values?.status ?? "draft"} required />
      {dialogueId ? (
        <ChoiceGroup
          name="observersMayComment"
          legend={t("observersLegend")}
          hint={t("observersHint")}
          options={[{ value: "yes", label: t("observersMayComment") }]}
          defaultValues={values?.observersMayComment ? ["yes"] : []}
        />
      ) : null}
      {organisationOptions ? (
        <SelectField name="organisationId" label={t("organisation")} hint={t("organisationHint")} options={organisationOptions} emptyLabel={tForms("noneSelected")} required />
      ) : null}
      <SubmitButton>{submitLabel}</SubmitButton>
    </ActionForm>
  );
}
