/**
 * Cold open: a driver whose history holds N updates (real client edits through the server: 10
 * WebsocketProviders typing and deleting at random positions of one shared paragraph), then the
 * time from constructing a fresh WebsocketProvider to its `synced` event.
 *
 * Samsyn: the server is restarted after the edits were saved, so the document must come from the
 * database. The reference persists nothing and keeps every document in memory for its lifetime
 * (0.1.1 never unloads a document without persistence), so its figure is an open from memory:
 * the floor a server with storage can only approach. Each timed open follows a warm-up open of
 * another document, so the first connection's start-up cost (JIT, database pool) is not in it.
 */
import * as Y from "yjs";
import { harnessMonitor, round } from "../lib";
import { FullClient, paragraphTexts, TEXT_ROOT, type Endpoint } from "./clients";
import { connectAll, random, sleep, sortedVector } from "./load";
import { isValid, waitForQuietMachine } from "./monitor";
import type { ServerProcess, SystemName } from "./servers";

const BUILDERS = 10;
/** Edits per second per builder: below samsyn's 100 messages/s per connection. */
const BUILD_RATE = 80;

export interface ColdOpenArgs {
  system: SystemName;
  /** Starts a server process (the caller stops all it started). */
  start(): Promise<ServerProcess>;
  /** [warm-up document, cold document] */
  documents: string[];
  endpointFor(server: ServerProcess): Endpoint;
  updates: number;
  repeats: number;
}

function covers(saved: Map<number, number> | null, vector: Map<number, number>): boolean {
  if (!saved) return false;
  for (const [client, clock] of vector) if ((saved.get(client) ?? 0) < clock) return false;
  return true;
}

/** Random inserts (1–4 characters) and deletes (1–3) at random positions, one update each. */
function randomEdit(text: Y.XmlText, rng: () => number): void {
  const length = text.length;
  if (length > 20 && rng() < 0.15) {
    const count = 1 + Math.floor(rng() * 3);
    text.delete(Math.floor(rng() * (length - count)), count);
  } else {
    const chars = "abcdefghijklmnopqrstuvwxyzåäö ";
    let insert = "";
    for (let n = 1 + Math.floor(rng() * 4); n > 0; n--) insert += chars[Math.floor(rng() * chars.length)];
    text.insert(Math.floor(rng() * (length + 1)), insert);
  }
}

async function buildHistory(endpoint: Endpoint, docName: string, updates: number, system: SystemName) {
  const builders = Array.from({ length: BUILDERS }, (_, index) => new FullClient(index, endpoint, docName, { record: false }));
  try {
    await connectAll(builders);
    builders[0]!.addParagraph();
    // Everyone edits the one paragraph builder 0 added.
    const textOf = (client: FullClient) => paragraphTexts(client.doc)[0] ?? null;
    for (let waited = 0; builders.some((builder) => !textOf(builder)) && waited < 10_000; waited += 20) await sleep(20);
    if (builders.some((builder) => !textOf(builder))) throw new Error("builders never saw the shared paragraph");

    const perBuilder = Math.ceil(updates / BUILDERS);
    const rng = random(updates);
    const started = performance.now();
    await Promise.all(
      builders.map(
        (builder, index) =>
          new Promise<void>((resolve) => {
            let done = 0;
            const due = started + (index / BUILDERS) * (1000 / BUILD_RATE);
            const tick = () => {
              if (done >= perBuilder || done + index * perBuilder >= updates) return resolve();
              randomEdit(textOf(builder)!, rng);
              done += 1;
              setTimeout(tick, Math.max(0, due + (done * 1000) / BUILD_RATE - performance.now()));
            };
            setTimeout(tick, Math.max(0, due - performance.now()));
          }),
      ),
    );
    const buildMs = performance.now() - started;
    // Converged: all builders hold the same state.
    const settle = performance.now();
    while (new Set(builders.map((builder) => sortedVector(builder.doc))).size > 1 && performance.now() - settle < 30_000) {
      await sleep(100);
    }
    const vector = Y.decodeStateVector(Y.encodeStateVector(builders[0]!.doc));
    let saved: boolean | null = null;
    if (system === "samsyn") {
      // Wait for the server to report the whole history as committed before restarting it.
      const waitStart = performance.now();
      while (!builders.some((builder) => covers(builder.savedVector, vector)) && performance.now() - waitStart < 30_000) {
        await sleep(50);
      }
      saved = builders.some((builder) => covers(builder.savedVector, vector));
    }
    const doc = builders[0]!.doc;
    const state = Y.encodeStateAsUpdate(doc);
    // The client's own share of a cold open: decoding the state into an empty document (best of
    // 3, so the figure is not the first call's compilation).
    let decodeMs = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3; attempt++) {
      const decodeStart = performance.now();
      Y.applyUpdate(new Y.Doc(), state);
      decodeMs = Math.min(decodeMs, performance.now() - decodeStart);
    }
    return {
      buildMs,
      saved,
      vector: sortedVector(doc),
      text: doc.getXmlFragment(TEXT_ROOT).toString(),
      bytes: state.length,
      decodeMs,
      converged: new Set(builders.map((builder) => sortedVector(builder.doc))).size === 1,
    };
  } finally {
    for (const builder of builders) builder.close();
  }
}

export async function runColdOpen(args: ColdOpenArgs): Promise<Record<string, unknown>> {
  const [warmDoc, coldDoc] = args.documents as [string, string];
  let server = await args.start();
  process.stderr.write(`  building a history of ${args.updates} updates\n`);
  const built = await buildHistory(args.endpointFor(server), coldDoc, args.updates, args.system);
  process.stderr.write(`  built in ${Math.round(built.buildMs)} ms (${built.bytes} bytes); saved: ${built.saved}\n`);
  const timings: number[] = [];
  let complete = built.converged;
  let otherCpuPct = 0;
  const stopHarness = harnessMonitor();
  for (let repeat = 0; repeat < args.repeats; repeat++) {
    if (args.system === "samsyn") {
      await server.stop();
      server = await args.start();
    }
    const endpoint = args.endpointFor(server);
    const warm = new FullClient(1000 + repeat, endpoint, warmDoc, { record: false });
    await warm.connect(30_000);
    warm.close();
    otherCpuPct = Math.max(otherCpuPct, await waitForQuietMachine(server.pid));
    const started = performance.now();
    const reader = new FullClient(2000 + repeat, endpoint, coldDoc, { record: false });
    try {
      await reader.connect(30_000);
      timings.push(performance.now() - started);
      if (sortedVector(reader.doc) !== built.vector || reader.doc.getXmlFragment(TEXT_ROOT).toString() !== built.text) complete = false;
    } finally {
      reader.close();
    }
  }
  const harness = stopHarness();
  const sorted = [...timings].sort((a, b) => a - b);
  return {
    ms: round(sorted[Math.floor((sorted.length - 1) / 2)]!),
    ms_min: round(sorted[0]!),
    ms_all: timings.map((value) => round(value)),
    updates: args.updates,
    doc_bytes: built.bytes,
    client_decode_ms: round(built.decodeMs),
    complete,
    from: args.system === "samsyn" ? "database (server restarted)" : "memory (no persistence)",
    ...(built.saved === null ? {} : { saved_before_restart: built.saved }),
    ...harness,
    other_cpu_pct: otherCpuPct,
    valid: isValid(harness.harness_cpu_pct, harness.harness_loop_p99_ms, otherCpuPct),
  };
}
