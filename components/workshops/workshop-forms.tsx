"use client";

import { useTranslations } from "next-intl";
import {
  applySuggestedOrderAction,
  createWorkshopAction,
  setAgendaAction,
} from "@/app/(workspace)/dialogues/[dialogueId]/workshops/actions";
import { ActionForm, useFieldError } from "@/components/ui/action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { timeboxField, WORKSHOP_LIMITS } from "@/lib/model/workshop";

export function CreateWorkshopForm({ dialogueId }: { dialogueId: string }) {
  const t = useTranslations("workshops.form");
  return (
    <ActionForm action={createWorkshopAction} label={t("title")}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <TextField name="title" label={t("titleField")} maxLength={WORKSHOP_LIMITS.titleLength} required />
      <TextField name="plannedFor" type="datetime-local" label={t("plannedFor")} hint={t("plannedForHint")} />
      <SubmitButton>{t("submit")}</SubmitButton>
    </ActionForm>
  );
}

export interface AgendaFormRow {
  driverId: string;
  title: string;
  included: boolean;
  timeboxMinutes: number;
}

/**
 * The whole agenda in one form: a row per driver of the dialogue (the agenda's first, in its
 * order, then the others) with "include" and its minutes. The ticked rows, in the listed order,
 * become the agenda.
 */
export function AgendaForm({ dialogueId, workshopId, rows }: { dialogueId: string; workshopId: string; rows: AgendaFormRow[] }) {
  const t = useTranslations("workshops.edit");
  return (
    <ActionForm action={setAgendaAction} successMessage={t("saved")} label={t("title")}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="workshopId" value={workshopId} />
      <fieldset className="mb-4">
        <legend className="mb-2 font-semibold">{t("legend")}</legend>
        <DriversError />
        <ul className="space-y-2">
          {rows.map((row) => (
            <li key={row.driverId} className="grid items-start gap-x-4 rounded border border-gray-300 bg-white p-3 sm:grid-cols-[1fr_12rem]">
              <label className="flex items-start gap-2 pt-7">
                <input type="checkbox" name="driverIds" value={row.driverId} defaultChecked={row.included} className="mt-1 h-5 w-5 shrink-0 accent-brand-700" />
                <span>{t("include", { title: row.title })}</span>
              </label>
              <TextField name={timeboxField(row.driverId)} label={t("timebox", { title: row.title })} inputMode="numeric" defaultValue={row.timeboxMinutes} />
            </li>
          ))}
        </ul>
      </fieldset>
      <SubmitButton>{t("submit")}</SubmitButton>
    </ActionForm>
  );
}

/** A refusal of the list itself (e.g. a driver that is no longer the dialogue's). */
function DriversError() {
  const error = useFieldError("driverIds");
  const t = useTranslations();
  if (!error) return null;
  return <p className="mb-2 text-sm font-semibold text-danger">{t(`validation.${error.key}`, error.params ?? {})}</p>;
}

/** Saves the agenda's drivers in the suggested order. */
export function ApplySuggestionForm({ dialogueId, workshopId, driverIds }: { dialogueId: string; workshopId: string; driverIds: string[] }) {
  const t = useTranslations("workshops.suggestion");
  return (
    <ActionForm action={applySuggestedOrderAction} successMessage={t("applied")} focusAfterSuccess="apply-suggestion">
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="workshopId" value={workshopId} />
      {driverIds.map((driverId) => (
        <input key={driverId} type="hidden" name="driverIds" value={driverId} />
      ))}
      <SubmitButton id="apply-suggestion" variant="secondary">
        {t("apply")}
      </SubmitButton>
    </ActionForm>
  );
}
