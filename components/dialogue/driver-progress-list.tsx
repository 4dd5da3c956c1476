import { getTranslations } from "next-intl/server";
import { DRIVER_PARTS } from "@/lib/model/enums";
import type { DriverProgress } from "@/lib/model/driver-progress";

/** The four parts with filled/empty marks; the marks are spelled out for screen readers. */
export async function DriverProgressList({ progress }: { progress: DriverProgress }) {
  const t = await getTranslations("dialogues.overview");
  const tParts = await getTranslations("parts");
  return (
    <div className="mt-2">
      <p className="text-sm font-semibold">{t("progress", { filled: progress.filled })}</p>
      <ul className="mt-1 flex flex-wrap gap-2">
        {DRIVER_PARTS.map((part) => {
          const title = tParts(`${part}.title`);
          return (
            <li
              key={part}
              className={`rounded-full border px-2 py-0.5 text-sm ${progress[part] ? "border-success bg-green-50 text-success" : "border-gray-400 text-muted"}`}
            >
              <span aria-hidden="true">{progress[part] ? "✓ " : "○ "}</span>
              <span className="sr-only">{progress[part] ? t("partFilled", { part: title }) : t("partEmpty", { part: title })}</span>
              <span aria-hidden="true">{title}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
