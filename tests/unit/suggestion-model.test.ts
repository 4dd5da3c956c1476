/**
 * Suggestions' pure parts: the inputs' validation, comparing wordings, and replacing one item's
 * text only while it still reads as the suggestion expected (lib/model/suggestion.ts,
 * lib/collab/driver-doc.ts).
 */
import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { ACTIONS, GOALS, addItem, findItem, itemText, readDriverDoc, replaceItemText } from "@/lib/collab/driver-doc";
import { createSuggestionSchema, decideSuggestionSchema, isSameWording } from "@/lib/model/suggestion";
import { fieldErrorsFrom } from "@/lib/validation";

function errorsOf(schema: typeof decideSuggestionSchema | typeof createSuggestionSchema, input: unknown) {
  const result = schema.safeParse(input, { reportInput: true });
  return result.success ? {} : fieldErrorsFrom(result.error);
}

describe("suggestion inputs", () => {
  it("needs a wording, within the limit, for a goal or an action", () => {
    const itemId = randomUUID();
    expect(createSuggestionSchema.parse({ itemKind: "goal", itemId, proposedText: "  Ny text  " })).toEqual({ itemKind: "goal", itemId, proposedText: "Ny text" });
    expect(errorsOf(createSuggestionSchema, { itemKind: "goal", itemId, proposedText: " " })).toEqual({ proposedText: { key: "required" } });
    expect(Object.keys(errorsOf(createSuggestionSchema, { itemKind: "gap", itemId: "x", proposedText: "a".repeat(2_001) })).sort()).toEqual(["itemId", "itemKind", "proposedText"]);
  });

  it("needs a reason to reject, not to accept", () => {
    const suggestionId = randomUUID();
    expect(decideSuggestionSchema.parse({ suggestionId, decision: "accept" })).toEqual({ suggestionId, decision: "accept", reason: "" });
    expect(errorsOf(decideSuggestionSchema, { suggestionId, decision: "reject", reason: "  " })).toEqual({ reason: { key: "reasonRequired" } });
    expect(errorsOf(decideSuggestionSchema, { suggestionId, decision: "maybe" })).toHaveProperty("decision");
  });

  it("compares wordings as read, ignoring runs of white space", () => {
    expect(isSameWording(" Fler  läkare\ni glesbygd ", "Fler läkare i glesbygd")).toBe(true);
    expect(isSameWording("Fler läkare", "Fler sjuksköterskor")).toBe(false);
  });
});

describe("replacing an item's text", () => {
  const readItem = (doc: Y.Doc, id: string) => findItem(doc, GOALS, id)!;

  function docWithGoal(text: string) {
    const doc = new Y.Doc();
    const id = randomUUID();
    const item = addItem(doc, GOALS, id);
    const fragment = itemText(item)!;
    doc.transact(() => {
      fragment.delete(0, fragment.length);
      const paragraph = new Y.XmlElement("paragraph");
      fragment.push([paragraph]);
      paragraph.insert(0, [new Y.XmlText(text)]);
    });
    return { doc, id };
  }

  it("applies the new wording when the text still reads as expected, as one transaction", () => {
    const { doc, id } = docWithGoal("Fler läkare");
    let transactions = 0;
    doc.on("afterTransaction", () => transactions++);
    expect(replaceItemText(doc, { list: GOALS, itemId: id, expectedText: "Fler  läkare", proposedText: "Fler läkare i glesbygd" })).toBe("applied");
    expect(transactions).toBe(1);
    expect(readDriverDoc(doc).goals[0]?.text).toBe("Fler läkare i glesbygd");
  });

  it("keeps unchanged words as they were, so positions anchored in them (comments, cursors) survive", () => {
    const { doc, id } = docWithGoal("Fler läkare i glesbygd");
    const words = (itemText(readItem(doc, id))!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const anchor = Y.createRelativePositionFromTypeIndex(words, "Fler läkare i ".length);
    expect(replaceItemText(doc, { list: GOALS, itemId: id, expectedText: "Fler läkare i glesbygd", proposedText: "Fler läkare och sjuksköterskor i glesbygd" })).toBe("applied");
    expect(readDriverDoc(doc).goals[0]?.text).toBe("Fler läkare och sjuksköterskor i glesbygd");
    expect(Y.createAbsolutePositionFromRelativePosition(anchor, doc)?.index).toBe("Fler läkare och sjuksköterskor i ".length);
  });

  it.each([
    ["Fler  läkare i  glesbygd", "Fler sjuksköterskor i glesbygd"],
    ["Andelen ska öka.", "Andelen specialistsjuksköterskor ska öka till 30 procent."],
    ["Kortare väntetider till BUP", "Väntetider"],
    ["a b c d e", "e d c b a"],
  ])("rewrites %j into %j exactly", (before, after) => {
    const { doc, id } = docWithGoal(before);
    expect(replaceItemText(doc, { list: GOALS, itemId: id, expectedText: before, proposedText: after })).toBe("applied");
    expect(readDriverDoc(doc).goals[0]?.text).toBe(after);
  });

  it("replaces a text of several paragraphs whole", () => {
    const { doc, id } = docWithGoal("Första stycket");
    const fragment = itemText(readItem(doc, id))!;
    doc.transact(() => {
      const second = new Y.XmlElement("paragraph");
      fragment.push([second]);
      second.insert(0, [new Y.XmlText("Andra stycket")]);
    });
    expect(replaceItemText(doc, { list: GOALS, itemId: id, expectedText: "Första stycket\nAndra stycket", proposedText: "Ett enda stycke" })).toBe("applied");
    expect(readDriverDoc(doc).goals[0]?.text).toBe("Ett enda stycke");
  });

  it("leaves a text changed since alone, and says which item is missing", () => {
    const { doc, id } = docWithGoal("Fler sjuksköterskor");
    expect(replaceItemText(doc, { list: GOALS, itemId: id, expectedText: "Fler läkare", proposedText: "X" })).toBe("changed");
    expect(readDriverDoc(doc).goals[0]?.text).toBe("Fler sjuksköterskor");
    expect(replaceItemText(doc, { list: ACTIONS, itemId: id, expectedText: "Fler sjuksköterskor", proposedText: "X" })).toBe("missing");
  });
});
