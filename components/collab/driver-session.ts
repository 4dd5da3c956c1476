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
  CLOSE_CODES,
  COLLAB_PATH,
  FINAL_CLOSE_CODES,
  MESSAGE_COMMENTS,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  driverDocumentName,
  type PresenceUser,
} from "@/lib/collab/protocol";
import type { CommentEvent } from "@/lib/model/comment";
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
  /**
   * An observer's (or a closed dialogue's participant's) session: the server drops whatever it
   * sends. The editors may still normalise a fragment locally (y-prosemirror writes default
   * attributes back), which must not count as "unsaved" and block leaving the page.
   */
  isReadOnly: boolean;
}

export interface CommentListener {
  onEvent(event: CommentEvent): void;
  resync(): void;
}

/** y-sync message type of "sync step 1": the sender's state vector. */
const SYNC_STEP_1 = 0;
/** Refused connection attempts in a row after which the page checks whether access is gone. */
const REFUSALS_BEFORE_ACCESS_CHECK = 3;
/** How long the local copy may take to load before the server's copy is shown without it. */
const LOCAL_COPY_GRACE_MS = 1500;

function collabUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}${COLLAB_PATH}`;
}

function stateVectorOf(doc: Y.Doc): StateVector {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** How long the "this part was locked" message shows before the page reloads. */
const LOCKED_RELOAD_AFTER_MS = 4_000;

export class DriverSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly user: PresenceUser;
  private readonly isReadOnly: boolean;
  private readonly localCopy: IndexeddbPersistence;
  /** Everything the server has vouched for: committed (MESSAGE_SAVED), or held before our edits. */
  private savedVector: StateVector = new Map();
  private hasSynced = false;
  private isLocalCopyLoaded = false;
  private hasFailedToConnect = false;
  /** Connection attempts in a row that closed before the socket opened. */
  private refusedAttempts = 0;
  private isCheckingAccess = false;
  private finalCloseCode: number | null = null;
  private isDestroyed = false;
  private isDiscarded = false;
  private snapshot: SessionSnapshot = { syncState: "connecting", isReady: false, finalCloseCode: null };
  private readonly listeners = new Set<() => void>();
  private readonly commentListeners = new Set<CommentListener>();
  private readonly accessListeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];

  constructor({ driverId, userId, user, isReadOnly }: SessionOptions) {
    this.user = user;
    this.isReadOnly = isReadOnly;
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

  /**
   * Comment events for this driver (MESSAGE_COMMENTS), and `resync` each time the socket has
   * synced again: events sent while it was down are lost, so the listener re-reads then.
   */
  onComments = (listener: CommentListener): (() => void) => {
    this.commentListeners.add(listener);
    return () => this.commentListeners.delete(listener);
  };

  /**
   * The server closed the socket because this person's right to edit changed (a role change, or a
   * round opening or closing on the driver): the page must ask the server again what they may do.
   */
  onAccessChanged = (listener: () => void): (() => void) => {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  };

  /** True when the local document holds an operation the server has not confirmed (never for readers). */
  hasUnsavedChanges(): boolean {
    return !this.isReadOnly && !this.isDiscarded && !isCoveredBy(stateVectorOf(this.doc), this.savedVector);
  }

  /**
   * The server refused an edit to a part locked during a workshop (CLOSE_CODES.locked). Reconnecting
   * would send it again, so the local copy is dropped and the page reloads from the server after
   * the person has had time to read why (sync-status.tsx says it).
   */
  private async discardRefusedEdits(): Promise<void> {
    this.isDiscarded = true;
    try {
      await this.localCopy.clearData();
    } catch {
      // Without IndexedDB there is nothing kept to drop.
    }
    setTimeout(() => window.location.reload(), LOCKED_RELOAD_AFTER_MS);
  }

  /** Which part this person is working in (presence), or null. */
  setEditing(part: string | null): void {
    if (this.provider.awareness.getLocalState()?.editing !== part) {
      this.provider.awareness.setLocalStateField("editing", part);
    }
  }

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
    handlers[MESSAGE_COMMENTS] = (_encoder, decoder) => {
      let event: CommentEvent;
      try {
        event = JSON.parse(decoding.readVarString(decoder)) as CommentEvent;
      } catch {
        return;
      }
      for (const listener of this.commentListeners) listener.onEvent(event);
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
      if (isSynced) {
        this.hasSynced = true;
        // Events sent before the socket was (again) open are lost: since the page was rendered, or while offline.
        for (const listener of this.commentListeners) listener.resync();
      }
      this.refresh();
    };
    const onConnectionClose = (event: CloseEvent | null) => {
      if (event?.code === CLOSE_CODES.accessChanged) for (const listener of this.accessListeners) listener();
      // Emitted before y-websocket resets wsconnected: false means the socket never opened.
      if (provider.wsconnected) this.refusedAttempts = 0;
      else this.refusedAttempts++;
      this.hasFailedToConnect = true;
      if (this.refusedAttempts >= REFUSALS_BEFORE_ACCESS_CHECK && navigator.onLine) void this.checkAccess();
      this.refresh();
    };
    const onClosed = ({ code }: { code: number }) => {
      this.finalCloseCode = code;
      if (code === CLOSE_CODES.locked) void this.discardRefusedEdits();
      this.refresh();
    };
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("connection-close", onConnectionClose);
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

  /**
   * The server refuses an upgrade with a plain HTTP status (a removed member, an expired session),
   * which a browser's websocket cannot read. When the socket keeps failing although the network is
   * up, the page itself tells: 404 means no access any more, a redirect means signed out. Then
   * retrying is pointless and the person is told why, as for a final close code.
   */
  private async checkAccess(): Promise<void> {
    if (this.isCheckingAccess || this.finalCloseCode !== null) return;
    this.isCheckingAccess = true;
    try {
      const response = await fetch(window.location.href, { method: "HEAD", redirect: "manual", cache: "no-store" });
      if (response.type === "opaqueredirect") this.stop(CLOSE_CODES.unauthenticated);
      else if (response.status === 404) this.stop(CLOSE_CODES.forbidden);
    } catch {
      // The network is down after all: keep retrying.
    } finally {
      this.isCheckingAccess = false;
    }
  }

  private stop(code: number): void {
    if (this.isDestroyed) return;
    this.provider.disconnect();
    this.finalCloseCode = code;
    this.refresh();
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
