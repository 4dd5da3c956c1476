"use client";

import { useFormatter, useTranslations } from "next-intl";
import {
  addGoalStatementAction,
  deleteGoalStatementAction,
  moveGoalStatementAction,
  updateGoalStatementAction,
} from "@/app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/actions";
import { SelectField, TextArea, TextField, type Option } from "@/components/ui/field";
import { AddItemSection, OrderedItem } from "./ordered-item";
import type { GoalStatementDto } from "@/lib/server/services/drivers";

export interface StatementOptions {
  indicators: Option[];
  regions: Option[];
  directions: Option[];
}

interface GoalStatementsProps {
  dialogueId: string;
  driverId: string;
  statements: GoalStatementDto[];
  canEdit: boolean;
  options: StatementOptions;
}

/** Önskat läge: the ordered goal statements, each with an optional measurable target. */
export function GoalStatements({ dialogueId, driverId, statements, canEdit, options }: GoalStatementsProps) {
  const t = useTranslations("statements");
  const ref = { dialogueId, driverId };
  return (
    <div>
      <h3 className="mb-2 text-lg font-semibold">{t("title")}</h3>
      {statements.length === 0 ? <p className="italic text-muted">{t("none")}</p> : null}
      <ol className="space-y-3">
        {statements.map((statement, index) => {
          const number = index + 1;
          return (
            <OrderedItem
              key={statement.id}
              driverRef={ref}
              itemId={statement.id}
              itemIdField="statementId"
              index={index}
              count={statements.length}
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
              actions={{ move: moveGoalStatementAction, update: updateGoalStatementAction, remove: deleteGoalStatementAction }}
              summary={
                <>
                  <p className="whitespace-pre-line">
                    <span className="font-semibold">{number}. </span>
                    {statement.text}
                  </p>
                  <TargetSummary statement={statement} options={options} />
                </>
              }
              editFields={<StatementFields options={options} values={statement} />}
            />
          );
        })}
      </ol>
      {canEdit ? (
        <AddItemSection driverRef={ref} title={t("add")} action={addGoalStatementAction} addedMessage={t("added")}>
          <StatementFields options={options} />
        </AddItemSection>
      ) : null}
    </div>
  );
}

function StatementFields({ options, values }: { options: StatementOptions; values?: GoalStatementDto }) {
  const t = useTranslations("statements");
  const tForms = useTranslations("forms");
  return (
    <>
      <TextArea name="text" label={t("text")} defaultValue={values?.text} required rows={3} maxLength={2000} />
      <fieldset className="mb-2 rounded border border-gray-300 p-3">
        <legend className="px-1 font-semibold">{t("target")}</legend>
        <p className="mb-2 text-sm text-muted">{t("targetHint")}</p>
        <SelectField name="targetIndicatorId" label={t("targetIndicator")} options={options.indicators} defaultValue={values?.targetIndicatorId} emptyLabel={tForms("noneSelected")} />
        <div className="grid gap-x-4 sm:grid-cols-2">
          <SelectField name="targetRegionCode" label={t("targetRegion")} options={options.regions} defaultValue={values?.targetRegionCode} emptyLabel={tForms("noneSelected")} />
          <SelectField name="targetDirection" label={t("targetDirection")} options={options.directions} defaultValue={values?.targetDirection} emptyLabel={tForms("noneSelected")} />
          <TextField name="targetValue" type="number" label={t("targetValue")} defaultValue={values?.targetValue} />
          <TextField name="targetYear" type="number" inputMode="numeric" label={t("targetYear")} defaultValue={values?.targetYear} />
        </div>
      </fieldset>
    </>
  );
}

function TargetSummary({ statement, options }: { statement: GoalStatementDto; options: StatementOptions }) {
  const t = useTranslations("statements");
  const format = useFormatter();
  if (!statement.targetIndicatorId || statement.targetValue === null || !statement.targetDirection) return null;
  const labelOf = (list: Option[], value: string | null) => list.find((option) => option.value === value)?.label ?? value ?? "";
  return (
    <p className="mt-1 text-sm text-brand-800">
      {t("targetSummary", {
        direction: labelOf(options.directions, statement.targetDirection),
        indicator: labelOf(options.indicators, statement.targetIndicatorId),
        value: format.number(statement.targetValue),
        year: statement.targetYear ?? "",
      })}
      {statement.targetRegionCode ? ` ${t("targetRegionSummary", { region: labelOf(options.regions, statement.targetRegionCode) })}` : null}
    </p>
  );
}
