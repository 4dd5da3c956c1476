/**
 * One export request from start to file: build the goal-set document (with its authorization
 * check), then render it in the chosen format. DOCX and PDF load their libraries (and a browser)
 * only when asked for, so the app does not carry them until someone exports.
 */
import "server-only";
import { exportFileName, exportRequestSchema, type ExportFormat, type GoalSetExport } from "@/lib/model/goal-set-export";
import { renderGoalSetCsv } from "@/lib/export/csv";
import { renderGoalSetMarkdown } from "@/lib/export/markdown";
import { parseInput } from "@/lib/validation";
import type { Actor } from "../access";
import { buildGoalSetExport } from "../services/goal-set-export";

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer> | string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: "application/json; charset=utf-8",
  markdown: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};

export async function renderGoalSet(goalSet: GoalSetExport, format: ExportFormat): Promise<Uint8Array<ArrayBuffer> | string> {
  switch (format) {
    case "json":
      return `${JSON.stringify(goalSet, null, 2)}\n`;
    case "markdown":
      return renderGoalSetMarkdown(goalSet);
    case "csv":
      return renderGoalSetCsv(goalSet);
    case "docx":
    case "pdf":
      // react-dom/server cannot load under the react-server condition Next's routes run in, so
      // DOCX and PDF render in a worker thread of their own (lib/server/exports/worker-renderer.ts).
      return (await import("./worker-renderer")).renderInWorker(goalSet, format) as Promise<Uint8Array<ArrayBuffer>>;
  }
}

/** The file for an export request (the export form's fields); `now` names the file's date. */
export async function exportGoalSetFile(actor: Actor, dialogueId: string, raw: unknown, now: Date = new Date()): Promise<ExportFile> {
  // Built first: it checks access before it reads the request, so outsiders learn nothing from errors.
  const goalSet = await buildGoalSetExport(actor, dialogueId, raw, now);
  const { format } = parseInput(exportRequestSchema, raw);
  return {
    fileName: exportFileName(goalSet, format, now.toISOString().slice(0, 10)),
    contentType: CONTENT_TYPES[format],
    body: await renderGoalSet(goalSet, format),
  };
}
