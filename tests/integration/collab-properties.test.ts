/**
 * RELIABILITY.md C10 (fast-check): replicas making schema-shaped edits with random delivery order,
 * duplicates and drops (then a resync) converge; a snapshot plus the tail equals a full replay; the
 * server-side reading of every fragment validates against the rich-text schema.
 */
import fc from "fast-check";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { addItem, GOALS, itemText, moveItem, readDriverDoc, removeItem, textFragment } from "@/lib/collab/driver-doc";
import { TEXT_PARTS } from "@/lib/model/enums";
import { richTextDocSchema } from "@/lib/model/rich-text";
import { mergeState } from "@/lib/server/collab/document-store";

const GOAL_IDS = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333"];

type Edit =
  | { kind: "type"; part: number; at: number; text: string; mark: boolean }
  | { kind: "delete"; part: number; at: number; length: number }
  | { kind: "paragraph"; part: number }
  | { kind: "addGoal"; goal: number }
  | { kind: "removeGoal"; goal: number }
  | { kind: "moveGoal"; goal: number; up: boolean }
  | { kind: "typeGoal"; goal: number; text: string };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("type" as const), part: fc.nat(2), at: fc.nat(40), text: fc.string({ minLength: 1, maxLength: 6 }), mark: fc.boolean() }),
  fc.record({ kind: fc.constant("delete" as const), part: fc.nat(2), at: fc.nat(40), length: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("paragraph" as const), part: fc.nat(2) }),
  fc.record({ kind: fc.constant("addGoal" as const), goal: fc.nat(2) }),
  fc.record({ kind: fc.constant("removeGoal" as const), goal: fc.nat(2) }),
  fc.record({ kind: fc.constant("moveGoal" as const), goal: fc.nat(2), up: fc.boolean() }),
  fc.record({ kind: fc.constant("typeGoal" as const), goal: fc.nat(2), text: fc.string({ minLength: 1, maxLength: 6 }) }),
);

/** The first text node of a fragment's first paragraph, creating both as the editor would. */
function firstText(fragment: Y.XmlFragment): Y.XmlText {
  let paragraph = fragment.get(0);
  if (!(paragraph instanceof Y.XmlElement)) {
    paragraph = new Y.XmlElement("paragraph");
    fragment.insert(0, [paragraph]);
  }
  let text = (paragraph as Y.XmlElement).get(0);
  if (!(text instanceof Y.XmlText)) {
    text = new Y.XmlText();
    (paragraph as Y.XmlElement).insert(0, [text]);
  }
  return text as Y.XmlText;
}

function apply(doc: Y.Doc, edit: Edit): void {
  doc.transact(() => {
    switch (edit.kind) {
      case "type": {
        const text = firstText(textFragment(doc, TEXT_PARTS[edit.part]!));
        text.insert(Math.min(edit.at, text.length), edit.text, edit.mark ? { bold: true } : undefined);
        break;
      }
      case "delete": {
        const text = firstText(textFragment(doc, TEXT_PARTS[edit.part]!));
        const at = Math.min(edit.at, text.length);
        text.delete(at, Math.min(edit.length, text.length - at));
        break;
      }
      case "paragraph":
        textFragment(doc, TEXT_PARTS[edit.part]!).push([new Y.XmlElement("paragraph")]);
        break;
      case "addGoal":
        addItem(doc, GOALS, GOAL_IDS[edit.goal]!);
        break;
      case "removeGoal":
        removeItem(doc, GOALS, GOAL_IDS[edit.goal]!);
        break;
      case "moveGoal":
        moveItem(doc, GOALS, GOAL_IDS[edit.goal]!, edit.up ? "up" : "down");
        break;
      case "typeGoal": {
        const goal = readDriverDoc(doc).goals.find((each) => each.id === GOAL_IDS[edit.goal]);
        if (!goal) break;
        const item = doc.getArray<Y.Map<unknown>>(GOALS).toArray().find((each) => each.get("id") === goal.id)!;
        firstText(itemText(item)!).insert(0, edit.text);
        break;
      }
    }
  });
}

describe("CRDT properties of the driver document", () => {
  it("replicas converge under reordering, duplication and loss followed by resync; snapshot + tail equals replay", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }),
        fc.array(fc.tuple(fc.nat(5), editArbitrary), { minLength: 1, maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), fc.boolean())),
        fc.nat(),
        (replicaCount, edits, deliveries, tailSplit) => {
          const replicas = Array.from({ length: replicaCount }, () => new Y.Doc());
          const log: Uint8Array[] = [];
          replicas.forEach((replica) => replica.on("update", (update: Uint8Array, origin: unknown) => origin === null && log.push(update)));
          edits.forEach(([who, edit]) => apply(replicas[who % replicaCount]!, edit));
          // Random delivery: any order, some twice, some never (until the resync below).
          for (const [updateIndex, target, duplicate, drop] of deliveries) {
            if (!log.length || drop) continue;
            const update = log[updateIndex % log.length]!;
            const replica = replicas[target % replicaCount]!;
            Y.applyUpdate(replica, update, "network");
            if (duplicate) Y.applyUpdate(replica, update, "network");
          }
          for (const a of replicas) for (const b of replicas) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), "resync");
          const expected = readDriverDoc(replicas[0]!);
          for (const replica of replicas) {
            expect(readDriverDoc(replica)).toEqual(expected);
            expect(Y.encodeStateVector(replica)).toEqual(Y.encodeStateVector(replicas[0]!));
          }
          for (const part of TEXT_PARTS) expect(richTextDocSchema.safeParse(expected.texts[part]).success).toBe(true);

          const split = log.length ? tailSplit % log.length : 0;
          const snapshot = mergeState(Y.mergeUpdates(log.slice(0, split).length ? log.slice(0, split) : [Y.encodeStateAsUpdate(new Y.Doc())]), []);
          const rebuilt = new Y.Doc();
          Y.applyUpdate(rebuilt, mergeState(snapshot, log.slice(split)));
          const replay = new Y.Doc();
          for (const update of log) Y.applyUpdate(replay, update);
          expect(readDriverDoc(rebuilt)).toEqual(readDriverDoc(replay));
          expect(readDriverDoc(replay)).toEqual(expected);
        },
      ),
      { numRuns: 500, seed: Number(process.env.FC_SEED ?? 20261123) },
    );
  }, 120_000);
});
