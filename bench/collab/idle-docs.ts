/**
 * RSS per idle open document: K documents, each opened by one WebsocketProvider that writes a
 * small driver (a paragraph of about 340 characters in each of nulage, future and gap) and then
 * stays idle. The connection and presence memory count too: that is what an open document costs.
 */
import * as Y from "yjs";
import { round } from "../lib";
import { FullClient, type Endpoint } from "./clients";
import { connectAll, sleep } from "./load";
import { phaseMonitor, waitForQuietMachine } from "./monitor";
import { MB, sampleProcess } from "./proc";
import type { ServerProcess } from "./servers";

/** Long enough for samsyn to persist what was written and for the heap to settle. */
const SETTLE_MS = 3_000;
const PARTS = ["nulage", "future", "gap"] as const;
const SAMPLE =
  "Antalet sjuksköterskor i regionen minskar samtidigt som andelen invånare över 80 år ökar. " +
  "Vårdcentralerna rapporterar längre väntetider och ett ökat beroende av hyrpersonal. ";

function writeDriver(doc: Y.Doc): void {
  doc.transact(() => {
    for (const part of PARTS) {
      const paragraph = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      doc.getXmlFragment(part).insert(0, [paragraph]);
      text.insert(0, SAMPLE + SAMPLE);
    }
  });
}

/** Lowest of a few samples: RSS jitters with allocation between GCs. */
async function settledRss(pid: number): Promise<number> {
  let lowest = Number.POSITIVE_INFINITY;
  for (let sample = 0; sample < 5; sample++) {
    lowest = Math.min(lowest, sampleProcess(pid).rssBytes);
    await sleep(200);
  }
  return lowest;
}

/**
 * Documents opened (and written) before the baseline, so first-use costs are not per document.
 * 60, not 10: after start-up, the first few dozen documents make a process's RSS rise once by
 * 28–37 MB (memory of V8's compiler threads that glibc keeps), and a slope through that step
 * counted it as per-document memory. The rise over the warm-up is reported on its own line key.
 */
export const IDLE_WARM_UP_DOCS = 60;
const STEPS = 4;

/** Least-squares slope of RSS over the number of open documents. */
function slope(points: { docs: number; rss: number }[]): number {
  const meanX = points.reduce((sum, point) => sum + point.docs, 0) / points.length;
  const meanY = points.reduce((sum, point) => sum + point.rss, 0) / points.length;
  let numerator = 0;
  let denominator = 0;
  for (const point of points) {
    numerator += (point.docs - meanX) * (point.rss - meanY);
    denominator += (point.docs - meanX) ** 2;
  }
  return numerator / denominator;
}

async function openBatch(endpoint: Endpoint, names: string[], firstIndex: number, into: FullClient[]): Promise<void> {
  const opened = names.map((name, offset) => new FullClient(firstIndex + offset, endpoint, name, { record: false }));
  into.push(...opened);
  await connectAll(opened);
  for (const client of opened) writeDriver(client.doc);
  await sleep(SETTLE_MS);
}

/**
 * Opens the documents in STEPS batches and samples the settled RSS after each; the per-document
 * figure is the slope through those points (one RSS delta alone was at the mercy of when the
 * server's GC ran: it even came out negative once).
 */
export async function runIdleDocs(server: ServerProcess, endpoint: Endpoint, documents: string[]): Promise<Record<string, unknown>> {
  const warmDocs = documents.slice(0, IDLE_WARM_UP_DOCS);
  const docs = documents.slice(IDLE_WARM_UP_DOCS);
  const clients: FullClient[] = [];
  try {
    const startRss = await settledRss(server.pid);
    await openBatch(endpoint, warmDocs, 0, clients);
    await waitForQuietMachine(server.pid);
    const points = [{ docs: 0, rss: await settledRss(server.pid) }];
    const stopMonitor = phaseMonitor(server.pid, server.usesPostgres);
    const perStep = Math.ceil(docs.length / STEPS);
    for (let step = 0; step < STEPS; step++) {
      const batch = docs.slice(step * perStep, (step + 1) * perStep);
      if (batch.length === 0) break;
      process.stderr.write(`  opening documents ${step * perStep + 1}–${step * perStep + batch.length}\n`);
      await openBatch(endpoint, batch, clients.length, clients);
      points.push({ docs: step * perStep + batch.length, rss: await settledRss(server.pid) });
    }
    const harness = stopMonitor();
    const opened = points.at(-1)!.docs;
    const disconnects = clients.reduce((sum, client) => sum + client.disconnects, 0);
    const perDoc = slope(points);
    return {
      docs: opened,
      rss_mb_per_doc: round(perDoc / MB, 3),
      rss_kb_per_doc: round(perDoc / 1024, 1),
      rss_mb_steps: points.map((point) => round(point.rss / MB, 1)),
      warm_up_docs: warmDocs.length,
      rss_mb_warm_up: round((points[0]!.rss - startRss) / MB, 1),
      rss_mb_before: round(points[0]!.rss / MB, 1),
      rss_mb_after: round(points.at(-1)!.rss / MB, 1),
      doc_bytes: Y.encodeStateAsUpdate(clients[0]!.doc).length,
      disconnects,
      ...harness,
    };
  } finally {
    for (const client of clients) client.close();
  }
}
