/**
 * Mention tokens (lib/model/mention.ts): building, escaping, finding, and what counts as code.
 * The round trip `findMentions(userMention(id, name))` must give back exactly the name and ID for
 * any name, which fast-check tries with names full of brackets, parentheses and backslashes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MENTION_PATTERN_SOURCE,
  blankCode,
  escapeMentionName,
  findMentions,
  mentionPattern,
  mentionsAsText,
  organisationMention,
  parseMentions,
  userMention,
} from "@/lib/model/mention";
import { commentExcerpt, levelAllows, strongerReason } from "@/lib/model/notification";

const ANNA = "5f0c3b7e-2a4d-4c1e-9b8a-0d1e2f3a4b5c";
const BO = "0b6e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4";
const SKANE = "9a1e2b3c-4d5e-4f60-a172-8394a5b6c7d8";

describe("the token builders", () => {
  it("write the exact format the renderer reads", () => {
    expect(userMention(ANNA, "Anna Berg")).toBe(`@[Anna Berg](user:${ANNA})`);
    expect(organisationMention(SKANE, "Region Skåne")).toBe(`@[Region Skåne](organisation:${SKANE})`);
  });

  it("lower-case the ID and refuse one that is not a UUID", () => {
    expect(userMention(ANNA.toUpperCase(), "A")).toBe(`@[A](user:${ANNA})`);
    expect(() => userMention("not-a-uuid", "A")).toThrow(/UUID/);
    expect(() => organisationMention("", "A")).toThrow(/UUID/);
  });

  it("escape brackets, parentheses and backslashes so a name cannot leave its token", () => {
    const evil = `x](user:${BO}) @[y`;
    const token = userMention(ANNA, evil);
    expect(token).toBe(`@[x\\]\\(user:${BO}\\) @\\[y](user:${ANNA})`);
    expect(findMentions(token)).toEqual([{ kind: "user", id: ANNA, name: evil, start: 0, end: token.length }]);
    expect(parseMentions(token)).toEqual({ userIds: [ANNA], organisationIds: [] });
    expect(escapeMentionName("a\\b")).toBe("a\\\\b");
    expect(escapeMentionName("a`b")).toBe("a\\`b");
  });

  it("turn line breaks and control characters into single spaces, and an empty name into ?", () => {
    expect(userMention(ANNA, " Anna\n\r\tBerg\u2028 ")).toBe(`@[Anna Berg](user:${ANNA})`);
    expect(userMention(ANNA, "  \n ")).toBe(`@[?](user:${ANNA})`);
  });

  it("round-trip any name (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom("a", "å", " ", "[", "]", "(", ")", "\\", "@", "`", "\n", "x") }), (name) => {
        const expected = name.replace(/[\u0000-\u001f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim() || "?";
        const body = `Hej ${userMention(ANNA, name)} och ${organisationMention(SKANE, name)}!`;
        const found = findMentions(body);
        expect(found.map((mention) => [mention.kind, mention.id, mention.name])).toEqual([
          ["user", ANNA, expected],
          ["organisation", SKANE, expected],
        ]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseMentions", () => {
  it("finds people and organisations, each once, in order of first mention", () => {
    const body = [
      userMention(BO, "Bo"),
      `${userMention(ANNA, "Anna")} och igen @[Anna B](user:${ANNA.toUpperCase()})`,
      organisationMention(SKANE, "Region Skåne"),
      userMention(BO, "Bo Ek"),
    ].join("\n");
    expect(parseMentions(body)).toEqual({ userIds: [BO, ANNA], organisationIds: [SKANE] });
  });

  it("ignores malformed tokens: wrong kind, bad or short UUID, unescaped bracket, no name", () => {
    const body = [
      `@[Anna](team:${ANNA})`,
      `@[Anna](user:${ANNA.slice(0, -1)})`,
      "@[Anna](user:zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz)",
      `@[An[na](user:${ANNA})`,
      `@[](user:${ANNA})`,
      `@ [Anna](user:${ANNA})`,
      `[Anna](user:${ANNA})`,
      `@[Anna] (user:${ANNA})`,
      `@[Anna](user: ${ANNA})`,
    ].join("\n");
    expect(parseMentions(body)).toEqual({ userIds: [], organisationIds: [] });
  });

  it("keeps only what the schema accepts as a UUID (the variant and version nibbles too)", () => {
    const notRfc = "5f0c3b7e-2a4d-0c1e-0b8a-0d1e2f3a4b5c";
    expect(parseMentions(`@[X](user:${notRfc})`)).toEqual({ userIds: [], organisationIds: [] });
  });

  it("ignores tokens in inline code spans, also with longer backtick runs", () => {
    const body = `Skriv \`${userMention(ANNA, "Anna")}\` eller \`\` a \` ${userMention(BO, "Bo")} \`\` men ${organisationMention(SKANE, "Skåne")}`;
    expect(parseMentions(body)).toEqual({ userIds: [], organisationIds: [SKANE] });
  });

  it("counts a token after an unclosed or escaped backtick (that backtick is text)", () => {
    expect(parseMentions(`ett \` ensamt ${userMention(ANNA, "Anna")}`)).toEqual({ userIds: [ANNA], organisationIds: [] });
    expect(parseMentions(`\\\`${userMention(ANNA, "Anna")}\``)).toEqual({ userIds: [ANNA], organisationIds: [] });
  });

  it("ignores tokens in fenced code blocks (``` and ~~~, longer fences, unclosed at the end)", () => {
    const body = [
      "```",
      userMention(ANNA, "Anna"),
      "```",
      userMention(BO, "Bo"),
      "~~~~ js",
      organisationMention(SKANE, "Skåne"),
      "~~~",
      "still code",
      "~~~~",
      "````",
      userMention(ANNA, "Anna igen"),
    ].join("\n");
    expect(parseMentions(body)).toEqual({ userIds: [BO], organisationIds: [] });
  });

  it("does not let a code span run across a blank line (paragraphs end it)", () => {
    const body = `start \` öppen\n\n${userMention(ANNA, "Anna")} \` slut`;
    expect(parseMentions(body)).toEqual({ userIds: [ANNA], organisationIds: [] });
  });

  it("blankCode keeps the length and the line breaks, so positions stay valid", () => {
    const body = "a `kod` b\n```\nx\n```\nc";
    const blanked = blankCode(body);
    expect(blanked).toHaveLength(body.length);
    expect(blanked).toBe("a       b\n   \n \n   \nc");
  });
});

describe("the pattern for renderers", () => {
  it("is a fresh global RegExp with the name, kind and ID as groups", () => {
    const pattern = mentionPattern();
    expect(pattern.flags).toContain("g");
    expect(pattern).not.toBe(mentionPattern());
    const [match] = `x ${userMention(ANNA, "A (B)")}`.matchAll(pattern);
    expect(match!.slice(1)).toEqual(["A \\(B\\)", "user", ANNA]);
    expect(new RegExp(MENTION_PATTERN_SOURCE).source).toBe(pattern.source);
  });

  it("findMentions gives the positions of each token in the body", () => {
    const token = userMention(ANNA, "Anna");
    const body = `Hej ${token}!`;
    const [mention] = findMentions(body);
    expect(body.slice(mention!.start, mention!.end)).toBe(token);
  });

  it("mentionsAsText writes @Name and leaves code alone", () => {
    const body = `Hej ${userMention(ANNA, "Anna [A]")} \`${userMention(BO, "Bo")}\``;
    expect(mentionsAsText(body)).toBe(`Hej @Anna [A] \`${userMention(BO, "Bo")}\``);
  });
});

describe("excerpts and reasons", () => {
  it("an excerpt is one line of plain text, mentions as @Name, cut at a word with an ellipsis", () => {
    const body = `# Rubrik\n\n**Viktigt:** ${userMention(ANNA, "Anna")} se [länken](https://example.org) och \`kod\`.\n> citat`;
    expect(commentExcerpt(body)).toBe("Rubrik Viktigt: @Anna se länken och kod. citat");
    const long = commentExcerpt("ord ".repeat(100), 50);
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long.endsWith("…")).toBe(true);
    expect(long).not.toMatch(/\s…$/);
  });

  it("keeps markup-looking text as text: an excerpt is never HTML", () => {
    expect(commentExcerpt('<img src=x onerror=alert(1)> "><svg onload=alert(1)>')).toBe('<img src=x onerror=alert(1)> "><svg onload=alert(1)>');
  });

  it("orders reasons mention > reply > activity and applies levels", () => {
    expect(strongerReason("reply", "mention")).toBe("mention");
    expect(strongerReason("activity", "reply")).toBe("reply");
    expect(["activity", "reply", "mention"].reduce((a, b) => strongerReason(a as never, b as never))).toBe("mention");
    expect(levelAllows("mentions_and_replies", "activity")).toBe(false);
    expect(levelAllows("mentions_and_replies", "reply")).toBe(true);
    expect(levelAllows("all", "activity")).toBe(true);
    expect(levelAllows("none", "mention")).toBe(false);
  });
});
