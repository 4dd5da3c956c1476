import { getFormatter, getTranslations } from "next-intl/server";
import { RichTextView } from "@/components/driver/rich-text-view";
import type { AgreedDriver, AgreedGap } from "@/lib/model/agreement";
import { TEXT_PARTS } from "@/lib/model/enums";

/** A frozen gap in words: its status and, while the target is not met, what remains. */
export async function gapText(gap: AgreedGap): Promise<string> {
  const tGap = await getTranslations("gap");
  const format = await getFormatter();
  const status = tGap(`status.${gap.status}`);
  if (gap.gap === null) return status;
  return `${status} · ${tGap("remaining", { value: format.number(gap.gap, { maximumFractionDigits: 2 }), unit: gap.unit })}`;
}

/**
 * One driver as agreed: its texts, goals with targets and the gap each had, actions, and the
 * organisations' stances (headings from h3: the page names the driver in an h2).
 */
export async function AgreedDriverView({ driver, organisationNames }: { driver: AgreedDriver; organisationNames: Record<string, string> }) {
  const t = await getTranslations("agreements.detail");
  const tParts = await getTranslations("parts");
  const tEditor = await getTranslations("editor");
  const tEnums = await getTranslations("enums");
  const tStances = await getTranslations("stances");
  const tVersions = await getTranslations("versions");
  const format = await getFormatter();
  const gapOf = new Map(driver.gaps.map((gap) => [gap.goalId, gap]));
  const names = (ids: string[]) => ids.map((id) => organisationNames[id] ?? "–").join(", ");
  return (
    <div className="space-y-4">
      {TEXT_PARTS.map((part) => (
        <div key={part}>
          <h3 className="text-lg font-semibold">{tParts(`${part}.title`)}</h3>
          <RichTextView doc={driver.content.texts[part]} emptyText={tEditor("empty")} />
        </div>
      ))}
      <div>
        <h3 className="text-lg font-semibold">{tParts("desired.title")}</h3>
        {driver.content.goals.length ? (
          <ol className="list-decimal space-y-2 pl-6">
            {await Promise.all(
              driver.content.goals.map(async (goal) => {
                const gap = gapOf.get(goal.id);
                return (
                  <li key={goal.id}>
                    <span className="whitespace-pre-line">{goal.text}</span>
                    {goal.target ? (
                      <span className="block text-sm text-muted">
                        {t("target", { value: format.number(goal.target.value), year: goal.target.year, direction: tEnums(`targetDirection.${goal.target.direction}`) })}
                        {gap ? ` · ${t("gapAgreed", { gap: await gapText(gap) })}` : ""}
                      </span>
                    ) : null}
                  </li>
                );
              }),
            )}
          </ol>
        ) : (
          <p className="italic text-muted">{tEditor("empty")}</p>
        )}
      </div>
      <div>
        <h3 className="text-lg font-semibold">{tVersions("diff.actions")}</h3>
        {driver.content.actions.length ? (
          <ol className="list-decimal space-y-2 pl-6">
            {driver.content.actions.map((action) => (
              <li key={action.id}>
                <span className="whitespace-pre-line">{action.text}</span>
                <span className="block text-sm text-muted">
                  {tEnums(`horizon.${action.horizon}`)} · {tEnums(`level.${action.level}`)} · {tEnums(`control.${action.control}`)}
                  {action.responsibleOrganisationIds.length ? ` · ${t("responsible", { names: names(action.responsibleOrganisationIds) })}` : ""}
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="italic text-muted">{tEditor("empty")}</p>
        )}
      </div>
      <div>
        <h3 className="text-lg font-semibold">{t("stancesTitle")}</h3>
        {driver.stances.length ? (
          <ul className="list-disc space-y-1 pl-6">
            {driver.stances.map((stance) => (
              <li key={stance.organisationId}>
                <span className="font-semibold">{stance.organisationName}</span>: {tStances(`value.${stance.value}`)}
                {stance.reason ? ` – ${stance.reason}` : ""}
                {stance.isCurrent ? "" : ` (${t("stanceNotCurrent")})`}
              </li>
            ))}
          </ul>
        ) : (
          <p className="italic text-muted">{t("noStances")}</p>
        )}
      </div>
    </div>
  );
}
