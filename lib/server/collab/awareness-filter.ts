/**
 * Presence (awareness) from a client is rewritten before anyone else sees it: the `user` field is
 * replaced by the name and organisation the server knows from the session, `editing` must name a
 * part of the driver, oversize states are dropped, and a client ID belongs to the first connection
 * that announced it, so one participant cannot overwrite another's caret.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { COLLAB_LIMITS, presenceEditingSchema, type PresenceUser } from "@/lib/collab/protocol";

const MAX_STATES_PER_MESSAGE = 20;

export interface AwarenessEntryOwner {
  ownerOf(clientId: number): unknown;
}

/**
 * The last state each client ID sent on one connection, as received and as rewritten. Clients
 * renew their presence every 15 s with an unchanged state: reusing the rewrite spares a JSON parse,
 * a validation and a JSON encode for each renewal.
 */
export class AwarenessRewrites {
  private readonly byClient = new Map<number, { raw: string; presence: PresenceUser; state: string | undefined }>();

  rewrite(clientId: number, raw: string, presence: PresenceUser): string | undefined {
    const last = this.byClient.get(clientId);
    if (last && last.raw === raw && last.presence === presence) return last.state;
    const state = sanitizeState(JSON.parse(raw) as unknown, presence);
    // A client uses one ID (a new one after a reload): a few at most, unless it forges them.
    if (this.byClient.size >= MAX_STATES_PER_MESSAGE) this.byClient.clear();
    this.byClient.set(clientId, { raw, presence, state });
    return state;
  }
}

/**
 * Returns the rewritten awareness update, or null when nothing in it may pass. Throws on a
 * malformed payload (the caller closes the connection).
 */
export function filterAwarenessUpdate(
  payload: Uint8Array,
  connection: unknown,
  presence: PresenceUser,
  owners: AwarenessEntryOwner,
  rewrites: AwarenessRewrites = new AwarenessRewrites(),
): Uint8Array | null {
  const decoder = decoding.createDecoder(payload);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_STATES_PER_MESSAGE) throw new Error("too many awareness states");
  const kept: { clientId: number; clock: number; state: string }[] = [];
  for (let index = 0; index < count; index++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    if (raw.length > COLLAB_LIMITS.maxAwarenessStateBytes) continue;
    const owner = owners.ownerOf(clientId);
    if (owner !== undefined && owner !== connection) continue;
    const state = rewrites.rewrite(clientId, raw, presence);
    if (state === undefined) continue;
    kept.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes in awareness update");
  if (!kept.length) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}

/** `null` (the client left) passes; objects get the server's identity; anything else is dropped. */
function sanitizeState(state: unknown, presence: PresenceUser): string | undefined {
  if (state === null) return "null";
  if (typeof state !== "object" || Array.isArray(state)) return undefined;
  const fields = { ...(state as Record<string, unknown>) };
  fields.user = presence;
  if (fields.editing !== undefined && fields.editing !== null && !presenceEditingSchema.safeParse(fields.editing).success) {
    delete fields.editing;
  }
  return JSON.stringify(fields);
}
