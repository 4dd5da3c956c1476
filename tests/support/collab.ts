/**
 * Real collaboration servers and real Yjs clients for tests: a CollabServer on an HTTP server at
 * port 0, and y-websocket `WebsocketProvider`s (Node `ws` as the WebSocket, with the session cookie
 * and Origin a browser would send).
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { getDb } from "@/db/client";
import type { UpdateRow } from "@/db/queries/driver-docs";
import { eq } from "drizzle-orm";
import { driverDocUpdates, sessions } from "@/db/schema";
import { readDriverDoc, textFragment } from "@/lib/collab/driver-doc";
import { driverDocumentName, MESSAGE_COMMENTS, MESSAGE_SAVED } from "@/lib/collab/protocol";
import type { CommentEvent } from "@/lib/model/comment";
import { CollabServer, type CollabServerOptions } from "@/lib/server/collab/collab-server";

// In Node, each WebsocketProvider listens for the process's "exit" until it is destroyed: tests with
// twenty clients at once are expected, not a leak (a real leak still warns past a hundred).
process.setMaxListeners(Math.max(process.getMaxListeners(), 100));

export const TEST_ORIGIN = "http://samsyn.test";
export const SESSION_COOKIE = "samsyn.session";

export interface RunningCollabServer {
  server: CollabServer;
  port: number;
  url: string;
  stop(): Promise<void>;
}

export async function startCollabServer(options: Partial<CollabServerOptions> = {}): Promise<RunningCollabServer> {
  const server = new CollabServer({
    db: getDb,
    allowedOrigins: [TEST_ORIGIN],
    sessionCookieName: SESSION_COOKIE,
    sessionLimits: { idleMinutes: 30, maxHours: 12 },
    log: () => undefined,
    unloadDelayMs: 200,
    ...options,
  });
  const httpServer = http.createServer((_request, response) => response.writeHead(404).end());
  httpServer.on("upgrade", (request, socket, head) => {
    if (!server.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const port = (httpServer.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `ws://127.0.0.1:${port}/collab`,
    async stop() {
      await server.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

/** A database session for a user; the token is the cookie value. */
export async function buildSession(userId: string): Promise<string> {
  const sessionToken = randomBytes(32).toString("hex");
  await getDb().insert(sessions).values({ sessionToken, userId, expires: new Date(Date.now() + 3_600_000) });
  return sessionToken;
}

/** `ws` with the headers a signed-in browser would send on the upgrade. */
export function authenticatedWebSocket(token: string | null, origin = TEST_ORIGIN) {
  const headers: Record<string, string> = { origin };
  if (token) headers.cookie = `${SESSION_COOKIE}=${token}`;
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The last saved state vector the server sent. */
  saved(): Map<number, number>;
  /** True when every local edit of this client has been reported saved. */
  isSaved(): boolean;
  closeEvents: { code: number; reason: string }[];
  /** Comment events the server sent (MESSAGE_COMMENTS), in order. */
  commentEvents: CommentEvent[];
  destroy(): void;
}

export function connectClient(url: string, driverId: string, token: string | null, options: { origin?: string } = {}): TestClient {
  const doc = new Y.Doc();
  let saved = new Map<number, number>();
  const provider = new WebsocketProvider(url, driverDocumentName(driverId), doc, {
    WebSocketPolyfill: authenticatedWebSocket(token, options.origin) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
  };
  const commentEvents: CommentEvent[] = [];
  provider.messageHandlers[MESSAGE_COMMENTS] = (_encoder, decoder) => {
    commentEvents.push(JSON.parse(decoding.readVarString(decoder)) as CommentEvent);
  };
  const closeEvents: TestClient["closeEvents"] = [];
  provider.on("connection-close", (event) => {
    if (event) closeEvents.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    saved: () => saved,
    isSaved: () => {
      const own = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
      return (saved.get(doc.clientID) ?? 0) >= own;
    },
    closeEvents,
    commentEvents,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function whenSynced(client: TestClient, timeoutMs = 10_000): Promise<void> {
  return waitFor(() => client.provider.synced, timeoutMs, "sync");
}

/** Appends through the real database but can fail or delay on demand (test C2). */
export function flakyAppend(append: (rows: UpdateRow[]) => Promise<void>, plan: (call: number) => { fail: boolean; delayMs: number }) {
  let call = 0;
  return async (rows: UpdateRow[]) => {
    const { fail, delayMs } = plan(++call);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (fail) throw new Error(`injected failure on call ${call}`);
    await append(rows);
  };
}

/** Appends a paragraph with `text` to nuläge, as an editor would. */
export function typeInto(doc: Y.Doc, text: string): void {
  const fragment = textFragment(doc, "nulage");
  doc.transact(() => {
    const paragraph = new Y.XmlElement("paragraph");
    fragment.push([paragraph]);
    paragraph.insert(0, [new Y.XmlText(text)]);
  });
}

/** Nuläge as plain text, a line per paragraph. */
export function nulageText(doc: Y.Doc): string {
  return readDriverDoc(doc).texts.nulage.content?.map((block) => block.content?.map((node) => node.text).join("") ?? "").join("\n") ?? "";
}

/** How many updates of the driver's document are stored. */
export async function storedUpdateCount(driverId: string): Promise<number> {
  return (await getDb().select({ id: driverDocUpdates.id }).from(driverDocUpdates).where(eq(driverDocUpdates.driverId, driverId))).length;
}
