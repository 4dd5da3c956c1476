/**
 * The browser's "Sparat" rule (lib/collab/saved-state.ts) on real Yjs documents: saved exactly
 * when every operation of the local copy is covered by what the server vouched for.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { endClocksOf, isCoveredBy, mergeStateVectors, withoutClient } from "@/lib/collab/saved-state";

const vectorOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

describe("saved state", () => {
  it("is saved when nothing was typed and unsaved after a local edit until the server covers it", () => {
    const server = new Y.Doc();
    server.getText("t").insert(0, "server");
    const browser = new Y.Doc();
    Y.applyUpdate(browser, Y.encodeStateAsUpdate(server));
    let saved = vectorOf(server);
    expect(isCoveredBy(vectorOf(browser), saved)).toBe(true);

    browser.getText("t").insert(0, "x");
    expect(isCoveredBy(vectorOf(browser), saved)).toBe(false);

    Y.applyUpdate(server, Y.encodeStateAsUpdate(browser));
    saved = mergeStateVectors(saved, vectorOf(server));
    expect(isCoveredBy(vectorOf(browser), saved)).toBe(true);
  });

  it("an acknowledgement older than the last edit does not count as saved", () => {
    const browser = new Y.Doc();
    browser.getText("t").insert(0, "a");
    const older = vectorOf(browser);
    browser.getText("t").insert(1, "b");
    expect(isCoveredBy(vectorOf(browser), older)).toBe(false);
    // A later, smaller vector never takes back what an earlier one confirmed.
    expect(mergeStateVectors(vectorOf(browser), older)).toEqual(vectorOf(browser));
  });

  it("another client's operations are covered once the server held them", () => {
    const other = new Y.Doc();
    other.getText("t").insert(0, "other");
    const browser = new Y.Doc();
    Y.applyUpdate(browser, Y.encodeStateAsUpdate(other));
    expect(isCoveredBy(vectorOf(browser), new Map())).toBe(false);
    expect(isCoveredBy(vectorOf(browser), vectorOf(other))).toBe(true);
  });

  it("a relayed incremental update vouches for what it reaches, so a reader is saved without acks", () => {
    const writer = new Y.Doc();
    const reader = new Y.Doc();
    writer.getText("t").insert(0, "first");
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer));
    let vouched = vectorOf(reader);
    const before = Y.encodeStateVector(writer);
    writer.getText("t").insert(5, " second");
    const incremental = Y.encodeStateAsUpdate(writer, before);
    Y.applyUpdate(reader, incremental);
    expect(isCoveredBy(vectorOf(reader), vouched)).toBe(false);
    // The Yjs helper ignores updates that do not start at clock 0; endClocksOf does not.
    expect(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(incremental)).size).toBe(0);
    vouched = mergeStateVectors(vouched, endClocksOf(incremental));
    expect(isCoveredBy(vectorOf(reader), vouched)).toBe(true);
  });

  it("withoutClient drops only that client", () => {
    const vector = new Map([
      [1, 5],
      [2, 7],
    ]);
    expect(withoutClient(vector, 1)).toEqual(new Map([[2, 7]]));
    expect(vector.size).toBe(2);
  });
});
