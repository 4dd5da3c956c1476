import { DRIVER_PARTS, type DriverPart } from "@/lib/model/enums";
import type { DriverProgress } from "@/lib/model/driver-progress";

export interface ProgressLabels {
  summary: (filled: number) => string;
  parts: Record<DriverPart, { title: string; filled: string; empty: string }>;
}

/**
 * The four parts with filled/empty marks; the marks are spelled out for screen readers. Labels
 * come translated from the page, once for all drivers.
 */
export function DriverProgressList({ progress, labels }: { progress: DriverProgress; labels: ProgressLabels }) {
  return (
    <div className="mt-2">
      <p className="text-sm font-semibold">{labels.summary(progress.filled)}</p>
      <ul className="mt-1 flex flex-wrap gap-2">
        {DRIVER_PARTS.map((part) => {
          const { title, filled, empty } = labels.parts[part];
          return (
            <li
              key={part}
              className={`rounded-full border px-2 py-0.5 text-sm ${progress[part] ? "border-success bg-green-50 text-success" : "border-gray-400 text-muted"}`}
            >
              <span aria-hidden="true">{progress[part] ? "✓ " : "○ "}</span>
              <span className="sr-only">{progress[part] ? filled : empty}</span>
              <span aria-hidden="true">{title}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
