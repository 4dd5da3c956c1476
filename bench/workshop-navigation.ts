/**
 * `npm run bench:workshop`, case `navigation` (issue 9: facilitator navigation reaches 150
 * followers with p99 < 200 ms): a real collaboration server in its own process (bench/workshop/
 * server.ts) with `--followers` (150) real websocket clients in this one, following the
 * facilitator. One JSON line per system; the reference is measured side by side in the same run,
 * interleaved.
 *
 * - navigation: the facilitator's navigation through setFocus (the service the server action
 *   calls: a database transaction, then the room's reload and push) until every follower holds the
 *   new focus; ≥ 100 navigations. Reference: a raw `ws` broadcast of a frame of the same size to
 *   as many sockets, until every socket has it.
 *
 * Options: --followers N (150), --navigations N (120); the database from bench/workshop.ts's --db
 * (PGlite in memory, or a fresh PostgreSQL database).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import { MESSAGE_WORKSHOP, workshopRoomName } from "../lib/collab/protocol";
import { DRIVER_PARTS, type LiveState } from "../lib/workshop/live-state";
import { createPostgresDatabase } from "./collab/fixture";
import { harnessMonitor, percentile, round } from "./lib";
import { BENCH_ORIGIN, type ChildMessage, type ParentMessage } from "./workshop/messages";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

interface Follower {
  socket: WebSocket;
  latest: LiveState | null;
  lastBytes: number;
  /** The reference sockets' last sequence number. */
  lastReference: number;
}

export interface BenchContext {
  child: ChildProcess;
  request(message: DistributiveOmit<Exclude<ParentMessage, { type: "rss" | "stop" }>, "id"> & { id?: number }): Promise<void>;
  ready: Extract<ChildMessage, { type: "ready" }>;
  followers: Follower[];
  references: Follower[];
  /** Resolves when `done()` holds for every follower (checked on each message). */
  waitAll(list: Follower[], done: (follower: Follower) => boolean, timeoutMs?: number): Promise<void>;
  rssMb(): Promise<number>;
}

export interface CaseResult {
  samsyn: number[];
  reference: number[];
  extra?: Record<string, unknown>;
}

const CASES: Record<string, (context: BenchContext) => Promise<CaseResult>> = {
  // More cases with the same followers: a function here, measured after the others.
  async navigation(context) {
    const count = Number(option("--navigations") ?? 120);
    const warmUp = 10;
    const route = context.ready.driverIds.flatMap((driverId) => DRIVER_PARTS.map((part) => ({ driverId, part })));
    const samsyn: number[] = [];
    const reference: number[] = [];
    for (let index = 0; index < warmUp + count; index++) {
      const target = route[(index + 1) % route.length]!;
      const started = performance.now();
      const reached = context.waitAll(context.followers, (follower) => follower.latest?.focus?.driverId === target.driverId && follower.latest.focus.part === target.part);
      await context.request({ type: "focus", driverId: target.driverId, part: target.part });
      await reached;
      const navigation = performance.now() - started;

      const bytes = context.followers[0]!.lastBytes;
      const referenceStarted = performance.now();
      const sequence = 1_000_000 + index;
      const delivered = context.waitAll(context.references, (follower) => follower.lastReference === sequence);
      await context.request({ type: "reference", id: sequence, bytes });
      await delivered;
      const broadcast = performance.now() - referenceStarted;
      if (index >= warmUp) {
        samsyn.push(navigation);
        reference.push(broadcast);
      }
    }
    return { samsyn, reference, extra: { navigations: count, frame_bytes: context.followers[0]!.lastBytes } };
  },
};

