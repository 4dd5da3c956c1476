/** What the server checks in client frames before they touch a document (update guard, presence filter). */
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { describe, expect, it, vi } from "vitest";
import { DRIVER_DOC_ROOTS } from "@/lib/collab/driver-doc";
import { COLLAB_LIMITS } from "@/lib/collab/protocol";
import { AwarenessRewrites, filterAwarenessUpdate } from "@/lib/server/collab/awareness-filter";
import { checkUpdate } from "@/lib/server/collab/update-guard";

const presence = { name: "Anna Berg", organisation: "Region Uppsala", color: "#1d4ed8" };

function updateTo(root: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment(root).insert(0, [new Y.XmlText("x")]);
  return Y.encodeStateAsUpdate(doc);
}

function awarenessUpdate(states: [number, number, string][]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, states.length);
  for (const [clientId, clock, state] of states) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

function decodeStates(update: Uint8Array): Map<number, Record<string, unknown>> {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(awareness, update, null);
  const states = new Map(awareness.getStates() as Map<number, Record<string, unknown>>);
  awareness.destroy();
  return states;
}

describe("update guard", () => {
  it("accepts updates to the driver's parts and refuses other roots, sub-documents and garbage", () => {
    expect(checkUpdate(updateTo("nulage"), DRIVER_DOC_ROOTS)).toEqual({ ok: true, isEmpty: false });
    expect(checkUpdate(updateTo("secrets"), DRIVER_DOC_ROOTS)).toMatchObject({ ok: false });
    const withSubdoc = new Y.Doc();
    withSubdoc.getArray("goals").insert(0, [new Y.Doc()]);
    expect(checkUpdate(Y.encodeStateAsUpdate(withSubdoc), DRIVER_DOC_ROOTS)).toMatchObject({ ok: false, reason: "sub-document" });
    expect(checkUpdate(Uint8Array.of(5, 200, 1), DRIVER_DOC_ROOTS)).toMatchObject({ ok: false });
    expect(checkUpdate(Y.encodeStateAsUpdate(new Y.Doc()), DRIVER_DOC_ROOTS)).toEqual({ ok: true, isEmpty: true });
  });
});

describe("presence filter", () => {
  const owner = {};
  const noOwners = { ownerOf: () => undefined };

  it("replaces the user with the server's identity and drops unknown `editing` values", () => {
    const forged = JSON.stringify({ user: { name: "Någon annan" }, editing: "javascript:alert(1)", cursor: null });
    const states = decodeStates(filterAwarenessUpdate(awarenessUpdate([[7, 1, forged]]), owner, presence, noOwners)!);
    expect(states.get(7)).toEqual({ user: presence, cursor: null });
    const editing = JSON.stringify({ editing: "goal:11111111-1111-4111-8111-111111111111" });
    expect(decodeStates(filterAwarenessUpdate(awarenessUpdate([[7, 2, editing]]), owner, presence, noOwners)!).get(7)?.editing).toBe(
      "goal:11111111-1111-4111-8111-111111111111",
    );
  });

  it("drops oversize states and client IDs owned by another connection", () => {
    const big = JSON.stringify({ padding: "p".repeat(COLLAB_LIMITS.maxAwarenessStateBytes) });
    expect(filterAwarenessUpdate(awarenessUpdate([[7, 1, big]]), owner, presence, noOwners)).toBeNull();
    const someoneElse = { ownerOf: () => ({}) };
    expect(filterAwarenessUpdate(awarenessUpdate([[7, 1, "{}"]]), owner, presence, someoneElse)).toBeNull();
  });

  it("reuses the rewrite of a renewed, unchanged state, and rewrites a changed one again", () => {
    const rewrites = new AwarenessRewrites();
    const state = JSON.stringify({ user: { name: "Någon annan" }, cursor: null });
    const first = decodeStates(filterAwarenessUpdate(awarenessUpdate([[7, 1, state]]), owner, presence, noOwners, rewrites)!);
    const parse = vi.spyOn(JSON, "parse");
    const renewal = filterAwarenessUpdate(awarenessUpdate([[7, 2, state]]), owner, presence, noOwners, rewrites)!;
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    const renewed = decodeStates(renewal);
    expect(renewed.get(7)).toEqual(first.get(7));
    expect(renewed.get(7)).toEqual({ user: presence, cursor: null });
    // The same client then forges another name and an unknown part: still replaced and dropped.
    const forged = JSON.stringify({ user: { name: "Ännu en" }, editing: "javascript:alert(1)" });
    expect(decodeStates(filterAwarenessUpdate(awarenessUpdate([[7, 3, forged]]), owner, presence, noOwners, rewrites)!).get(7)).toEqual({ user: presence });
    // Another connection's identity never gets this connection's rewrite.
    const other = { name: "Annan Person", organisation: "Annan organisation", color: "#123456" };
    expect(decodeStates(filterAwarenessUpdate(awarenessUpdate([[7, 4, forged]]), owner, other, noOwners, rewrites)!).get(7)).toEqual({ user: other });
  });

  it("throws on malformed payloads", () => {
    expect(() => filterAwarenessUpdate(Uint8Array.of(1, 7, 1, 5, 123), owner, presence, noOwners)).toThrow();
    expect(() => filterAwarenessUpdate(awarenessUpdate([[7, 1, "{not json"]]), owner, presence, noOwners)).toThrow();
  });
});
