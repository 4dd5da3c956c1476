/**
 * The collaboration server: y-websocket's protocol on `ws`, one SharedDocument per open driver,
 * durable group-committed persistence, and access checks at the upgrade and whenever membership
 * changes. It runs inside `npm start` (scripts/server.ts, same port, path /collab) or on its own
 * (scripts/collab-server.ts); with Redis (redis-bridge.ts) several instances share documents.
 *
 * This module graph is loaded by the custom server, outside Next's bundle, so nothing here may
 * import `server-only` modules. Next's code reaches it through host.ts.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";
import type { Executor } from "@/db/client";
import { writeRelationalCopy } from "@/db/queries/driver-content";
import { appendDriverDocUpdates, type UpdateRow } from "@/db/queries/driver-docs";
import { findDriverDialogueId, findMembership } from "@/db/queries/membership";
import { findSessionUser, type SessionLimits } from "@/db/queries/sessions";
import { can } from "@/lib/authz/policy";
import { readDriverDoc, writeDriverContent, type DriverDocContent } from "@/lib/collab/driver-doc";
import { CLOSE_CODES, COLLAB_LIMITS } from "@/lib/collab/protocol";
import { CollabConnection, type ConnectionIdentity } from "./connection";
import { compactDocument, loadDocument } from "./document-store";
import type { AccessScope, CollabHost } from "./host";
import { SharedDocument } from "./shared-document";
import { authorizeUpgrade, collabDocumentName, type UpgradeDecision } from "./upgrade";
import { WriteQueue } from "./write-queue";

export interface CollabServerOptions {
  db: () => Executor;
  allowedOrigins: string[];
  sessionCookieName: string;
  sessionLimits: SessionLimits;
  /** Replaces the database append (tests inject failures and delays). */
  append?: (rows: UpdateRow[]) => Promise<void>;
  log?: (event: string, fields: Record<string, unknown>) => void;
  /** How long an unused document stays in memory after its last connection left. */
  unloadDelayMs?: number;
  /** Fold the stored update tail into the snapshot once it is this long. */
  compactAfterUpdates?: number;
  /** Debounce of the relational copy; it follows the document within about twice this. */
  relationalCopyDelayMs?: number;
  /** How often open connections are re-authorized (sessions end, dialogues close). */
  revalidateEveryMs?: number;
  /** Upgrade attempts per address per minute (COLLAB_LIMITS; tests with many clients raise it). */
  upgradesPerMinute?: number;
  idleTimeoutMs?: number;
}

export interface RemoteBridge {
  publishUpdate(driverId: string, update: Uint8Array): void;
  publishAwareness(driverId: string, update: Uint8Array): void;
  publishAccessChange(scope: AccessScope): void;
  documentOpened(driverId: string): void;
  documentClosed(driverId: string): void;
  close(): Promise<void>;
}

/** y-websocket clients reconnect after 30 s without a message; keep quiet sockets alive. */
const KEEPALIVE_AFTER_MS = 20_000;

export class CollabServer implements CollabHost {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: COLLAB_LIMITS.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  private readonly documents = new Map<string, SharedDocument>();
  private readonly loading = new Map<string, Promise<SharedDocument>>();
  private readonly connections = new Set<CollabConnection>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly copyTimers = new Map<string, NodeJS.Timeout>();
  private readonly compacting = new Set<string>();
  private readonly upgradeLimiter: RateLimiterMemory;
  private readonly writeQueue: WriteQueue;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log: (event: string, fields: Record<string, unknown>) => void;
  private bridge: RemoteBridge | null = null;
  private stopping = false;

  constructor(private readonly options: CollabServerOptions) {
    this.upgradeLimiter = new RateLimiterMemory({ points: options.upgradesPerMinute ?? COLLAB_LIMITS.upgradesPerMinute, duration: 60 });
    this.log = options.log ?? ((event, fields) => console.log(JSON.stringify({ event, ...fields })));
    this.writeQueue = new WriteQueue({
      append: options.append ?? ((rows) => appendDriverDocUpdates(options.db(), rows)),
      isMissingDriver: (error) => foreignKeyViolation(error),
      onDropped: (driverId) => this.closeDocument(driverId, CLOSE_CODES.forbidden, "the driver was deleted"),
      log: this.log,
    });
    this.timers.push(setInterval(() => this.checkLiveness(), Math.min(5_000, (options.idleTimeoutMs ?? COLLAB_LIMITS.idleTimeoutMs) / 2)));
    this.timers.push(setInterval(() => void this.revalidateAll(), options.revalidateEveryMs ?? 60_000));
    for (const timer of this.timers) timer.unref();
  }