async function startChild(url: string | undefined, followers: number): Promise<{ child: ChildProcess; ready: Extract<ChildMessage, { type: "ready" }> }> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "bench/workshop/server.ts", "--followers", String(followers), ...(url ? ["--url", url] : [])],
    { stdio: ["ignore", "inherit", "inherit", "ipc"], env: { ...process.env, NODE_ENV: "production", SAMSYN_QUIET_LOGS: "1" } },
  );
  const ready = await new Promise<Extract<ChildMessage, { type: "ready" }>>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server process exited with ${code}`)));
    child.on("message", (message: ChildMessage) => {
      if (message.type === "ready") resolve(message);
    });
  });
  return { child, ready };
}

function connect(url: string, headers: Record<string, string>, onMessage: (follower: Follower, data: Buffer) => void): Promise<Follower> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, perMessageDeflate: false });
    const follower: Follower = { socket, latest: null, lastBytes: 0, lastReference: -1 };
    socket.binaryType = "nodebuffer";
    socket.on("message", (data: Buffer) => onMessage(follower, data));
    socket.once("open", () => resolve(follower));
    socket.once("error", reject);
  });
}

async function run(db: "pglite" | "postgres"): Promise<void> {
  const followersWanted = Number(option("--followers") ?? 150);
  let url: string | undefined;
  let drop = async () => {};
  if (db === "postgres") {
    const created = await createPostgresDatabase();
    if ("unavailable" in created) {
      console.log(JSON.stringify({ bench: "workshop", db, skipped: created.unavailable }));
      return;
    }
    url = created.url;
    drop = created.drop;
  }
  const { child, ready } = await startChild(url, followersWanted);
  let nextId = 1;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let rssWaiter: ((mb: number) => void) | null = null;
  child.on("message", (message: ChildMessage) => {
    if (message.type === "done") {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error));
      else waiter?.resolve();
    } else if (message.type === "rss") rssWaiter?.(message.rssMb);
  });
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const watcher of [...watchers]) watcher();
  };
  const context: BenchContext = {
    child,
    ready,
    followers: [],
    references: [],
    request(message) {
      const id = message.id ?? nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...message, id } as ParentMessage);
      });
    },
    waitAll(list, done, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`only ${list.filter(done).length} of ${list.length} clients got there within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (!list.every(done)) return;
          clearTimeout(timer);
          watchers.delete(check);
          resolve();
        };
        watchers.add(check);
        check();
      });
    },
    rssMb() {
      return new Promise((resolve) => {
        rssWaiter = resolve;
        child.send({ type: "rss" } satisfies ParentMessage);
      });
    },
  };
  try {
    // The process before anyone joins (the database, the modules): what the room adds is the rest.
    const idleRssMb = await context.rssMb();
    const roomUrl = `ws://127.0.0.1:${ready.port}/collab/${workshopRoomName(ready.workshopId)}`;
    context.followers = await Promise.all(
      ready.cookies.map((cookie) =>
        connect(roomUrl, { origin: BENCH_ORIGIN, cookie }, (follower, data) => {
          const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
          if (decoding.readVarUint(decoder) !== MESSAGE_WORKSHOP) return;
          follower.latest = JSON.parse(decoding.readVarString(decoder)) as LiveState;
          follower.lastBytes = data.byteLength;
          notify();
        }),
      ),
    );
    context.references = await Promise.all(
      ready.cookies.map(() =>
        connect(`ws://127.0.0.1:${ready.referencePort}`, {}, (follower, data) => {
          follower.lastReference = data.readUInt32BE(0);
          notify();
        }),
      ),
    );
    await context.waitAll(context.followers, (follower) => (follower.latest?.presence.flatMap((group) => group.people).length ?? 0) === followersWanted, 30_000);
    for (const [name, benchCase] of Object.entries(CASES)) {
      const harness = harnessMonitor();
      const result = await benchCase(context);
      const rssMb = await context.rssMb();
      const load = harness();
      const stats = (values: number[]) => {
        const sorted = [...values].sort((a, b) => a - b);
        return { p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)), p99_ms: round(percentile(sorted, 99)), n: values.length };
      };
      console.log(JSON.stringify({ bench: "workshop", case: name, system: "samsyn", db, clients: followersWanted, ...stats(result.samsyn), rss_mb: round(rssMb, 1), rss_mb_before_clients: round(idleRssMb, 1), ...result.extra, ...load }));
      console.log(JSON.stringify({ bench: "workshop", case: name, system: "reference-ws-broadcast", clients: followersWanted, ...stats(result.reference), ...result.extra }));
    }
  } finally {
    for (const follower of [...context.followers, ...context.references]) follower.socket.terminate();
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.send({ type: "stop" } satisfies ParentMessage);
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
    await drop();
  }
}

/** The navigation case on each database asked for (`pglite`, `postgres` or `both`). */
export async function navigationBench(which: string): Promise<void> {
  if (!["pglite", "postgres", "both"].includes(which)) throw new Error("--db must be pglite, postgres or both");
  for (const db of ["pglite", "postgres"] as const) {
    if (which === db || which === "both") await run(db);
  }
}
