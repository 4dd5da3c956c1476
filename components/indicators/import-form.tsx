"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { buttonClass } from "@/components/ui/button-class";
import type { ErrorCode } from "@/lib/errors";
import type { ImportReport, ImportRowChange } from "@/lib/server/services/indicator-import";

/** At most this many errors are listed; the heading always gives the full count. */
const SHOWN_ERRORS = 500;

type State =
  | { kind: "idle" }
  | { kind: "working" }
  | { kind: "report"; report: ImportReport; file: File }
  | { kind: "committed"; report: ImportReport }
  | { kind: "failed"; code: ErrorCode | "network" | "noFile" };

/**
 * Choose a file, preview it (every error with row, column and reason, or what is new and what
 * changes, old → new), then import exactly the previewed file. The server checks everything again
 * at commit; this form only shows what it says.
 */
export function ImportForm({ dialogueId }: { dialogueId: string }) {
  const t = useTranslations("importPage");
  const tErrors = useTranslations("errors");
  const tPanels = useTranslations("panels");
  const router = useRouter();
  const format = useFormatter();
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const [state, setState] = useState<State>({ kind: "idle" });

  async function send(file: File, mode: "preview" | "commit", expectedHash?: string): Promise<ImportReport | { code: ErrorCode | "network" }> {
    const body = new FormData();
    body.set("file", file);
    body.set("mode", mode);
    if (expectedHash) body.set("expectedHash", expectedHash);
    try {
      const response = await fetch(`/api/dialogues/${dialogueId}/indicators/import`, { method: "POST", body });
      const json = (await response.json()) as ImportReport | { code: ErrorCode };
      return response.ok ? json : { code: (json as { code: ErrorCode }).code ?? "unavailable" };
    } catch {
      return { code: "network" };
    }
  }

  function show(next: State) {
    setState(next);
  }

  // The outcome's heading takes focus once it is on screen, so a screen reader reads it first.
  useEffect(() => {
    if (state.kind !== "idle" && state.kind !== "working") resultHeading.current?.focus();
  }, [state]);

  async function preview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return show({ kind: "failed", code: "noFile" });
    setState({ kind: "working" });
    const result = await send(file, "preview");
    show("code" in result ? { kind: "failed", code: result.code } : { kind: "report", report: result, file });
  }

  async function commit(report: ImportReport, file: File) {
    setState({ kind: "working" });
    const result = await send(file, "commit", report.fileHash);
    if ("code" in result) return show({ kind: "failed", code: result.code });
    if (result.issues.length > 0) return show({ kind: "report", report: result, file });
    show({ kind: "committed", report: result });
    router.refresh();
  }

  const value = (number: number | null) => (number === null ? tPanels("missing") : format.number(number, { maximumFractionDigits: 4 }));

  return (
    <section aria-labelledby={`${fileId}-heading`} className="mt-6 max-w-4xl rounded bg-white p-4 shadow-sm">
      <h2 id={`${fileId}-heading`} className="sr-only">
        {t("title")}
      </h2>
      <form onSubmit={preview} className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={fileId} className="mb-1 block font-semibold">
            {t("fileLabel")}
          </label>
          <p id={`${fileId}-hint`} className="mb-1 text-sm text-muted">
            {t("fileHint")}
          </p>
          <input
            ref={input}
            id={fileId}
            name="file"
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`${fileId}-hint`}
            onChange={() => setState({ kind: "idle" })}
            className="block"
          />
        </div>
        <button type="submit" className={buttonClass("secondary")} aria-disabled={state.kind === "working"}>
          {t("preview")}
        </button>
      </form>
      <div role="status" className="mt-3">
        {state.kind === "working" ? <p>{t("working")}</p> : null}
      </div>
      {state.kind === "failed" ? (
        <h3 ref={resultHeading} tabIndex={-1} role="alert" className="mt-3 font-semibold text-danger">
          {state.code === "noFile" ? t("chooseFile") : state.code === "network" ? t("failed") : tErrors(state.code)}
        </h3>
      ) : null}
      {state.kind === "committed" ? (
        <h3 ref={resultHeading} tabIndex={-1} className="mt-3 font-semibold text-success" data-testid="import-committed">
          {state.report.releaseId === null ? t("committedNothing") : t("committed", { id: state.report.releaseId, new: state.report.newCount, changed: state.report.changedCount })}
        </h3>
      ) : null}
      {state.kind === "report" && state.report.issues.length > 0 ? (
        <div className="mt-3">
          <h3 ref={resultHeading} tabIndex={-1} className="font-semibold text-danger">
            {t("errorsTitle", { count: state.report.issues.length })}
          </h3>
          {state.report.issues.length > SHOWN_ERRORS ? <p>{t("errorsShown", { shown: SHOWN_ERRORS, count: state.report.issues.length })}</p> : null}
          <div className="overflow-x-auto">
            <table className="mt-2 w-full border-collapse text-sm" data-testid="import-errors">
              <thead>
                <tr className="bg-brand-50 text-left">
                  <th scope="col" className="border border-gray-300 p-2">{t("row")}</th>
                  <th scope="col" className="border border-gray-300 p-2">{t("column")}</th>
                  <th scope="col" className="border border-gray-300 p-2">{t("reason")}</th>
                </tr>
              </thead>
              <tbody>
                {state.report.issues.slice(0, SHOWN_ERRORS).map((issue, index) => (
                  <tr key={index}>
                    <td className="border border-gray-300 p-2 tabular-nums">{issue.row ?? t("wholeFile")}</td>
                    <td className="border border-gray-300 p-2 font-mono">{issue.column ?? t("wholeRow")}</td>
                    <td className="border border-gray-300 p-2">{t(`errors.${issue.code}`, issue.params ?? {})}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      {state.kind === "report" && state.report.issues.length === 0 ? (
        <div className="mt-3">
          <h3 ref={resultHeading} tabIndex={-1} className="font-semibold">
            {t("previewTitle", { file: state.report.fileName })}
          </h3>
          <p data-testid="import-counts">
            {t("counts", {
              rows: state.report.rowCount,
              new: state.report.newCount,
              changed: state.report.changedCount,
              unchanged: state.report.unchangedCount,
              defined: state.report.definedCount,
            })}
          </p>
          <ChangeTable title={t("changesTitle")} rows={state.report.changes} value={value} />
          <ChangeTable title={t("additionsTitle")} rows={state.report.additions} value={value} isAddition />
          {state.report.newCount + state.report.changedCount + state.report.definedCount === 0 ? (
            <p className="mt-2">{t("nothingToChange")}</p>
          ) : (
            <button type="button" className={`${buttonClass("primary")} mt-3`} onClick={() => void commit(state.report, state.file)}>
              {t("commit")}
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}

function ChangeTable({ title, rows, value, isAddition }: { title: string; rows: ImportRowChange[]; value: (number: number | null) => string; isAddition?: boolean }) {
  const t = useTranslations("importPage");
  const tIndicators = useTranslations("indicators");
  if (rows.length === 0) return null;
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="mb-1 text-left font-semibold">{title}</caption>
        <thead>
          <tr className="bg-brand-50 text-left">
            <th scope="col" className="border border-gray-300 p-2">{t("indicator")}</th>
            <th scope="col" className="border border-gray-300 p-2">{tIndicators("region")}</th>
            <th scope="col" className="border border-gray-300 p-2">{tIndicators("period")}</th>
            <th scope="col" className="border border-gray-300 p-2 text-right">{t("oldValue")}</th>
            <th scope="col" className="border border-gray-300 p-2 text-right">{t("newValue")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td className="border border-gray-300 p-2 font-mono">{row.indicatorId}</td>
              <td className="border border-gray-300 p-2">{row.region}</td>
              <td className="border border-gray-300 p-2">{row.period ?? "–"}</td>
              <td className="border border-gray-300 p-2 text-right tabular-nums">{isAddition ? "–" : value(row.oldValue)}</td>
              <td className="border border-gray-300 p-2 text-right tabular-nums">
                {value(row.newValue)} {row.unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
