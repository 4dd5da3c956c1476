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
import { isForeignKeyViolation } from "@/db/errors";
import { writeRelationalCopies } from "@/db/queries/driver-content";
import { appendDriverDocUpdates, type UpdateRow } from "@/db/queries/driver-docs";
import { findDriverDialogueIds, findMemberships, membershipKey } from "@/db/queries/membership";
import { findOpenRoundsOnDrivers } from "@/db/queries/rounds";
import { notifyStaleStances } from "../rounds/stale-stances";
import { findSessionUsers, type SessionLimits } from "@/db/queries/sessions";
import { can, type PolicyContext } from "@/lib/authz/policy";
import type { MemberRole } from "@/lib/model/enums";
import { driverLockFor } from "@/lib/model/round";
import { appendItem, DRIVER_DOC_ROOTS, driverDocFrom, GOALS, replaceItemText, writeDriverContent, type DriverDocContent, type ItemAppend, type ItemTextEdit, type ItemTextEditOutcome } from "@/lib/collab/driver-doc";
import { CLOSE_CODES, COLLAB_LIMITS, type CloseCode } from "@/lib/collab/protocol";
import { CollabConnection, type ConnectionHooks, type ConnectionIdentity } from "./connection";
import { compactDocument, loadDocument } from "./document-store";
import type { AccessScope, CollabHost, ServerEditOutcome } from "./host";
import { PRESENCE_RENEW_MS, WorkshopConnection, WorkshopRoom, type WorkshopIdentity } from "./workshop-room";
import type { PresenceEntry } from "@/lib/workshop/live-state";
import { findLocksOnDrivers, findWorkshopDialogueIds } from "@/db/queries/workshops";
import { refreshAnchorStates } from "./anchor-tracking";
import { RelationalCopier } from "./relational-copy";
import { SharedDocument, type SharedDocumentHooks } from "./shared-document";
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
  /** How often changed documents are written to the relational copy (all in one transaction). */
  relationalCopyDelayMs?: number;
  /** How often open connections are re-authorized (sessions end, dialogues close). */
  revalidateEveryMs?: number;
  /** Opened connections per person per minute (COLLAB_LIMITS; tests with many clients raise it). */
  upgradesPerMinute?: number;
  /** Upgrade attempts per address per minute; by default 40 × the per-person budget, at least COLLAB_LIMITS'. */
  upgradesPerAddressPerMinute?: number;
  idleTimeoutMs?: number;
}

export interface RemoteBridge {
  publishUpdate(driverId: string, update: Uint8Array): void;
  publishAwareness(driverId: string, update: Uint8Array): void;
  publishAccessChange(scope: AccessScope): void;
  publishComments(driverId: string, eventJson: string): void;
  /** A workshop's live state changed: every instance's room reloads. */
  publishWorkshopChanged(workshopId: string): void;
  /** Locks on a driver changed: every instance re-reads them for its open document. */
  publishLocksChanged(driverId: string): void;
  /** This instance's people in a workshop room (an empty list when none are left). */
  publishWorkshopPresence(workshopId: string, people: PresenceEntry[]): void;
  /** A room opened here: the other instances with people in it say who. */
  queryWorkshopPresence(workshopId: string): void;
  documentOpened(driverId: string): void;
  documentClosed(driverId: string): void;
  close(): Promise<void>;
}

