/**
 * The two kinds of benchmark client, both speaking y-websocket's protocol to either server:
 *
 * - `FullClient`: a real `WebsocketProvider` with a full Y.Doc replica (what the browser runs). A
 *   few per document measure latency and convergence.
 * - `ThinClient`: a raw websocket that sends real Yjs updates (made in a private Y.Doc holding only
 *   its own edits) and presence like y-websocket's, and records the frames it receives without
 *   decoding them, so that 150 clients fit in one harness process (BENCHMARKING.md, "light
 *   mode"). The server does the same Yjs and socket work for it as for a full client.
 *
 * Every edit appends `sender:seq:sendMicros;` to the client's own paragraph in `nulage` (a
 * Y.XmlText in a Y.XmlElement("paragraph"), i.e. what Tiptap writes), a root Samsyn accepts.
 * Receivers only timestamp what arrives; `markers.ts` decodes it after the timed phase.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { MESSAGE_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC } from "../../lib/collab/protocol";
import { FrameLog } from "./frame-log";

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export const TEXT_ROOT = "nulage";

export interface Endpoint {
  /** e.g. ws://127.0.0.1:PORT/collab; the document name follows after a slash. */
  wsBase: string;
  origin: string;
  /** Cookie header values; clients take them in turn. */
  cookies: string[];
}


let connectionCounter = 0;

/**
 * Each socket gets its own loopback source address (127.1.x.y): the samsyn server limits upgrades
 * per IP and minute, and hundreds of simulated users do not share one IP in real life. Linux
 * routes all of 127.0.0.0/8 to the loopback device, so no setup is needed. Both systems get the
 * same treatment.
 */
function nextLocalAddress(): string {
  const n = connectionCounter++ % 60_000;
  return `127.1.${Math.floor(n / 250) + 1}.${(n % 250) + 1}`;
}

function headersFor(endpoint: Endpoint, clientIndex: number): Record<string, string> {
  const cookie = endpoint.cookies.length > 0 ? endpoint.cookies[clientIndex % endpoint.cookies.length]! : "";
  return cookie ? { Origin: endpoint.origin, Cookie: cookie } : { Origin: endpoint.origin };
}

/** A `ws` WebSocket that sends the session cookie and Origin, as a browser would. */
function socketClassFor(headers: Record<string, string>): typeof globalThis.WebSocket {
  class BenchSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols ?? [], { headers, localAddress: nextLocalAddress() });
    }
  }
  return BenchSocket as unknown as typeof globalThis.WebSocket;
}

export function marker(sender: number, seq: number, sentAt: number): string {
  return `${sender}:${seq}:${Math.round(sentAt * 1000)};`;
}

/**
 * The texts of the paragraphs clients added, in document order. Samsyn starts a driver's document
 * from its relational content, which gives each part one empty paragraph (no text child): those
 * are skipped.
 */
export function paragraphTexts(doc: Y.Doc): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  for (const child of doc.getXmlFragment(TEXT_ROOT).toArray()) {
    const first = child instanceof Y.XmlElement ? child.get(0) : null;
    if (first instanceof Y.XmlText) texts.push(first);
  }
  return texts;
}

/** Appends a paragraph with an empty text to `nulage` and returns the text. */
function addParagraph(doc: Y.Doc): Y.XmlText {
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  const fragment = doc.getXmlFragment(TEXT_ROOT);
  doc.transact(() => fragment.insert(fragment.length, [paragraph]));
  return text;
}

function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const poll = () => {
      if (check()) return resolve();
      if (performance.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

export interface BenchClient {
  /** Global index (unique in a case): the `sender` in markers. */
  readonly index: number;
  readonly kind: "full" | "thin";
  /**
   * What arrived, with arrival times, decoded only after the timed phase: Yjs updates (full
   * clients) or whole y-websocket sync messages (thin clients).
   */
  readonly received: FrameLog;
  /** Connection losses seen during the case (each may hide or cause lost deliveries). */
  disconnects: number;
  /** Close codes of those losses (e.g. 4408 idle, 4429 rate limited). */
  readonly closeCodes: number[];
  connect(timeoutMs: number): Promise<void>;
  /** Creates the client's own paragraph (setup, before the timed phase). */
  addParagraph(): void;
  /** Appends one marker to the client's paragraph; returns the send time. */
  edit(sender: number, seq: number): number;
  close(): void;
}

export class FullClient implements BenchClient {
  readonly kind = "full" as const;
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly received = new FrameLog();
  disconnects = 0;
  readonly closeCodes: number[] = [];
  /** The last state vector the samsyn server reported as committed (`saved`, type 100). */
  savedVector: Map<number, number> | null = null;
  private text: Y.XmlText | null = null;

  constructor(
    readonly index: number,
    endpoint: Endpoint,
    docName: string,
    options: { record?: boolean } = {},
  ) {
    this.provider = new WebsocketProvider(endpoint.wsBase, docName, this.doc, {
      connect: false,
      // In one process, providers of the same room would otherwise sync over BroadcastChannel
      // and bypass the server.
      disableBc: true,
      WebSocketPolyfill: socketClassFor(headersFor(endpoint, index)),
    });
    // Samsyn's `saved` message; y-websocket does not know it and would log an error.
    this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      this.savedVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    };
    this.provider.on("connection-close", (event) => {
      this.disconnects += 1;
      this.closeCodes.push(event?.code ?? 0);
    });
    if (options.record !== false) {
      // Remote updates arrive with the provider as the transaction origin; the update event fires
      // when Yjs has integrated them, i.e. when the user would see them.
      this.doc.on("update", (update: Uint8Array, origin: unknown) => {
        if (origin === this.provider) this.received.push(performance.now(), update);
      });
    }
  }

  /** Resolves on the provider's `sync` event (not by polling: cold open times this). */
  connect(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.provider.off("sync", onSync);
        this.provider.off("closed", onClosed);
        if (error) reject(error);
        else resolve();
      };
      const onSync = (state: boolean) => {
        if (state) finish();
      };
      const onClosed = (event: { code: number; reason: string }) =>
        finish(new Error(`client ${this.index} refused: close ${event.code} ${event.reason}`));
      const timer = setTimeout(() => finish(new Error(`client ${this.index} did not sync in ${timeoutMs} ms`)), timeoutMs);
      this.provider.on("sync", onSync);
      this.provider.on("closed", onClosed);
      this.provider.connect();
    });
  }

  addParagraph(): void {
    this.text = addParagraph(this.doc);
  }

  edit(sender: number, seq: number): number {
    const text = this.text ?? (this.text = addParagraph(this.doc));
    const sentAt = performance.now();
    text.insert(text.length, marker(sender, seq, sentAt));
    return sentAt;
  }

  close(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}

