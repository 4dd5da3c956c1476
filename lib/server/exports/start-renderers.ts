/**
 * Registers this process's DOCX and PDF renderers for Next's routes (see renderer-host.ts). Call it
 * from the custom server, outside Next's bundle; nothing loads until the first export asks.
 */
import type { GoalSetExport } from "@/lib/model/goal-set-export";
import { registerExportRenderers, type ExportRenderers } from "./renderer-host";

export function startExportRenderers(): ExportRenderers {
  const renderers: ExportRenderers = {
    renderDocx: async (goalSet: GoalSetExport) => (await import("./docx")).renderGoalSetDocx(goalSet),
    renderPdf: async (goalSet: GoalSetExport) => (await import("./pdf")).renderGoalSetPdf(goalSet),
    close: async () => {
      await (await import("./pdf")).closeExportBrowser();
    },
  };
  registerExportRenderers(renderers);
  return renderers;
}
