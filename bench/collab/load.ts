/**
 * One load case against one server: D documents × C clients, each client editing at R edits/s for
 * the duration. Per document the first (up to) 3 clients are full replicas, the rest thin clients.
 *
 * Phases: connect (in batches) → every client adds its paragraph (setup, not counted) → warm-up at
 * the same load (WARM_UP_MS, not counted) → timed edit phase (server CPU and harness load measured
 * here) → 3 s drain → count; if anything is missing, a further 10 s drain and count again → a fresh
 * reader checks convergence.
 */
import v8 from "node:v8";
import vm from "node:vm";
import * as Y from "yjs";
import { percentile, round } from "../lib";
import { FullClient, paragraphTexts, ThinClient, TEXT_ROOT, type BenchClient, type Endpoint } from "./clients";
import { arrivals, countDeliveries, markersIn, type SentEdit } from "./markers";
import { phaseMonitor, waitForQuietMachine } from "./monitor";
import { MB, postgresCpuMs, sampleProcess, sampleThreads } from "./proc";
import type { ServerProcess } from "./servers";

export interface LoadSpec {
  name: string;
  docs: number;
  clientsPerDoc: number;
  editsPerSecond: number;
  durationMs: number;
  /** Unmeasured editing at the same load before the timed phase (WARM_UP_MS; 0 for none). */
  warmUpMs: number;
}

const FULL_PER_DOC = 3;
const CONNECT_BATCH = 25;
const FIRST_DRAIN_MS = 3_000;
const SECOND_DRAIN_MS = 10_000;

interface DocGroup {
  name: string;
  clients: BenchClient[];
  full: FullClient[];
  sent: SentEdit[];
  /** Edits of the warm-up (not counted, but not unexpected either). */
  warmUp: SentEdit[];
}

/**
 * A full GC of the harness right before a timed phase, so that the garbage of connecting hundreds
 * of clients is not collected during it (a 60–320 ms pause otherwise). Same for both systems.
 */
let gc: (() => void) | undefined;
export function collectHarnessGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  }
  gc();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Connects in batches so the connect storm does not become part of what is measured. */
export async function connectAll(clients: BenchClient[], timeoutMs = 30_000): Promise<void> {
  for (let start = 0; start < clients.length; start += CONNECT_BATCH) {
    await Promise.all(clients.slice(start, start + CONNECT_BATCH).map((client) => client.connect(timeoutMs)));
  }
}

/** A seeded PRNG (mulberry32), so phases are reproducible for a printed seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface EditPhase {
  durationMs: number;
  /** Sequence numbers start here, so a warm-up's markers never collide with the timed phase's. */
  firstSeq: number;
  sent(group: DocGroup): SentEdit[];
}

/**
 * The same load, unmeasured, before the timed phase, for every system alike: a freshly started
 * server spends its first seconds compiling its hot code (V8's optimizing compilers run on helper
 * threads, which /proc counts as the server's CPU), and a long-running server has done that long
 * ago. The larger a server's code, the more of a short phase that one-time cost would be.
 */
export const WARM_UP_MS = 5_000;
const WARM_UP_FIRST_SEQ = 1_000_000;

/**
 * Each client edits every 1/R s from a random phase. Bounded by count (duration × rate per client)
 * and time (stops 10 s after the planned end even if the harness fell behind).
 */
function runEdits(groups: DocGroup[], spec: LoadSpec, rng: () => number, phase: EditPhase): Promise<void> {
  const period = 1000 / spec.editsPerSecond;
  const perClient = Math.max(1, Math.round((phase.durationMs / 1000) * spec.editsPerSecond));
  const start = performance.now() + 20;
  const hardStop = start + phase.durationMs + 10_000;
  const timers: { client: BenchClient; group: DocGroup }[] = groups.flatMap((group) =>
    group.clients.map((client) => ({ client, group })),
  );
  return new Promise((resolve) => {
    let running = timers.length;
    for (const { client, group } of timers) {
      let seq = phase.firstSeq;
      let due = start + rng() * period;
      const tick = () => {
        if (performance.now() <= hardStop) {
          const sentAt = client.edit(client.index, seq);
          phase.sent(group).push({ sender: client.index, seq, sentAt });
          seq += 1;
        }
        if (seq - phase.firstSeq >= perClient || performance.now() > hardStop) {
          if (--running === 0) resolve();
          return;
        }
        due += period;
        setTimeout(tick, Math.max(0, due - performance.now()));
      };
      setTimeout(tick, Math.max(0, due - performance.now()));
    }
  });
}

