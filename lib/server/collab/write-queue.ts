/**
 * Group commit for document updates. Every accepted update is queued; one writer appends all that
 * have queued (across documents) in one INSERT, and only after that commit tells the documents,
 * which then acknowledge their authors. While a write is in flight new updates gather, so under
 * load batches grow instead of transactions multiplying. A failed write is retried (with backoff)
 * and nothing in it is acknowledged until it succeeds.
 */
import type { UpdateRow } from "@/db/queries/driver-docs";

/** The document an update belongs to; told once per batch what committed. */
export interface CommitTarget {
  /** The document's state vector now: at the cut, every update applied so far is in the batch. */
  stateVector(): Uint8Array;
  /**
   * `vector` covers everything committed for the document, or is null when some of its updates
   * are still queued behind this batch; `authors` are the connections whose updates committed.
   */
  onCommitted(vector: Uint8Array | null, authors: ReadonlySet<unknown>, rows: number): void;
}

export interface QueuedUpdate extends UpdateRow {
  target: CommitTarget;
  author: unknown;
}

export interface WriteQueueOptions {
  append(rows: UpdateRow[]): Promise<void>;
  /** Rows of a batch that failed because their driver is gone are dropped, not retried forever. */
  isMissingDriver(error: unknown): boolean;
  onDropped(driverId: string): void;
  log(event: string, fields: Record<string, unknown>): void;
  maxBatchRows?: number;
  /**
   * Least time between the starts of two commits (default 250 ms): after a quiet spell an update
   * is written at once; under load the updates of that interval share one INSERT. Each commit
   * costs a round trip and its acknowledgements; a quarter of a second keeps "saved" prompt while
   * a hundred documents edited at once cost four commits a second instead of ten.
   */
  commitIntervalMs?: number;
}

const RETRY_DELAYS_MS = [50, 100, 250, 500, 1_000, 2_000];

export class WriteQueue {
  private pending: QueuedUpdate[] = [];
  private writing: Promise<void> | null = null;
  private readonly maxBatchRows: number;
  private readonly commitIntervalMs: number;
  private lastCommitStart = 0;

  constructor(private readonly options: WriteQueueOptions) {
    this.maxBatchRows = options.maxBatchRows ?? 2_000;
    this.commitIntervalMs = options.commitIntervalMs ?? 250;
  }

  get size(): number {
    return this.pending.length;
  }

  enqueue(update: QueuedUpdate): void {
    this.pending.push(update);
    this.writing ??= this.run();
  }

  private async run(): Promise<void> {
    try {
      await this.drain();
    } finally {
      // An update queued between the last batch and this line still gets its writer.
      this.writing = this.pending.length ? this.run() : null;
    }
  }

  /** Resolves when everything queued so far has been written (shutdown, unload). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (this.pending.length) {
      // Relaying never waits for this (only the saved acknowledgement does), and one commit for
      // many updates is what keeps the cost flat under load.
      const wait = this.lastCommitStart + this.commitIntervalMs - performance.now();
      // At least to the next turn of the event loop: updates read from the same socket burst join.
      await new Promise((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
      this.lastCommitStart = performance.now();
      const batch = this.pending.splice(0, this.maxBatchRows);
      const vectors = this.vectorsAtCut(batch);
      try {
        await this.options.append(rowsOf(batch));
        failures = 0;
        committed(batch, vectors);
      } catch (error) {
        if (await this.dropMissingDrivers(batch, vectors, error)) continue;
        this.pending.unshift(...batch);
        if (failures === 0) this.options.log("collab.persist.failed", { rows: batch.length, error: String(error) });
        const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)]!;
        failures++;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * A deleted driver makes the whole INSERT fail on its foreign key. Write each document's rows
   * on their own so the others commit, and drop the deleted driver's rows.
   */
  private async dropMissingDrivers(
    batch: QueuedUpdate[],
    vectors: Map<CommitTarget, Uint8Array | null>,
    error: unknown,
  ): Promise<boolean> {
    if (!this.options.isMissingDriver(error)) return false;
    const byDriver = groupBy(batch, (entry) => entry.driverId);
    const retry: QueuedUpdate[] = [];
    for (const [driverId, entries] of byDriver) {
      try {
        await this.options.append(rowsOf(entries));
        committed(entries, vectors);
      } catch (inner) {
        if (this.options.isMissingDriver(inner)) this.options.onDropped(driverId);
        else retry.push(...entries);
      }
    }
    this.pending.unshift(...retry);
    return true;
  }

  private vectorsAtCut(batch: QueuedUpdate[]): Map<CommitTarget, Uint8Array | null> {
    const behind = new Set(this.pending.map((entry) => entry.target));
    const vectors = new Map<CommitTarget, Uint8Array | null>();
    for (const { target } of batch) {
      if (!vectors.has(target)) vectors.set(target, behind.has(target) ? null : target.stateVector());
    }
    return vectors;
  }
}

function rowsOf(entries: QueuedUpdate[]): UpdateRow[] {
  return entries.map(({ driverId, update, userId }) => ({ driverId, update, userId }));
}

function committed(entries: QueuedUpdate[], vectors: Map<CommitTarget, Uint8Array | null>): void {
  for (const [target, group] of groupBy(entries, (entry) => entry.target)) {
    target.onCommitted(vectors.get(target) ?? null, new Set(group.map((entry) => entry.author)), group.length);
  }
}

function groupBy<K>(entries: QueuedUpdate[], key: (entry: QueuedUpdate) => K): Map<K, QueuedUpdate[]> {
  const groups = new Map<K, QueuedUpdate[]>();
  for (const entry of entries) {
    const group = groups.get(key(entry));
    if (group) group.push(entry);
    else groups.set(key(entry), [entry]);
  }
  return groups;
}
