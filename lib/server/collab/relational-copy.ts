/**
 * The relational copy (texts, goal statements, actions) follows the live documents for the
 * overview, search and exports. Changed documents are collected and written together: one
 * transaction per `delayMs` (1 s) for all of them, so a workshop with a hundred drivers open costs
 * one commit a second instead of one per document and edit, and the copy is at most about a second
 * behind. Only the parts that changed since this instance last wrote them are rewritten.
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
  /** After a copy has committed: what else follows the written documents (comment anchors). */
  afterWrite?(sources: CopySource[]): Promise<void>;
}

interface DirtyDocument {
  source: CopySource;
  roots: Set<DriverDocRoot>;
}

/** Content hash per root, of what this instance last wrote. */
type Fingerprint = Map<DriverDocRoot, string>;

const ALL_ROOTS = [...DRIVER_DOC_ROOTS] as DriverDocRoot[];

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

  private async writeDirty(): Promise<void> {
    if (!this.dirty.size) return;
    const entries = [...this.dirty.values()];
    this.dirty.clear();
    const pending = entries.flatMap((entry) => {
      const change = this.changeOf(entry);
      return change ? [{ entry, ...change }] : [];
    });
    if (!pending.length) return;
    try {
      await this.options.write(pending.map(({ input }) => input));
      for (const { input, fingerprint } of pending) this.written.set(input.driverId, fingerprint);
      await this.afterWrite(pending.map(({ entry }) => entry.source));
    } catch (error) {
      if (!this.options.isMissingDriver(error)) return this.retryLater(entries, error);
      // One deleted driver fails the whole transaction: write the others on their own.
      for (const change of pending) await this.writeAlone(change);
    }
  }

  /**
   * The changed roots whose content differs from what was last written (all of them the first
   * time: the stored copy may predate this instance), or null when nothing does.
   */
  private changeOf({ source, roots }: DirtyDocument): { input: RelationalCopyInput; fingerprint: Fingerprint } | null {
    const previous = this.written.get(source.driverId);
    const fingerprint: Fingerprint = new Map(previous);
    const content: DriverDocParts = { texts: {} };
    let changed = false;
    for (const root of previous ? roots : ALL_ROOTS) {
      const part = readDriverDocParts(source.doc, [root]);
      const hash = createHash("sha1").update(JSON.stringify(part)).digest("base64");
      if (previous?.get(root) === hash) continue;
      fingerprint.set(root, hash);
      Object.assign(content.texts, part.texts);
      content.goals ??= part.goals;
      content.actions ??= part.actions;
      changed = true;
    }
    if (!changed) return null;
    return { input: { driverId: source.driverId, dialogueId: source.dialogueId, content, userId: null }, fingerprint };
  }

  /** Its failure is logged, not retried: the next change of the document runs it again. */
  private async afterWrite(sources: CopySource[]): Promise<void> {
    try {
      await this.options.afterWrite?.(sources);
    } catch (error) {
      this.options.log("collab.after_copy.failed", { drivers: sources.length, error: String(error) });
    }
  }

  private async writeAlone({ entry, input, fingerprint }: { entry: DirtyDocument; input: RelationalCopyInput; fingerprint: Fingerprint }): Promise<void> {
    try {
      await this.options.write([input]);
      this.written.set(input.driverId, fingerprint);
      await this.afterWrite([entry.source]);
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
