import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMPTY_DOC,
  RICH_TEXT_MAX_CHARS,
  docFromPlainText,
  plainTextOf,
  richTextDocSchema,
  type RichTextNode,
} from "@/lib/model/rich-text";
import { fieldErrorsOf } from "./helpers";

const text = (value: string, marks?: RichTextNode["marks"]): RichTextNode =>
  marks ? { type: "text", text: value, marks } : { type: "text", text: value };
const paragraph = (...content: RichTextNode[]): RichTextNode => ({ type: "paragraph", content });
const listItem = (...content: RichTextNode[]): RichTextNode => ({ type: "listItem", content });
const doc = (...content: RichTextNode[]): RichTextNode => ({ type: "doc", content });


describe("richTextDocSchema", () => {
  it("accepts what the editor produces: headings, lists, quotes, marks and hard breaks", () => {
    const document = doc(
      { type: "heading", attrs: { level: 2 }, content: [text("Nuläge")] },
      paragraph(text("Andelen "), text("legitimerade", [{ type: "bold" }]), { type: "hardBreak" }, text("ökar")),
      { type: "bulletList", content: [listItem(paragraph(text("Ett")))] },
      { type: "orderedList", attrs: { start: 1 }, content: [listItem(paragraph(text("Två")))] },
      { type: "blockquote", content: [paragraph(text("Citat", [{ type: "italic" }]))] },
    );
    expect(richTextDocSchema.parse(document)).toEqual(document);
  });

  it("accepts the empty document", () => {
    expect(richTextDocSchema.parse(EMPTY_DOC)).toEqual(EMPTY_DOC);
  });

  it("rejects a node type the editor does not have", () => {
    const forged = { type: "doc", content: [paragraph(text("x")), { type: "image", attrs: { src: "https://example.org/x.png" } }] };
    expect(richTextDocSchema.safeParse(forged).success).toBe(false);
    expect(Object.keys(fieldErrorsOf(richTextDocSchema, forged))).toEqual(["content.1.type"]);
  });

  it("rejects an unknown mark and unknown keys on a node", () => {
    expect(richTextDocSchema.safeParse(doc(paragraph(text("x", [{ type: "link" } as never])))).success).toBe(false);
    expect(richTextDocSchema.safeParse(doc({ ...paragraph(text("x")), onclick: "alert(1)" } as never)).success).toBe(false);
  });

  it("rejects a root that is not a doc", () => {
    expect(fieldErrorsOf(richTextDocSchema, paragraph(text("x")))).toEqual({ _form: { key: "invalid" } });
  });

  it(`accepts exactly ${RICH_TEXT_MAX_CHARS} characters and rejects one more as tooLong`, () => {
    expect(richTextDocSchema.safeParse(doc(paragraph(text("a".repeat(RICH_TEXT_MAX_CHARS))))).success).toBe(true);
    expect(fieldErrorsOf(richTextDocSchema, doc(paragraph(text("a".repeat(RICH_TEXT_MAX_CHARS + 1)))))).toEqual({
      _form: { key: "tooLong", params: { max: RICH_TEXT_MAX_CHARS } },
    });
  });

  it("counts the limit over all blocks together, not per block", () => {
    const half = "a".repeat(RICH_TEXT_MAX_CHARS / 2);
    expect(richTextDocSchema.safeParse(doc(paragraph(text(half)), paragraph(text(half)))).success).toBe(false);
  });
});

describe("plainTextOf", () => {
  it("joins inline text within a block and separates blocks with newlines", () => {
    expect(plainTextOf(doc(paragraph(text("Hej "), text("där", [{ type: "bold" }])), paragraph(text("Nästa"))))).toBe(
      "Hej där\nNästa",
    );
  });

  it("flattens nested lists and quotes into one line per block", () => {
    const document = doc(
      paragraph(text("Inledning")),
      {
        type: "bulletList",
        content: [
          listItem(paragraph(text("Ett"))),
          listItem(
            paragraph(text("Två")),
            { type: "orderedList", content: [listItem(paragraph(text("Två a"))), listItem(paragraph(text("Två b")))] },
          ),
        ],
      },
      { type: "blockquote", content: [paragraph(text("Citat"))] },
    );
    expect(plainTextOf(document)).toBe("Inledning\nEtt\nTvå\nTvå a\nTvå b\nCitat");
  });

  it("turns a hard break into a newline and leaves out empty paragraphs", () => {
    expect(plainTextOf(doc(paragraph(text("a"), { type: "hardBreak" }, text("b")), paragraph(), paragraph(text("c"))))).toBe(
      "a\nb\nc",
    );
  });

  it("is empty for the empty document", () => {
    expect(plainTextOf(EMPTY_DOC)).toBe("");
  });
});

describe("docFromPlainText", () => {
  it("makes a paragraph per non-blank line, trimmed", () => {
    expect(docFromPlainText("  Första \n\n\nAndra\n   \n")).toEqual(
      doc(paragraph(text("Första")), paragraph(text("Andra"))),
    );
  });

  it("gives the empty document for blank text", () => {
    expect(docFromPlainText(" \n \n")).toEqual(EMPTY_DOC);
  });

  // Lines of printable text and spaces (no other line breaks), with blank lines mixed in.
  const line = fc.string({ unit: fc.constantFrom("a", "ö", "Å", " ", "1", "-", ".", "\t"), maxLength: 20 });

  it("round-trips: plainTextOf(docFromPlainText(text)) is the non-blank trimmed lines joined by newlines", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const input = lines.join("\n");
        const expected = lines
          .map((value) => value.trim())
          .filter((value) => value.length > 0)
          .join("\n");
        expect(plainTextOf(docFromPlainText(input))).toBe(expected);
      }),
    );
  });

  it("always produces a document the schema accepts", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        expect(richTextDocSchema.safeParse(docFromPlainText(lines.join("\n"))).success).toBe(true);
      }),
    );
  });
});
