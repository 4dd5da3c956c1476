"use client";

import { useTranslations } from "next-intl";
import {
  addGapActionAction,
  deleteGapActionAction,
  moveGapActionAction,
  updateGapActionAction,
} from "@/app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/actions";
import { ChoiceGroup, TextArea, type Option } from "@/components/ui/field";
import { AddItemSection, OrderedItem } from "./ordered-item";
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
            <OrderedItem
              key={action.id}
              driverRef={ref}
              itemId={action.id}
              itemIdField="actionId"
              index={index}
              count={actions.length}
              canEdit={canEdit}
              labels={{
                moveUp: t("moveUp", { number }),
                moveDown: t("moveDown", { number }),
                moved: t("moved"),
                edit: t("edit", { number }),
                saved: t("saved"),
                delete: t("delete", { number }),
                deleted: t("deleted"),
              }}
              actions={{ move: moveGapActionAction, update: updateGapActionAction, remove: deleteGapActionAction }}
              summary={
                <>
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
                </>
              }
              editFields={<ActionFields options={options} values={action} />}
            />
          );
        })}
      </ol>
      {canEdit ? (
        <AddItemSection driverRef={ref} title={t("add")} action={addGapActionAction} addedMessage={t("added")}>
          <ActionFields options={options} />
        </AddItemSection>
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
