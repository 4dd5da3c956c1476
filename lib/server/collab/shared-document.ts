/**
 * One driver's live document on this instance: the Y.Doc, presence, the open connections, and the
 * three things that follow every accepted update — relaying it to the others, storing it
 * (acknowledging the author after the commit) and refreshing the relational copy.
 */
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { isDriverDocRoot, type DriverDocRoot } from "@/lib/collab/driver-doc";
import { MESSAGE_AWARENESS, MESSAGE_COMMENTS, MESSAGE_SAVED, MESSAGE_SYNC } from "@/lib/collab/protocol";
import { lockedRoots, type WorkshopLock } from "@/lib/workshop/live-state";
import type { CommitTarget } from "./write-queue";
import { binaryFrame, type BinaryFrame } from "./ws-frame";

/** What a document needs from a connection (lib/server/collab/connection.ts). */
export interface DocumentPeer {
  readonly userId: string;
  send(frame: BinaryFrame): void;
}

interface PendingRelay {
  update: Uint8Array;
  from: DocumentPeer | null;
}

export interface SharedDocumentHooks {
  /** Some of the document's roots changed (any origin): refresh their relational copy soon. */
  onChanged(document: SharedDocument, roots: DriverDocRoot[]): void;
  /** An update from a local connection or a server-side edit was applied: spread it to other instances. */
  onLocalUpdate(document: SharedDocument, update: Uint8Array): void;
  onLocalAwareness(document: SharedDocument, update: Uint8Array): void;
}

/**
 * A document with many peers that relayed within RELAY_BUSY_WITHIN_MS is busy: its next relay
 * waits RELAY_BATCH_MS for more edits. With few peers a message costs few writes, and the wait
 * (timers, merging several authors' updates) costs more than it saves.
 */
const RELAY_BATCH_MIN_PEERS = 16;
const RELAY_BUSY_WITHIN_MS = 50;
const RELAY_BATCH_MS = 4;

/**
 * A connection is told its edits were saved at most this often; commits in between are reported
 * together, afterwards, with the latest vector. Someone typing without pause is in every commit
 * (four a second): one notice a second keeps "Sparat" prompt at a quarter of the socket writes.
 */
export const SAVED_NOTICE_EVERY_MS = 1_000;

const NOTHING_LOCKED: ReadonlySet<string> = new Set();

export class SharedDocument implements CommitTarget {
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<DocumentPeer>();
  /** Which connection announced each awareness client ID (see awareness-filter.ts). */
  readonly awarenessOwners = new Map<number, DocumentPeer>();
  /** Updates applied but not yet committed. */
  unsavedUpdates = 0;
  /** Workshop locks on this driver, and the roots they close to edits (connection.ts refuses those). */
  locks: WorkshopLock[] = [];
  lockedRoots: ReadonlySet<string> = NOTHING_LOCKED;
  /** Stored update rows not yet folded into the snapshot. */
  tailLength: number;
  byteSize: number;
  private committedVector: Uint8Array;
  private relayQueue: PendingRelay[] = [];
  private relayScheduled = false;
  private lastRelayAt = Number.NEGATIVE_INFINITY;
  private fullStateMessage: BinaryFrame | null = null;
  private savedWaiters: (() => void)[] = [];
  /** When each peer was last told what is saved, and the peers whose next notice waits its turn. */
  private readonly savedNoticeAt = new Map<DocumentPeer, number>();
  private readonly savedNoticeDue = new Set<DocumentPeer>();
  private savedNoticeTimer: NodeJS.Timeout | null = null;
  /**
   * Peers that joined while updates were uncommitted. The saved vector they were greeted with is
   * behind, and their own edits may be among those updates, stored under another connection
   * (their previous one, or a peer that relayed them after a restart): only the authors of a
   * batch hear of its commit, so these are told too, until everything is saved.
   */
  private readonly joinedUnsaved = new Set<DocumentPeer>();

  constructor(
    readonly driverId: string,
    readonly dialogueId: string,
    readonly doc: Y.Doc,
    stored: { bytes: number; tailLength: number; fullState: Uint8Array | null },
    private readonly hooks: SharedDocumentHooks,
  ) {
    this.byteSize = stored.bytes;
    this.tailLength = stored.tailLength;
    // A compacted document is sent to joining clients as stored, not re-encoded (a cold open).
    if (stored.fullState) this.fullStateMessage = syncStep2Message(stored.fullState);
    this.committedVector = Y.encodeStateVector(doc);
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    // Bound here rather than written as arrow-function fields: tsx (esbuild's keepNames) gives each
    // such function its own `name` property, a 256-byte dictionary per function and document.
    this.onTransaction = this.onTransaction.bind(this);
    this.onAwarenessUpdate = this.onAwarenessUpdate.bind(this);
    this.flushRelay = this.flushRelay.bind(this);
    this.sendDueSavedNotices = this.sendDueSavedNotices.bind(this);
    this.awareness.on("update", this.onAwarenessUpdate);
    this.doc.on("afterTransaction", this.onTransaction);
  }

