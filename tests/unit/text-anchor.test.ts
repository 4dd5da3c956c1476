/**
 * Passage anchors of comment threads (issue 6, lib/collab/text-anchor.ts). The fuzz: three Yjs
 * replicas of a driver text, passages anchored on one of them, then random concurrent edits on all
 * three delivered in random order. Afterwards, on every replica, each anchor either covers exactly
 * its quoted text or is detached (never other text), every replica says the same, and an anchor
 * whose passage no edit touched is still attached.
 */
import fc from "fast-check";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { addItem, GOALS, itemText, removeItem } from "@/lib/collab/driver-doc";
import { createTextAnchor, flattenFragment, resolveTextAnchor, type TextAnchorRef } from "@/lib/collab/text-anchor";

const GOAL_ID = "11111111-1111-4111-8111-111111111111";
const RUNS = Number(process.env.ANCHOR_FUZZ_RUNS ?? (process.env.SAMSYN_RELIABILITY === "1" ? 1_000 : 200));

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

function seededDoc(paragraphs: string[]): Y.Doc {
  const doc = new Y.Doc();
  doc.getXmlFragment("nulage").insert(0, paragraphs.map(paragraph));
  return doc;
}

function replicaOf(source: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

describe("text anchors", () => {
  it("read the text as ProseMirror does: one line break between blocks, none at the start", () => {
    const doc = seededDoc(["Nuläge i regionen", "Brist på sjuksköterskor"]);
    expect(flattenFragment(doc.getXmlFragment("nulage")).text).toBe("Nuläge i regionen\nBrist på sjuksköterskor");
  });

  it("hold through typing before, after and elsewhere, and span blocks", () => {
    const doc = seededDoc(["Nuläge i regionen", "Brist på sjuksköterskor"]);
    const fragment = doc.getXmlFragment("nulage");
    const made = createTextAnchor(fragment, 9, 22)!;
    expect(made.quote).toBe("regionen\nBris");
    const anchor: TextAnchorRef = { part: "nulage", itemId: null, ...made };
    const first = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const second = (fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText;
    first.insert(0, "Om ");
    first.insert(12, "hela "); // right before the passage's first character
    second.insert(4, "ten"); // right after its last character
    expect(flattenFragment(fragment).text).toBe("Om Nuläge i hela regionen\nBristent på sjuksköterskor");
    expect(resolveTextAnchor(doc, anchor)).toEqual({ status: "attached", from: 17, to: 30 });
  });

  it("detach when the passage is edited inside or deleted, keeping the quote", () => {
    const doc = seededDoc(["Brist på specialistsjuksköterskor"]);
    const fragment = doc.getXmlFragment("nulage");
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const anchor: TextAnchorRef = { part: "nulage", itemId: null, ...createTextAnchor(fragment, 0, 5)! };
    text.insert(2, "x");
    expect(resolveTextAnchor(doc, anchor)).toEqual({ status: "detached" });
    text.delete(2, 1);
    // Typing the same characters again does not bring it back: they are other characters.
    expect(resolveTextAnchor(doc, anchor)).toEqual({ status: "attached", from: 0, to: 5 });
    fragment.delete(0, 1);
    expect(resolveTextAnchor(doc, anchor)).toEqual({ status: "detached" });
  });

  it("in a goal statement follow the goal, and detach when it is removed", () => {
    const doc = new Y.Doc();
    const goal = addItem(doc, GOALS, GOAL_ID);
    itemText(goal)!.insert(0, [paragraph("Minska väntetiderna till 60 dagar")]);
    const anchor: TextAnchorRef = { part: "goal", itemId: GOAL_ID, ...createTextAnchor(itemText(goal)!, 7, 19)! };
    expect(anchor.quote).toBe("väntetiderna");
    expect(resolveTextAnchor(doc, anchor)).toEqual({ status: "attached", from: 7, to: 19 });
    expect(resolveTextAnchor(doc, { ...anchor, part: "nulage", itemId: null })).toEqual({ status: "detached" });
    removeItem(doc, GOALS, GOAL_ID);
    expect(resolveTextAnchor(doc, anchor)).toEqual({ status: "detached" });
  });

  it("never resolve garbage, an empty quote or an empty range", () => {
    const doc = seededDoc(["Text"]);
    const made = createTextAnchor(doc.getXmlFragment("nulage"), 0, 4)!;
    expect(createTextAnchor(doc.getXmlFragment("nulage"), 2, 2)).toBeNull();
    expect(resolveTextAnchor(doc, { part: "nulage", itemId: null, ...made, start: Uint8Array.of(255, 255) })).toEqual({ status: "detached" });
    expect(resolveTextAnchor(doc, { part: "nulage", itemId: null, ...made, quote: "" })).toEqual({ status: "detached" });
    expect(resolveTextAnchor(doc, { part: "nulage", itemId: null, ...made, start: made.end, end: made.start })).toEqual({ status: "detached" });
  });
});

type Edit = { replica: number; kind: "insert"; at: number; text: string } | { replica: number; kind: "delete"; at: number; length: number } | { replica: number; kind: "split" };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ replica: fc.nat(2), kind: fc.constant("insert" as const), at: fc.nat(200), text: fc.string({ minLength: 1, maxLength: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ replica: fc.nat(2), kind: fc.constant("delete" as const), at: fc.nat(200), length: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ replica: fc.nat(2), kind: fc.constant("split" as const) }) },
);

