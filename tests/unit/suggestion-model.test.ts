/**
 * Suggestions' pure parts: the inputs' validation, comparing wordings, and replacing one item's
 * text only while it still reads as the suggestion expected (lib/model/suggestion.ts,
 * lib/collab/driver-doc.ts).
 */
import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { ACTIONS, GOALS, addItem, itemText, readDriverDoc, replaceItemText } from "@/lib/collab/driver-doc";
import { docFromPlainText } from "@/lib/model/rich-text";
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
    expect(replaceItemText(doc, { list: GOALS, itemId: id, expectedText: "Fler  läkare", content: docFromPlainText("Fler läkare i glesbygd") })).toBe("applied");
    expect(transactions).toBe(1);
    expect(readDriverDoc(doc).goals[0]?.text).toBe("Fler läkare i glesbygd");
  });

  it("leaves a text changed since alone, and says which item is missing", () => {
    const { doc, id } = docWithGoal("Fler sjuksköterskor");
    expect(replaceItemText(doc, { list: GOALS, itemId: id, expectedText: "Fler läkare", content: docFromPlainText("X") })).toBe("changed");
    expect(readDriverDoc(doc).goals[0]?.text).toBe("Fler sjuksköterskor");
    expect(replaceItemText(doc, { list: ACTIONS, itemId: id, expectedText: "Fler sjuksköterskor", content: docFromPlainText("X") })).toBe("missing");
  });
});
