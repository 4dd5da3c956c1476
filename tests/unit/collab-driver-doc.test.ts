/** The driver document contract (lib/collab/driver-doc.ts): what is written reads back, forged values read as absent. */
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  ACTION_DEFAULTS,
  ACTIONS,
  addItem,
  driverDocFrom,
  GOALS,
  itemArray,
  itemText,
  moveItem,
  moveItemTo,
  orderedItems,
  readDriverDoc,
  removeItem,
  setGoalTarget,
  setItemAttribute,
  type DriverDocContent,
} from "@/lib/collab/driver-doc";
import { docFromPlainText, EMPTY_DOC } from "@/lib/model/rich-text";

const GOAL_A = "11111111-1111-4111-8111-111111111111";
const GOAL_B = "22222222-2222-4222-8222-222222222222";
const ORG = "33333333-3333-4333-8333-333333333333";
const ACTION = "44444444-4444-4444-8444-444444444444";

const content: DriverDocContent = {
  texts: { nulage: docFromPlainText("Brist på barnmorskor"), future: EMPTY_DOC, gap: docFromPlainText("Glappet växer") },
  goals: [
    { id: GOAL_A, doc: docFromPlainText("Fler barnmorskor"), text: "Fler barnmorskor", target: { indicatorId: "ind", regionCode: "01", value: 1.5, year: 2030, direction: "increase" } },
    { id: GOAL_B, doc: docFromPlainText("Kortare väntetider"), text: "Kortare väntetider", target: null },
  ],
  actions: [
    { id: ACTION, doc: docFromPlainText("Gemensam rekrytering"), text: "Gemensam rekrytering", horizon: "long", level: "national", control: "own", responsibleOrganisationIds: [ORG], collaboratingOrganisationIds: [] },
  ],
};

/** Exchanges updates both ways, as two synced replicas would. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe("marks", () => {
  it("reads bold and italic text back as the editor writes it (a mark with empty attributes), not as an empty text", () => {
    const marked = {
      type: "doc" as const,
      content: [
        {
          type: "paragraph" as const,
          content: [
            { type: "text" as const, text: "Fler barnmorskor", marks: [{ type: "bold" as const }] },
            { type: "text" as const, text: " i hela landet", marks: [{ type: "italic" as const }] },
            { type: "text" as const, text: " till 2030" },
          ],
        },
      ],
    };
    const doc = driverDocFrom({ ...content, texts: { ...content.texts, nulage: marked } });
    expect(readDriverDoc(doc).texts.nulage).toEqual(marked);
  });
});

describe("driver document", () => {
  it("reads back what was written", () => {
    expect(readDriverDoc(driverDocFrom(content))).toEqual(content);
  });

  it("adds, orders, moves and removes items", () => {
    const doc = new Y.Doc();
    addItem(doc, GOALS, GOAL_A);
    addItem(doc, GOALS, GOAL_B);
    expect(orderedItems(doc, GOALS).map((item) => item.get("id"))).toEqual([GOAL_A, GOAL_B]);
    expect(moveItem(doc, GOALS, GOAL_B, "up")).toBe(true);
    expect(orderedItems(doc, GOALS).map((item) => item.get("id"))).toEqual([GOAL_B, GOAL_A]);
    expect(moveItem(doc, GOALS, GOAL_B, "up")).toBe(false);
    expect(moveItemTo(doc, GOALS, GOAL_B, 1)).toBe(true);
    expect(orderedItems(doc, GOALS).map((item) => item.get("id"))).toEqual([GOAL_A, GOAL_B]);
    removeItem(doc, GOALS, GOAL_A);
    expect(readDriverDoc(doc).goals.map((goal) => goal.id)).toEqual([GOAL_B]);
    expect(readDriverDoc(doc).actions).toEqual([]);
  });

  it("keeps a concurrent edit of an item's text while another replica moves it", () => {
    const a = driverDocFrom(content);
    const b = new Y.Doc();
    sync(a, b);
    moveItem(a, GOALS, GOAL_B, "up");
    const paragraph = itemText(orderedItems(b, GOALS).find((item) => item.get("id") === GOAL_B)!)!.get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, "Mycket ");
    sync(a, b);
    expect(readDriverDoc(a)).toEqual(readDriverDoc(b));
    expect(readDriverDoc(a).goals.map((goal) => goal.text)).toEqual(["Mycket Kortare väntetider", "Fler barnmorskor"]);
  });

  it("reads forged values as absent or default, and ignores malformed and duplicate items", () => {
    const doc = driverDocFrom(content);
    doc.transact(() => {
      const forged = new Y.Map<unknown>();
      forged.set("id", "not-a-uuid");
      itemArray(doc, GOALS).push([forged]);
      const duplicate = new Y.Map<unknown>();
      duplicate.set("id", GOAL_A);
      duplicate.set("order", -5);
      itemArray(doc, GOALS).push([duplicate]);
    });
    setItemAttribute(doc, ACTIONS, ACTION, "horizon", "<script>");
    setItemAttribute(doc, ACTIONS, ACTION, "responsibleOrganisationIds", ["x", ORG, ORG]);
    setItemAttribute(doc, GOALS, GOAL_A, "targetYear", 1850);
    const read = readDriverDoc(doc);
    expect(read.goals.map((goal) => goal.id)).toEqual([GOAL_A, GOAL_B]);
    expect(read.goals[0]!.target).toBeNull();
    expect(read.actions[0]!.horizon).toBe(ACTION_DEFAULTS.horizon);
    expect(read.actions[0]!.responsibleOrganisationIds).toEqual([ORG]);
  });

  it("sets and clears a goal's target as a whole", () => {
    const doc = driverDocFrom(content);
    setGoalTarget(doc, GOAL_B, { indicatorId: "ind2", regionCode: null, value: 10, year: 2035, direction: "decrease" });
    expect(readDriverDoc(doc).goals[1]!.target).toEqual({ indicatorId: "ind2", regionCode: null, value: 10, year: 2035, direction: "decrease" });
    setGoalTarget(doc, GOAL_B, null);
    expect(readDriverDoc(doc).goals[1]!.target).toBeNull();
  });
});