export class ThinClient implements BenchClient {
  readonly kind = "thin" as const;
  readonly received = new FrameLog();
  disconnects = 0;
  readonly closeCodes: number[] = [];
  /** Edits that could not be sent because the socket was not open. */
  sendFailures = 0;
  otherMessages = 0;
  private socket: WebSocket | null = null;
  private synced = false;
  private closing = false;
  /** Holds only this client's own edits: enough to produce real updates cheaply. */
  private readonly doc = new Y.Doc();
  /**
   * Its presence, announced on connect and renewed every 15 s like y-websocket's (the samsyn
   * server closes a connection that sends nothing for 60 s, and relays presence like the
   * reference does, so this is part of the load either way).
   */
  private readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private text: Y.XmlText | null = null;

  constructor(
    readonly index: number,
    private readonly endpoint: Endpoint,
    private readonly docName: string,
  ) {
    this.doc.on("update", (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      encoding.writeVarUint(encoder, SYNC_UPDATE);
      encoding.writeVarUint8Array(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
    this.awareness.on("update", (_changes: unknown, origin: unknown) => {
      if (origin === "local") this.sendPresence();
    });
  }

  private sendPresence(): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
    this.send(encoding.toUint8Array(encoder));
  }

  connect(timeoutMs: number): Promise<void> {
    const socket = new WebSocket(`${this.endpoint.wsBase}/${this.docName}`, {
      headers: headersFor(this.endpoint, this.index),
      localAddress: nextLocalAddress(),
    });
    this.socket = socket;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`thin client ${this.index} did not sync`)), timeoutMs);
      socket.on("open", () => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        encoding.writeVarUint(encoder, SYNC_STEP1);
        encoding.writeVarUint8Array(encoder, Y.encodeStateVector(this.doc));
        socket.send(encoding.toUint8Array(encoder));
        this.sendPresence();
      });
      socket.on("message", (raw: Buffer) => {
        const t = performance.now();
        // Types below 128 are one varint byte: no decoding needed to route the message.
        if (raw[0] !== MESSAGE_SYNC) {
          this.otherMessages += 1;
          return;
        }
        if (raw[1] === SYNC_STEP1) {
          this.answerStep1(raw);
          return;
        }
        this.received.push(t, raw);
        if (raw[1] === SYNC_STEP2 && !this.synced) {
          this.synced = true;
          clearTimeout(timer);
          resolve();
        }
      });
      socket.on("unexpected-response", (_request, response) => {
        clearTimeout(timer);
        reject(new Error(`upgrade refused: HTTP ${response.statusCode}`));
      });
      socket.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.on("close", (code) => {
        if (!this.closing) {
          this.disconnects += 1;
          this.closeCodes.push(code);
          clearTimeout(timer);
          reject(new Error(`thin client ${this.index} closed with ${code}`));
        }
      });
    });
  }

  /** Sync step 1 from the server: send what it lacks of our own edits (step 2). */
  private answerStep1(raw: Buffer): void {
    const decoder = decoding.createDecoder(raw);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const stateVector = decoding.readVarUint8Array(decoder);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, SYNC_STEP2);
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(this.doc, stateVector));
    this.send(encoding.toUint8Array(encoder));
  }

  private send(message: Uint8Array): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(message);
    else this.sendFailures += 1;
  }

  addParagraph(): void {
    this.text = addParagraph(this.doc);
  }

  /** Writes arbitrary content into the client's paragraph (idle-document fixture). */
  write(content: string): void {
    const text = this.text ?? (this.text = addParagraph(this.doc));
    text.insert(text.length, content);
  }

  edit(sender: number, seq: number): number {
    const text = this.text ?? (this.text = addParagraph(this.doc));
    const sentAt = performance.now();
    text.insert(text.length, marker(sender, seq, sentAt));
    return sentAt;
  }

  close(): void {
    this.closing = true;
    this.awareness.destroy();
    this.socket?.close();
    this.doc.destroy();
  }
}

/** The update inside a received frame (full clients store updates; thin ones whole messages). */
export function updateOf(client: BenchClient, index: number): Uint8Array {
  const data = client.received.data(index);
  if (client.kind === "full") return data;
  const decoder = decoding.createDecoder(data);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

export { waitUntil };
