/**
 * lib/server/collab/lock-guard.ts: which roots of a driver document an update touches, from the
 * server's copy and the update itself — root items, nested items (by parent ID or only by their
 * neighbours), deletions, duplicates, and what cannot be resolved.
 */
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { touchedRoots, touchesLocked, UNKNOWN_ROOT } from "@/lib/server/collab/lock-guard";

/** A client's next update, made on a copy of `server` (the server's document is left alone). */
function updateFrom(server: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(client);
  edit(client);
  return Y.encodeStateAsUpdate(client, before);
}

function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  doc.getXmlFragment("nulage").push([paragraph]);
  paragraph.insert(0, [new Y.XmlText("Nuläget")]);
  const goal = new Y.Map<unknown>();
  doc.getArray<Y.Map<unknown>>("goals").push([goal]);
  const text = new Y.XmlFragment();
  goal.set("text", text);
  text.push([new Y.XmlElement("paragraph")]);
  return doc;
}

describe("touchedRoots", () => {
  it("names a root for items placed in it, and for items next to existing ones (origins only)", () => {
    const server = serverDoc();
    expect(touchedRoots(updateFrom(server, (doc) => doc.getXmlFragment("future").push([new Y.XmlElement("paragraph")])), server)).toEqual(new Set(["future"]));
    expect(touchedRoots(updateFrom(server, (doc) => doc.getXmlFragment("nulage").push([new Y.XmlElement("paragraph")])), server)).toEqual(new Set(["nulage"]));
  });

  it("resolves nested items by their parent's ID, in the server's copy and within the update", () => {
    const server = serverDoc();
    const nested = updateFrom(server, (doc) => {
      const text = doc.getArray<Y.Map<unknown>>("goals").get(0).get("text") as Y.XmlFragment;
      (text.get(0) as Y.XmlElement).insert(0, [new Y.XmlText("Mål")]);
    });
    expect(touchedRoots(nested, server)).toEqual(new Set(["goals"]));
    const newGoal = updateFrom(server, (doc) => {
      const goal = new Y.Map<unknown>();
      doc.getArray<Y.Map<unknown>>("goals").push([goal]);
      goal.set("text", new Y.XmlFragment());
      goal.set("order", 2);
    });
    expect(touchedRoots(newGoal, server)).toEqual(new Set(["goals"]));
    const attribute = updateFrom(server, (doc) => doc.getArray<Y.Map<unknown>>("goals").get(0).set("order", 5));
    expect(touchedRoots(attribute, server)).toEqual(new Set(["goals"]));
  });

  it("resolves deletions through the delete set, and ignores what the server already holds", () => {
    const server = serverDoc();
    const deletion = updateFrom(server, (doc) => doc.getXmlFragment("nulage").delete(0, 1));
    expect(touchedRoots(deletion, server)).toEqual(new Set(["nulage"]));
    Y.applyUpdate(server, deletion);
    // Applied once: the same update again changes nothing.
    expect(touchedRoots(deletion, server)).toEqual(new Set());
  });

  it("counts what it cannot resolve as unknown, which a lock refuses", () => {
    const server = serverDoc();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    client.getXmlFragment("gap").push([new Y.XmlElement("paragraph")]);
    const missing = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    const before = Y.encodeStateVector(client);
    (client.getXmlFragment("gap").get(0) as Y.XmlElement).insert(0, [new Y.XmlText("x")]);
    // Only the second edit, whose parent the server has never seen.
    const orphan = Y.encodeStateAsUpdate(client, before);
    expect(touchedRoots(orphan, server)).toEqual(new Set([UNKNOWN_ROOT]));
    expect(touchesLocked(orphan, server, new Set(["nulage"]))).toBe(true);
    expect(touchesLocked(orphan, server, new Set())).toBe(false);
    expect(touchedRoots(missing, server)).toEqual(new Set(["gap"]));
  });
});
