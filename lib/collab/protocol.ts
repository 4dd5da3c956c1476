/**
 * The collaboration wire contract, shared by the server (lib/server/collab) and the browser
 * (components/collab). The wire format is y-websocket's: message type 0 is Yjs sync, 1 awareness,
 * 3 an awareness query. Samsyn adds one message, `saved`, so the client knows (never guesses)
 * which of its edits have committed to the database.
 */
import { z } from "zod";

/** Websocket upgrades under this path go to the collaboration server; the rest go to Next. */
export const COLLAB_PATH = "/collab";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Server → client: `[100, varUint8Array(stateVector)]`. The state vector covers every update the
 * server has committed for this document; a client whose own state vector is not ahead of it has
 * nothing unsaved.
 */
export const MESSAGE_SAVED = 100;
/**
 * Server → client: `[101, varString(json)]`, a CommentEvent (lib/model/comment.ts) for the
 * driver's threads. Only the server sends it; a client that sends it is closed as malformed.
 */
export const MESSAGE_COMMENTS = 101;
/**
 * Server → client on a workshop room (`workshop.<uuid>`): `[102, varString(json)]`, the room's
 * whole live state for this viewer (lib/workshop/live-state.ts, liveStateSchema), sent on joining
 * and after every change. The room is push-only: commands go over HTTP (server actions), and a
 * client may send only awareness (1, a valid awareness update, ignored) and the keepalive
 * `[3]` (an awareness query, answered with nothing); anything else closes it as malformed (4400).
 */
export const MESSAGE_WORKSHOP = 102;

/**
 * Close codes. As y-websocket's client assumes, 4400–4499 mean "reconnecting cannot help" (it stops
 * retrying) and 4500–4599 "try again" (it reconnects with backoff).
 */
export const CLOSE_CODES = {
  /** ws closes an over-size frame itself with 1009; the client then reconnects and resyncs. */
  frameTooLarge: 1009,
  malformed: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  documentTooLarge: 4413,
  /**
   * The update touched a part locked during a workshop (lib/workshop/live-state.ts). It was not
   * applied, relayed or stored. Final: the client's copy holds an edit the server will never take,
   * so reconnecting would send it again; the editor drops its local copy and reloads from the
   * server, telling the user what was not saved.
   */
  locked: 4423,
  rateLimited: 4429,
  /** The member's role changed: reconnect to be authorized again (e.g. now read-only). */
  accessChanged: 4501,
  /** The document could not be loaded; we fail closed rather than serve an empty document. */
  unavailable: 4503,
  /** The server is stopping; reconnecting reaches another (or the restarted) instance. */
  shuttingDown: 4504,
  idle: 4508,
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

export function isFinalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** Documented limits (README, "Collaboration"). */
export const COLLAB_LIMITS = {
  maxFrameBytes: 1024 * 1024,
  maxDocumentBytes: 5 * 1024 * 1024,
  maxAwarenessStateBytes: 16 * 1024,
  /** Messages per second a connection may send on average before it is throttled. */
  messagesPerSecond: 100,
  /** Burst above the average that is accepted without throttling. */
  messageBurst: 200,
  /** Seconds of sustained flooding after which the connection is closed. */
  floodSeconds: 10,
  /** A connection that sends nothing (y-websocket's awareness renews every 15 s) is closed. */
  idleTimeoutMs: 60_000,
  /** Opened connections per person per minute (checked once the session is known). */
  upgradesPerMinute: 30,
  /**
   * Upgrade attempts per address per minute, before any session is looked up. Far above the
   * per-person budget: a workshop room of 150 people often reaches us through one office address.
   */
  upgradesPerAddressPerMinute: 1_200,
} as const;

const DOCUMENT = /^(driver|workshop)\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** A driver's shared document, or a workshop's (push-only) room. */
export type DocumentRef = { kind: "driver"; driverId: string } | { kind: "workshop"; workshopId: string };

export const documentNameSchema = z
  .string()
  .max(100)
  .regex(DOCUMENT)
  .transform((name): DocumentRef => {
    const [, kind, id] = DOCUMENT.exec(name)!;
    return kind === "driver" ? { kind: "driver", driverId: id! } : { kind: "workshop", workshopId: id! };
  });

/** One document per driver. */
export function driverDocumentName(driverId: string): string {
  return `driver.${driverId}`;
}

/** One room per workshop. */
export function workshopRoomName(workshopId: string): string {
  return `workshop.${workshopId}`;
}

export function parseDocumentName(name: string): DocumentRef | null {
  const parsed = documentNameSchema.safeParse(name);
  return parsed.success ? parsed.data : null;
}

/** What the server puts into each client's awareness `user` field (clients cannot choose it). */
export interface PresenceUser {
  name: string;
  organisation: string;
  color: string;
}

/** The part of a driver a participant is working in, shown in the presence list. */
export const presenceEditingSchema = z
  .string()
  .max(80)
  .regex(/^(nulage|future|gap|goal:[0-9a-f-]{36}|action:[0-9a-f-]{36})$/);

/**
 * Caret and presence colours: dark enough for white label text (contrast ≥ 4.5:1, WCAG 1.4.3) and
 * distinct from one another. A user keeps one colour everywhere.
 */
export const PRESENCE_COLORS = ["#1d4ed8", "#b91c1c", "#047857", "#7e22ce", "#b45309", "#0e7490", "#be185d", "#4d7c0f"] as const;

export function presenceColor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length]!;
}

/** The codes after which the client stops reconnecting and tells the user why. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set(Object.values(CLOSE_CODES).filter(isFinalCloseCode));