/** How long shutdown may spend compacting open documents (the rest are compacted on next open). */
const COMPACT_ON_CLOSE_MS = 2_000;

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
  private readonly rooms = new Map<string, WorkshopRoom>();
  private readonly workshopConnections = new Set<WorkshopConnection>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly compacting = new Set<string>();
  private readonly addressLimiter: RateLimiterMemory;
  private readonly personLimiter: RateLimiterMemory;
  private readonly writeQueue: WriteQueue;
  private readonly copier: RelationalCopier;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log: (event: string, fields: Record<string, unknown>) => void;
  private bridge: RemoteBridge | null = null;
  /** One set of hooks for every document and connection (each passes itself): none per socket. */
  private readonly documentHooks: SharedDocumentHooks = {
    onChanged: (changed, roots) => this.copier.markChanged(changed, roots),
    onLocalUpdate: (changed, update) => this.bridge?.publishUpdate(changed.driverId, update),
    onLocalAwareness: (changed, update) => this.bridge?.publishAwareness(changed.driverId, update),
  };
  private readonly connectionHooks: ConnectionHooks<CollabConnection> = {
    onAccepted: (from, update) => this.persist(from, update),
    onClosed: (closed) => this.onConnectionClosed(closed),
    log: (event, fields) => this.log(event, fields),
  };
  private stopping = false;

  constructor(private readonly options: CollabServerOptions) {
    const perPerson = options.upgradesPerMinute ?? COLLAB_LIMITS.upgradesPerMinute;
    const perAddress = options.upgradesPerAddressPerMinute ?? Math.max(COLLAB_LIMITS.upgradesPerAddressPerMinute, 40 * perPerson);
    this.personLimiter = new RateLimiterMemory({ points: perPerson, duration: 60 });
    this.addressLimiter = new RateLimiterMemory({ points: perAddress, duration: 60 });
    this.log = options.log ?? ((event, fields) => console.log(JSON.stringify({ event, ...fields })));
    this.writeQueue = new WriteQueue({
      append: options.append ?? ((rows) => appendDriverDocUpdates(options.db(), rows)),
      isMissingDriver: (error) => isForeignKeyViolation(error),
      onDropped: (driverId) => this.closeDocument(driverId, CLOSE_CODES.forbidden, "the driver was deleted"),
      log: this.log,
    });
    this.copier = new RelationalCopier({
      write: (inputs) => writeRelationalCopies(options.db(), inputs),
      isMissingDriver: (error) => isForeignKeyViolation(error),
      log: this.log,
      delayMs: options.relationalCopyDelayMs ?? 1_000,
      afterWrite: async (written) => {
        await refreshAnchorStates(options.db(), written.map(({ source }) => source));
        // A stance goes stale only when the goal statements (önskat läge) change.
        await notifyStaleStances(options.db(), written.filter(({ roots }) => roots.has(GOALS)).map(({ source }) => source.driverId));
      },
    });
    this.timers.push(setInterval(() => this.checkLiveness(), Math.min(5_000, (options.idleTimeoutMs ?? COLLAB_LIMITS.idleTimeoutMs) / 2)));
    this.timers.push(setInterval(() => void this.revalidateAll(), options.revalidateEveryMs ?? 60_000));
    this.timers.push(
      setInterval(() => {
        if (this.bridge) for (const room of this.rooms.values()) room.renewPresence();
      }, PRESENCE_RENEW_MS),
    );
    for (const timer of this.timers) timer.unref();
  }

  attachBridge(bridge: RemoteBridge): void {
    this.bridge = bridge;
  }

  get openDocumentCount(): number {
    return this.documents.size;
  }

  get connectionCount(): number {
    return this.connections.size + this.workshopConnections.size;
  }

  /** The open room of a workshop on this instance (tests, the benchmark). */
  workshopRoom(workshopId: string): WorkshopRoom | undefined {
    return this.rooms.get(workshopId);
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
    socket.on("error", destroyOnError);
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
    if (!(await spendPoint(this.addressLimiter, request.socket.remoteAddress ?? "unknown"))) return TOO_MANY_ATTEMPTS;
    const decision = await authorizeUpgrade(request, {
      db: this.options.db(),
      allowedOrigins: new Set(this.options.allowedOrigins),
      sessionCookieName: this.options.sessionCookieName,
      sessionLimits: this.options.sessionLimits,
    });
    // A person's budget is spent only by upgrades that would open: refusals cost them nothing.
    if (decision.ok && !(await spendPoint(this.personLimiter, decision.identity.userId))) return TOO_MANY_ATTEMPTS;
    return decision;
  }

  private completeUpgrade(decision: UpgradeDecision, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!decision.ok) {
      this.log("collab.upgrade.refused", { status: decision.status, reason: decision.reason });
      return refuse(socket, decision);
    }
    if (socket.destroyed) return;
    if (decision.kind === "workshop") {
      const identity = decision.identity;
      this.wss.handleUpgrade(request, socket, head, (ws) => this.acceptWorkshop(ws, socket, identity));
      return;
    }
    const identity = decision.identity;
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, socket, identity));
  }

  // --- workshop rooms ------------------------------------------------------------------------

  private acceptWorkshop(ws: WebSocket, stream: Duplex, identity: WorkshopIdentity): void {
    const connection = new WorkshopConnection(ws, stream, identity, (closed) => this.workshopConnections.delete(closed), this.log);
    this.workshopConnections.add(connection);
    let room = this.rooms.get(identity.workshopId);
    if (!room) {
      room = new WorkshopRoom(identity.workshopId, {
        db: this.options.db,
        log: this.log,
        onEmpty: (empty) => {
          if (this.rooms.get(empty.workshopId) === empty) this.rooms.delete(empty.workshopId);
        },
        publishPresence: (changed, people) => this.bridge?.publishWorkshopPresence(changed.workshopId, people),
      });
      this.rooms.set(identity.workshopId, room);
      this.bridge?.queryWorkshopPresence(identity.workshopId);
    }
    connection.attach(room);
  }

  /** Another instance's people in a workshop room (through Redis). */
  receiveWorkshopPresence(instance: string, workshopId: string, people: PresenceEntry[]): void {
    this.rooms.get(workshopId)?.setRemotePresence(instance, people);
  }

  /** Another instance opened the room: say who is in it here. */
  answerPresenceQuery(workshopId: string): void {
    const room = this.rooms.get(workshopId);
    if (room) this.bridge?.publishWorkshopPresence(workshopId, room.localPeople());
  }

  /** Sends every room of the workshop (on every instance) the reloaded live state. */
  workshopChanged(workshopId: string): void {
    this.refreshWorkshop(workshopId);
    this.bridge?.publishWorkshopChanged(workshopId);
  }

  /** This instance's room only (notices from other instances come here). */
  refreshWorkshop(workshopId: string): void {
    this.rooms.get(workshopId)?.changed();
  }

  /** The driver's locks changed: its open document (on every instance) re-reads them. */
  async locksChanged(driverId: string): Promise<void> {
    this.bridge?.publishLocksChanged(driverId);
    await this.refreshLocks(driverId);
  }

  /** This instance's open document only; closes a connection whose client holds refused edits. */
  async refreshLocks(driverId: string): Promise<void> {
    // A document still loading may have read the locks before this change: read them again.
    const document = this.documents.get(driverId) ?? (await this.loading.get(driverId)?.catch(() => undefined));
    if (!document) return;
    try {
      document.setLocks(await findLocksOnDrivers(this.options.db(), [driverId]));
    } catch (error) {
      this.log("collab.locks.reload_failed", { driverId, error: String(error) });
    }
  }

  private accept(ws: WebSocket, stream: Duplex, identity: ConnectionIdentity): void {
    const connection = new CollabConnection(ws, stream, identity, this.connectionHooks);
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
      pending = Promise.all([loadDocument(this.options.db(), driverId), findLocksOnDrivers(this.options.db(), [driverId])])
        .then(([loaded, locks]) => {
          const stored = { bytes: loaded.storedBytes, tailLength: loaded.tailLength, fullState: loaded.fullState };
          const document = new SharedDocument(driverId, dialogueId, loaded.doc, stored, this.documentHooks);
          document.setLocks(locks);
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
      document.applyRemote(update);
    } catch (error) {
      this.log("collab.remote.bad_update", { driverId, error: String(error) });
    }
  }

  // --- comment events ------------------------------------------------------------------------

  broadcastComments(driverId: string, eventJson: string): void {
    this.deliverComments(driverId, eventJson);
    this.bridge?.publishComments(driverId, eventJson);
  }

  /** To this instance's viewers of the driver only (events from other instances come here). */
  deliverComments(driverId: string, eventJson: string): void {
    this.documents.get(driverId)?.sendComments(eventJson);
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
    await this.copier.flush();
    if (document.peers.size > 0 || this.documents.get(document.driverId) !== document) return;
    // Changed again while the copy was written (an update from another instance): next time.
    if (document.unsavedUpdates > 0 || this.copier.isPending(document.driverId)) return this.scheduleUnload(document);
    this.documents.delete(document.driverId);
    this.copier.forget(document.driverId);
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
    const rooms = scope.driverId
      ? []
      : [...this.workshopConnections].filter(
          (connection) => (!scope.dialogueId || connection.identity.dialogueId === scope.dialogueId) && (!scope.userId || connection.identity.userId === scope.userId),
        );
    await Promise.all([this.revalidate(affected), this.revalidateWorkshops(rooms)]);
  }

  /**
   * Workshop rooms: the same session and membership checks as driver documents. A member whose
   * right to facilitate changed reconnects (4501), so the room's view of them is rebuilt.
   */
  private async revalidateWorkshops(connections: WorkshopConnection[]): Promise<void> {
    if (!connections.length) return;
    const db = this.options.db();
    try {
      const workshopDialogues = await findWorkshopDialogueIds(db, [...new Set(connections.map((connection) => connection.identity.workshopId))]);
      const accessLost = await readAccess(db, this.options.sessionLimits, connections.map((connection) => connection.identity));
      for (const connection of connections) {
        const { identity } = connection;
        const lost = accessLost(identity, workshopDialogues.get(identity.workshopId), {}, (role, context) => can(role, "workshop.manage", context) !== identity.isFacilitator);
        if (lost) connection.close(lost.code, lost.reason);
      }
    } catch (error) {
      this.log("collab.revalidate.failed", { error: String(error) });
    }
  }

  /**
   * One pass over `connections`: four queries however many there are (drivers, open rounds,
   * sessions, memberships), each session and membership read once however many sockets share it.
   */
  private async revalidate(connections: CollabConnection[]): Promise<void> {
    if (!connections.length) return;
    const db = this.options.db();
    try {
      const driverIds = [...new Set(connections.map((connection) => connection.identity.driverId))];
      const driverDialogues = await findDriverDialogueIds(db, driverIds);
      const openRounds = await findOpenRoundsOnDrivers(db, driverIds);
      const accessLost = await readAccess(db, this.options.sessionLimits, connections.map((connection) => connection.identity));
      for (const connection of connections) {
        const { identity } = connection;
        const lock = { driverLock: driverLockFor(openRounds.get(identity.driverId)?.kind ?? null) };
        // The role changed when it may now edit on a read-only socket, or no longer edit on a writable one.
        const lost = accessLost(identity, driverDialogues.get(identity.driverId), lock, (role, context) => can(role, "driverContent.update", context) === identity.readOnly);
        if (lost) connection.close(lost.code, lost.reason);
      }
    } catch (error) {
      this.log("collab.revalidate.failed", { error: String(error) });
    }
  }

  private async revalidateAll(): Promise<void> {
    await Promise.all([this.revalidate([...this.connections]), this.revalidateWorkshops([...this.workshopConnections])]);
  }

  // --- server-side edits (restoring a version, accepting a suggestion) -------------------------

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

  /** A new document holding `content`, encoded (CollabHost.encodeContent says why here). */
  encodeContent(content: DriverDocContent): Uint8Array {
    const doc = driverDocFrom(content);
    try {
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Replaces the driver's content as one new edit by `userId`: collaborators see it live, it is
   * stored like any other update, and this resolves once it has committed. Refused ("locked") while
   * any part of the driver is locked in a workshop.
   */
  async replaceContent(driverId: string, dialogueId: string, content: DriverDocContent, userId: string): Promise<ServerEditOutcome> {
    return this.editAndStore(driverId, dialogueId, userId, [...DRIVER_DOC_ROOTS], (doc) => writeDriverContent(doc, content, "restore"));
  }

  /**
   * Replaces one goal's or action's text as a new edit by `userId` (accepting a suggestion), if it
   * still reads as expected; stored and copied like replaceContent before this resolves.
   */
  async replaceItemText(driverId: string, dialogueId: string, edit: ItemTextEdit, userId: string): Promise<ItemTextEditOutcome | "locked"> {
    let outcome: ItemTextEditOutcome = "missing";
    const done = await this.editAndStore(driverId, dialogueId, userId, [edit.list], (doc) => {
      outcome = replaceItemText(doc, edit, "suggestion");
    });
    return done === "locked" ? done : outcome;
  }

  /** Appends a goal or action holding a text, as a new edit by `userId` (a workshop answer used). */
  async appendItem(driverId: string, dialogueId: string, append: ItemAppend, userId: string): Promise<ServerEditOutcome> {
    return this.editAndStore(driverId, dialogueId, userId, [append.list], (doc) => appendItem(doc, append, "workshop"));
  }

  /**
   * Runs a server-side edit of `roots` on the live document, stores it as `userId`'s and waits for
   * the commit. The same locks that refuse a client's edit refuse this one, checked against the
   * open document's locks (kept current on every instance), so no service can write past a lock.
   */
  private async editAndStore(
    driverId: string,
    dialogueId: string,
    userId: string,
    roots: readonly string[],
    mutate: (doc: Y.Doc) => void,
  ): Promise<ServerEditOutcome> {
    const document = await this.openDocument(driverId, dialogueId);
    try {
      if (roots.some((root) => document.lockedRoots.has(root))) return "locked";
      const updates = document.edit(mutate);
      for (const update of updates) {
        document.unsavedUpdates++;
        this.writeQueue.enqueue({ driverId, update, userId, target: document, author: null });
      }
      await document.whenSaved();
      await this.copier.flush();
      return "applied";
    } finally {
      if (document.peers.size === 0) this.scheduleUnload(document);
    }
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
    for (const connection of this.workshopConnections) {
      if (now - connection.lastMessageAt > (this.options.idleTimeoutMs ?? COLLAB_LIMITS.idleTimeoutMs)) {
        connection.close(CLOSE_CODES.idle, "idle for too long");
      } else if (now - connection.lastSentAt > KEEPALIVE_AFTER_MS && connection.lastState) {
        connection.send(connection.lastState);
      }
    }
  }

  /** Folds each open document's tail into its snapshot, so the next open reads one row. */
  private async compactOpenDocuments(deadline: number): Promise<void> {
    for (const document of this.documents.values()) {
      if (Date.now() >= deadline) return;
      if (document.tailLength > 0) await this.compact(document.driverId);
    }
  }

  /** Stops accepting, stores everything pending, then closes the sockets (clients reconnect). */
  async close(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.writeQueue.flush();
    await this.copier.flush();
    for (const connection of [...this.connections, ...this.workshopConnections]) connection.close(CLOSE_CODES.shuttingDown, "the server is restarting");
    await this.compactOpenDocuments(Date.now() + COMPACT_ON_CLOSE_MS);
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    await this.bridge?.close();
    for (const document of this.documents.values()) document.destroy();
    this.documents.clear();
    this.wss.close();
  }
}

/**
 * A revalidation pass's reader of a connection's session user and membership, each looked up once
 * however many connections share it. The membership counts only while the document (driver or
 * workshop) still belongs to the dialogue the connection was admitted to.
 */
/**
 * The sessions and memberships behind many sockets, read in one go (two queries and no more
 * however many sockets: a pass over 300 of them was 600 queries). The function it returns says,
 * per socket, why it must close, or null while its access holds: the session ended (4401), it may
 * no longer read the dialogue (4403), or `roleChanged` finds its rights differ from those the
 * socket was opened with (4501, to reconnect with the new role).
 */
async function readAccess(db: Executor, sessionLimits: SessionLimits, identities: readonly { sessionToken: string; dialogueId: string }[]) {
  const users = await findSessionUsers(db, identities.map((identity) => identity.sessionToken), sessionLimits);
  const members = await findMemberships(
    db,
    identities.flatMap(({ sessionToken, dialogueId }) => {
      const user = users.get(sessionToken);
      return user ? [{ userId: user.id, dialogueId }] : [];
    }),
  );
  return (
    identity: { sessionToken: string; dialogueId: string },
    documentDialogueId: string | undefined,
    extraContext: Omit<PolicyContext, "dialogueStatus">,
    roleChanged: (role: MemberRole, context: PolicyContext) => boolean,
  ): { code: CloseCode; reason: string } | null => {
    const user = users.get(identity.sessionToken);
    if (!user) return { code: CLOSE_CODES.unauthenticated, reason: "the session has ended" };
    const member = documentDialogueId === identity.dialogueId ? members.get(membershipKey(user.id, identity.dialogueId)) : undefined;
    const context: PolicyContext = { ...extraContext, dialogueStatus: member?.status ?? "closed" };
    if (!member || !can(member.role, "dialogue.read", context)) return { code: CLOSE_CODES.forbidden, reason: "access to the dialogue was removed" };
    return roleChanged(member.role, context) ? { code: CLOSE_CODES.accessChanged, reason: "the role changed" } : null;
  };
}

/**
 * A module-level listener, not a closure: one made inside handleUpgrade would share its scope and
 * keep the upgrade request (headers and all) alive for as long as the socket is open.
 */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

const TOO_MANY_ATTEMPTS: UpgradeDecision = { ok: false, status: 429, reason: "too many connection attempts" };

/** Spends one point of a limiter's budget for `key`; false once the budget is spent. */
async function spendPoint(limiter: RateLimiterMemory, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch {
    return false;
  }
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
