"use client";

import { useTranslations } from "next-intl";
import { GOALS, readGoalTarget, type GoalTarget } from "@/lib/collab/driver-doc";
import type { GoalStatementDto } from "@/lib/server/services/drivers";
import { GapChip } from "@/components/indicators/gap-chip";
import { GoalTargetForm, TargetSummary, type GoalOptions } from "./goal-target-form";
import { LiveItemList, type ItemListLabels } from "./live-item-list";
import { StoredList } from "./stored-list";
import { useReadySession } from "./session-context";
import { useItems } from "./use-items";

function storedTarget(goal: GoalStatementDto): GoalTarget | null {
  if (!goal.targetIndicatorId || goal.targetValue === null || goal.targetYear === null || !goal.targetDirection) return null;
  return {
    indicatorId: goal.targetIndicatorId,
    regionCode: (goal.targetRegionCode as GoalTarget["regionCode"]) ?? null,
    value: goal.targetValue,
    year: goal.targetYear,
    direction: goal.targetDirection,
  };
}

function useGoalLabels(): ItemListLabels {
  const t = useTranslations("statements");
  return {
    item: (number) => t("item", { number }),
    add: t("add"),
    added: (number) => t("added", { number }),
    remove: (number) => t("remove", { number }),
    removeTitle: (number) => t("removeTitle", { number }),
    removeBody: t("removeBody"),
    removed: (number) => t("removed", { number }),
    moveUp: (number) => t("moveUp", { number }),
    moveDown: (number) => t("moveDown", { number }),
    moved: (position, count) => t("moved", { position, count }),
    dragHandle: (number) => t("dragHandle", { number }),
  };
}

/** Önskat läge: the goal statements, live once the document has synced, the stored copy before. */
export function LiveGoals({ storedGoals, options }: { storedGoals: GoalStatementDto[]; options: GoalOptions }) {
  const t = useTranslations("statements");
  const tEditor = useTranslations("editor");
  const labels = useGoalLabels();
  const { session, isEditable } = useReadySession();
  const items = useItems(session?.doc ?? null, GOALS, readGoalTarget);
  const storedTexts = new Map(storedGoals.map((goal) => [goal.id, goal.text]));
  return (
    <div>
      <h3 className="mb-2 text-lg font-semibold">{t("title")}</h3>
      {session ? (
        <LiveItemList
          session={session}
          list={GOALS}
          kind="goal"
          items={items}
          isEditable={isEditable}
          labels={labels}
          emptyText={t("none")}
          emptyItemText={tEditor("empty")}
          storedTexts={storedTexts}
          renderDetails={(item, number) => (
            <>
              {isEditable ? (
                <GoalTargetForm session={session} goalId={item.id} number={number} target={item.value} options={options} />
              ) : (
                <TargetSummary target={item.value} options={options} />
              )}
              <GapChip target={item.value} />
            </>
          )}
        />
      ) : (
        <StoredList
          items={storedGoals.map((goal) => ({ id: goal.id, text: goal.text, details: (
              <>
                <TargetSummary target={storedTarget(goal)} options={options} />
                <GapChip target={storedTarget(goal)} />
              </>
            ),
          }))}
          itemLabel={labels.item}
          emptyText={t("none")}
        />
      )}
    </div>
  );
}