/** The text node and local index of a flat offset (inside a text node), or null. */
function locate(fragment: Y.XmlFragment, offset: number): { node: Y.XmlText; index: number } | null {
  for (const [node, start] of flattenFragment(fragment).offsets) {
    if (offset >= start && offset <= start + node.length) return { node, index: offset - start };
  }
  return null;
}

/**
 * Applies an edit to one replica and says which anchors it touched there (an insert strictly
 * inside a passage, a deletion overlapping it): only those may detach.
 */
function applyEdit(doc: Y.Doc, edit: Edit, anchors: TextAnchorRef[], touched: Set<number>): void {
  const fragment = doc.getXmlFragment("nulage");
  const length = flattenFragment(fragment).text.length;
  const positions = anchors.map((anchor) => resolveTextAnchor(doc, anchor));
  if (edit.kind === "split") {
    fragment.insert(fragment.length, [paragraph("Nytt stycke")]);
    return;
  }
  const at = length === 0 ? 0 : edit.at % (length + 1);
  const target = locate(fragment, at);
  if (!target) return;
  if (edit.kind === "insert") {
    target.node.insert(target.index, edit.text);
    positions.forEach((position, index) => {
      if (position.status === "attached" && at > position.from && at < position.to) touched.add(index);
    });
    return;
  }
  const count = Math.min(edit.length, target.node.length - target.index);
  if (count <= 0) return;
  target.node.delete(target.index, count);
  positions.forEach((position, index) => {
    if (position.status === "attached" && at < position.to && at + count > position.from) touched.add(index);
  });
}

describe("anchor fuzz: three replicas editing concurrently", () => {
  it(`${RUNS} runs: each anchor covers exactly its quote or is detached, replicas agree, untouched passages stay attached`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(120), fc.integer({ min: 1, max: 25 })), { minLength: 1, maxLength: 6 }),
        fc.array(editArbitrary, { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        (ranges, edits, deliveryOrder) => {
          const origin = seededDoc([
            "Efterfrågan på vård ökar med en åldrande befolkning.",
            "Bristen på specialistsjuksköterskor är störst i glesbygd.",
            "Regionerna samverkar om utbildningsplatser.",
          ]);
          const replicas = [origin, replicaOf(origin), replicaOf(origin)];
          const text = flattenFragment(origin.getXmlFragment("nulage")).text;
          const anchors = ranges.flatMap(([from, length]) => {
            const start = from % text.length;
            const made = createTextAnchor(origin.getXmlFragment("nulage"), start, Math.min(text.length, start + length));
            return made ? [{ part: "nulage" as const, itemId: null, ...made }] : [];
          });
          const touched = new Set<number>();
          // Each replica edits its own copy; the updates travel later, in a random order.
          const pending: { to: number; update: Uint8Array }[] = [];
          for (const doc of replicas) {
            doc.on("update", (update: Uint8Array, origin: unknown) => {
              if (origin === "network") return;
              const from = replicas.indexOf(doc);
              for (let to = 0; to < replicas.length; to++) if (to !== from) pending.push({ to, update });
            });
          }
          edits.forEach((edit, step) => {
            applyEdit(replicas[edit.replica]!, edit, anchors, touched);
            // Now and then some of what is in flight arrives.
            if (pending.length && deliveryOrder[step % deliveryOrder.length]! % 3 === 0) {
              const [message] = pending.splice(deliveryOrder[step % deliveryOrder.length]! % pending.length, 1);
              Y.applyUpdate(replicas[message!.to]!, message!.update, "network");
            }
          });
          for (const message of pending.splice(0)) Y.applyUpdate(replicas[message.to]!, message.update, "network");
          const finalTexts = replicas.map((doc) => flattenFragment(doc.getXmlFragment("nulage")).text);
          expect(new Set(finalTexts).size).toBe(1);
          anchors.forEach((anchor, index) => {
            const states = replicas.map((doc) => resolveTextAnchor(doc, anchor));
            expect(states[1]).toEqual(states[0]);
            expect(states[2]).toEqual(states[0]);
            const state = states[0]!;
            if (state.status === "attached") expect(finalTexts[0]!.slice(state.from, state.to)).toBe(anchor.quote);
            if (!touched.has(index)) expect(state.status).toBe("attached");
          });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
