"use client";

import { useTranslations } from "next-intl";
import {
  addGapActionAction,
  deleteGapActionAction,
  moveGapActionAction,
  updateGapActionAction,
} from "@/app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/actions";
import { ActionForm } from "@/components/ui/action-form";
import { ChoiceGroup, TextArea, type Option } from "@/components/ui/field";
import { MoveButtons } from "@/components/ui/move-buttons";
import { SubmitButton } from "@/components/ui/submit-button";
import type { GapActionDto } from "@/lib/server/services/drivers";

export interface ActionOptions {
  horizons: Option[];
  levels: Option[];
  controls: Option[];
  organisations: Option[];
}

interface GapActionsProps {
  dialogueId: string;
  driverId: string;
  actions: GapActionDto[];
  canEdit: boolean;
  options: ActionOptions;
}

/** The actions that close the gap, with horizon, level, control and organisations. */
export function GapActions({ dialogueId, driverId, actions, canEdit, options }: GapActionsProps) {
  const t = useTranslations("gapActions");
  const tForms = useTranslations("forms");
  const ref = { dialogueId, driverId };
  const labelOf = (list: Option[], value: string) => list.find((option) => option.value === value)?.label ?? value;
  const names = (ids: string[]) => ids.map((id) => labelOf(options.organisations, id)).join(", ");
  return (
    <div>
      <h3 className="mb-2 text-lg font-semibold">{t("title")}</h3>
      {actions.length === 0 ? <p className="italic text-muted">{t("none")}</p> : null}
      <ol className="space-y-3">
        {actions.map((action, index) => {
          const number = index + 1;
          return (
            <li key={action.id} className="rounded border border-gray-300 bg-white p-3">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0 flex-1">
                  <p className="whitespace-pre-line">
                    <span className="font-semibold">{number}. </span>
                    {action.text}
                  </p>
                  <p className="mt-1 text-sm text-muted">
                    {labelOf(options.horizons, action.horizon)} · {labelOf(options.levels, action.level)} · {labelOf(options.controls, action.control)}
                  </p>
                  {action.responsibleOrganisationIds.length ? (
                    <p className="text-sm">{t("responsibleList", { names: names(action.responsibleOrganisationIds) })}</p>
                  ) : null}
                  {action.collaboratingOrganisationIds.length ? (
                    <p className="text-sm">{t("collaboratingList", { names: names(action.collaboratingOrganisationIds) })}</p>
                  ) : null}
                </div>
                {canEdit ? (
                  <MoveButtons
                    action={moveGapActionAction}
                    fields={{ ...ref, itemId: action.id }}
                    upLabel={t("moveUp", { number })}
                    downLabel={t("moveDown", { number })}
                    movedMessage={t("moved")}
                    idPrefix={`action-${action.id}`}
                    isFirst={index === 0}
                    isLast={index === actions.length - 1}
                  />
                ) : null}
              </div>
              {canEdit ? (
                <div className="mt-2 flex flex-wrap items-start gap-3">
                  <details className="flex-1">
                    <summary className="cursor-pointer font-semibold text-brand-800 underline">{t("edit", { number })}</summary>
                    <ActionForm action={updateGapActionAction} successMessage={t("saved")} className="mt-3">
                      <input type="hidden" name="dialogueId" value={dialogueId} />
                      <input type="hidden" name="driverId" value={driverId} />
                      <input type="hidden" name="actionId" value={action.id} />
                      <ActionFields options={options} values={action} />
                      <SubmitButton>{tForms("save")}</SubmitButton>
                    </ActionForm>
                  </details>
                  <ActionForm action={deleteGapActionAction} successMessage={t("deleted")}>
                    <input type="hidden" name="dialogueId" value={dialogueId} />
                    <input type="hidden" name="driverId" value={driverId} />
                    <input type="hidden" name="itemId" value={action.id} />
                    <SubmitButton variant="danger">{t("delete", { number })}</SubmitButton>
                  </ActionForm>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {canEdit ? (
        <section aria-labelledby={`add-action-${driverId}`} className="mt-4 rounded border border-gray-300 bg-gray-50 p-4">
          <h4 id={`add-action-${driverId}`} className="mb-3 font-semibold">
            {t("add")}
          </h4>
          <ActionForm action={addGapActionAction} successMessage={t("added")} resetOnSuccess>
            <input type="hidden" name="dialogueId" value={dialogueId} />
            <input type="hidden" name="driverId" value={driverId} />
            <ActionFields options={options} />
            <SubmitButton>{t("add")}</SubmitButton>
          </ActionForm>
        </section>
      ) : null}
    </div>
  );
}

function ActionFields({ options, values }: { options: ActionOptions; values?: GapActionDto }) {
  const t = useTranslations("gapActions");
  return (
    <>
      <TextArea name="text" label={t("text")} defaultValue={values?.text} required rows={3} maxLength={2000} />
      <ChoiceGroup name="horizon" type="radio" legend={t("horizon")} options={options.horizons} defaultValues={[values?.horizon ?? "short"]} required />
      <ChoiceGroup name="level" type="radio" legend={t("level")} options={options.levels} defaultValues={[values?.level ?? "regional"]} required />
      <ChoiceGroup name="control" type="radio" legend={t("control")} options={options.controls} defaultValues={[values?.control ?? "collaboration"]} required />
      <ChoiceGroup name="responsibleOrganisationIds" legend={t("responsible")} options={options.organisations} defaultValues={values?.responsibleOrganisationIds} />
      <ChoiceGroup name="collaboratingOrganisationIds" legend={t("collaborating")} options={options.organisations} defaultValues={values?.collaboratingOrganisationIds} />
    </>
  );
}
