/**
 * A workshop's room (issue 9): a push-only channel, server → client, on the collaboration server's
 * path (`/collab/workshop.<uuid>`). Commands go over HTTP (server actions → services), which write
 * the database and then call CollabHost.workshopChanged; every instance's room (Redis carries the
 * notice) reloads the live state from the database and sends each connection its own view
 * (MESSAGE_WORKSHOP): the shared state, the presence list, and the viewer's activity.
 *
 * Changes are coalesced: whatever arrives within COALESCE_MS of the first costs one reload, so a
 * burst of 150 votes costs a few reloads, not 150. Joins and leaves (presence) are coalesced the
 * same way, without reloading. The JSON is encoded and framed once per person and written to each
 * of their tabs.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import type { Executor } from "@/db/client";
import { loadSharedLiveState } from "@/db/queries/workshops";
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_WORKSHOP, type PresenceUser } from "@/lib/collab/protocol";
import { groupPresence, type LiveState, type PresenceEntry, type SharedLiveState, type WorkshopActivity } from "@/lib/workshop/live-state";
import { loadWorkshopActivity } from "../workshops/activity";
import { SocketConnection } from "./connection";
import { binaryFrame, type BinaryFrame } from "./ws-frame";

export interface WorkshopIdentity {
  userId: string;
  sessionToken: string;
  dialogueId: string;
  workshopId: string;
  organisationId: string;
  isFacilitator: boolean;
  presence: PresenceUser;
}

/** How long a room waits for more changes before reloading (and for more joins before pushing presence). */
export const COALESCE_MS = 25;

export class WorkshopConnection extends SocketConnection {
  private room: WorkshopRoom | null = null;
  /** The last state this connection was sent (sent again as the keepalive). */
  lastState: BinaryFrame | null = null;

  constructor(
    socket: WebSocket,
    stream: Duplex,
    readonly identity: WorkshopIdentity,
    private readonly onClosed: (connection: WorkshopConnection) => void,
    log: (event: string, fields: Record<string, unknown>) => void,
  ) {
    super(socket, stream, log);
  }

  get userId(): string {
    return this.identity.userId;
  }

  protected logFields(): Record<string, unknown> {
    return { userId: this.userId, workshopId: this.identity.workshopId };
  }

  attach(room: WorkshopRoom): void {
    if (this.closed) return;
    this.room = room;
    room.join(this);
    this.markReady();
  }

  sendState(frame: BinaryFrame): void {
    this.lastState = frame;
    this.send(frame);
  }

  /**
   * Only awareness (a well-formed awareness update, then ignored: the room's presence comes from
   * the upgrade, not from clients) and the keepalive `[3]`; anything else is malformed.
   */
  protected handle(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_AWARENESS:
        readAwarenessUpdate(decoding.readVarUint8Array(decoder));
        break;
      case MESSAGE_QUERY_AWARENESS:
        break;
      default:
        return this.close(CLOSE_CODES.malformed, `message type ${type} is not accepted in a workshop room`);
    }
    if (decoding.hasContent(decoder)) this.close(CLOSE_CODES.malformed, "trailing bytes");
  }

  protected onDispose(): void {
    this.room?.leave(this);
    this.onClosed(this);
  }
}

/** Throws unless `update` is a well-formed awareness update (y-protocols' encoding). */
function readAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let index = 0; index < count; index++) {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    JSON.parse(decoding.readVarString(decoder));
  }
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes in the awareness update");
}

export interface WorkshopRoomOptions {
  db: () => Executor;
  log: (event: string, fields: Record<string, unknown>) => void;
  /** The room has no connections left: forget it. */
  onEmpty(room: WorkshopRoom): void;
  /** This instance's people in the room changed (or are due again): tell the other instances. */
  publishPresence?(room: WorkshopRoom, people: PresenceEntry[]): void;
}

/**
 * How long another instance's presence list counts without being renewed: instances renew theirs
 * every PRESENCE_RENEW_MS, so an instance that died drops out of everyone's list by then.
 */
export const PRESENCE_RENEW_MS = 20_000;
const REMOTE_PRESENCE_TTL_MS = 3 * PRESENCE_RENEW_MS;

export class WorkshopRoom {
  readonly connections = new Set<WorkshopConnection>();
  private shared: SharedLiveState | null = null;
  private needsReload = true;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** Reloads done (tests and the benchmark read it). */
  reloads = 0;
  /** The people connected to this room through other instances (Redis), by instance. */
  private readonly remote = new Map<string, { people: PresenceEntry[]; expiresAt: number }>();
  private publishedPeople = "";

  constructor(
    readonly workshopId: string,
    private readonly options: WorkshopRoomOptions,
  ) {}

  join(connection: WorkshopConnection): void {
    this.connections.add(connection);
    this.schedule(false);
  }

