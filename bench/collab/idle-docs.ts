/**
 * RSS per idle open document: K documents, each opened by one WebsocketProvider that writes a
 * small driver (a paragraph of about 340 characters in each of nulage, future and gap) and then
 * stays idle. The server's RSS before (after a warm-up document) and after, divided by K. The
 * connection and awareness memory count too: that is what an open document costs.
 */
import * as Y from "yjs";
import { round } from "../lib";
import { FullClient, type Endpoint } from "./clients";
import { connectAll, sleep } from "./load";
import { phaseMonitor, waitForQuietMachine } from "./monitor";
import { MB, sampleProcess } from "./proc";
import type { ServerProcess } from "./servers";

/** Long enough for samsyn to persist what was written and for the heap to settle. */
const SETTLE_MS = 5_000;
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

export async function runIdleDocs(server: ServerProcess, endpoint: Endpoint, documents: string[]): Promise<Record<string, unknown>> {
  const [warmDoc, ...docs] = documents as [string, ...string[]];
  const clients: FullClient[] = [];
  try {
    const warm = new FullClient(0, endpoint, warmDoc, { record: false });
    clients.push(warm);
    await warm.connect(30_000);
    writeDriver(warm.doc);
    await sleep(SETTLE_MS);
    await waitForQuietMachine(server.pid);
    const before = await settledRss(server.pid);
    const stopMonitor = phaseMonitor(server.pid);

    const opened = docs.map((name, index) => new FullClient(index + 1, endpoint, name, { record: false }));
    clients.push(...opened);
    process.stderr.write(`  opening ${opened.length} documents\n`);
    await connectAll(opened);
    for (const client of opened) writeDriver(client.doc);
    await sleep(SETTLE_MS);
    const after = await settledRss(server.pid);
    const harness = stopMonitor();
    const disconnects = clients.reduce((sum, client) => sum + client.disconnects, 0);
    return {
      docs: opened.length,
      rss_mb_per_doc: round((after - before) / opened.length / MB, 3),
      rss_kb_per_doc: round((after - before) / opened.length / 1024, 1),
      rss_mb_before: round(before / MB, 1),
      rss_mb_after: round(after / MB, 1),
      doc_bytes: Y.encodeStateAsUpdate(warm.doc).length,
      disconnects,
      ...harness,
    };
  } finally {
    for (const client of clients) client.close();
  }
}