/** The state vector as sorted entries: its encoding follows insertion order, which differs per replica. */
export function sortedVector(doc: Y.Doc): string {
  return JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0]));
}

/** "4408×47, 1006×1": how the connections that dropped were closed. */
export function closeCodes(clients: BenchClient[]): string {
  const counts = new Map<number, number>();
  for (const client of clients) for (const code of client.closeCodes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, count]) => `${code}×${count}`).join(", ") || "none";
}

export async function runLoad(
  server: ServerProcess,
  endpoint: Endpoint,
  docNames: string[],
  spec: LoadSpec,
  seed: number,
): Promise<Record<string, unknown>> {
  const rng = random(seed);
  const groups: DocGroup[] = [];
  let index = 0;
  for (const name of docNames.slice(0, spec.docs)) {
    const group: DocGroup = { name, clients: [], full: [], sent: [], warmUp: [] };
    for (let c = 0; c < spec.clientsPerDoc; c++) {
      if (c < FULL_PER_DOC) {
        const client = new FullClient(index++, endpoint, name);
        group.full.push(client);
        group.clients.push(client);
      } else {
        group.clients.push(new ThinClient(index++, endpoint, name));
      }
    }
    groups.push(group);
  }
  const all = groups.flatMap((group) => group.clients);
  const rssAtStart = sampleProcess(server.pid).rssBytes;
  let reader: FullClient | undefined;
  try {
    process.stderr.write(`  connecting ${all.length} clients to ${groups.length} document(s)\n`);
    await connectAll(all);
    for (const client of all) client.addParagraph();
    // Setup is complete when every full replica shows one paragraph per client of its document.
    const setupStarted = performance.now();
    while (
      groups.some((group) => group.full.some((full) => paragraphTexts(full.doc).length < spec.clientsPerDoc)) &&
      performance.now() - setupStarted < 15_000
    ) {
      await sleep(50);
    }
    await sleep(500);
    if (spec.warmUpMs > 0) {
      process.stderr.write(`  warming up for ${spec.warmUpMs / 1000} s\n`);
      await runEdits(groups, spec, rng, { durationMs: spec.warmUpMs, firstSeq: WARM_UP_FIRST_SEQ, sent: (group) => group.warmUp });
      await sleep(FIRST_DRAIN_MS);
    }
    await waitForQuietMachine(server.pid);
    collectHarnessGarbage();

    process.stderr.write(`  editing for ${spec.durationMs / 1000} s\n`);
    const before = sampleProcess(server.pid);
    const threadsBefore = sampleThreads(server.pid);
    const databaseBefore = server.usesPostgres ? postgresCpuMs() : 0;
    const stopMonitor = phaseMonitor(server.pid, server.usesPostgres);
    const editStart = performance.now();
    await runEdits(groups, spec, rng, { durationMs: spec.durationMs, firstSeq: 0, sent: (group) => group.sent });
    const editEnd = performance.now();
    const harness = stopMonitor();
    const atEditEnd = sampleProcess(server.pid);
    await sleep(FIRST_DRAIN_MS);
    const afterDrain = sampleProcess(server.pid);
    const threadsAfter = sampleThreads(server.pid);
    const databaseMs = server.usesPostgres ? postgresCpuMs() - databaseBefore : 0;
    const firstCutoff = performance.now();

    const count = (cutoff: number) => {
      const arrivalGroups = groups.map((group) => ({
        clients: group.clients,
        sent: group.sent,
        ignored: new Set(group.warmUp.map((edit) => `${edit.sender}:${edit.seq}`)),
        arrivals: new Map(group.clients.map((client) => [client.index, arrivals(client)])),
      }));
      return countDeliveries(arrivalGroups, cutoff);
    };
    const describe = (report: ReturnType<typeof count>, when: string) => {
      const frames = all.map((client) => client.received.count).sort((a, b) => a - b);
      process.stderr.write(
        `  ${report.lost} of ${report.expected} deliveries missing ${when}: to full ${report.lostTo.full}, to thin ${report.lostTo.thin}; ` +
          `from full ${report.lostFrom.full}, from thin ${report.lostFrom.thin}; receivers with nothing: ${report.deafReceivers.length}, ` +
          `senders never delivered: ${report.silentSenders.length}; frames per client min ${frames[0]} max ${frames.at(-1)}; ` +
          `disconnects ${all.reduce((sum, client) => sum + client.disconnects, 0)} (close codes ${closeCodes(all)})\n`,
      );
    };
    const first = count(firstCutoff);
    let final = first;
    if (first.lost > 0) {
      describe(first, `after ${FIRST_DRAIN_MS} ms`);
      process.stderr.write(`  draining ${SECOND_DRAIN_MS} ms more\n`);
      await sleep(SECOND_DRAIN_MS);
      final = count(performance.now());
      if (final.lost > 0) describe(final, `after ${FIRST_DRAIN_MS + SECOND_DRAIN_MS} ms`);
    }

    // Convergence: every full replica and a fresh reader per document agree, and hold every edit.
    let converged = true;
    for (const group of groups) {
      reader = new FullClient(index++, endpoint, group.name, { record: false });
      await reader.connect(30_000);
      const expectedVector = sortedVector(reader.doc);
      const expectedText = reader.doc.getXmlFragment(TEXT_ROOT).toString();
      const present = markersIn(reader.doc, TEXT_ROOT);
      const complete = group.sent.every((edit) => present.has(`${edit.sender}:${edit.seq}`));
      const agree = group.full.every(
        (full) => sortedVector(full.doc) === expectedVector && full.doc.getXmlFragment(TEXT_ROOT).toString() === expectedText,
      );
      if (!complete || !agree) converged = false;
      reader.close();
      reader = undefined;
    }

    const latencies = final.latencies.sort((a, b) => a - b);
    const edits = groups.reduce((sum, group) => sum + group.sent.length, 0);
    const disconnects = all.reduce((sum, client) => sum + client.disconnects, 0);
    const sendFailures = all.reduce((sum, client) => sum + (client instanceof ThinClient ? client.sendFailures : 0), 0);
    const cpuMs = afterDrain.cpuMs - before.cpuMs;
    const perThousand = (ms: number) => round(ms / (first.delivered / 1000));
    return {
      p50_ms: round(percentile(latencies, 50)),
      p95_ms: round(percentile(latencies, 95)),
      p99_ms: round(percentile(latencies, 99)),
      lost: final.lost,
      lost_after_3s: first.lost,
      converged,
      cpu_ms_per_1k: perThousand(cpuMs),
      // Where it went: the JavaScript thread (user, system) and the process's helper threads.
      main_user_ms_per_1k: perThousand(threadsAfter.mainUserMs - threadsBefore.mainUserMs),
      main_sys_ms_per_1k: perThousand(threadsAfter.mainSystemMs - threadsBefore.mainSystemMs),
      helper_threads_ms_per_1k: perThousand(threadsAfter.otherMs - threadsBefore.otherMs),
      // PostgreSQL's own CPU for a samsyn server storing there (PGlite's is in cpu_ms_per_1k).
      ...(server.usesPostgres ? { db_cpu_ms_per_1k: perThousand(databaseMs) } : {}),
      rss_mb: round(atEditEnd.rssBytes / MB, 1),
      rss_mb_at_start: round(rssAtStart / MB, 1),
      edits,
      edits_per_s: round(edits / ((editEnd - editStart) / 1000), 1),
      deliveries: final.delivered,
      expected_deliveries: final.expected,
      unexpected: final.unexpected,
      disconnects,
      ...(disconnects ? { close_codes: closeCodes(all) } : {}),
      send_failures: sendFailures,
      server_cpu_pct: round((cpuMs / (firstCutoff - editStart)) * 100, 1),
      ...harness,
    };
  } finally {
    reader?.close();
    for (const client of all) client.close();
    // Let the close handshakes finish, so the server sees ordinary departures before it stops.
    await sleep(300);
  }
}
