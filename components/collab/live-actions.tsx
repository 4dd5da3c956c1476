"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import type { Option } from "@/components/ui/field";
import { ACTIONS, readActionAttributes, setItemAttribute, type ActionAttribute, type ActionAttributes } from "@/lib/collab/driver-doc";
import type { GapActionDto } from "@/lib/server/services/drivers";
import type { DriverSession } from "./driver-session";
import { LiveItemList, type ItemListLabels } from "./live-item-list";
import { StoredList } from "./stored-list";
import { useReadySession } from "./session-context";
import { useItems } from "./use-items";

export interface ActionOptions {
  horizons: Option[];
  levels: Option[];
  controls: Option[];
  organisations: Option[];
}

function labelOf(options: Option[], value: string): string {
  return options.find((option) => option.value === value)?.label ?? value;
}

/** Horizon · level · control, and who is responsible and who collaborates, in words. */
function ActionSummary({ attributes, options }: { attributes: ActionAttributes; options: ActionOptions }) {
  const t = useTranslations("gapActions");
  const names = (ids: string[]) => ids.map((id) => labelOf(options.organisations, id)).join(", ");
  return (
    <div className="text-sm">
      <p className="text-muted">
        {[labelOf(options.horizons, attributes.horizon), labelOf(options.levels, attributes.level), labelOf(options.controls, attributes.control)].join(" · ")}
      </p>
      {attributes.responsibleOrganisationIds.length ? <p>{t("responsibleList", { names: names(attributes.responsibleOrganisationIds) })}</p> : null}
      {attributes.collaboratingOrganisationIds.length ? <p>{t("collaboratingList", { names: names(attributes.collaboratingOrganisationIds) })}</p> : null}
    </div>
  );
}

function LiveSelect({ label, value, options, onChange }: { label: string; value: string; options: Option[]; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-semibold">
        {label}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} className="w-full rounded border border-gray-500 bg-white px-3 py-2 text-base">
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function OrganisationChoices({ legend, hint, options, checked, onToggle }: { legend: string; hint?: string; options: Option[]; checked: string[]; onToggle: (id: string, isChecked: boolean) => void }) {
  const hintId = useId();
  return (
    <fieldset className="mt-3" aria-describedby={hint ? hintId : undefined}>
      <legend className="mb-1 font-semibold">{legend}</legend>
      {hint ? (
        <p id={hintId} className="mb-1 text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-x-5 gap-y-1">
        {options.map((option) => (
          <label key={option.value} className="inline-flex items-center gap-2 py-1">
            <input
              type="checkbox"
              checked={checked.includes(option.value)}
              onChange={(event) => onToggle(option.value, event.target.checked)}
              className="h-5 w-5 accent-brand-700"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * An action's structured attributes, written to the live document as soon as they change. An
 * organisation is responsible or collaborating, never both: choosing one role drops the other.
 */
function ActionControls({ session, actionId, attributes, options }: { session: DriverSession; actionId: string; attributes: ActionAttributes; options: ActionOptions }) {
  const t = useTranslations("gapActions");
  const set = (key: ActionAttribute, value: unknown) => setItemAttribute(session.doc, ACTIONS, actionId, key, value);
  function toggle(role: "responsible" | "collaborating", organisationId: string, isChecked: boolean) {
    const own = role === "responsible" ? "responsibleOrganisationIds" : "collaboratingOrganisationIds";
    const other = role === "responsible" ? "collaboratingOrganisationIds" : "responsibleOrganisationIds";
    const ownIds = attributes[own].filter((id) => id !== organisationId);
    session.doc.transact(() => {
      set(own, isChecked ? [...ownIds, organisationId] : ownIds);
      if (isChecked && attributes[other].includes(organisationId)) set(other, attributes[other].filter((id) => id !== organisationId));
    });
  }
  return (
    <div>
      <div className="grid gap-x-4 gap-y-2 sm:grid-cols-3">
        <LiveSelect label={t("horizon")} value={attributes.horizon} options={options.horizons} onChange={(value) => set("horizon", value)} />
        <LiveSelect label={t("level")} value={attributes.level} options={options.levels} onChange={(value) => set("level", value)} />
        <LiveSelect label={t("control")} value={attributes.control} options={options.controls} onChange={(value) => set("control", value)} />
      </div>
      <OrganisationChoices
        legend={t("responsible")}
        hint={t("rolesHint")}
        options={options.organisations}
        checked={attributes.responsibleOrganisationIds}
        onToggle={(id, isChecked) => toggle("responsible", id, isChecked)}
      />
      <OrganisationChoices
        legend={t("collaborating")}
        options={options.organisations}
        checked={attributes.collaboratingOrganisationIds}
        onToggle={(id, isChecked) => toggle("collaborating", id, isChecked)}
      />
    </div>
  );
}

function useActionLabels(): ItemListLabels {
  const t = useTranslations("gapActions");
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

/** The actions that close the gap: live once the document has synced, the stored copy before. */
export function LiveActions({ storedActions, options }: { storedActions: GapActionDto[]; options: ActionOptions }) {
  const t = useTranslations("gapActions");
  const tEditor = useTranslations("editor");
  const labels = useActionLabels();
  const { session, isEditable } = useReadySession();
  const items = useItems(session?.doc ?? null, ACTIONS, readActionAttributes);
  const storedTexts = new Map(storedActions.map((action) => [action.id, action.text]));
  return (
    <div>
      <h3 className="mb-2 text-lg font-semibold">{t("title")}</h3>
      {session ? (
        <LiveItemList
          session={session}
          list={ACTIONS}
          kind="action"
          items={items}
          isEditable={isEditable}
          labels={labels}
          emptyText={t("none")}
          emptyItemText={tEditor("empty")}
          storedTexts={storedTexts}
          renderDetails={(item) =>
            isEditable ? (
              <ActionControls session={session} actionId={item.id} attributes={item.value} options={options} />
            ) : (
              <ActionSummary attributes={item.value} options={options} />
            )
          }
        />
      ) : (
        <StoredList
          items={storedActions.map((action) => ({ id: action.id, text: action.text, details: <ActionSummary attributes={action} options={options} /> }))}
          itemLabel={labels.item}
          emptyText={t("none")}
        />
      )}
    </div>
  );
}
