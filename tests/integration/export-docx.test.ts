/**
 * The DOCX export read back as Word would: unzip it, take word/document.xml's paragraphs in order,
 * and check what it says (every goal, target, gap, action and source line, in order, in the
 * reader's language) and how (Title and Heading 1 styles, repeated table header rows, chart alt
 * text, the document language, "Utkast" in a draft's page header).
 */
import JSZip from "jszip";
import { describe, expect, test } from "vitest";
import { exportText } from "@/lib/export/document-text";
import { docFromPlainText } from "@/lib/model/rich-text";
import type { GoalSetExport } from "@/lib/model/goal-set-export";
import { renderGoalSetDocx } from "@/lib/server/exports/docx";
import { goalSetFixture } from "@/tests/support/goal-set-fixture";
import { containsText, expectedItemsInOrder, expectInOrder } from "@/tests/support/rendered-export";

interface DocxParts {
  document: string;
  styles: string;
  core: string;
  headers: string[];
}

async function docxParts(goalSet: GoalSetExport): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(await renderGoalSetDocx(goalSet));
  const read = (name: string) => zip.file(name)?.async("string") ?? Promise.reject(new Error(`${name} is missing`));
  const headerNames = Object.keys(zip.files).filter((name) => /^word\/header\d+\.xml$/.test(name));
  return {
    document: await read("word/document.xml"),
    styles: await read("word/styles.xml"),
    core: await read("docProps/core.xml"),
    headers: await Promise.all(headerNames.map(read)),
  };
}

function unescapeXml(value: string): string {
  return value.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

interface DocxParagraph {
  style: string | null;
  text: string;
}

/** Paragraphs in document order (table cells included), with their style id and text. */
function paragraphsOf(xml: string): DocxParagraph[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([paragraph]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(paragraph)?.[1] ?? null,
    text: [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((match) => (match[1] === undefined ? "\n" : unescapeXml(match[1]))).join(""),
  }));
}

function documentText(xml: string): string {
  return paragraphsOf(xml)
    .map((paragraph) => paragraph.text)
    .join("\n");
}