  attachBridge(bridge: RemoteBridge): void {
    this.bridge = bridge;
  }

  get openDocumentCount(): number {
    return this.documents.size;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  // --- upgrades ------------------------------------------------------------------------------

  /** Takes the upgrade when its path is the collaboration path; returns false otherwise. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    let name: string | null;
    try {
      name = collabDocumentName(request.url);
    } catch {
      name = "";
    }
    if (name === null) return false;
    socket.on("error", () => socket.destroy());
    void this.decideUpgrade(request).then(
      (decision) => this.completeUpgrade(decision, request, socket, head),
      (error: unknown) => {
        this.log("collab.upgrade.failed", { error: String(error) });
        refuse(socket, { ok: false, status: 503, reason: "temporarily unavailable" });
      },
    );
    return true;
  }

  private async decideUpgrade(request: IncomingMessage): Promise<UpgradeDecision> {
    if (this.stopping) return { ok: false, status: 503, reason: "shutting down" };
    try {
      await this.upgradeLimiter.consume(request.socket.remoteAddress ?? "unknown");
    } catch {
      return { ok: false, status: 429, reason: "too many connection attempts" };
    }
    return authorizeUpgrade(request, {
      db: this.options.db(),
      allowedOrigins: new Set(this.options.allowedOrigins),
      sessionCookieName: this.options.sessionCookieName,
      sessionLimits: this.options.sessionLimits,
    });
  }

  private completeUpgrade(decision: UpgradeDecision, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!decision.ok) {
      this.log("collab.upgrade.refused", { status: decision.status, reason: decision.reason });
      return refuse(socket, decision);
    }
    if (socket.destroyed) return;
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, decision.identity));
  }

  private accept(ws: WebSocket, identity: ConnectionIdentity): void {
    const connection = new CollabConnection(ws, identity, {
      onAccepted: (from, update) => this.persist(from, update),
      onClosed: (closed) => this.onConnectionClosed(closed),
      log: this.log,
    });
    this.connections.add(connection);
    this.cancelUnload(identity.driverId);
    this.openDocument(identity.driverId, identity.dialogueId).then(
      (document) => connection.attach(document),
      (error: unknown) => {
        this.log("collab.document.load_failed", { driverId: identity.driverId, error: String(error) });
        connection.close(CLOSE_CODES.unavailable, "the document could not be loaded");
      },
    );
  }

  // --- documents -----------------------------------------------------------------------------

  /** The open document, loading it once however many connections ask at the same time. */
  private openDocument(driverId: string, dialogueId: string): Promise<SharedDocument> {
    const open = this.documents.get(driverId);
    if (open) return Promise.resolve(open);
    let pending = this.loading.get(driverId);
    if (!pending) {
      pending = loadDocument(this.options.db(), driverId)
        .then((loaded) => {
          const document = new SharedDocument(driverId, dialogueId, loaded.doc, { bytes: loaded.storedBytes, tailLength: loaded.tailLength }, {
            onChanged: (changed) => this.scheduleRelationalCopy(changed),
            onLocalUpdate: (changed, update) => this.bridge?.publishUpdate(changed.driverId, update),
            onLocalAwareness: (changed, update) => this.bridge?.publishAwareness(changed.driverId, update),
          });
          this.documents.set(driverId, document);
          this.bridge?.documentOpened(driverId);
          return document;
        })
        .finally(() => this.loading.delete(driverId));
      this.loading.set(driverId, pending);
    }
    return pending;
  }

  private persist(connection: CollabConnection, update: Uint8Array): void {
    const document = this.documents.get(connection.identity.driverId);
    if (!document) return;
    document.unsavedUpdates++;
    this.writeQueue.enqueue({ driverId: document.driverId, update, userId: connection.userId, target: document, author: connection });
    if (document.tailLength >= (this.options.compactAfterUpdates ?? 2_000)) void this.compact(document.driverId);
  }

  /** Applies an update that came from another instance (not stored again: its instance stores it). */
  applyRemoteUpdate(driverId: string, update: Uint8Array): void {
    const document = this.documents.get(driverId);
    if (!document) return;
    try {
      document.apply(update, "remote");
    } catch (error) {
      this.log("collab.remote.bad_update", { driverId, error: String(error) });
    }
  }

  remoteDocument(driverId: string): SharedDocument | undefined {
    return this.documents.get(driverId);
  }

  private onConnectionClosed(connection: CollabConnection): void {
    this.connections.delete(connection);
    const document = this.documents.get(connection.identity.driverId);
    if (document && document.peers.size === 0) this.scheduleUnload(document);
  }

  private scheduleUnload(document: SharedDocument): void {
    this.cancelUnload(document.driverId);
    const timer = setTimeout(() => void this.unload(document), this.options.unloadDelayMs ?? 5_000);
    timer.unref();
    this.unloadTimers.set(document.driverId, timer);
  }

  private cancelUnload(driverId: string): void {
    const timer = this.unloadTimers.get(driverId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(driverId);
  }

  /** Never drops a document with unsaved updates: it waits for the commit first. */
  private async unload(document: SharedDocument): Promise<void> {
    this.unloadTimers.delete(document.driverId);
    await document.whenSaved();
    await this.flushRelationalCopy(document);
    if (document.peers.size > 0 || this.documents.get(document.driverId) !== document) return;
    this.documents.delete(document.driverId);
    this.copiedContent.delete(document.driverId);
    this.bridge?.documentClosed(document.driverId);
    document.destroy();
    if (document.tailLength > 0) void this.compact(document.driverId);
  }

  private async compact(driverId: string): Promise<void> {
    if (this.compacting.has(driverId)) return;
    this.compacting.add(driverId);
    try {
      const folded = await compactDocument(this.options.db(), driverId);
      const document = this.documents.get(driverId);
      if (document) document.tailLength = Math.max(0, document.tailLength - folded);
    } catch (error) {
      this.log("collab.compact.failed", { driverId, error: String(error) });
    } finally {
      this.compacting.delete(driverId);
    }
  }

  private closeDocument(driverId: string, code: (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES], reason: string): void {
    for (const connection of this.connections) {
      if (connection.identity.driverId === driverId) connection.close(code, reason);
    }
  }

  // --- relational copy -----------------------------------------------------------------------

  /**
   * At most one relational copy per document every `relationalCopyDelayMs` (500 ms): the first
   * change starts the timer and later ones ride along, so the copy follows within about a second.
   */
  private scheduleRelationalCopy(document: SharedDocument): void {
    if (this.copyTimers.has(document.driverId)) return;
    const timer = setTimeout(() => void this.flushRelationalCopy(document), this.options.relationalCopyDelayMs ?? 500);
    timer.unref();
    this.copyTimers.set(document.driverId, timer);
  }

  /** What this instance last wrote to the relational copy, so unchanged rows are not rewritten. */
  private readonly copiedContent = new Map<string, DriverDocContent>();

  private async flushRelationalCopy(document: SharedDocument): Promise<void> {
    const scheduled = this.copyTimers.get(document.driverId);
    if (!scheduled) return;
    clearTimeout(scheduled);
    this.copyTimers.delete(document.driverId);
    const content = readDriverDoc(document.doc);
    const previous = this.copiedContent.get(document.driverId);
    if (previous && JSON.stringify(previous) === JSON.stringify(content)) return;
    try {
      await writeRelationalCopy(this.options.db(), {
        driverId: document.driverId,
        dialogueId: document.dialogueId,
        content,
        previous: previous ?? null,
        userId: null,
      });
      this.copiedContent.set(document.driverId, content);
    } catch (error) {
      this.log("collab.relational_copy.failed", { driverId: document.driverId, error: String(error) });
      if (!foreignKeyViolation(error)) this.scheduleRelationalCopy(document);
    }
  }

  // --- access changes ------------------------------------------------------------------------

  /**
   * Re-authorizes the matching connections on this instance (and, through Redis, on the others):
   * a connection that may no longer read is closed with 4403, one whose right to edit changed is
   * closed with 4205 so that it reconnects with its new role.
   */
  async invalidateAccess(scope: AccessScope): Promise<void> {
    this.bridge?.publishAccessChange(scope);
    await this.revalidateLocal(scope);
  }

  async revalidateLocal(scope: AccessScope): Promise<void> {
    const affected = [...this.connections].filter(
      (connection) =>
        (!scope.dialogueId || connection.identity.dialogueId === scope.dialogueId) &&
        (!scope.userId || connection.identity.userId === scope.userId) &&
        (!scope.driverId || connection.identity.driverId === scope.driverId),
    );
    await Promise.all(affected.map((connection) => this.revalidate(connection)));
  }

  private async revalidate(connection: CollabConnection): Promise<void> {
    const db = this.options.db();
    try {
      const user = await findSessionUser(db, connection.identity.sessionToken, this.options.sessionLimits);
      const driverDialogueId = await findDriverDialogueId(db, connection.identity.driverId);
      const membership =
        user && driverDialogueId === connection.identity.dialogueId ? await findMembership(db, user.id, driverDialogueId) : null;
      const context = { dialogueStatus: membership?.status ?? "closed" } as const;
      if (!user) return connection.close(CLOSE_CODES.unauthenticated, "the session has ended");
      if (!membership || !can(membership.role, "dialogue.read", context)) {
        return connection.close(CLOSE_CODES.forbidden, "access to the dialogue was removed");
      }
      const readOnly = !can(membership.role, "driverContent.update", context);
      if (readOnly !== connection.identity.readOnly) connection.close(CLOSE_CODES.accessChanged, "the role changed");
    } catch (error) {
      this.log("collab.revalidate.failed", { error: String(error) });
    }
  }

  private async revalidateAll(): Promise<void> {
    const seen = new Set<string>();
    for (const connection of [...this.connections]) {
      const key = `${connection.identity.sessionToken}:${connection.identity.dialogueId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await this.revalidateLocal({ dialogueId: connection.identity.dialogueId, userId: connection.identity.userId });
    }
  }

  // --- server-side edits (restoring a version) -------------------------------------------------

  /** The document as stored now: for saving a named version. */
  async readState(driverId: string, dialogueId: string): Promise<Uint8Array> {
    const document = await this.openDocument(driverId, dialogueId);
    try {
      await document.whenSaved();
      return Y.encodeStateAsUpdate(document.doc);
    } finally {
      if (document.peers.size === 0) this.scheduleUnload(document);
    }
  }

  /**
   * Replaces the driver's content as one new edit by `userId`: collaborators see it live, it is
   * stored like any other update, and this resolves once it has committed.
   */
  async replaceContent(driverId: string, dialogueId: string, content: DriverDocContent, userId: string): Promise<void> {
    const document = await this.openDocument(driverId, dialogueId);
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    document.doc.on("update", collect);
    try {
      writeDriverContent(document.doc, content, "restore");
    } finally {
      document.doc.off("update", collect);
    }
    for (const update of updates) {
      document.byteSize += update.byteLength;
      document.unsavedUpdates++;
      this.writeQueue.enqueue({ driverId, update, userId, target: document, author: null });
    }
    await document.whenSaved();
    await this.flushRelationalCopy(document);
    if (document.peers.size === 0) this.scheduleUnload(document);
  }

  // --- liveness and shutdown -----------------------------------------------------------------

  /**
   * Idle means no protocol message (a live y-websocket client renews its presence every 15 s);
   * websocket pongs do not count, so a socket that only keeps TCP alive is still closed.
   */
  private checkLiveness(): void {
    const now = Date.now();
    for (const connection of this.connections) {
      if (now - connection.lastMessageAt > (this.options.idleTimeoutMs ?? COLLAB_LIMITS.idleTimeoutMs)) {
        connection.close(CLOSE_CODES.idle, "idle for too long");
        continue;
      }
      if (now - connection.lastSentAt > KEEPALIVE_AFTER_MS) {
        const document = this.documents.get(connection.identity.driverId);
        if (document) connection.send(document.savedMessage());
      }
    }
  }

  /** Stops accepting, stores everything pending, then closes the sockets (clients reconnect). */
  async close(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.writeQueue.flush();
    await Promise.all([...this.documents.values()].map((document) => this.flushRelationalCopy(document)));
    for (const connection of [...this.connections]) connection.close(CLOSE_CODES.shuttingDown, "the server is restarting");
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    await this.bridge?.close();
    for (const document of this.documents.values()) document.destroy();
    this.documents.clear();
    this.wss.close();
  }
}

function foreignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === "23503";
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  503: "Service Unavailable",
};

function refuse(socket: Duplex, decision: Extract<UpgradeDecision, { ok: false }>): void {
  if (socket.destroyed) return;
  const body = decision.reason;
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${decision.status} ${STATUS_TEXT[decision.status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
