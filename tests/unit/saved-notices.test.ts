/**
 * Saved notices (lib/server/collab/shared-document.ts): an author hears of a commit at once, then
 * at most once a second with the latest committed vector, however many commits fall in between;
 * peers whose edits were not in a commit hear nothing.
 */
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MESSAGE_SAVED } from "@/lib/collab/protocol";
import { SAVED_NOTICE_EVERY_MS, SharedDocument, type DocumentPeer } from "@/lib/server/collab/shared-document";
import type { BinaryFrame } from "@/lib/server/collab/ws-frame";

/** A peer that keeps the saved vectors it was sent (the frames' payloads, after the 2-byte header). */
function peer(userId: string): DocumentPeer & { savedVectors: Map<number, number>[] } {
  const savedVectors: Map<number, number>[] = [];
  return {
    userId,
    savedVectors,
    send(frame: BinaryFrame) {
      const decoder = decoding.createDecoder(frame.subarray(2));
      if (decoding.readVarUint(decoder) === MESSAGE_SAVED) savedVectors.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
    },
  };
}

function vectorWith(clock: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 7;
  doc.getText("t").insert(0, "x".repeat(clock));
  return Y.encodeStateVector(doc);
}

function emptyDocument(): SharedDocument {
  return new SharedDocument("driver", "dialogue", new Y.Doc(), { bytes: 0, tailLength: 0, fullState: null }, {
    onChanged: () => {},
    onLocalUpdate: () => {},
    onLocalAwareness: () => {},
  });
}

describe("saved notices", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("tells an author at once, then once a second with the latest vector; others hear nothing", () => {
    const document = emptyDocument();
    const author = peer("author");
    const reader = peer("reader");
    document.peers.add(author);
    document.peers.add(reader);

    document.unsavedUpdates = 4;
    document.onCommitted(vectorWith(1), new Set([author]), 1);
    expect(author.savedVectors.map((vector) => vector.get(7))).toEqual([1]);
    for (const clock of [2, 3, 4]) {
      vi.advanceTimersByTime(250);
      document.onCommitted(vectorWith(clock), new Set([author]), 1);
    }
    expect(author.savedVectors, "the commits within the second wait").toHaveLength(1);

    vi.advanceTimersByTime(SAVED_NOTICE_EVERY_MS);
    expect(author.savedVectors.map((vector) => vector.get(7)), "one notice for three commits, with the latest vector").toEqual([1, 4]);
    expect(reader.savedVectors).toEqual([]);
    document.destroy();
  });

  it("tells nobody who has left", () => {
    const document = emptyDocument();
    const author = peer("author");
    document.peers.add(author);
    document.unsavedUpdates = 2;
    document.onCommitted(vectorWith(1), new Set([author]), 1);
    document.onCommitted(vectorWith(2), new Set([author]), 1);
    document.removePeer(author);
    vi.advanceTimersByTime(SAVED_NOTICE_EVERY_MS);
    expect(author.savedVectors).toHaveLength(1);
    document.destroy();
  });

  it("a notice sent when its turn came is not sent again by the pending one", () => {
    const document = emptyDocument();
    const author = peer("author");
    document.peers.add(author);
    document.unsavedUpdates = 3;
    document.onCommitted(vectorWith(1), new Set([author]), 1);
    vi.advanceTimersByTime(200);
    document.onCommitted(vectorWith(2), new Set([author]), 1);
    vi.advanceTimersByTime(900);
    document.onCommitted(vectorWith(3), new Set([author]), 1);
    expect(author.savedVectors.map((vector) => vector.get(7)), "a second after the first: at once").toEqual([1, 3]);
    vi.advanceTimersByTime(SAVED_NOTICE_EVERY_MS);
    expect(author.savedVectors).toHaveLength(2);
    document.destroy();
  });
});
