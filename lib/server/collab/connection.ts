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
import { filterAwarenessUpdate } from "./awareness-filter";
import type { DocumentPeer, SharedDocument } from "./shared-document";
import { checkUpdate } from "./update-guard";
import type { BinaryFrame } from "./ws-frame";

export interface ConnectionIdentity {
  userId: string;
  sessionToken: string;
  dialogueId: string;
  driverId: string;
  readOnly: boolean;
  presence: PresenceUser;
}

export interface ConnectionHooks {
  /** A checked update from this connection was applied: store it (ack after commit). */
  onAccepted(connection: CollabConnection, update: Uint8Array): void;
  onClosed(connection: CollabConnection): void;
  log(event: string, fields: Record<string, unknown>): void;
}

const OPEN = 1;
const MAX_QUEUED_BEFORE_READY = 200;

export class CollabConnection implements DocumentPeer {
  private document: SharedDocument | null = null;
  private queued: Uint8Array[] = [];
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
    readonly identity: ConnectionIdentity,
    private readonly hooks: ConnectionHooks,
  ) {
    socket.binaryType = "nodebuffer";
    socket.on("message", (data, isBinary) => this.onFrame(data as Buffer, isBinary));
    socket.on("close", () => this.dispose());
    // ws reports over-size frames (it closes with 1009 itself) and protocol errors here.
    socket.on("error", (error) => {
      this.hooks.log("collab.socket.error", { userId: this.userId, error: error.message });
      this.dispose();
    });
  }

  get userId(): string {
    return this.identity.userId;
  }

  /** The document finished loading: greet, then handle what arrived meanwhile. */
  attach(document: SharedDocument): void {
    if (this.closed) return;
    this.document = document;
    document.peers.add(this);
    document.greet(this);
    const queued = this.queued;
    this.queued = [];
    for (const frame of queued) if (!this.closed) this.handle(frame);
  }

  /** A failed write surfaces as the socket's error, which ws turns into a close (dispose). */
  send(frame: BinaryFrame): void {
    if (this.closed || this.socket.readyState !== OPEN) return;
    this.lastSentAt = Date.now();
    this.stream.write(frame);
  }

  close(code: CloseCode, reason: string): void {
    if (this.closed) return;
    this.hooks.log("collab.connection.closed", { userId: this.userId, driverId: this.identity.driverId, code, reason });
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
    this.document?.removePeer(this);
    this.hooks.onClosed(this);
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    this.lastMessageAt = Date.now();
    if (!isBinary) return this.close(CLOSE_CODES.malformed, "text frames are not part of the protocol");
    if (!this.takeToken()) return;
    const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (!this.document) {
      if (this.queued.length >= MAX_QUEUED_BEFORE_READY) return this.close(CLOSE_CODES.rateLimited, "too many messages before the document was ready");
      this.queued.push(frame);
      return;
    }
    this.handle(frame);
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

  private handle(frame: Uint8Array): void {
    const document = this.document!;
    try {
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
    } catch (error) {
      this.close(CLOSE_CODES.malformed, error instanceof Error ? `malformed message: ${error.message}` : "malformed message");
    }
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
    const filtered = filterAwarenessUpdate(payload, this, this.identity.presence, {
      ownerOf: (clientId) => document.awarenessOwners.get(clientId),
    });
    if (filtered) awarenessProtocol.applyAwarenessUpdate(document.awareness, filtered, this);
  }
}
