"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { GoalTarget } from "@/lib/collab/driver-doc";
import { computeGap, type Gap } from "@/lib/gap/gap";
import type { GapContext, GapReleaseInfo } from "@/lib/server/services/indicator-panels";
import { useGapContext } from "./live-data";

const STATUS_STYLE: Record<Gap["status"], string> = {
  reached: "border-success text-success",
  remaining: "border-brand-700 text-brand-800",
  widening: "border-danger text-danger",
  no_data: "border-gray-500 text-muted",
};

function gapOn(target: GoalTarget, context: GapContext, latest: number | null): Gap {
  const expected = context.projection.find((point) => point.year === target.year)?.value ?? null;
  return computeGap({ targetValue: target.value, direction: target.direction, indicatorDirection: context.direction, latest, expected });
}

/**
 * The computed gap next to a goal statement: its status in words (nått / gap kvar / gapet växer),
 * its size with sign, what it was computed on (which release), and "nya data" with old → new when
 * the newest release moved it. Computed in the browser from the live target and the server's figures.
 */
export function GapChip({ target }: { target: GoalTarget | null }) {
  const t = useTranslations("gap");
  const format = useFormatter();
  const context = useGapContext(target?.indicatorId ?? null, target?.regionCode ?? null);
  if (!target) return null;
  if (context === undefined) return <p className="mt-2 text-sm text-muted">{t("loading")}</p>;
  if (context === null) return null;
  const number = (value: number) => format.number(value, { maximumFractionDigits: 2, signDisplay: "exceptZero" });
  const plain = (value: number) => format.number(value, { maximumFractionDigits: 2 });
  const gap = gapOn(target, context, context.latest?.value ?? null);
  const previousGap = context.previous ? gapOn(target, context, context.previous.value) : null;
  const hasNewData = previousGap !== null && (previousGap.gap !== gap.gap || previousGap.status !== gap.status);
  const sizeOf = (value: Gap) => (value.gap === null ? t("none") : number(value.gap * directionSign(target)));
  const release = (info: GapReleaseInfo) =>
    info.id === null ? t("seedRelease") : t("release", { id: info.id, file: info.fileName ?? "", date: info.createdAt ? format.dateTime(new Date(info.createdAt), { dateStyle: "medium", timeStyle: "short" }) : "" });
  const expectedAtTarget = context.projection.find((point) => point.year === target.year);
  return (
    <div className="mt-2 text-sm" data-testid="gap-chip" data-status={gap.status}>
      <p className="flex flex-wrap items-center gap-2">
        <span className={`inline-flex items-center rounded-full border-2 px-3 py-0.5 font-semibold ${STATUS_STYLE[gap.status]}`}>
          {t("label")}: {t(`status.${gap.status}`)}
          {gap.gap !== null ? ` · ${t("remaining", { value: number(gap.gap * directionSign(target)), unit: context.unit })}` : ""}
        </span>
        {hasNewData ? (
          <span className="rounded bg-yellow-100 px-2 py-0.5 font-semibold text-ink" data-testid="gap-new-data">
            {t("newData", { old: sizeOf(previousGap), new: sizeOf(gap) })}
          </span>
        ) : null}
      </p>
      {context.latest ? (
        <p className="mt-1 text-muted">
          {context.latest.value === null ? t("latest", { value: t("status.no_data"), period: context.latest.period ?? "–" }) : t("latest", { value: `${plain(context.latest.value)} ${context.unit}`, period: context.latest.period ?? "–" })}
          {expectedAtTarget ? ` · ${t("expected", { year: target.year, value: `${plain(expectedAtTarget.value)} ${context.unit}` })}` : ""}
          {" · "}
          {t("computedOn", { release: release(context.latest.release) })}
        </p>
      ) : null}
    </div>
  );
}

/** The gap is shown as the change still needed: + for a target that asks for more, − for less. */
function directionSign(target: GoalTarget): 1 | -1 {
  return target.direction === "decrease" ? -1 : 1;
}
