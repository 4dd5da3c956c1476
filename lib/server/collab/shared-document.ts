/**
 * One driver's live document on this instance: the Y.Doc, presence, the open connections, and the
 * three things that follow every accepted update — relaying it to the others, storing it
 * (acknowledging the author after the commit) and refreshing the relational copy.
 */
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { MESSAGE_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC } from "@/lib/collab/protocol";
import type { CommitTarget } from "./write-queue";

/** What a document needs from a connection (lib/server/collab/connection.ts). */
export interface DocumentPeer {
  readonly userId: string;
  send(message: Uint8Array): void;
}

/** Where updates that were not received from a local connection came from. */
export type UpdateOrigin = DocumentPeer | "remote" | "restore";

interface PendingRelay {
  update: Uint8Array;
  from: DocumentPeer | null;
}

export interface SharedDocumentHooks {
  /** The document changed (any origin): refresh the relational copy soon. */
  onChanged(document: SharedDocument): void;
  /** An update from a local connection (or a restore) was applied: spread it to other instances. */
  onLocalUpdate(document: SharedDocument, update: Uint8Array): void;
  onLocalAwareness(document: SharedDocument, update: Uint8Array): void;
}

export class SharedDocument implements CommitTarget {
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<DocumentPeer>();
  /** Which connection announced each awareness client ID (see awareness-filter.ts). */
  readonly awarenessOwners = new Map<number, DocumentPeer>();
  /** Updates applied but not yet committed. */
  unsavedUpdates = 0;
  /** Stored update rows not yet folded into the snapshot. */
  tailLength: number;
  byteSize: number;
  private committedVector: Uint8Array;
  private relayQueue: PendingRelay[] = [];
  private relayScheduled = false;
  private fullStateMessage: Uint8Array | null = null;
  private savedWaiters: (() => void)[] = [];

  constructor(
    readonly driverId: string,
    readonly dialogueId: string,
    readonly doc: Y.Doc,
    stored: { bytes: number; tailLength: number },
    private readonly hooks: SharedDocumentHooks,
  ) {
    this.byteSize = stored.bytes;
    this.tailLength = stored.tailLength;
    this.committedVector = Y.encodeStateVector(doc);
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.onAwarenessUpdate);
    doc.on("update", this.onDocUpdate);
  }

  // --- messages to peers ---------------------------------------------------------------------

  /** Sync step 1, presence and the saved vector for a peer that just joined. */
  greet(peer: DocumentPeer): void {
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(sync, this.doc);
    peer.send(encoding.toUint8Array(sync));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) peer.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
    peer.send(this.savedMessage());
  }

  /** Sync step 2 for a peer's state vector; the full state (most joins) is encoded once. */
  syncStep2For(stateVector: Uint8Array): Uint8Array {
    const isEmpty = stateVector.byteLength === 1 && stateVector[0] === 0;
    if (isEmpty && this.fullStateMessage) return this.fullStateMessage;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
    const message = encoding.toUint8Array(encoder);
    if (isEmpty) this.fullStateMessage = message;
    return message;
  }

  awarenessQueryAnswer(): Uint8Array {
    return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
  }

  savedMessage(): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SAVED);
    encoding.writeVarUint8Array(encoder, this.committedVector);
    return encoding.toUint8Array(encoder);
  }

  // --- updates -------------------------------------------------------------------------------

  /** Applies an already checked update. */
  apply(update: Uint8Array, origin: UpdateOrigin): void {
    Y.applyUpdate(this.doc, update, origin);
    this.byteSize += update.byteLength;
  }

  /** The running byte count only grows; this measures the real encoded size. */
  recountSize(): void {
    this.byteSize = Y.encodeStateAsUpdate(this.doc).byteLength;
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    this.fullStateMessage = null;
    const from = origin === "remote" || origin === "restore" || origin === null ? null : (origin as DocumentPeer);
    this.relayQueue.push({ update, from });
    if (!this.relayScheduled) {
      this.relayScheduled = true;
      setImmediate(this.flushRelay);
    }
    if (origin !== "remote") this.hooks.onLocalUpdate(this, update);
    this.hooks.onChanged(this);
  };

  /**
   * Sends what arrived in this tick as one message per distinct audience: the merged updates to
   * everyone who wrote none of them, and to each author the merge of the others' updates. An
   * author never gets its own update back.
   */
  private flushRelay = () => {
    this.relayScheduled = false;
    const queue = this.relayQueue;
    this.relayQueue = [];
    if (!queue.length || !this.peers.size) return;
    const authors = new Set(queue.map((entry) => entry.from).filter((from): from is DocumentPeer => from !== null));
    const merged = updateMessage(queue.length === 1 ? queue[0]!.update : Y.mergeUpdates(queue.map((entry) => entry.update)));
    for (const peer of this.peers) {
      if (!authors.has(peer)) {
        peer.send(merged);
        continue;
      }
      const others = queue.filter((entry) => entry.from !== peer).map((entry) => entry.update);
      if (others.length) peer.send(updateMessage(others.length === 1 ? others[0]! : Y.mergeUpdates(others)));
    }
  };

  // --- persistence acknowledgements (CommitTarget) --------------------------------------------

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  onCommitted(vector: Uint8Array | null, authors: ReadonlySet<unknown>, rows: number): void {
    this.unsavedUpdates -= rows;
    this.tailLength += rows;
    if (vector) {
      this.committedVector = vector;
      const saved = this.savedMessage();
      for (const peer of this.peers) if (authors.has(peer)) peer.send(saved);
    }
    if (this.unsavedUpdates === 0) {
      const waiters = this.savedWaiters;
      this.savedWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Resolves once every update applied so far has committed. */
  whenSaved(): Promise<void> {
    if (this.unsavedUpdates === 0) return Promise.resolve();
    return new Promise((resolve) => this.savedWaiters.push(resolve));
  }

  // --- presence ------------------------------------------------------------------------------

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
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
  };

  /** Removes a departing peer and its presence. */
  removePeer(peer: DocumentPeer): void {
    this.peers.delete(peer);
    const owned = [...this.awarenessOwners].filter(([, owner]) => owner === peer).map(([id]) => id);
    if (owned.length) awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
  }

  destroy(): void {
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.off("update", this.onDocUpdate);
    this.doc.destroy();
  }
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