  /** The connection that announced a presence client ID (awareness-filter.ts). */
  ownerOf(clientId: number): DocumentPeer | undefined {
    return this.awarenessOwners.get(clientId);
  }

  /**
   * Yjs has already worked out which types a transaction changed; the copier needs their roots.
   * (Not `changedParentTypes`: a root the server never read is an untyped placeholder, and those
   * raise no events.)
   */
  private onTransaction(transaction: Y.Transaction): void {
    if (!transaction.changed.size) return;
    const changedRoots = new Set<AnyType>();
    for (const type of transaction.changed.keys()) changedRoots.add(rootOf(type));
    const roots: DriverDocRoot[] = [];
    for (const [name, type] of this.doc.share) {
      if (changedRoots.has(type) && isDriverDocRoot(name)) roots.push(name);
    }
    if (roots.length) this.hooks.onChanged(this, roots);
  }

  setLocks(locks: WorkshopLock[]): void {
    this.locks = locks;
    // Most documents are never locked: they share one empty set.
    this.lockedRoots = locks.length ? lockedRoots(locks.map((lock) => lock.scope)) : NOTHING_LOCKED;
  }

  // --- messages to peers ---------------------------------------------------------------------

  /** Sync step 1, presence and the saved vector for a peer that just joined. */
  greet(peer: DocumentPeer): void {
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(sync, this.doc);
    peer.send(binaryFrame(encoding.toUint8Array(sync)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) peer.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
    peer.send(this.savedMessage());
    if (this.unsavedUpdates > 0) this.joinedUnsaved.add(peer);
  }

  /** Sync step 2 for a peer's state vector; the full state (most joins) is encoded once. */
  syncStep2For(stateVector: Uint8Array): BinaryFrame {
    const isEmpty = stateVector.byteLength === 1 && stateVector[0] === 0;
    if (isEmpty && this.fullStateMessage) return this.fullStateMessage;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
    const message = binaryFrame(encoding.toUint8Array(encoder));
    if (isEmpty) this.fullStateMessage = message;
    return message;
  }

  awarenessQueryAnswer(): BinaryFrame {
    return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
  }

  /** A comment event for everyone here (readers too): encoded once, written to each socket. */
  sendComments(eventJson: string): void {
    if (!this.peers.size) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_COMMENTS);
    encoding.writeVarString(encoder, eventJson);
    const frame = binaryFrame(encoding.toUint8Array(encoder));
    for (const peer of this.peers) peer.send(frame);
  }

