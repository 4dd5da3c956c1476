"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { FieldErrorsProvider } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button-class";
import { FieldShell, SelectField, type Option } from "@/components/ui/field";
import type { ErrorCode } from "@/lib/errors";
import type { GoalSetIssue } from "@/lib/model/goal-set-import";
import type { GoalSetImportResult } from "@/lib/server/services/goal-set-import";
import type { FieldErrors } from "@/lib/validation";

type State =
  | { kind: "idle" }
  | { kind: "working" }
  | { kind: "fields"; errors: FieldErrors }
  | { kind: "issues"; issues: GoalSetIssue[]; issueCount: number; fileName: string }
  | { kind: "failed"; code: ErrorCode | "network" };

/** What the dialogue page says was left out (query parameters, so a reload still says it). */
export function importedSearch(result: Extract<GoalSetImportResult, { ok: true }>): string {
  const search = new URLSearchParams({
    imported: "1",
    threads: String(result.skippedThreads),
    comments: String(result.skippedComments),
    stances: String(result.skippedStances),
    summaries: String(result.skippedWorkshopSummaries),
    targets: String(result.skippedTargets),
    indicators: result.skippedIndicatorIds.slice(0, 20).join(","),
  });
  return search.toString();
}

/**
 * Choose a goal-set JSON file and the organisation one speaks for, then import. A file with
 * problems comes back with every problem (JSON path and what is wrong) in an error summary that
 * takes focus; a clean file becomes a new dialogue, which the browser then opens.
 */
export function ImportGoalSetForm({ organisations }: { organisations: Option[] }) {
  const t = useTranslations("goalSetImport");
  const tIssues = useTranslations("goalSetImport.issues");
  const tErrors = useTranslations("errors");
  const router = useRouter();
  const fileFieldName = "file";
  const summaryId = useId();
  const summary = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>({ kind: "idle" });

  // The outcome takes focus once it is on screen, so a screen reader reads it first.
  useEffect(() => {
    if (state.kind === "issues" || state.kind === "failed") summary.current?.focus();
    if (state.kind === "fields") document.querySelector<HTMLElement>('form[data-goal-set-import] [aria-invalid="true"]')?.focus();
  }, [state]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.kind === "working") return;
    const form = new FormData(event.currentTarget);
    const file = form.get(fileFieldName);
    setState({ kind: "working" });
    let response: Response;
    try {
      response = await fetch("/api/dialogues/import", { method: "POST", body: form });
    } catch {
      return setState({ kind: "failed", code: "network" });
    }
    const json = (await response.json().catch(() => ({ code: "unavailable" }))) as GoalSetImportResult | { code: ErrorCode; fieldErrors?: FieldErrors };
    if ("code" in json) {
      return setState(json.fieldErrors ? { kind: "fields", errors: json.fieldErrors } : { kind: "failed", code: json.code });
    }
    if (!json.ok) {
      return setState({ kind: "issues", issues: json.issues, issueCount: json.issueCount, fileName: file instanceof File ? file.name : "" });
    }
    router.push(`/dialogues/${json.dialogueId}?${importedSearch(json)}`);
  }

  const issue = (entry: GoalSetIssue) => tIssues(entry.code, { ...entry.params });
  const fieldErrors = state.kind === "fields" ? state.errors : {};

  return (
    <section aria-labelledby={`${summaryId}-form`} className="mt-6 max-w-3xl rounded bg-white p-4 shadow-sm">
      <h2 id={`${summaryId}-form`} className="mb-3 text-xl font-semibold">
        {t("formTitle")}
      </h2>
      <FieldErrorsProvider errors={fieldErrors}>
        <form onSubmit={submit} noValidate data-goal-set-import="">
          <FieldShell name={fileFieldName} label={t("fileLabel")} hint={t("fileHint")} required>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name={fileFieldName}
                type="file"
                accept=".json,application/json"
                aria-describedby={describedBy}
                aria-invalid={invalid}
                aria-required
                onChange={() => setState({ kind: "idle" })}
                className="block"
              />
            )}
          </FieldShell>
          <SelectField name="organisationId" label={t("organisationLabel")} hint={t("organisationHint")} options={organisations} emptyLabel={t("organisationEmpty")} required />
          <button type="submit" className={buttonClass("primary")} aria-disabled={state.kind === "working"}>
            {t("submit")}
          </button>
          <p role="status" className="mt-3">
            {state.kind === "working" ? t("working") : ""}
          </p>
        </form>
      </FieldErrorsProvider>
      {state.kind === "failed" ? (
        <div ref={summary} tabIndex={-1} role="alert" className="mt-3 font-semibold text-danger">
          {state.code === "network" ? t("failed") : tErrors(state.code)}
        </div>
      ) : null}
      {state.kind === "issues" ? (
        <div ref={summary} tabIndex={-1} aria-labelledby={`${summaryId}-issues`} role="region" className="mt-4 rounded border-2 border-danger p-4" data-testid="goal-set-issues">
          <h3 id={`${summaryId}-issues`} className="text-lg font-semibold text-danger">
            {t("issuesTitle", { count: state.issueCount })}
          </h3>
          {state.issueCount > state.issues.length ? <p>{t("issuesShown", { shown: state.issues.length, count: state.issueCount })}</p> : null}
          <p className="text-sm text-muted">{t("issuesHint")}</p>
          <div className="overflow-x-auto">
            <table className="mt-2 w-full border-collapse text-sm">
              <caption className="sr-only">{t("issuesCaption", { file: state.fileName })}</caption>
              <thead>
                <tr className="bg-brand-50 text-left">
                  <th scope="col" className="border border-gray-300 p-2">
                    {t("path")}
                  </th>
                  <th scope="col" className="border border-gray-300 p-2">
                    {t("problem")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.issues.map((entry, index) => (
                  <tr key={index}>
                    <td className="border border-gray-300 p-2 font-mono break-all">{entry.path || t("wholeFile")}</td>
                    <td className="border border-gray-300 p-2">{issue(entry)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
