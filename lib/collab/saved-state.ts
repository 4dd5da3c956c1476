/**
 * Whether a browser's copy of a driver document holds edits the server has not committed yet.
 *
 * A Yjs state vector maps each client id to the number of operations seen from it. The server
 * reports the state vector it has committed (MESSAGE_SAVED); the client also knows what the
 * server already held when it said so itself (its sync step 1, and every update it relayed). The
 * local copy is saved when, for every client, it holds no operation beyond those.
 */
import * as Y from "yjs";

export type StateVector = Map<number, number>;

/**
 * How far an update reaches per client (its end clocks). Unlike Y.encodeStateVectorFromUpdate,
 * this also covers an incremental update that does not start at clock 0, which is what the server
 * relays while people type.
 */
export function endClocksOf(update: Uint8Array): StateVector {
  return Y.parseUpdateMeta(update).to;
}

/** The per-client maximum of two state vectors: everything either covers. */
export function mergeStateVectors(first: StateVector, second: StateVector): StateVector {
  const merged = new Map(first);
  for (const [client, clock] of second) merged.set(client, Math.max(clock, merged.get(client) ?? 0));
  return merged;
}

/** True when every (client, clock) of `local` is ≤ the same client's clock in `saved`. */
export function isCoveredBy(local: StateVector, saved: StateVector): boolean {
  for (const [client, clock] of local) {
    if (clock > (saved.get(client) ?? 0)) return false;
  }
  return true;
}

/** The state vector without one client (the server's word never vouches for our own edits). */
export function withoutClient(vector: StateVector, client: number): StateVector {
  const copy = new Map(vector);
  copy.delete(client);
  return copy;
}
