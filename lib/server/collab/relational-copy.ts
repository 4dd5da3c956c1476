/**
 * The relational copy (texts, goal statements, actions) follows the live documents for the
 * overview, search and exports. Changed documents are collected and written together: one
 * transaction per `delayMs` (1 s) for all of them, so a workshop with a hundred drivers open costs
 * one commit a second instead of one per document and edit, and the copy is at most about a second
 * behind. Only the parts that changed since this instance last wrote them are rewritten.
 */
import { createHash } from "node:crypto";
import type * as Y from "yjs";
import { ALL_PARTS, type CopiedParts, type RelationalCopyInput } from "@/db/queries/driver-content";
import { readDriverDoc, type DriverDocContent } from "@/lib/collab/driver-doc";
import { TEXT_PARTS, type TextPart } from "@/lib/model/enums";

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
}

export class RelationalCopier {
  private readonly dirty = new Map<string, CopySource>();
  /**
   * Fingerprints of what this instance last wrote per driver, so unchanged parts are not
   * rewritten (hashes rather than the content: an idle open document should cost little memory).
   */
  private readonly written = new Map<string, Fingerprint>();
  private timer: NodeJS.Timeout | null = null;
  /** Writes run one after another; `flush` waits for the one in progress and then writes. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: RelationalCopierOptions) {}

  markChanged(source: CopySource): void {
    this.dirty.set(source.driverId, source);
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
    const sources = [...this.dirty.values()];
    this.dirty.clear();
    const pending = sources.flatMap((source) => {
      const content = readDriverDoc(source.doc);
      const fingerprint = fingerprintOf(content);
      const parts = changedParts(this.written.get(source.driverId), fingerprint);
      if (!parts) return [];
      const input: RelationalCopyInput = { driverId: source.driverId, dialogueId: source.dialogueId, content, parts, userId: null };
      return [{ input, fingerprint }];
    });
    if (!pending.length) return;
    try {
      await this.options.write(pending.map(({ input }) => input));
      for (const { input, fingerprint } of pending) this.written.set(input.driverId, fingerprint);
    } catch (error) {
      if (!this.options.isMissingDriver(error)) return this.retryLater(sources, error);
      // One deleted driver fails the whole transaction: write the others on their own.
      for (const entry of pending) await this.writeAlone(entry, sources);
    }
  }

  private async writeAlone({ input, fingerprint }: { input: RelationalCopyInput; fingerprint: Fingerprint }, sources: CopySource[]): Promise<void> {
    try {
      await this.options.write([input]);
      this.written.set(input.driverId, fingerprint);
    } catch (error) {
      if (this.options.isMissingDriver(error)) return this.forget(input.driverId);
      this.retryLater(
        sources.filter((source) => source.driverId === input.driverId),
        error,
      );
    }
  }

  private retryLater(sources: CopySource[], error: unknown): void {
    this.options.log("collab.relational_copy.failed", { drivers: sources.length, error: String(error) });
    for (const source of sources) if (!this.dirty.has(source.driverId)) this.markChanged(source);
  }
}

interface Fingerprint {
  texts: Record<TextPart, string>;
  goals: string;
  actions: string;
}

function hash(value: unknown): string {
  return createHash("sha1").update(JSON.stringify(value)).digest("base64");
}

function fingerprintOf(content: DriverDocContent): Fingerprint {
  return {
    texts: Object.fromEntries(TEXT_PARTS.map((part) => [part, hash(content.texts[part])])) as Record<TextPart, string>,
    goals: hash(content.goals),
    actions: hash(content.actions),
  };
}

/** What differs from the last write (everything when there was none), or null when nothing does. */
function changedParts(previous: Fingerprint | undefined, next: Fingerprint): CopiedParts | null {
  if (!previous) return ALL_PARTS;
  const parts: CopiedParts = {
    texts: TEXT_PARTS.filter((part) => previous.texts[part] !== next.texts[part]),
    goals: previous.goals !== next.goals,
    actions: previous.actions !== next.actions,
  };
  return parts.texts.length || parts.goals || parts.actions ? parts : null;
}
