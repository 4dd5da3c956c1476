/**
 * Turns what each receiver recorded into deliveries, after the timed phase (so decoding never
 * competes with the measurement). A delivery is counted by content, not by frame: samsyn may merge
 * several updates into one frame and the reference echoes updates to their sender.
 *
 * Per receiver, the string items of each Yjs client are put back in clock order. A Yjs replica
 * integrates a client's items only in clock order, so an item's effective arrival is the latest
 * arrival of anything before it (a missing range delays, or loses, all that follows it).
 */
import * as Y from "yjs";
import { updateOf, type BenchClient } from "./clients";

const MARKER = /(\d+):(\d+):(\d+);/g;

export interface SentEdit {
  sender: number;
  seq: number;
  sentAt: number;
}

interface Segment {
  clock: number;
  length: number;
  text: string | null;
  t: number;
}

/** marker key `sender:seq` → effective arrival time at this receiver (own edits excluded). */
export function arrivals(client: BenchClient): Map<string, number> {
  const byClient = new Map<number, Segment[]>();
  for (let index = 0; index < client.received.count; index++) {
    const t = client.received.time(index);
    const { structs } = Y.decodeUpdate(updateOf(client, index));
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const text = struct.content instanceof Y.ContentString ? struct.content.str : null;
      let list = byClient.get(struct.id.client);
      if (!list) byClient.set(struct.id.client, (list = []));
      list.push({ clock: struct.id.clock, length: struct.length, text, t });
    }
  }
  const result = new Map<string, number>();
  for (const segments of byClient.values()) {
    // Stable sort: for equal clocks the earlier arrival comes first.
    segments.sort((a, b) => a.clock - b.clock);
    let cursor = 0;
    let latest = 0;
    let joined = "";
    // End offset in `joined` of each appended piece, with its effective arrival time.
    const pieces: { end: number; t: number }[] = [];
    for (const segment of segments) {
      if (segment.clock > cursor) break; // a gap: nothing after it can be integrated
      const end = segment.clock + segment.length;
      if (end <= cursor) continue; // already have it (echo, resend)
      latest = Math.max(latest, segment.t);
      // A non-text item (the paragraph, its XmlText) separates markers so none can span it.
      joined += segment.text === null ? "|" : segment.text.slice(cursor - segment.clock);
      pieces.push({ end: joined.length, t: latest });
      cursor = end;
    }
    let piece = 0;
    for (const match of joined.matchAll(MARKER)) {
      const last = match.index + match[0].length - 1;
      while (pieces[piece]!.end <= last) piece += 1;
      const sender = Number(match[1]);
      if (sender === client.index) continue;
      result.set(`${sender}:${match[2]}`, pieces[piece]!.t);
    }
  }
  return result;
}

export interface DeliveryReport {
  expected: number;
  delivered: number;
  lost: number;
  /** Markers a receiver saw that nobody sent (must be 0). */
  unexpected: number;
  latencies: number[];
  /** Where losses are (printed on stderr when there are any). */
  lostTo: { full: number; thin: number };
  lostFrom: { full: number; thin: number };
  /** Receivers that missed every edit sent to them; senders none of whose edits arrived anywhere. */
  deafReceivers: number[];
  silentSenders: number[];
}

/**
 * Counts, for each document, every edit sent by one of its clients against every other client
 * of the document, up to `cutoff`.
 */
export function countDeliveries(
  groups: { clients: BenchClient[]; sent: SentEdit[]; ignored?: ReadonlySet<string>; arrivals: Map<number, Map<string, number>> }[],
  cutoff: number,
): DeliveryReport {
  const report: DeliveryReport = {
    expected: 0,
    delivered: 0,
    lost: 0,
    unexpected: 0,
    latencies: [],
    lostTo: { full: 0, thin: 0 },
    lostFrom: { full: 0, thin: 0 },
    deafReceivers: [],
    silentSenders: [],
  };
  for (const group of groups) {
    const sentByKey = new Map(group.sent.map((edit) => [`${edit.sender}:${edit.seq}`, edit]));
    const kindOf = new Map(group.clients.map((client) => [client.index, client.kind]));
    const deliveredFrom = new Map<number, number>();
    for (const client of group.clients) {
      const seen = group.arrivals.get(client.index) ?? new Map<string, number>();
      let expected = 0;
      let delivered = 0;
      for (const edit of group.sent) {
        if (edit.sender === client.index) continue;
        expected += 1;
        const at = seen.get(`${edit.sender}:${edit.seq}`);
        if (at !== undefined && at <= cutoff) {
          delivered += 1;
          deliveredFrom.set(edit.sender, (deliveredFrom.get(edit.sender) ?? 0) + 1);
          report.latencies.push(at - edit.sentAt);
        } else {
          report.lostFrom[kindOf.get(edit.sender) ?? "thin"] += 1;
        }
      }
      report.expected += expected;
      report.delivered += delivered;
      report.lostTo[client.kind] += expected - delivered;
      if (expected > 0 && delivered === 0) report.deafReceivers.push(client.index);
      for (const key of seen.keys()) if (!sentByKey.has(key) && !group.ignored?.has(key)) report.unexpected += 1;
    }
    const senders = new Set(group.sent.map((edit) => edit.sender));
    for (const sender of senders) if (!deliveredFrom.has(sender) && group.clients.length > 1) report.silentSenders.push(sender);
  }
  report.lost = report.expected - report.delivered;
  return report;
}

/** Every marker in a document's text (to check that the converged document holds every edit). */
export function markersIn(doc: Y.Doc, root: string): Set<string> {
  const keys = new Set<string>();
  for (const match of doc.getXmlFragment(root).toString().matchAll(MARKER)) keys.add(`${match[1]}:${match[2]}`);
  return keys;
}
