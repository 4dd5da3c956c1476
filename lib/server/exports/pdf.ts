/**
 * The goal set as a tagged PDF: GoalSetDocument rendered to static HTML, printed by Chromium
 * (Playwright's `page.pdf` with `tagged` and `outline`), so the PDF has a structure tree, reading
 * order, bookmarks from the headings, the <title> as its title and <html lang> as its language.
 *
 * One browser per process, launched on the first export and reused; each job gets its own context
 * and page, with JavaScript off and every network request aborted: the document is self-contained,
 * and nothing in a goal's text can reach out. At most two pages print at once (the app's machines
 * have two cores); a job that takes longer than 30 s is abandoned.
 *
 * Runs outside React Server Components (see renderer-host.ts), so no `server-only` marker.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { GoalSetDocument } from "@/components/export/goal-set-document";
import { exportText, isDraft } from "@/lib/export/document-text";
import type { GoalSetExport } from "@/lib/model/goal-set-export";
import { getEnv } from "../env";

/** No sandbox (the app may run as root in a container); no background traffic on closed networks. */
const LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const JOB_TIMEOUT_MS = 30_000;
const MAX_PARALLEL_JOBS = 2;

/** The HTML the PDF is printed from (also what the XSS test reads). */
export function renderGoalSetHtml(goalSet: GoalSetExport): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(createElement(GoalSetDocument, { goalSet }))}`;
}

export async function renderGoalSetPdf(goalSet: GoalSetExport): Promise<Uint8Array> {
  const html = renderGoalSetHtml(goalSet);
  const headerTemplate = pageHeader(draftMark(goalSet));
  return inJobSlot(() => withTimeout(JOB_TIMEOUT_MS, (context) => printToPdf(context, html, headerTemplate)));
}

/** Closes the shared browser (the app's shutdown); the next export launches a new one. */
export async function closeExportBrowser(): Promise<void> {
  const launch = browserLaunch;
  browserLaunch = undefined;
  const browser = await launch?.catch(() => undefined);
  await browser?.close();
}

// --- the page -----------------------------------------------------------------------------------

function draftMark(goalSet: GoalSetExport): string | null {
  const text = exportText(goalSet.language);
  const { t } = text;
  return isDraft(goalSet) ? t("exportDocument.draftMark") : null;
}

/**
 * Chromium prints the header on every page: a draft's says "Utkast" there. An empty element
 * replaces Chromium's default header (date and title), which would add text of its own.
 */
function pageHeader(mark: string | null): string {
  const style = { width: "100%", margin: "0 20mm", textAlign: "right" as const, fontSize: "11pt", fontWeight: 700, color: "#8a1014", fontFamily: "Liberation Sans, DejaVu Sans, Arial, sans-serif" };
  return mark ? renderToStaticMarkup(createElement("div", { style }, mark)) : "<span></span>";
}

/** Page numbers as "3 / 12": the same in both languages. */
const PAGE_FOOTER =
  '<div style="width:100%;text-align:center;font-size:9pt;color:#4a5561;font-family:Liberation Sans, DejaVu Sans, Arial, sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div>';

async function printToPdf(context: BrowserContext, html: string, headerTemplate: string): Promise<Uint8Array> {
  await context.route("**/*", (route) => route.abort("blockedbyclient"));
  const page = await context.newPage();
  page.setDefaultTimeout(JOB_TIMEOUT_MS);
  await page.setContent(html, { waitUntil: "load" });
  const pdf = await page.pdf({
    format: "A4",
    printBackground: true,
    tagged: true,
    outline: true,
    displayHeaderFooter: true,
    headerTemplate,
    footerTemplate: PAGE_FOOTER,
    margin: { top: "20mm", bottom: "18mm", left: "20mm", right: "20mm" },
  });
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}

// --- the shared browser ---------------------------------------------------------------------------

let browserLaunch: Promise<Browser> | undefined;

/**
 * The process's browser, launched when first needed and again after it closed or crashed.
 * Playwright's own signal handlers stay off (its SIGINT handler exits the process, cutting the
 * app's graceful shutdown short); it still kills the browser when the process exits.
 */
async function sharedBrowser(): Promise<Browser> {
  const current = await browserLaunch?.catch(() => undefined);
  if (current?.isConnected()) return current;
  const launch = chromium.launch({
    executablePath: getEnv().CHROMIUM_PATH,
    args: LAUNCH_ARGS,
    timeout: JOB_TIMEOUT_MS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  browserLaunch = launch;
  const forget = () => {
    if (browserLaunch === launch) browserLaunch = undefined;
  };
  launch.then((browser) => browser.on("disconnected", forget), forget);
  return launch;
}

/** Runs `job` in a fresh context (JavaScript off), closing it after; past `ms` the job is abandoned. */
async function withTimeout<T>(ms: number, job: (context: BrowserContext) => Promise<T>): Promise<T> {
  const browser = await sharedBrowser();
  const context = await browser.newContext({ javaScriptEnabled: false });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`PDF rendering took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([job(context), timedOut]);
  } finally {
    clearTimeout(timer);
    // Closing the context also ends a job still running after a timeout.
    await context.close().catch(() => undefined);
  }
}

// --- at most MAX_PARALLEL_JOBS at once ------------------------------------------------------------------

let runningJobs = 0;
const waitingJobs: (() => void)[] = [];

async function inJobSlot<T>(job: () => Promise<T>): Promise<T> {
  if (runningJobs < MAX_PARALLEL_JOBS) runningJobs += 1;
  // A finished job hands its slot straight to the next waiting one, so the count never overshoots.
  else await new Promise<void>((resolve) => waitingJobs.push(resolve));
  try {
    return await job();
  } finally {
    const next = waitingJobs.shift();
    if (next) next();
    else runningJobs -= 1;
  }
}
