/**
 * The worker thread that renders DOCX and PDF files (started by worker-renderer.ts). It loads
 * modules under Node's default conditions, where react-dom/server works, whatever conditions the
 * process that started it runs under. Each renderer loads when first asked for; the PDF browser
 * lives here and closes with the worker.
 */
import { parentPort } from "node:worker_threads";
import type { RenderRequest, RenderResponse } from "./worker-renderer";

async function render(request: Extract<RenderRequest, { kind: "render" }>): Promise<Uint8Array> {
  if (request.format === "docx") return (await import("./docx")).renderGoalSetDocx(request.goalSet);
  return (await import("./pdf")).renderGoalSetPdf(request.goalSet);
}

/** The bytes in an ArrayBuffer of their own, so it can be handed over instead of copied. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const isWhole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return isWhole ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}

async function answer(request: RenderRequest): Promise<void> {
  if (request.kind === "close") {
    await (await import("./pdf")).closeExportBrowser().catch(() => undefined);
    parentPort!.close();
    return;
  }
  try {
    const bytes = ownBuffer(await render(request));
    const response: RenderResponse = { id: request.id, ok: true, bytes };
    parentPort!.postMessage(response, [bytes.buffer]);
  } catch (error) {
    const response: RenderResponse = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage(response);
  }
}

parentPort!.on("message", (request: RenderRequest) => void answer(request));