describe("DOCX export", () => {
  test.each(["sv", "en"] as const)("says every goal, target, gap, action and source line in order (%s)", async (language) => {
    const goalSet = goalSetFixture({ language });
    const { document } = await docxParts(goalSet);
    const text = documentText(document);
    const expected = expectedItemsInOrder(goalSet);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expectInOrder(text, expected);
    // The same items the other way round are not in order: the check can fail.
    expect(() => expectInOrder(text, [...expected].reverse())).toThrow();
  });

  test("speaks the reader's language, not the other one", async () => {
    const swedish = documentText((await docxParts(goalSetFixture({ language: "sv" }))).document);
    const english = documentText((await docxParts(goalSetFixture({ language: "en" }))).document);
    for (const phrase of ["Gemensamma målsättningar", "Källa: Socialstyrelsen, NPS 2024 delrapport 2", "Mål: Minska till 685", "Gap kvar: 686", "dataversion NPS-underlaget (inläst vid start)", "Tidshorisont: Kort sikt"]) {
      expect(containsText(swedish, phrase), phrase).toBe(true);
    }
    for (const phrase of ["Agreed goal set", "Source: Socialstyrelsen, NPS 2024 delrapport 2", "Target: Decrease to 685", "Gap remaining: 686", "data release"]) {
      expect(containsText(english, phrase), phrase).toBe(true);
    }
    expect(english).not.toContain("Källa:");
    expect(english).not.toContain("Nuläge");
  });

  test("uses Word's Title and Heading 1 styles for the title and the drivers", async () => {
    const goalSet = goalSetFixture();
    const paragraphs = paragraphsOf((await docxParts(goalSet)).document);
    expect(paragraphs.filter((paragraph) => paragraph.style === "Title").map((paragraph) => paragraph.text)).toEqual(["Gemensamma målsättningar"]);
    expect(paragraphs.filter((paragraph) => paragraph.style === "Heading1").map((paragraph) => paragraph.text)).toEqual(goalSet.drivers.map((driver) => driver.title));
    const partHeadings = paragraphs.filter((paragraph) => paragraph.style === "Heading2").map((paragraph) => paragraph.text);
    expect(partHeadings.slice(0, 5)).toEqual(["Nuläge", "Förväntad framtid", "Önskat läge", "Gap", "Åtgärder"]);
  });

  test("marks each table's first row as a header row that repeats on every page", async () => {
    const { document } = await docxParts(goalSetFixture());
    const tables = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map(([table]) => table);
    expect(tables.length).toBe(2);
    for (const table of tables) {
      const firstRow = /<w:tr>[\s\S]*?<\/w:tr>/.exec(table)![0];
      expect(firstRow).toContain("<w:tblHeader/>");
      expect(paragraphsOf(firstRow).map((cell) => cell.text)).toEqual(["Region", "Period", "Värde", "Enhet"]);
    }
  });

  test("gives every chart a title and a description as alt text", async () => {
    const { document } = await docxParts(goalSetFixture());
    const drawings = [...document.matchAll(/<wp:docPr ([^>]*)\/>/g)].map(([, attributes]) => attributes!);
    expect(drawings.length).toBe(1);
    expect(drawings[0]).toContain('title="Antal hyrpersonal: sjuksköterskor"');
    expect(drawings[0]).toContain('descr="Stapeldiagram: Antal hyrpersonal: sjuksköterskor per region (antal personer (november)). Samma värden finns i tabellen."');
  });

  test("shows a projection as a year/value table and a line chart with alt text", async () => {
    const fixture = goalSetFixture();
    const driver = fixture.drivers[0]!;
    const indicator = driver.future.indicators[0]!;
    const projection = { regionCode: "01" as const, baseYear: 2023, points: [{ year: 2023, value: 0 }, { year: 2028, value: 3.5 }, { year: 2033, value: 7 }], source: "SCB, befolkningsframskrivning 2024" };
    const future = { ...driver.future, indicators: [{ ...indicator, projections: [projection] }] };
    const { document } = await docxParts({ ...fixture, drivers: [{ ...driver, future }] });
    const tables = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map(([table]) => paragraphsOf(table).map((cell) => cell.text));
    expect(tables[2]).toEqual(["År", "Framskrivning", "2023", "0", "2028", "3,5", "2033", "7"]);
    const text = documentText(document);
    expectInOrder(text, [
      "Framskrivning: förändring av antal läkarbesök i specialiserad vård, Stockholm: framskrivning från basår 2023",
      "Källa: SCB, befolkningsframskrivning 2024, dataversion NPS-underlaget (inläst vid start)",
    ]);
    const descriptions = [...document.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map(([, description]) => description);
    expect(descriptions).toContain("Linjediagram: Framskrivning: förändring av antal läkarbesök i specialiserad vård, Stockholm, framskrivning per år (% förändring). Samma värden finns i tabellen.");
  });

  test("sets the document language and title", async () => {
    const swedish = await docxParts(goalSetFixture({ language: "sv" }));
    expect(swedish.styles).toContain('<w:lang w:val="sv-SE"/>');
    expect(swedish.core).toContain("<dc:title>Gemensamma målsättningar</dc:title>");
    const english = await docxParts(goalSetFixture({ language: "en" }));
    expect(english.styles).toContain('<w:lang w:val="en-GB"/>');
    expect(english.styles).not.toContain("sv-SE");
  });

  test("marks a draft in the page header (every page) and an agreed version nowhere", async () => {
    const draft = await docxParts(goalSetFixture({ source: { kind: "draft" } }));
    expect(draft.headers.map(documentText)).toEqual(["Utkast"]);
    expect(draft.document).toMatch(/<w:headerReference w:type="default"/);
    expect(containsText(documentText(draft.document), exportText("sv").t("exportDocument.draftNotice"))).toBe(true);
    const englishDraft = await docxParts(goalSetFixture({ source: { kind: "draft" }, language: "en" }));
    expect(englishDraft.headers.map(documentText)).toEqual(["Draft"]);
    const agreed = await docxParts(goalSetFixture());
    expect(agreed.headers.map(documentText).join("")).not.toContain("Utkast");
    expect(documentText(agreed.document)).not.toContain("Utkast");
  });

  test("keeps stances, comments and workshop summaries out unless asked for, and says when there are none", async () => {
    const without = documentText((await docxParts(goalSetFixture({ options: { includeStances: false, includeComments: false, includeWorkshopSummaries: false } }))).document);
    for (const absent of ["Ställningstaganden", "Halveringen kräver fler utbildningsplatser först.", "Kommentarstrådar", "Till vilket år?", "Workshopsammanfattningar"]) {
      expect(without).not.toContain(absent);
    }
    const withAll = documentText((await docxParts(goalSetFixture({ options: { includeStances: true, includeComments: true, includeWorkshopSummaries: true } }))).document);
    expectInOrder(withAll, [
      "Ställningstaganden",
      "Region Stockholm: Ställer oss bakom",
      "Vårdförbundet: Invänder",
      "Skäl: Halveringen kräver fler utbildningsplatser först.",
      "Kommentarstrådar",
      "Öppen tråd",
      "Om: ”halveras”",
      "Till vilket år?",
      "Till 2030.",
      "Workshopsammanfattningar",
      "Inga workshopsammanfattningar.",
    ]);
  });

  test("keeps markup in a goal's text as text", async () => {
    const payload = '</w:t></w:r><w:r><w:t>injected <script>alert(1)</script> & "quotes"';
    const fixture = goalSetFixture();
    const driver = fixture.drivers[0]!;
    const goal = { ...driver.goals[0]!, text: payload, doc: docFromPlainText(payload) };
    const { document } = await docxParts({ ...fixture, drivers: [{ ...driver, goals: [goal] }] });
    expect(paragraphsOf(document).map((paragraph) => paragraph.text)).toContain(payload);
  });
});
