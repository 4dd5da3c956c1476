"use client";

import { useTranslations } from "next-intl";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { ChoiceGroup, TextArea, TextField, type Option } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export interface DriverFormValues {
  title: string;
  description: string;
  whoClass: string;
  careAreas: string[];
  changePerspectives: string[];
}

interface DriverFormProps<T> {
  action: FormAction<T>;
  dialogueId: string;
  driverId?: string;
  values?: DriverFormValues;
  submitLabel: string;
  successMessage?: string;
  whoClassOptions: Option[];
  careAreaOptions: Option[];
  changePerspectiveOptions: Option[];
}

/** A driver's title, description and classification (facilitators). */
export function DriverForm<T>(props: DriverFormProps<T>) {
  const t = useTranslations("drivers.form");
  const tForms = useTranslations("forms");
  const { values } = props;
  return (
    <ActionForm action={props.action} successMessage={props.successMessage} className="rounded bg-white p-5 shadow-sm">
      <p className="mb-4 text-sm text-muted">{tForms("requiredNote")}</p>
      <input type="hidden" name="dialogueId" value={props.dialogueId} />
      {props.driverId ? <input type="hidden" name="driverId" value={props.driverId} /> : null}
      <TextField name="title" label={t("title")} defaultValue={values?.title} required maxLength={200} />
      <TextArea name="description" label={t("description")} defaultValue={values?.description} maxLength={5000} />
      <ChoiceGroup name="whoClass" type="radio" legend={t("whoClass")} options={props.whoClassOptions} defaultValues={values ? [values.whoClass] : []} required />
      <ChoiceGroup name="careAreas" legend={t("careAreas")} options={props.careAreaOptions} defaultValues={values?.careAreas} />
      <ChoiceGroup name="changePerspectives" legend={t("changePerspectives")} options={props.changePerspectiveOptions} defaultValues={values?.changePerspectives} />
      <SubmitButton>{props.submitLabel}</SubmitButton>
    </ActionForm>
  );
}
