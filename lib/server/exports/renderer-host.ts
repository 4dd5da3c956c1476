/**
 * How Next's route code reaches the DOCX and PDF renderers of this process.
 *
 * Next compiles route handlers under the react-server condition (its "rsc" layer), and under it
 * react-dom/server, which both renderers need to turn React into HTML and SVG, refuses to load
 * ("react-dom/server is not supported in React Server Components"). Each route bundle would also
 * get its own module copy, and so its own browser. So the custom server (scripts/server.ts), whose
 * modules load natively, registers the renderers here on globalThis, as it does the collaboration
 * host, and routes call them through `exportRenderers()`. Only plain data crosses: the export
 * document in, the file's bytes out. This file imports no renderer, so a route may import it.
 */
import type { GoalSetExport } from "@/lib/model/goal-set-export";

export interface ExportRenderers {
  renderDocx(goalSet: GoalSetExport): Promise<Uint8Array>;
  renderPdf(goalSet: GoalSetExport): Promise<Uint8Array>;
  /** Closes what the renderers hold (the PDF browser): the server's shutdown. */
  close(): Promise<void>;
}

const HOST_KEY = Symbol.for("samsyn.export-renderers");
type GlobalWithRenderers = typeof globalThis & { [HOST_KEY]?: ExportRenderers };

export function registerExportRenderers(renderers: ExportRenderers | undefined): void {
  (globalThis as GlobalWithRenderers)[HOST_KEY] = renderers;
}

/** The renderers the custom server registered; undefined where none did (plain `next start`). */
export function exportRenderers(): ExportRenderers | undefined {
  return (globalThis as GlobalWithRenderers)[HOST_KEY];
}
