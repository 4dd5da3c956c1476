/**
 * One authenticated websocket on one driver document. Every frame is decoded inside a try: a
 * malformed frame, an unknown message type or a forged update closes only this connection, with a
 * documented code, and changes nothing. Observers (read-only) receive everything and their
 * updates are dropped — never applied, relayed or stored. A connection that floods is throttled
 * (its socket paused), then closed; a silent one times out.
 */
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import { DRIVER_DOC_ROOTS } from "@/lib/collab/driver-doc";
import {
  CLOSE_CODES,
  COLLAB_LIMITS,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  type CloseCode,
  type PresenceUser,
} from "@/lib/collab/protocol";
import { AwarenessRewrites, filterAwarenessUpdate } from "./awareness-filter";
import type { DocumentPeer, SharedDocument } from "./shared-document";
import { checkUpdate } from "./update-guard";
import { touchesLocked } from "./lock-guard";
import type { BinaryFrame } from "./ws-frame";

export interface ConnectionIdentity {
  userId: string;
  sessionToken: string;
  dialogueId: string;
  driverId: string;
  readOnly: boolean;
  presence: PresenceUser;
}

export interface ConnectionHooks<C> {
  /** A checked update from this connection was applied: store it (ack after commit). */
  onAccepted(connection: C, update: Uint8Array): void;
  onClosed(connection: C): void;
  log(event: string, fields: Record<string, unknown>): void;
}

const OPEN = 1;
const MAX_QUEUED_BEFORE_READY = 200;

/**
 * What every collaboration socket shares, whatever it is attached to (a driver's document or a
 * workshop's room): frames are queued until the target is ready, then handled one by one; the
 * token bucket throttles and closes floods; `lastMessageAt`/`lastSentAt` drive the idle timeout
 * and the keepalive (collab-server.ts).
 */
export abstract class SocketConnection {
  private queued: Uint8Array[] = [];
  private ready = false;
  private tokens: number = COLLAB_LIMITS.messageBurst;
  private lastRefill = Date.now();
  private floodingSince: number | null = null;
  private resumeTimer: NodeJS.Timeout | null = null;
  lastMessageAt = Date.now();
  lastSentAt = Date.now();
  closed = false;

  /**
   * `stream` is the socket under `socket`: frames for peers are encoded once (ws-frame.ts) and
   * written to it directly, in order with what ws itself writes (pings, the close frame).
   */
  constructor(
    readonly socket: WebSocket,
    private readonly stream: Duplex,
    protected readonly log: (event: string, fields: Record<string, unknown>) => void,
  ) {
    socket.binaryType = "nodebuffer";
    socket.on("message", (data, isBinary) => this.onFrame(data as Buffer, isBinary));
    socket.on("close", () => this.dispose());
    // ws reports over-size frames (it closes with 1009 itself) and protocol errors here.
    socket.on("error", (error) => {
      this.log("collab.socket.error", { ...this.logFields(), error: error.message });
      this.dispose();
    });
  }

  abstract get userId(): string;
  protected abstract logFields(): Record<string, unknown>;
  /** Handles one frame once the target is ready (inside the caller's try). */
  protected abstract handle(frame: Uint8Array): void;
  protected abstract onDispose(): void;

  /** The target is ready: handle what arrived meanwhile. */
  protected markReady(): void {
    this.ready = true;
    const queued = this.queued;
    this.queued = [];
    for (const frame of queued) if (!this.closed) this.handleSafely(frame);
  }

  /** A failed write surfaces as the socket's error, which ws turns into a close (dispose). */
  send(frame: BinaryFrame): void {
    if (this.closed || this.socket.readyState !== OPEN) return;
    this.lastSentAt = Date.now();
    this.stream.write(frame);
  }

  close(code: CloseCode, reason: string): void {
    if (this.closed) return;
    this.log("collab.connection.closed", { ...this.logFields(), code, reason });
    try {
      this.socket.close(code, reason.slice(0, 120));
    } catch {
      this.socket.terminate();
    }
    this.dispose();
    // A peer that ignores the close handshake is cut off.
    setTimeout(() => this.socket.terminate(), 2_000).unref();
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.onDispose();
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    this.lastMessageAt = Date.now();
    if (!isBinary) return this.close(CLOSE_CODES.malformed, "text frames are not part of the protocol");
    if (!this.takeToken()) return;
    const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (!this.ready) {
      if (this.queued.length >= MAX_QUEUED_BEFORE_READY) return this.close(CLOSE_CODES.rateLimited, "too many messages before the document was ready");
      this.queued.push(frame);
      return;
    }
    this.handleSafely(frame);
  }