  savedMessage(): BinaryFrame {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SAVED);
    encoding.writeVarUint8Array(encoder, this.committedVector);
    return binaryFrame(encoding.toUint8Array(encoder));
  }

  // --- updates -------------------------------------------------------------------------------

  /**
   * Applies an already checked update from a local connection. Its bytes are relayed and stored as
   * received: re-encoding what changed (Yjs does that for every transaction once anyone listens to
   * "update") would cost more than the apply itself, and a client only sends what the server lacks.
   */
  applyFromPeer(update: Uint8Array, peer: DocumentPeer): void {
    Y.applyUpdate(this.doc, update, peer);
    this.byteSize += update.byteLength;
    this.fullStateMessage = null;
    this.queueRelay(update, peer);
    this.hooks.onLocalUpdate(this, update);
  }

  /**
   * Applies an update from another instance. Those can be large catch-up diffs that are mostly
   * known here, so only what actually changed is relayed.
   */
  applyRemote(update: Uint8Array): void {
    const changes = this.capture(() => Y.applyUpdate(this.doc, update, "remote"));
    this.byteSize += update.byteLength;
    for (const change of changes) this.queueRelay(change, null);
  }

  /** Runs a server-side edit (restoring a version) and returns its updates, which the caller stores. */
  edit(mutate: (doc: Y.Doc) => void): Uint8Array[] {
    const changes = this.capture(() => mutate(this.doc));
    for (const change of changes) {
      this.byteSize += change.byteLength;
      this.queueRelay(change, null);
      this.hooks.onLocalUpdate(this, change);
    }
    return changes;
  }

  /** The running byte count only grows; this measures the real encoded size. */
  recountSize(): void {
    this.byteSize = Y.encodeStateAsUpdate(this.doc).byteLength;
  }

  /** The updates `run` makes, listening only meanwhile (see applyFromPeer for why). */
  private capture(run: () => void): Uint8Array[] {
    const changes: Uint8Array[] = [];
    const collect = (change: Uint8Array) => changes.push(change);
    this.doc.on("update", collect);
    try {
      run();
    } finally {
      this.doc.off("update", collect);
    }
    if (changes.length) this.fullStateMessage = null;
    return changes;
  }

  private queueRelay(update: Uint8Array, from: DocumentPeer | null): void {
    this.relayQueue.push({ update, from });
    if (this.relayScheduled) return;
    this.relayScheduled = true;
    // A lone edit goes out on the next turn of the event loop. While a crowded document is busy,
    // the edits of a few milliseconds share one message: every message costs one socket write per
    // peer, which is most of the server's work when a hundred people edit one driver.
    const isBusy = this.peers.size >= RELAY_BATCH_MIN_PEERS && performance.now() - this.lastRelayAt < RELAY_BUSY_WITHIN_MS;
    if (isBusy) setTimeout(this.flushRelay, RELAY_BATCH_MS);
    else setImmediate(this.flushRelay);
  }

  /**
   * Sends what arrived since the last relay as one message, encoded once for every peer. When it all came
   * from one connection, that connection is skipped; when several wrote, each gets the merge with
   * its own part in it (Yjs ignores what a document already holds), which costs less than merging
   * a separate message per author.
   */
  private flushRelay(): void {
    this.relayScheduled = false;
    this.lastRelayAt = performance.now();
    const queue = this.relayQueue;
    this.relayQueue = [];
    if (!queue.length || !this.peers.size) return;
    const soleAuthor = queue.every((entry) => entry.from === queue[0]!.from) ? queue[0]!.from : null;
    const message = updateMessage(queue.length === 1 ? queue[0]!.update : Y.mergeUpdates(queue.map((entry) => entry.update)));
    for (const peer of this.peers) if (peer !== soleAuthor) peer.send(message);
  }

  // --- persistence acknowledgements (CommitTarget) --------------------------------------------

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  onCommitted(vector: Uint8Array | null, authors: ReadonlySet<unknown>, rows: number): void {
    this.unsavedUpdates -= rows;
    this.tailLength += rows;
    if (vector) {
      this.committedVector = vector;
      let saved: BinaryFrame | null = null;
      const now = Date.now();
      for (const peer of this.peers) {
        if (!authors.has(peer) && !this.joinedUnsaved.has(peer)) continue;
        if (now - (this.savedNoticeAt.get(peer) ?? Number.NEGATIVE_INFINITY) < SAVED_NOTICE_EVERY_MS) {
          this.deferSavedNotice(peer);
          continue;
        }
        this.savedNoticeAt.set(peer, now);
        this.savedNoticeDue.delete(peer);
        peer.send((saved ??= this.savedMessage()));
      }
    }
    if (this.unsavedUpdates === 0) {
      this.joinedUnsaved.clear();
      const waiters = this.savedWaiters;
      this.savedWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private deferSavedNotice(peer: DocumentPeer): void {
    this.savedNoticeDue.add(peer);
    if (this.savedNoticeTimer) return;
    this.savedNoticeTimer = setTimeout(this.sendDueSavedNotices, SAVED_NOTICE_EVERY_MS);
    this.savedNoticeTimer.unref();
  }

  private sendDueSavedNotices(): void {
    this.savedNoticeTimer = null;
    const saved = this.savedMessage();
    const now = Date.now();
    for (const peer of this.savedNoticeDue) {
      this.savedNoticeAt.set(peer, now);
      peer.send(saved);
    }
    this.savedNoticeDue.clear();
  }

  /** Resolves once every update applied so far has committed. */
  whenSaved(): Promise<void> {
    if (this.unsavedUpdates === 0) return Promise.resolve();
    return new Promise((resolve) => this.savedWaiters.push(resolve));
  }

  // --- presence ------------------------------------------------------------------------------

  private onAwarenessUpdate({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void {
    const changed = [...added, ...updated, ...removed];
    if (!changed.length) return;
    const isPeer = origin !== "remote" && origin !== null && typeof origin === "object";
    if (isPeer) {
      const peer = origin as DocumentPeer;
      for (const id of [...added, ...updated]) this.awarenessOwners.set(id, peer);
    }
    for (const id of removed) this.awarenessOwners.delete(id);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const message = awarenessMessage(update);
    for (const peer of this.peers) if (peer !== origin) peer.send(message);
    if (origin !== "remote") this.hooks.onLocalAwareness(this, update);
  }

  /** Removes a departing peer and its presence. */
  removePeer(peer: DocumentPeer): void {
    this.peers.delete(peer);
    this.joinedUnsaved.delete(peer);
    this.savedNoticeAt.delete(peer);
    this.savedNoticeDue.delete(peer);
    const owned = [...this.awarenessOwners].filter(([, owner]) => owner === peer).map(([id]) => id);
    if (owned.length) awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
  }

  destroy(): void {
    if (this.savedNoticeTimer) clearTimeout(this.savedNoticeTimer);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function syncStep2Message(state: Uint8Array): BinaryFrame {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, state);
  return binaryFrame(encoding.toUint8Array(encoder));
}

function updateMessage(update: Uint8Array): BinaryFrame {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return binaryFrame(encoding.toUint8Array(encoder));
}

function awarenessMessage(update: Uint8Array): BinaryFrame {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return binaryFrame(encoding.toUint8Array(encoder));
}

/** Any shared type, exactly as Yjs declares it, without spelling out its `YEvent<any>`. */
type AnyType = Y.Doc["share"] extends Map<string, infer T> ? T : never;

function rootOf(type: AnyType): AnyType {
  let root = type;
  while (root._item) root = root._item.parent as AnyType;
  return root;
}
