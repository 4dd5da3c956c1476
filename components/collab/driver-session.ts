/**
 * One driver's live document in the browser: the Y.Doc, its local copy (IndexedDB), the websocket
 * to the collaboration server, and what the page shows about them (sync state, whether the
 * editors may replace the server-rendered copy, a final refusal from the server).
 */
import * as decoding from "lib0/decoding";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import {
  COLLAB_PATH,
  FINAL_CLOSE_CODES,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  driverDocumentName,
  type PresenceUser,
} from "@/lib/collab/protocol";
import { endClocksOf, isCoveredBy, mergeStateVectors, withoutClient, type StateVector } from "@/lib/collab/saved-state";
import { localDraftName, registerOpenDocument } from "./local-drafts";

/** What the sync indicator says. */
export type SyncState = "connecting" | "saving" | "saved" | "offline" | "closed";

export interface SessionSnapshot {
  syncState: SyncState;
  /** The document has been synced with the server once, so the live editors may show it. */
  isReady: boolean;
  /** The close code of a final refusal (FINAL_CLOSE_CODES), after which nothing reconnects. */
  finalCloseCode: number | null;
}

interface SessionOptions {
  driverId: string;
  userId: string;
  user: PresenceUser;
}

/** y-sync message type of "sync step 1": the sender's state vector. */
const SYNC_STEP_1 = 0;
/** How long the local copy may take to load before the server's copy is shown without it. */
const LOCAL_COPY_GRACE_MS = 1500;

function collabUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}${COLLAB_PATH}`;
}

function stateVectorOf(doc: Y.Doc): StateVector {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

export class DriverSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly user: PresenceUser;
  private readonly localCopy: IndexeddbPersistence;
  /** Everything the server has vouched for: committed (MESSAGE_SAVED), or held before our edits. */
  private savedVector: StateVector = new Map();
  private hasSynced = false;
  private isLocalCopyLoaded = false;
  private hasFailedToConnect = false;
  private finalCloseCode: number | null = null;
  private snapshot: SessionSnapshot = { syncState: "connecting", isReady: false, finalCloseCode: null };
  private readonly listeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];

  constructor({ driverId, userId, user }: SessionOptions) {
    this.user = user;
    this.localCopy = new IndexeddbPersistence(localDraftName(userId, driverId), this.doc);
    this.provider = new WebsocketProvider(collabUrl(), driverDocumentName(driverId), this.doc, {
      connect: false,
      // Every tab talks to the server itself, so what "Sparat" says is always the server's word.
      disableBc: true,
      shouldReconnect: (event) => !FINAL_CLOSE_CODES.has(event.code),
    });
    this.provider.awareness.setLocalStateField("user", user);
    this.provider.awareness.setLocalStateField("editing", null);
    this.listenToServerMessages();
    this.listenToConnection();
    this.listenToLocalCopy();
    this.doc.on("update", this.onDocumentUpdate);
    this.cleanups.push(registerOpenDocument({ hasUnsavedChanges: () => this.hasUnsavedChanges(), close: () => this.destroy() }));
    if (navigator.onLine) this.provider.connect();
    else this.hasFailedToConnect = true;
    this.refresh();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  /** True when the local document holds an operation the server has not confirmed. */
  hasUnsavedChanges(): boolean {
    return !isCoveredBy(stateVectorOf(this.doc), this.savedVector);
  }

  /** Which part this person is working in (presence), or null. */
  setEditing(part: string | null): void {
    if (this.provider.awareness.getLocalState()?.editing !== part) {
      this.provider.awareness.setLocalStateField("editing", part);
    }
  }

  private isDestroyed = false;

  /** Stops everything; the local copy keeps what was typed. */
  async destroy(): Promise<void> {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    for (const cleanup of this.cleanups) cleanup();
    this.doc.off("update", this.onDocumentUpdate);
    this.provider.destroy();
    await this.localCopy.destroy();
    this.doc.destroy();
  }

  private listenToServerMessages(): void {
    const handlers = this.provider.messageHandlers;
    const handleSync = handlers[MESSAGE_SYNC]!;
    handlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      this.noteServerStateVector(decoding.clone(decoder));
      handleSync(encoder, decoder, provider, emitSynced, messageType);
    };
    handlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      try {
        this.markSaved(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
      } catch {
        // A malformed acknowledgement confirms nothing.
      }
    };
  }

  /** The server's sync step 1 says what it already holds, except our own new edits. */
  private noteServerStateVector(decoder: decoding.Decoder): void {
    try {
      if (decoding.readVarUint(decoder) !== SYNC_STEP_1) return;
      const serverVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      this.markSaved(withoutClient(serverVector, this.doc.clientID));
    } catch {
      // Left to the sync handler, which reports malformed messages itself.
    }
  }

  private markSaved(vector: StateVector): void {
    this.savedVector = mergeStateVectors(this.savedVector, vector);
    this.refresh();
  }

  private onDocumentUpdate = (update: Uint8Array, origin: unknown): void => {
    // What the server relayed, it held: the update's end clock per client counts as vouched for.
    if (origin === this.provider) this.markSaved(withoutClient(endClocksOf(update), this.doc.clientID));
    else this.refresh();
  };

  private listenToConnection(): void {
    const provider = this.provider;
    const onStatus = () => this.refresh();
    const onSync = (isSynced: boolean) => {
      if (isSynced) this.hasSynced = true;
      this.refresh();
    };
    const onConnectionClose = () => {
      this.hasFailedToConnect = true;
      this.refresh();
    };
    const onClosed = ({ code }: { code: number }) => {
      this.finalCloseCode = code;
      this.refresh();
    };
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("connection-close", onConnectionClose);
    provider.on("connection-error", onConnectionClose);
    provider.on("closed", onClosed);
    // The browser knows before the socket does: without this a dead network shows only after
    // y-websocket's 30 s watchdog.
    const goOffline = () => {
      this.hasFailedToConnect = true;
      provider.disconnect();
      this.refresh();
    };
    const goOnline = () => {
      if (this.finalCloseCode === null) provider.connect();
    };
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    this.cleanups.push(() => {
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
    });
  }

  private listenToLocalCopy(): void {
    const markLoaded = () => {
      this.isLocalCopyLoaded = true;
      this.refresh();
    };
    void this.localCopy.whenSynced.then(markLoaded);
    // A browser without IndexedDB (or a slow one) must not keep the editors away.
    const timer = setTimeout(markLoaded, LOCAL_COPY_GRACE_MS);
    this.cleanups.push(() => clearTimeout(timer));
  }

  private syncState(): SyncState {
    if (this.finalCloseCode !== null) return "closed";
    if (this.provider.wsconnected) return this.provider.synced && !this.hasUnsavedChanges() ? "saved" : "saving";
    return this.hasSynced || this.hasFailedToConnect ? "offline" : "connecting";
  }

  private refresh(): void {
    if (this.isDestroyed) return;
    const next: SessionSnapshot = {
      syncState: this.syncState(),
      isReady: this.hasSynced && this.isLocalCopyLoaded,
      finalCloseCode: this.finalCloseCode,
    };
    const previous = this.snapshot;
    if (next.syncState === previous.syncState && next.isReady === previous.isReady && next.finalCloseCode === previous.finalCloseCode) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
