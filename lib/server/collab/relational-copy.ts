/**
 * The relational copy (texts, goal statements, actions) follows the live documents for the
 * overview, search and exports. Changed documents are collected and written together: one
 * transaction per `delayMs` (1 s) for all of them, so a workshop with a hundred drivers open costs
 * one commit a second instead of one per document and edit, and the copy is at most about a second
 * behind. Only the parts that changed since this instance last wrote them are rewritten.
 *
 * Long documents are written in several transactions of about COPY_CHUNK_CHARS each, with a turn
 * of the event loop between them: converting and storing a part blocks the process while it runs
 * (with PGlite the database itself runs on this thread), and twenty long texts at once held up
 * every relay behind them for tens of milliseconds.
 */
import { createHash } from "node:crypto";
import type * as Y from "yjs";
import type { RelationalCopyInput } from "@/db/queries/driver-content";
import { DRIVER_DOC_ROOTS, readDriverDocParts, type DriverDocParts, type DriverDocRoot } from "@/lib/collab/driver-doc";

/** What the copier needs to know of a live document. */
export interface CopySource {
  readonly driverId: string;
  readonly dialogueId: string;
  readonly doc: Y.Doc;
}

export interface RelationalCopierOptions {
  write(inputs: RelationalCopyInput[]): Promise<void>;
  /** The driver is gone (deleted): its copy is dropped instead of retried. */
  isMissingDriver(error: unknown): boolean;
  log(event: string, fields: Record<string, unknown>): void;
  delayMs: number;
  /** After a copy has committed: what else follows the written documents (comment anchors, stances). */
  afterWrite?(written: WrittenCopy[]): Promise<void>;
}

/** A document whose copy committed, and the parts of it that were rewritten. */
export interface WrittenCopy {
  source: CopySource;
  roots: ReadonlySet<DriverDocRoot>;
}

interface DirtyDocument {
  source: CopySource;
  roots: Set<DriverDocRoot>;
}

/** Content hash per root, of what this instance last wrote. */
type Fingerprint = Map<DriverDocRoot, string>;

const ALL_ROOTS = [...DRIVER_DOC_ROOTS] as DriverDocRoot[];

/** Characters of converted content (JSON) per transaction; small documents all share one. */
const COPY_CHUNK_CHARS = 64 * 1024;

interface PendingCopy {
  entry: DirtyDocument;
  input: RelationalCopyInput;
  fingerprint: Fingerprint;
  roots: Set<DriverDocRoot>;
}

