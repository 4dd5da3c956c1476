"use client";

import { useTranslations } from "next-intl";
import { setDriverIndicatorsAction } from "@/app/(workspace)/dialogues/[dialogueId]/drivers/[driverId]/actions";
import { ActionForm } from "@/components/ui/action-form";
import { SelectField, type Option } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

interface IndicatorLinkFormProps {
  dialogueId: string;
  driverId: string;
  part: "nulage" | "future";
  linked: { id: string; name: string }[];
  catalogue: Option[];
}

/** Link an indicator to nuläge or förväntad framtid, or unlink one; the whole list is sent each time. */
export function IndicatorLinkForm({ dialogueId, driverId, part, linked, catalogue }: IndicatorLinkFormProps) {
  const t = useTranslations("indicators");
  const linkedIds = new Set(linked.map((indicator) => indicator.id));
  const base = { dialogueId, driverId, part };
  const hidden = (ids: string[]) => (
    <>
      {Object.entries(base).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {ids.map((id) => (
        <input key={id} type="hidden" name="indicatorIds" value={id} />
      ))}
    </>
  );
  return (
    <div className="mt-3 rounded border border-gray-300 bg-gray-50 p-3">
      {linked.length ? (
        <ul className="mb-3 flex flex-wrap gap-2">
          {linked.map((indicator) => (
            <li key={indicator.id}>
              <ActionForm action={setDriverIndicatorsAction} successMessage={t("updated")}>
                {hidden(linked.filter((other) => other.id !== indicator.id).map((other) => other.id))}
                <SubmitButton variant="quiet" ariaLabel={t("remove", { name: indicator.name })}>
                  <span aria-hidden="true">✕ {indicator.name}</span>
                </SubmitButton>
              </ActionForm>
            </li>
          ))}
        </ul>
      ) : null}
      <ActionForm action={setDriverIndicatorsAction} successMessage={t("updated")} className="flex flex-wrap items-end gap-3">
        {hidden(linked.map((indicator) => indicator.id))}
        <div className="min-w-64 flex-1">
          <SelectField
            name="indicatorIds"
            label={t("add")}
            options={catalogue.filter((option) => !linkedIds.has(option.value))}
            emptyLabel={t("choose")}
          />
        </div>
        <div className="mb-4">
          <SubmitButton variant="secondary">{t("addSubmit")}</SubmitButton>
        </div>
      </ActionForm>
    </div>
  );
}
