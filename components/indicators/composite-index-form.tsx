"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import {
  createCompositeIndexAction,
  updateCompositeIndexAction,
} from "@/app/(workspace)/dialogues/[dialogueId]/indicators/compare/actions";
import { ActionForm, useFieldError } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button-class";
import { ChoiceGroup, TextField, type Option } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { aspectFieldName, COMPOSITE_INDEX_LIMITS, type CompositeIndexAspect } from "@/lib/model/composite-index";
import { useAnnounce } from "./index-announcer";

/** What the form edits of a saved index. */
export interface SavedIndexDefinition {
  id: string;
  name: string;
  aspects: CompositeIndexAspect[];
}

interface CompositeIndexFormProps {
  dialogueId: string;
  /** The indicators that can be chosen, labelled in the reader's language. */
  options: Option[];
  /** The index being changed; omit to build a new one. */
  index?: SavedIndexDefinition;
  /** The level of the "Aspects" heading: one below the heading the form sits under. */
  aspectsHeadingLevel: 4 | 5;
  onSaved: (saved: { id: string; name: string }) => void;
  onCancel?: () => void;
}

interface AspectSlot {
  key: number;
  initial: CompositeIndexAspect;
}

const EMPTY_ASPECT: CompositeIndexAspect = { name: "", indicatorIds: [] };

/**
 * Name an index, name its aspects and tick each aspect's indicators. Aspects are added and removed
 * in place (1–5); focus goes to the new aspect's name, or to the aspect that took a removed one's
 * place. Errors come back per field (`aspects.<n>.name`, `aspects.<n>.indicatorIds`).
 */
export function CompositeIndexForm({ dialogueId, options, index, aspectsHeadingLevel, onSaved, onCancel }: CompositeIndexFormProps) {
  const AspectsHeading = aspectsHeadingLevel === 4 ? "h4" : "h5";
  const t = useTranslations("compositeIndex.form");
  const tManage = useTranslations("compositeIndex.manage");
  const tForms = useTranslations("forms");
  const announce = useAnnounce();
  const nextKey = useRef(0);
  const slot = (initial: CompositeIndexAspect): AspectSlot => ({ key: nextKey.current++, initial });
  const [aspects, setAspects] = useState<AspectSlot[]>(() => (index?.aspects.length ? index.aspects : [EMPTY_ASPECT]).map(slot));
  const [focusAspect, setFocusAspect] = useState<number | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const aspectsHintId = useId();

  useEffect(() => {
    if (focusAspect === null) return;
    container.current?.querySelector<HTMLInputElement>(`input[name="${aspectFieldName(focusAspect, "name")}"]`)?.focus();
    setFocusAspect(null);
  }, [focusAspect]);

  function addAspect() {
    const position = aspects.length;
    setAspects([...aspects, slot(EMPTY_ASPECT)]);
    setFocusAspect(position);
    announce({ message: t("aspectAdded", { number: position + 1 }) });
  }

  function removeAspect(position: number) {
    setAspects(aspects.filter((_, other) => other !== position));
    setFocusAspect(Math.min(position, aspects.length - 2));
    announce({ message: t("aspectRemoved", { number: position + 1 }) });
  }

  return (
    <div ref={container}>
      <ActionForm
        action={index ? updateCompositeIndexAction : createCompositeIndexAction}
        label={index ? undefined : t("newTitle")}
        onSuccess={(saved) => onSaved(saved)}
      >
        <input type="hidden" name="dialogueId" value={dialogueId} />
        {index ? <input type="hidden" name="indexId" value={index.id} /> : null}
        <p className="mb-4 text-sm text-muted">{tForms("requiredNote")}</p>
        <TextField name="name" label={t("name")} hint={t("nameHint")} defaultValue={index?.name} required maxLength={COMPOSITE_INDEX_LIMITS.nameLength} />
        <AspectsHeading className="mb-1 text-lg font-semibold">{t("aspects")}</AspectsHeading>
        <p id={aspectsHintId} className="mb-2 text-sm text-muted">
          {t("aspectsHint")}
        </p>
        <AspectsError />
        {aspects.map((aspect, position) => (
          <fieldset key={aspect.key} className="mb-4 rounded border border-gray-300 bg-white p-4" aria-describedby={aspectsHintId}>
            <legend className="px-1 font-semibold">{t("aspect", { number: position + 1 })}</legend>
            <TextField
              name={aspectFieldName(position, "name")}
              label={t("aspectName", { number: position + 1 })}
              defaultValue={aspect.initial.name}
              required
              maxLength={COMPOSITE_INDEX_LIMITS.aspectNameLength}
            />
            <ChoiceGroup
              name={aspectFieldName(position, "indicatorIds")}
              legend={t("aspectIndicators", { number: position + 1 })}
              options={options}
              defaultValues={aspect.initial.indicatorIds}
              required
            />
            {aspects.length > 1 ? (
              <button type="button" onClick={() => removeAspect(position)} className={buttonClass("quiet")}>
                {t("removeAspect", { number: position + 1 })}
              </button>
            ) : null}
          </fieldset>
        ))}
        <div className="mb-4">
          {aspects.length < COMPOSITE_INDEX_LIMITS.aspects ? (
            <button type="button" onClick={addAspect} className={buttonClass("secondary")}>
              {t("addAspect")}
            </button>
          ) : (
            <p className="text-sm">{t("maxAspects", { max: COMPOSITE_INDEX_LIMITS.aspects })}</p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          <SubmitButton>{index ? t("saveChanges") : t("save")}</SubmitButton>
          {onCancel ? (
            <button type="button" onClick={onCancel} className={buttonClass("secondary")}>
              {tManage("cancel")}
            </button>
          ) : null}
        </div>
      </ActionForm>
    </div>
  );
}

/** Errors about the list of aspects as a whole (none, or more than five), which no single field shows. */
function AspectsError() {
  const error = useFieldError("aspects");
  const t = useTranslations("validation");
  if (!error) return null;
  return <p className="mb-2 text-sm font-semibold text-danger">{t(error.key, error.params ?? {})}</p>;
}