  private handleSafely(frame: Uint8Array): void {
    try {
      this.handle(frame);
    } catch (error) {
      this.close(CLOSE_CODES.malformed, error instanceof Error ? `malformed message: ${error.message}` : "malformed message");
    }
  }

  /** Token bucket: over the rate the socket is paused (throttled); flooding for long is closed. */
  private takeToken(): boolean {
    const now = Date.now();
    this.tokens = Math.min(COLLAB_LIMITS.messageBurst, this.tokens + ((now - this.lastRefill) / 1000) * COLLAB_LIMITS.messagesPerSecond);
    this.lastRefill = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      if (this.floodingSince !== null && this.tokens >= COLLAB_LIMITS.messagesPerSecond) this.floodingSince = null;
      return true;
    }
    this.floodingSince ??= now;
    if (now - this.floodingSince >= COLLAB_LIMITS.floodSeconds * 1000) {
      this.close(CLOSE_CODES.rateLimited, "too many messages");
      return false;
    }
    // Still handle this frame (dropping a Yjs update would desynchronise the client), but stop
    // reading until the bucket has refilled a little.
    this.tokens -= 1;
    if (!this.resumeTimer) {
      this.socket.pause();
      this.resumeTimer = setTimeout(() => {
        this.resumeTimer = null;
        if (!this.closed) this.socket.resume();
      }, 100);
    }
    return true;
  }
}

export class CollabConnection extends SocketConnection implements DocumentPeer {
  private document: SharedDocument | null = null;
  private readonly awarenessRewrites = new AwarenessRewrites();

  constructor(
    socket: WebSocket,
    stream: Duplex,
    readonly identity: ConnectionIdentity,
    private readonly hooks: ConnectionHooks<CollabConnection>,
  ) {
    super(socket, stream, hooks.log);
  }

  get userId(): string {
    return this.identity.userId;
  }

  protected logFields(): Record<string, unknown> {
    return { userId: this.userId, driverId: this.identity.driverId };
  }

  /** The document finished loading: greet, then handle what arrived meanwhile. */
  attach(document: SharedDocument): void {
    if (this.closed) return;
    this.document = document;
    document.peers.add(this);
    document.greet(this);
    this.markReady();
  }

  protected onDispose(): void {
    this.document?.removePeer(this);
    this.hooks.onClosed(this);
  }

  protected handle(frame: Uint8Array): void {
    const document = this.document!;
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        this.handleSync(decoder, document);
        break;
      case MESSAGE_AWARENESS:
        this.handleAwareness(decoding.readVarUint8Array(decoder), document);
        break;
      case MESSAGE_QUERY_AWARENESS:
        this.send(document.awarenessQueryAnswer());
        break;
      default:
        return this.close(CLOSE_CODES.malformed, `unknown message type ${type}`);
    }
    if (!this.closed && decoding.hasContent(decoder)) this.close(CLOSE_CODES.malformed, "trailing bytes");
  }

  private handleSync(decoder: decoding.Decoder, document: SharedDocument): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      this.send(document.syncStep2For(decoding.readVarUint8Array(decoder)));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new Error(`unknown sync message ${syncType}`);
    }
    const update = decoding.readVarUint8Array(decoder);
    if (this.identity.readOnly) return;
    const verdict = checkUpdate(update, DRIVER_DOC_ROOTS);
    if (!verdict.ok) return this.close(CLOSE_CODES.malformed, verdict.reason);
    if (verdict.isEmpty) return;
    // Locked during a workshop: refused whole (nothing applied, relayed or stored), and the client
    // is told (CLOSE_CODES.locked says why the socket closes rather than dropping the update).
    if (touchesLocked(update, document.doc, document.lockedRoots)) {
      return this.close(CLOSE_CODES.locked, "the update changes a part locked in a workshop");
    }
    if (document.byteSize + update.byteLength > COLLAB_LIMITS.maxDocumentBytes && !this.fitsAfterRecount(document, update)) {
      return this.close(CLOSE_CODES.documentTooLarge, "the document would exceed its size limit");
    }
    document.applyFromPeer(update, this);
    this.hooks.onAccepted(this, update);
  }

  /** The running byte count only grows; before refusing, measure the real encoded size. */
  private fitsAfterRecount(document: SharedDocument, update: Uint8Array): boolean {
    document.recountSize();
    return document.byteSize + update.byteLength <= COLLAB_LIMITS.maxDocumentBytes;
  }

  private handleAwareness(payload: Uint8Array, document: SharedDocument): void {
    const filtered = filterAwarenessUpdate(
      payload,
      this,
      this.identity.presence,
      document,
      this.awarenessRewrites,
    );
    if (filtered) awarenessProtocol.applyAwarenessUpdate(document.awareness, filtered, this);
  }
}
