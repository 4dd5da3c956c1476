"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { FieldErrorsProvider } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button-class";
import { SelectField, TextField, type Option } from "@/components/ui/field";
import { setGoalTarget, type GoalTarget } from "@/lib/collab/driver-doc";
import { goalTargetSchema, type GoalTargetInput } from "@/lib/model/driver-content";
import { fieldErrorsFrom, type FieldErrors } from "@/lib/validation";
import type { DriverSession } from "./driver-session";

export interface GoalOptions {
  indicators: Option[];
  regions: Option[];
  directions: Option[];
}

function labelOf(options: Option[], value: string | null): string {
  return options.find((option) => option.value === value)?.label ?? value ?? "";
}

/** "Mål: Öka … till 12,5 år 2030 (Uppsala (03))", in the reader's language and number format. */
export function TargetSummary({ target, options }: { target: GoalTarget | null; options: GoalOptions }) {
  const t = useTranslations("statements");
  const format = useFormatter();
  if (!target) return null;
  const summary = t("targetSummary", {
    direction: labelOf(options.directions, target.direction),
    indicator: labelOf(options.indicators, target.indicatorId),
    value: format.number(target.value),
    year: target.year,
  });
  const region = target.regionCode ? ` ${t("targetRegionSummary", { region: labelOf(options.regions, target.regionCode) })}` : "";
  return <p className="text-sm text-brand-800">{`${summary}${region}`}</p>;
}

/** A number as a person of the locale types it (Swedish decimal comma). */
function typedNumber(value: number, locale: string): string {
  return locale === "sv" ? String(value).replace(".", ",") : String(value);
}

/** The checked form input as the document's target, or null for "no target". */
function targetFrom(input: GoalTargetInput): GoalTarget | null {
  if (!input.targetIndicatorId) return null;
  return {
    indicatorId: input.targetIndicatorId,
    regionCode: input.targetRegionCode ?? null,
    value: input.targetValue!,
    year: input.targetYear!,
    direction: input.targetDirection!,
  };
}

/** Checks the form as the old server action did, plus the indicator against the catalogue. */
function checkTarget(form: HTMLFormElement, options: GoalOptions): { errors: FieldErrors } | { target: GoalTarget | null } {
  const parsed = goalTargetSchema.safeParse(Object.fromEntries(new FormData(form)), { reportInput: true });
  if (!parsed.success) return { errors: fieldErrorsFrom(parsed.error) };
  const indicatorId = parsed.data.targetIndicatorId;
  if (indicatorId && !options.indicators.some((option) => option.value === indicatorId)) {
    return { errors: { targetIndicatorId: { key: "invalidChoice" } } };
  }
  return { target: targetFrom(parsed.data) };
}

interface GoalTargetFormProps {
  session: DriverSession;
  goalId: string;
  number: number;
  target: GoalTarget | null;
  options: GoalOptions;
}

/**
 * A goal's measurable target. All or nothing, so it is written to the live document only as a
 * whole and only when valid: errors show at the fields (first one focused, count announced).
 * Until the person starts typing, the fields follow the document (someone else's change).
 */
export function GoalTargetForm({ session, goalId, number, target, options }: GoalTargetFormProps) {
  const t = useTranslations("statements");
  const tForms = useTranslations("forms");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState("");
  const [version, setVersion] = useState(0);
  const [isOpen, setIsOpen] = useState(target !== null);
  const locale = useLocale();
  const isDirty = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  const targetKey = JSON.stringify(target);

  /** The target the fields were last filled from. */
  const shownTarget = useRef(targetKey);
  const summary = useRef<HTMLElement>(null);

  /** Fills the fields from the document's target again. */
  function followDocument() {
    shownTarget.current = targetKey;
    setVersion((current) => current + 1);
  }

  useEffect(() => {
    if (targetKey === shownTarget.current) return;
    // Not while the person is typing, and not under their focus (re-created fields would drop
    // it): then the fields follow when focus leaves the form.
    if (isDirty.current || form.current?.contains(document.activeElement)) return;
    followDocument();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a changed target matters
  }, [targetKey]);

  function write(next: GoalTarget | null, message: string) {
    setGoalTarget(session.doc, goalId, next);
    isDirty.current = false;
    setErrors({});
    setOutcome(message);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkTarget(event.currentTarget, options);
    if ("errors" in checked) {
      setErrors(checked.errors);
      setOutcome("");
      setIsOpen(true);
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    write(checked.target, checked.target ? t("targetSaved", { number }) : t("targetCleared", { number }));
  }

  function clear() {
    // The button goes away with the target: focus moves to the disclosure first.
    summary.current?.focus();
    write(null, t("targetCleared", { number }));
  }

  const errorCount = Object.keys(errors).length;
  return (
    <>
      <TargetSummary target={target} options={options} />
      <details className="mt-2 rounded border border-gray-300 p-3" open={isOpen} onToggle={(event) => setIsOpen(event.currentTarget.open)}>
        <summary ref={summary} className="cursor-pointer font-semibold text-brand-800">{t("targetFor", { number })}</summary>
        <div className="mt-2">
          <p className="mb-2 text-sm text-muted">{t("targetHint")}</p>
          <FieldErrorsProvider errors={errors}>
            <form
              key={version}
              ref={form}
              noValidate
              onSubmit={submit}
              onInput={() => {
                isDirty.current = true;
              }}
              onBlur={(event) => {
                const isLeaving = !event.currentTarget.contains(event.relatedTarget as Node | null);
                if (isLeaving && !isDirty.current && shownTarget.current !== targetKey) followDocument();
              }}
              aria-label={t("targetFor", { number })}
            >
              <SelectField name="targetIndicatorId" label={t("targetIndicator")} options={options.indicators} defaultValue={target?.indicatorId} emptyLabel={tForms("noneSelected")} />
              <div className="grid gap-x-4 sm:grid-cols-2">
                <SelectField name="targetRegionCode" label={t("targetRegion")} options={options.regions} defaultValue={target?.regionCode} emptyLabel={tForms("noneSelected")} />
                <SelectField name="targetDirection" label={t("targetDirection")} options={options.directions} defaultValue={target?.direction} emptyLabel={tForms("noneSelected")} />
                <TextField name="targetValue" type="number" label={t("targetValue")} defaultValue={target ? typedNumber(target.value, locale) : ""} />
                <TextField name="targetYear" type="number" inputMode="numeric" label={t("targetYear")} defaultValue={target?.year} />
              </div>
              <div className="flex flex-wrap gap-2">
                <button type="submit" className={buttonClass("primary")}>
                  {t("targetSave")}
                </button>
                {target ? (
                  <button type="button" onClick={clear} className={buttonClass("secondary")}>
                    {t("targetClear")}
                  </button>
                ) : null}
              </div>
            </form>
          </FieldErrorsProvider>
          {/* Outside the form, which is re-created when it follows the document: live regions must persist. */}
          <p role="alert" className={errorCount ? "mt-2 text-sm font-semibold text-danger" : "sr-only"}>
            {errorCount ? tForms("hasErrors", { count: errorCount }) : ""}
          </p>
          <p role="status" className={outcome ? "mt-2 text-sm text-success" : "sr-only"}>
            {outcome}
          </p>
        </div>
      </details>
    </>
  );
}
