/**
 * Scale-out over Redis: instances that hold the same document exchange its updates and presence
 * on a channel per document, and access changes on one shared channel. PostgreSQL stays the
 * source of truth (each instance stores the updates its own clients send); Redis only carries
 * live traffic. Pub/sub can drop messages (an outage, a slow subscriber), so instances also
 * exchange state vectors — when a document opens, after every reconnect and every 30 s — and
 * send each other whatever the other lacks, which makes them converge whatever was lost.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { z } from "zod";
import type { CollabServer, RemoteBridge } from "./collab-server";
import type { AccessScope } from "./host";

const PREFIX = "samsyn:collab";
const ACCESS_CHANNEL = `${PREFIX}:access`;
/** Workshop notices (`{from, workshopId}` or `{from, lockedDriverId}`): small, for every instance. */
const WORKSHOP_CHANNEL = `${PREFIX}:workshop`;
const ANTI_ENTROPY_EVERY_MS = 30_000;

const Kind = { Update: 0, Awareness: 1, StateVectorRequest: 2, SyncReply: 3, Comments: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const ID_BYTES = 16;

const presenceEntrySchema = z.object({ userId: z.uuid(), name: z.string().max(500), organisation: z.string().max(500), facilitator: z.boolean() });
const workshopMessageSchema = z.object({
  from: z.string(),
  workshopId: z.uuid().optional(),
  lockedDriverId: z.uuid().optional(),
  /** With workshopId: the sender's people in that room (a room's presence across instances). */
  presence: z.array(presenceEntrySchema).max(10_000).optional(),
  /** With workshopId: a room opened on the sender, which asks the others for their presence. */
  presenceQuery: z.literal(true).optional(),
});

const accessMessageSchema = z.object({
  from: z.string(),
  scope: z.object({ dialogueId: z.uuid().optional(), userId: z.uuid().optional(), driverId: z.uuid().optional() }),
});

function documentChannel(driverId: string): string {
  return `${PREFIX}:doc:${driverId}`;
}

export function connectRedisBridge(server: CollabServer, url: string): RemoteBridge {
  const instanceId = randomBytes(ID_BYTES);
  const instanceHex = instanceId.toString("hex");
  const publisher = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  const subscriber = new Redis(url, { maxRetriesPerRequest: null });
  const open = new Set<string>();
  let connectedBefore = false;

  const publish = (channel: string, message: Buffer | string) => {
    // While Redis is down messages are dropped; the state-vector exchange after reconnecting
    // sends whatever the other instances missed.
    publisher.publish(channel, message).catch(() => undefined);
  };

  const frame = (kind: Kind, payload: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeUint8(encoder, kind);
    encoding.writeUint8Array(encoder, instanceId);
    encoding.writeVarUint8Array(encoder, payload);
    return Buffer.from(encoding.toUint8Array(encoder));
  };

  const requestStateVector = (driverId: string) => {
    const document = server.remoteDocument(driverId);
    if (document) publish(documentChannel(driverId), frame(Kind.StateVectorRequest, Y.encodeStateVector(document.doc)));
  };

  /**
   * After a reconnect the two connections come back at slightly different moments, and so do the
   * other instances' re-subscriptions; ask again a few times so one exchange surely gets through.
   */
  const resyncAfterReconnect = () => {
    for (const delay of [200, 1_000, 3_000]) {
      setTimeout(() => {
        for (const driverId of open) requestStateVector(driverId);
      }, delay).unref();
    }
  };
  subscriber.on("ready", () => {
    if (connectedBefore) resyncAfterReconnect();
    connectedBefore = true;
  });
  let publisherConnectedBefore = false;
  publisher.on("ready", () => {
    if (publisherConnectedBefore) resyncAfterReconnect();
    publisherConnectedBefore = true;
  });
  subscriber.on("error", () => undefined);
  publisher.on("error", () => undefined);
  void subscriber.subscribe(ACCESS_CHANNEL, WORKSHOP_CHANNEL).catch(() => undefined);

  subscriber.on("messageBuffer", (channelBuffer: Buffer, message: Buffer) => {
    const channel = channelBuffer.toString();
    try {
      if (channel === ACCESS_CHANNEL) return onAccessMessage(message.toString());
      if (channel === WORKSHOP_CHANNEL) return onWorkshopMessage(message.toString());
      if (channel.startsWith(`${PREFIX}:doc:`)) onDocumentMessage(channel.slice(`${PREFIX}:doc:`.length), message);
    } catch {
      // A message we cannot read is ignored; anti-entropy repairs what it would have carried.
    }
  });

  function onAccessMessage(raw: string): void {
    const parsed = accessMessageSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.from === instanceHex) return;
    void server.revalidateLocal(parsed.data.scope);
  }

  function onWorkshopMessage(raw: string): void {
    const parsed = workshopMessageSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.from === instanceHex) return;
    const { workshopId, presence, presenceQuery } = parsed.data;
    if (workshopId && presence) return server.receiveWorkshopPresence(parsed.data.from, workshopId, presence);
    if (workshopId && presenceQuery) return server.answerPresenceQuery(workshopId);
    if (workshopId) server.refreshWorkshop(workshopId);
    if (parsed.data.lockedDriverId) void server.refreshLocks(parsed.data.lockedDriverId);
  }

  function onDocumentMessage(driverId: string, message: Buffer): void {
    const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
    const kind = decoding.readUint8(decoder) as Kind;
    const from = decoding.readUint8Array(decoder, ID_BYTES);
    if (Buffer.compare(Buffer.from(from), instanceId) === 0) return;
    const payload = decoding.readVarUint8Array(decoder);
    const document = server.remoteDocument(driverId);
    if (!document) return;
    switch (kind) {
      case Kind.Update:
        server.applyRemoteUpdate(driverId, payload);
        break;
      case Kind.Awareness:
        awarenessProtocol.applyAwarenessUpdate(document.awareness, payload, "remote");
        break;
      case Kind.Comments:
        server.deliverComments(driverId, decoding.readVarString(decoding.createDecoder(payload)));
        break;
      case Kind.StateVectorRequest: {
        // Always answer, even with equal state vectors: deletions do not advance a state vector,
        // and the answer carries the whole delete set.
        const ours = Y.encodeStateVector(document.doc);
        const reply = encoding.createEncoder();
        encoding.writeUint8Array(reply, from);
        encoding.writeVarUint8Array(reply, Y.encodeStateAsUpdate(document.doc, payload));
        encoding.writeVarUint8Array(reply, ours);
        publish(documentChannel(driverId), frame(Kind.SyncReply, encoding.toUint8Array(reply)));
        break;
      }
      case Kind.SyncReply: {
        const reply = decoding.createDecoder(payload);
        const target = decoding.readUint8Array(reply, ID_BYTES);
        if (Buffer.compare(Buffer.from(target), instanceId) !== 0) return;
        server.applyRemoteUpdate(driverId, decoding.readVarUint8Array(reply));
        const missing = Y.encodeStateAsUpdate(document.doc, decoding.readVarUint8Array(reply));
        if (!isEmptyUpdate(missing)) publish(documentChannel(driverId), frame(Kind.Update, missing));
        break;
      }
    }
  }

  const antiEntropy = setInterval(() => {
    for (const driverId of open) requestStateVector(driverId);
  }, ANTI_ENTROPY_EVERY_MS);
  antiEntropy.unref();

  return {
    publishUpdate: (driverId, update) => publish(documentChannel(driverId), frame(Kind.Update, update)),
    publishAwareness: (driverId, update) => publish(documentChannel(driverId), frame(Kind.Awareness, update)),
    publishComments(driverId, eventJson) {
      const encoder = encoding.createEncoder();
      encoding.writeVarString(encoder, eventJson);
      publish(documentChannel(driverId), frame(Kind.Comments, encoding.toUint8Array(encoder)));
    },
    publishWorkshopChanged: (workshopId) => publish(WORKSHOP_CHANNEL, JSON.stringify({ from: instanceHex, workshopId })),
    publishWorkshopPresence: (workshopId, presence) => publish(WORKSHOP_CHANNEL, JSON.stringify({ from: instanceHex, workshopId, presence })),
    queryWorkshopPresence: (workshopId) => publish(WORKSHOP_CHANNEL, JSON.stringify({ from: instanceHex, workshopId, presenceQuery: true })),
    publishLocksChanged: (driverId) => publish(WORKSHOP_CHANNEL, JSON.stringify({ from: instanceHex, lockedDriverId: driverId })),
    publishAccessChange: (scope: AccessScope) => publish(ACCESS_CHANNEL, JSON.stringify({ from: instanceHex, scope })),
    documentOpened(driverId) {
      open.add(driverId);
      subscriber.subscribe(documentChannel(driverId)).then(
        () => requestStateVector(driverId),
        () => undefined,
      );
    },
    documentClosed(driverId) {
      open.delete(driverId);
      void subscriber.unsubscribe(documentChannel(driverId)).catch(() => undefined);
    },
    async close() {
      clearInterval(antiEntropy);
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}

function isEmptyUpdate(update: Uint8Array): boolean {
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length === 0 && decoded.ds.clients.size === 0;
}
