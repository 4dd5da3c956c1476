/**
 * DOCX and PDF exports from a process under the react-server condition, as Next's routes and the
 * benches run (tests/integration/export-worker.test.ts):
 *
 *   node --conditions=react-server --import tsx tests/support/render-worker-child.ts
 *
 * Prints one JSON line: whether react-dom/server loads here (it must not), and what came back.
 */
import { closeRenderWorker, renderInWorker } from "@/lib/server/exports/worker-renderer";
import { goalSetFixture } from "@/tests/support/goal-set-fixture";

const reactDomServer = await import("react-dom/server").then(
  () => "loads",
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
);
const [docx, pdf] = await Promise.all([renderInWorker(goalSetFixture(), "docx"), renderInWorker(goalSetFixture({ language: "en" }), "pdf")]);
await closeRenderWorker();
const ascii = (bytes: Uint8Array, length: number) => new TextDecoder().decode(bytes.subarray(0, length));
process.stdout.write(`${JSON.stringify({ reactDomServer, docx: ascii(docx, 2), pdf: ascii(pdf, 5) })}\n`);
