/**
 * DOCX and PDF files for code that runs under the react-server condition: Next compiles route
 * handlers that way (its "rsc" layer), and the benches run server code that way. Under it
 * react-dom/server, which both renderers need to turn React into HTML and SVG, refuses to load
 * ("react-dom/server is not supported in React Server Components"), and the `server-only` marker
 * loads only under it, so the two cannot share a module graph.
 *
 * So the renderers run in a worker thread of this process, started without that condition and
 * with tsx for TypeScript. One worker per process (kept on globalThis, since Next may load this
 * module more than once), started at the first DOCX or PDF export; it holds the PDF browser. The
 * export document goes in as plain data and the file's bytes come back; rendering stays off the
 * main thread, so a 40-driver DOCX does not stall the collaboration sockets.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { GoalSetExport } from "@/lib/model/goal-set-export";

export type RenderedFormat = "docx" | "pdf";

export type RenderRequest = { kind: "render"; id: number; format: RenderedFormat; goalSet: GoalSetExport } | { kind: "close" };
export type RenderResponse = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };

/** Past the PDF's own 30 s (a browser launch and a print): the worker is stuck, and is replaced. */
const JOB_TIMEOUT_MS = 45_000;
const CLOSE_TIMEOUT_MS = 5_000;

interface PendingJob {
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface RenderWorker {
  worker: Worker;
  jobs: Map<number, PendingJob>;
  nextId: number;
}

const WORKER_KEY = Symbol.for("samsyn.export-render-worker");
type GlobalWithWorker = typeof globalThis & { [WORKER_KEY]?: RenderWorker };
const holder = globalThis as GlobalWithWorker;

/** The worker's file: from the app's root, as Next's bundle has no path of its own to this one. */
function workerPath(): string {
  return path.join(process.cwd(), "lib/server/exports/render-worker.ts");
}

function startWorker(): RenderWorker {
  // The worker is started from a line of code, not a file name, so that the bundler (which follows
  // `new Worker(file)`) leaves it alone: it runs our source with tsx, outside Next's module graph.
  // tsx is registered by that code itself: `--import` does not reach code given to a worker this way.
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(workerPath()).href)}); });`;
  // No execArgv of the parent: under `--conditions=react-server` react-dom/server would not load.
  const worker = new Worker(bootstrap, { eval: true, execArgv: [] });
  const host: RenderWorker = { worker, jobs: new Map(), nextId: 1 };
  worker.on("message", (response: RenderResponse) => settle(host, response));
  worker.on("error", (error) => failAll(host, error));
  worker.on("exit", (code) => failAll(host, new Error(`The export renderer stopped (exit code ${code})`)));
  // Idle, the worker must not keep a script's process alive; a job refs it while it runs.
  worker.unref();
  return host;
}

function renderWorker(): RenderWorker {
  holder[WORKER_KEY] ??= startWorker();
  return holder[WORKER_KEY];
}

function settle(host: RenderWorker, response: RenderResponse): void {
  const job = host.jobs.get(response.id);
  if (!job) return;
  host.jobs.delete(response.id);
  clearTimeout(job.timer);
  if (host.jobs.size === 0) host.worker.unref();
  if (response.ok) job.resolve(response.bytes);
  else job.reject(new Error(response.message));
}

/** A dead worker fails its jobs and is forgotten, so the next export starts a new one. */
function failAll(host: RenderWorker, error: Error): void {
  if (holder[WORKER_KEY] === host) delete holder[WORKER_KEY];
  for (const job of host.jobs.values()) {
    clearTimeout(job.timer);
    job.reject(error);
  }
  host.jobs.clear();
}

/** The goal set as a DOCX or PDF file, rendered in the process's export worker. */
export function renderInWorker(goalSet: GoalSetExport, format: RenderedFormat): Promise<Uint8Array> {
  const host = renderWorker();
  const id = host.nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`Rendering the ${format} took longer than ${JOB_TIMEOUT_MS} ms`));
      host.jobs.delete(id);
      void host.worker.terminate();
    }, JOB_TIMEOUT_MS);
    host.jobs.set(id, { resolve, reject, timer });
    host.worker.ref();
    const request: RenderRequest = { kind: "render", id, format, goalSet };
    host.worker.postMessage(request);
  });
}

/** Closes the worker and its browser (the server's shutdown); the next export starts them again. */
export async function closeRenderWorker(): Promise<void> {
  const host = holder[WORKER_KEY];
  if (!host) return;
  delete holder[WORKER_KEY];
  const exited = new Promise<void>((resolve) => host.worker.once("exit", () => resolve()));
  const request: RenderRequest = { kind: "close" };
  host.worker.postMessage(request);
  const timer = setTimeout(() => void host.worker.terminate(), CLOSE_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
