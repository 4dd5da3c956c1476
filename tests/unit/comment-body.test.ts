/**
 * Comment text is a safe Markdown subset (issue 6, item 7): every payload of the list below renders
 * inert — no element, attribute or address that could run script — while its text stays readable.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CommentBody, safeCommentUrl } from "@/components/comments/comment-body";
import { XSS_PAYLOADS } from "../support/xss-payloads";

const render = (text: string) => renderToStaticMarkup(createElement(CommentBody, { text }));

/** What must never appear in rendered comment HTML. */
const DANGEROUS = [/<script/i, /<img/i, /<svg/i, /<iframe/i, /<object/i, /<embed/i, /<style/i, /<form/i, /<input/i, /\son[a-z]+=/i, /href="\s*(javascript|data|vbscript):/i, /<a [^>]*href="\/\//i];

describe("comment bodies", () => {
  it.each(XSS_PAYLOADS)("renders %j inert", (payload) => {
    const html = render(payload);
    for (const pattern of DANGEROUS) expect(html).not.toMatch(pattern);
  });

  it("keeps the subset: emphasis, strong, code, quotes, lists and safe links", () => {
    const html = render("*vikt* och **fetstil**, `kod`\n\n> citat\n\n- ett\n- två\n\n[Socialstyrelsen](https://www.socialstyrelsen.se) och [här](/dialogues)");
    expect(html).toContain("<em>vikt</em>");
    expect(html).toContain("<strong>fetstil</strong>");
    expect(html).toContain("<code>kod</code>");
    expect(html).toContain("<blockquote>");
    expect(html).toContain("<li>två</li>");
    expect(html).toContain('href="https://www.socialstyrelsen.se"');
    expect(html).toContain('href="/dialogues"');
  });

  it("drops what is outside the subset but keeps its text", () => {
    const html = render("# Rubrik\n\n![bild](https://example.org/x.png)\n\n<b>rå html</b>");
    expect(html).not.toMatch(/<h1|<img|<b>/);
    expect(html).toContain("Rubrik");
  });

  it("renders mentions as names, never as links", () => {
    const html = render("Hej @[Anna Berg](user:2f0b1c9e-7a51-4d7e-9a3e-1b2c3d4e5f60) och @[Region Skåne](organisation:7a51b1c9-2f0b-4d7e-9a3e-1b2c3d4e5f60)");
    expect(html).toContain("Anna Berg</strong>");
    expect(html).toContain("Region Skåne</strong>");
    expect(html).not.toContain("user:");
    expect(html).not.toContain("<a ");
  });

  it("allows only http(s), mailto, site paths and mention addresses", () => {
    expect(safeCommentUrl("https://example.org")).toBe("https://example.org");
    expect(safeCommentUrl("mailto:a@b.se")).toBe("mailto:a@b.se");
    expect(safeCommentUrl("/dialogues/1")).toBe("/dialogues/1");
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "vbscript:x", "//evil.example", "ftp://x", "user:not-a-uuid"]) {
      expect(safeCommentUrl(bad)).toBe("");
    }
  });
});