  leave(connection: WorkshopConnection): void {
    this.connections.delete(connection);
    if (!this.connections.size) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.options.publishPresence?.(this, []);
      this.options.onEmpty(this);
      return;
    }
    this.schedule(false);
  }

  /** This instance's people in the room, one entry per person. */
  localPeople(): PresenceEntry[] {
    const people = new Map<string, PresenceEntry>();
    for (const { identity } of this.connections) {
      people.set(identity.userId, { userId: identity.userId, name: identity.presence.name, organisation: identity.presence.organisation, facilitator: identity.isFacilitator });
    }
    return [...people.values()];
  }

  /** Another instance's people in this room (an empty list: none any more). */
  setRemotePresence(instance: string, people: PresenceEntry[]): void {
    if (people.length) this.remote.set(instance, { people, expiresAt: Date.now() + REMOTE_PRESENCE_TTL_MS });
    else if (!this.remote.delete(instance)) return;
    this.schedule(false);
  }

  /** Renews this instance's presence on the others, and forgets instances that stopped renewing. */
  renewPresence(): void {
    const now = Date.now();
    let expired = false;
    for (const [instance, entry] of this.remote) {
      if (entry.expiresAt <= now) expired = this.remote.delete(instance) || expired;
    }
    if (expired) this.schedule(false);
    this.options.publishPresence?.(this, this.localPeople());
  }

  /** The workshop changed in the database: reload and push (coalesced). */
  changed(): void {
    this.schedule(true);
  }

  private schedule(reload: boolean): void {
    if (reload) this.needsReload = true;
    if (this.timer || !this.connections.size) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // One flush at a time: what changes meanwhile is picked up by the next.
      const previous = this.flushing ?? Promise.resolve();
      this.flushing = previous.then(() => this.flush()).finally(() => {
        this.flushing = null;
      });
    }, COALESCE_MS);
    this.timer.unref?.();
  }

  /** Resolves once the pushes scheduled so far have gone out (tests). */
  async settled(): Promise<void> {
    while (this.timer || this.flushing) {
      if (this.flushing) await this.flushing;
      else await new Promise((resolve) => setTimeout(resolve, COALESCE_MS));
    }
  }

  private async flush(): Promise<void> {
    if (!this.connections.size) return;
    const db = this.options.db();
    try {
      if (this.needsReload || !this.shared) {
        this.needsReload = false;
        this.reloads++;
        const shared = await loadSharedLiveState(db, this.workshopId);
        if (!shared) {
          for (const connection of [...this.connections]) connection.close(CLOSE_CODES.forbidden, "the workshop was deleted");
          return;
        }
        this.shared = shared;
      }
      const shared = this.shared;
      const identities = [...this.connections].map((connection) => connection.identity);
      const local = this.localPeople();
      const localKey = JSON.stringify(local);
      if (localKey !== this.publishedPeople) {
        this.publishedPeople = localKey;
        this.options.publishPresence?.(this, local);
      }
      const presence = groupPresence([...local, ...[...this.remote.values()].flatMap((entry) => entry.people)]);
      const viewers = new Map(identities.map((identity) => [identity.userId, identity]));
      const activities = new Map<string, WorkshopActivity>();
      await Promise.all(
        [...viewers.values()].map(async (identity) => {
          activities.set(
            identity.userId,
            await loadWorkshopActivity(db, this.workshopId, { userId: identity.userId, organisationId: identity.organisationId, isFacilitator: identity.isFacilitator }),
          );
        }),
      );
      // What every viewer shares is encoded once; each person's view adds only who they are and
      // their activity in front of it (same keys as LiveState, so it parses as one).
      const common = JSON.stringify({ ...shared, presence, serverNow: new Date().toISOString() } satisfies Omit<LiveState, "viewer" | "activity">).slice(1);
      const frames = new Map<string, BinaryFrame>();
      for (const connection of this.connections) {
        const { identity } = connection;
        let frame = frames.get(identity.userId);
        if (!frame) {
          const viewer: LiveState["viewer"] = { userId: identity.userId, facilitator: identity.isFacilitator };
          const activity = activities.get(identity.userId) ?? { prompt: null, vote: null };
          frame = workshopMessage(`{"viewer":${JSON.stringify(viewer)},"activity":${JSON.stringify(activity)},${common}`);
          frames.set(identity.userId, frame);
        }
        connection.sendState(frame);
      }
    } catch (error) {
      this.options.log("collab.workshop.reload_failed", { workshopId: this.workshopId, error: String(error) });
      // Try again shortly: a client must not keep a stale state because one read failed.
      this.needsReload = true;
      setTimeout(() => this.schedule(true), 1_000).unref();
    }
  }
}

function workshopMessage(json: string): BinaryFrame {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_WORKSHOP);
  encoding.writeVarString(encoder, json);
  return binaryFrame(encoding.toUint8Array(encoder));
}
