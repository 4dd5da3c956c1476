/**
 * The PDF export read back with a PDF parser (pdf.js, through unpdf): every goal, target, gap,
 * action and source line in order and in the reader's language; a tagged PDF (marked content and
 * a structure tree) with its title, language and an outline; "Utkast" on every page of a draft;
 * user text that looks like markup printed as text. Runs the real Chromium at /usr/bin/chromium.
 */
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { GoalSetExport } from "@/lib/model/goal-set-export";
import { docFromPlainText } from "@/lib/model/rich-text";
import { closeExportBrowser, renderGoalSetHtml, renderGoalSetPdf } from "@/lib/server/exports/pdf";
import { goalSetFixture } from "@/tests/support/goal-set-fixture";
import { containsText, expectedItemsInOrder, expectInOrder } from "@/tests/support/rendered-export";
import { XSS_PAYLOADS } from "@/tests/support/xss-payloads";

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

async function openPdf(goalSet: GoalSetExport): Promise<PdfDocument> {
  return getDocumentProxy(await renderGoalSetPdf(goalSet));
}

/** The document information dictionary (pdf.js adds the catalog's /Lang as `Language`). */
async function documentInfo(pdf: PdfDocument): Promise<Record<string, unknown>> {
  const { info } = await pdf.getMetadata();
  return Object.fromEntries(Object.entries(info));
}

async function pageTexts(pdf: PdfDocument): Promise<string[]> {
  const { text } = await extractText(pdf, { mergePages: false });
  return text;
}

/** Each goal's text replaced by one of `texts`: the goal statements a user could write. */
function withGoalTexts(goalSet: GoalSetExport, texts: readonly string[]): GoalSetExport {
  const [driver, ...others] = goalSet.drivers;
  const template = driver!.goals[1]!;
  const goals = texts.map((text, index) => ({ ...template, id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`, text, doc: docFromPlainText(text) }));
  return { ...goalSet, drivers: [{ ...driver!, goals }, ...others] };
}

describe("PDF export", () => {
  // The first export launches the browser; later ones reuse it.
  beforeAll(async () => {
    await renderGoalSetPdf(goalSetFixture());
  }, 60_000);
  afterAll(async () => {
    await closeExportBrowser();
  });

  test.each(["sv", "en"] as const)("says every goal, target, gap, action and source line in order (%s)", async (language) => {
    const goalSet = goalSetFixture({ language });
    const text = (await pageTexts(await openPdf(goalSet))).join("\n");
    const expected = expectedItemsInOrder(goalSet);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expectInOrder(text, expected);
    expect(() => expectInOrder(text, [...expected].reverse())).toThrow();
    if (language === "sv") {
      expect(containsText(text, "Källa: Socialstyrelsen, NPS 2024 delrapport 2")).toBe(true);
      expect(containsText(text, "Mål: Minska till 685")).toBe(true);
    } else {
      expect(containsText(text, "Source: Socialstyrelsen, NPS 2024 delrapport 2")).toBe(true);
      expect(containsText(text, "Target: Decrease to 685")).toBe(true);
      expect(text).not.toContain("Källa");
    }
  });

  test.each([
    ["sv", "Gemensamma målsättningar", "sv-SE"],
    ["en", "Agreed goal set", "en-GB"],
  ] as const)("is a tagged PDF with a title, a language and an outline (%s)", async (language, title, languageTag) => {
    const goalSet = goalSetFixture({ language });
    const pdf = await openPdf(goalSet);
    expect(await pdf.getMarkInfo()).toMatchObject({ Marked: true });
    const structure = await (await pdf.getPage(1)).getStructTree();
    expect(structure?.children.length).toBeGreaterThan(0);
    const info = await documentInfo(pdf);
    expect(info.Title).toBe(title);
    expect(info.Language).toBe(languageTag);
    const outline = (await pdf.getOutline()) ?? [];
    const titles = JSON.stringify(outline.map(function titlesOf(item): unknown {
      return [item.title, item.items.map(titlesOf)];
    }));
    for (const driver of goalSet.drivers) expect(titles).toContain(driver.title);
  });

  test("shows the draft mark on every page of a draft, and nowhere on an agreed version", async () => {
    const draftPages = await pageTexts(await openPdf(goalSetFixture({ source: { kind: "draft" } })));
    expect(draftPages.length).toBeGreaterThan(1);
    for (const [index, page] of draftPages.entries()) expect(page, `page ${index + 1}`).toContain("Utkast");
    const englishPages = await pageTexts(await openPdf(goalSetFixture({ source: { kind: "draft" }, language: "en" })));
    for (const [index, page] of englishPages.entries()) expect(page, `page ${index + 1}`).toContain("Draft");
    const agreedPages = await pageTexts(await openPdf(goalSetFixture()));
    expect(agreedPages.join("\n")).not.toContain("Utkast");
  });

  test("prints markup in a goal's text as text (React escapes it; the page runs no script)", async () => {
    const goalSet = withGoalTexts(goalSetFixture(), XSS_PAYLOADS);
    const html = renderGoalSetHtml(goalSet);
    // No element, attribute or address came from the payloads: every "<" of theirs is escaped.
    expect(html).not.toMatch(/<(script|img|iframe|details|form|input|math|a|mglyph)[\s>/]/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    // Self-contained: no tag asks the browser to fetch anything (a payload's "src=" is only text).
    expect(html).not.toMatch(/<[^>]*\s(src|href|srcset)=/i);

    const text = (await pageTexts(await openPdf(goalSet))).join("\n");
    for (const payload of ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']) {
      expect(containsText(text, payload), payload).toBe(true);
    }
  });

  test("launches a new browser after the shared one is closed", async () => {
    await closeExportBrowser();
    const text = (await pageTexts(await openPdf(goalSetFixture()))).join("\n");
    expect(containsText(text, "Hyrsjuksköterskorna i Stockholm halveras.")).toBe(true);
  });

  test("prints several exports at once", async () => {
    const languages = ["sv", "en", "sv", "en", "sv"] as const;
    const pdfs = await Promise.all(languages.map((language) => openPdf(goalSetFixture({ language }))));
    const titles = await Promise.all(pdfs.map(async (pdf) => (await documentInfo(pdf)).Title));
    expect(titles).toEqual(languages.map((language) => (language === "sv" ? "Gemensamma målsättningar" : "Agreed goal set")));
  });
});