export class RelationalCopier {
  private readonly dirty = new Map<string, DirtyDocument>();
  /**
   * Fingerprints of what this instance last wrote per driver, so unchanged parts are not
   * rewritten (hashes rather than the content: an idle open document should cost little memory).
   */
  private readonly written = new Map<string, Fingerprint>();
  private timer: NodeJS.Timeout | null = null;
  /** Writes run one after another; `flush` waits for the one in progress and then writes. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: RelationalCopierOptions) {}

  /** `roots` are the parts that changed: only those are read back from the document and compared. */
  markChanged(source: CopySource, roots: Iterable<DriverDocRoot>): void {
    const entry = this.dirty.get(source.driverId);
    if (entry) for (const root of roots) entry.roots.add(root);
    else this.dirty.set(source.driverId, { source, roots: new Set(roots) });
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.options.delayMs);
    this.timer.unref();
  }

  /** Writes every pending copy now (unloading a document, restoring a version, shutting down). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.chain = this.chain.then(() => this.writeDirty());
    return this.chain;
  }

  isPending(driverId: string): boolean {
    return this.dirty.has(driverId);
  }

  /** The document left memory: the next instance to open it starts from the stored copy. */
  forget(driverId: string): void {
    this.written.delete(driverId);
  }

  /**
   * Converts and writes the dirty documents chunk by chunk (in driver order, like every writer);
   * the follow-up (comment anchors, stale stances) runs once for everything written.
   */
  private async writeDirty(): Promise<void> {
    if (!this.dirty.size) return;
    const entries = [...this.dirty.values()].sort((a, b) => (a.source.driverId < b.source.driverId ? -1 : 1));
    this.dirty.clear();
    const written: WrittenCopy[] = [];
    let chunk: PendingCopy[] = [];
    let chunkChars = 0;
    for (const [index, entry] of entries.entries()) {
      const change = this.changeOf(entry);
      if (change) {
        chunk.push({ entry, ...change });
        chunkChars += change.chars;
      }
      const isLast = index === entries.length - 1;
      if (!chunk.length || (chunkChars < COPY_CHUNK_CHARS && !isLast)) continue;
      if (!(await this.writeChunk(chunk, written, entries.slice(index + 1)))) return;
      chunk = [];
      chunkChars = 0;
      if (!isLast) await new Promise((resolve) => setImmediate(resolve));
    }
    if (written.length) await this.afterWrite(written);
  }

  /**
   * One transaction for `chunk`; false when it failed for another reason than a deleted driver
   * (the database is down): then it and the documents after it are tried again later.
   */
  private async writeChunk(chunk: PendingCopy[], written: WrittenCopy[], rest: DirtyDocument[]): Promise<boolean> {
    try {
      await this.options.write(chunk.map(({ input }) => input));
      for (const { entry, input, fingerprint, roots } of chunk) {
        this.written.set(input.driverId, fingerprint);
        written.push({ source: entry.source, roots });
      }
    } catch (error) {
      if (!this.options.isMissingDriver(error)) {
        this.retryLater([...chunk.map(({ entry }) => entry), ...rest], error);
        return false;
      }
      // One deleted driver fails the whole transaction: write the others on their own.
      for (const change of chunk) await this.writeAlone(change);
    }
    return true;
  }

  /**
   * The changed roots whose content differs from what was last written (all of them the first
   * time: the stored copy may predate this instance), or null when nothing does; `chars` is the
   * size of the converted parts.
   */
  private changeOf({ source, roots }: DirtyDocument): Omit<PendingCopy, "entry"> & { chars: number } | null {
    const previous = this.written.get(source.driverId);
    const fingerprint: Fingerprint = new Map(previous);
    const content: DriverDocParts = { texts: {} };
    const changed = new Set<DriverDocRoot>();
    let chars = 0;
    for (const root of previous ? roots : ALL_ROOTS) {
      const part = readDriverDocParts(source.doc, [root]);
      const json = JSON.stringify(part);
      const hash = createHash("sha1").update(json).digest("base64");
      if (previous?.get(root) === hash) continue;
      fingerprint.set(root, hash);
      changed.add(root);
      Object.assign(content.texts, part.texts);
      content.goals ??= part.goals;
      content.actions ??= part.actions;
      chars += json.length;
    }
    if (!changed.size) return null;
    return { input: { driverId: source.driverId, dialogueId: source.dialogueId, content, userId: null }, fingerprint, roots: changed, chars };
  }

  /** Its failure is logged, not retried: the next change of the document runs it again. */
  private async afterWrite(written: WrittenCopy[]): Promise<void> {
    try {
      await this.options.afterWrite?.(written);
    } catch (error) {
      this.options.log("collab.after_copy.failed", { drivers: written.length, error: String(error) });
    }
  }

  private async writeAlone({ entry, input, fingerprint, roots }: PendingCopy): Promise<void> {
    try {
      await this.options.write([input]);
      this.written.set(input.driverId, fingerprint);
      await this.afterWrite([{ source: entry.source, roots }]);
    } catch (error) {
      if (this.options.isMissingDriver(error)) return this.forget(input.driverId);
      this.retryLater([entry], error);
    }
  }

  private retryLater(entries: DirtyDocument[], error: unknown): void {
    this.options.log("collab.relational_copy.failed", { drivers: entries.length, error: String(error) });
    for (const { source, roots } of entries) this.markChanged(source, roots);
  }
}
