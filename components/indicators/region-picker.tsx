import Form from "next/form";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/ui/button-class";
import { regionOptions } from "@/components/forms/options";

/**
 * Which region the panels draw as a series and rank in their summaries: a plain GET form, so it
 * works with the keyboard and without JavaScript; with it, next/form navigates without a reload.
 */
export async function RegionPicker({ action, selected, anchor }: { action: string; selected: string; anchor: string }) {
  const t = await getTranslations("panels");
  const options = await regionOptions({ includeNational: true });
  const id = `${anchor}-region`;
  return (
    <Form action={action} className="flex flex-wrap items-end gap-3" aria-label={t("regionLegend")}>
      <div>
        <label htmlFor={id} className="mb-1 block font-semibold">
          {t("regionSelect")}
        </label>
        <select id={id} name="region" defaultValue={selected} className="rounded border border-gray-500 bg-white px-3 py-2">
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClass("secondary")}>
        {t("regionSubmit")}
      </button>
    </Form>
  );
}
