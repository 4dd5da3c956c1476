"use client";

import { useTranslations } from "next-intl";
import type { ThreadView } from "@/lib/model/comment";
import { threadElementId } from "./comment-item";
import { useOptionalComments } from "./comments-context";

export interface DataPoint {
  indicatorId: string;
  regionCode: string;
  /** The period as the panel shows it; empty for a figure without one. */
  period: string;
  /** "Indicator, region, period" in words, for the button and the new thread's form. */
  label: string;
}

function openThreadsOn(threads: ThreadView[], point: DataPoint): ThreadView[] {
  return threads.filter(
    (thread) =>
      !thread.isResolved &&
      thread.anchor.kind === "data_point" &&
      thread.anchor.indicatorId === point.indicatorId &&
      thread.anchor.regionCode === point.regionCode &&
      thread.anchor.period === point.period,
  );
}

/**
 * A table cell of an indicator panel: the open threads on this data point (a link to the first)
 * and, for those who may comment, a button that starts one.
 */
export function DataPointComments({ point }: { point: DataPoint }) {
  const t = useTranslations("comments");
  const comments = useOptionalComments();
  if (!comments) return null;
  const threads = openThreadsOn(comments.state.threads, point);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {threads.length ? (
        <a href={`#${threadElementId(threads[0]!.id)}`} className="underline" data-testid="data-point-threads">
          {t("dataPointThreads", { count: threads.length })}
        </a>
      ) : null}
      {comments.viewer.mayComment ? (
        <button
          type="button"
          className="min-h-6 rounded px-1 text-sm font-semibold text-brand-800 underline hover:bg-brand-50"
          aria-label={t("startOnDataPoint", { point: point.label })}
          onClick={() => comments.startThread({ kind: "data_point", indicatorId: point.indicatorId, regionCode: point.regionCode, period: point.period, label: point.label })}
        >
          {t("comment")}
        </button>
      ) : null}
    </div>
  );
}

/**
 * The chart's marker for a data point with open threads: a speech bubble next to the bar or point.
 * Hidden from screen readers, which get the same from the table's comment column.
 */
export function DataPointMarker({ point, x, y }: { point: DataPoint; x: number; y: number }) {
  const comments = useOptionalComments();
  const count = comments ? openThreadsOn(comments.state.threads, point).length : 0;
  if (!count) return null;
  return (
    <g transform={`translate(${x}, ${y})`} aria-hidden="true" data-comment-marker={`${point.regionCode}|${point.period}`}>
      <path d="M-7,-7 h14 a2,2 0 0 1 2,2 v8 a2,2 0 0 1 -2,2 h-8 l-4,4 v-4 h-2 a2,2 0 0 1 -2,-2 v-8 a2,2 0 0 1 2,-2 z" fill="#b45309" stroke="#7c2d12" strokeWidth={1} />
      <text x={0} y={1} textAnchor="middle" dominantBaseline="middle" fontSize={9} fontWeight={700} fill="white">
        {count}
      </text>
    </g>
  );
}
