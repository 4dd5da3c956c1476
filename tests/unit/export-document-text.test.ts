import { describe, expect, test } from "vitest";
import { exportText, gapInWords, sourceLine, targetLine, textBlocks, versionLine } from "@/lib/export/document-text";
import { goalSetFixture } from "@/tests/support/goal-set-fixture";

describe("export phrasing", () => {
  const goalSet = goalSetFixture();
  const driver = goalSet.drivers[0]!;
  const goal = driver.goals[0]!;

  test("a target and its gap read as sentences in Swedish and English", () => {
    const sv = exportText("sv");
    expect(targetLine(goal, driver, sv)).toBe("Mål: Minska till 685 antal personer (november) år 2030 (Antal hyrpersonal: sjuksköterskor, Stockholm)");
    expect(gapInWords(goal.gap!, sv)).toBe("Gap kvar: 686 antal personer (november) till målet (senaste värde 1\u00a0371, 2021).");
    const en = exportText("en");
    expect(targetLine(goal, driver, en)).toBe("Target: Decrease to 685 antal personer (november) by 2030 (Agency (hired) staff: nurses, Stockholm)");
    expect(gapInWords(goal.gap!, en)).toBe("Gap remaining: 686 antal personer (november) to the target (latest value 1,371, 2021).");
  });

  test("every figure's source names its data release", () => {
    const sv = exportText("sv");
    expect(sourceLine("SKR", null, goalSet, sv)).toBe("Källa: SKR, dataversion NPS-underlaget (inläst vid start)");
    const withRelease = goalSetFixture({ dataReleases: [{ id: 4, fileName: "hyr.csv", createdAt: "2026-10-01T08:00:00.000Z" }] });
    expect(sourceLine("SKR", 4, withRelease, exportText("en"))).toBe("Source: SKR, data release import 4 (hyr.csv, 1 October 2026)");
  });

  test("the version line says draft or names the agreed version", () => {
    expect(versionLine(goalSet, exportText("sv"))).toBe("Överenskommen version 2, 20 november 2026, markerad av Facilitator Fia");
    expect(versionLine(goalSetFixture({ source: { kind: "draft" } }), exportText("sv"))).toBe("Utkast, inte överenskommet");
  });

  test("rich text becomes blocks with marks, lists numbered, empty paragraphs dropped", () => {
    const blocks = textBlocks({
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "Fet", marks: [{ type: "bold" }] }, { type: "text", text: " text" }] },
        { type: "paragraph" },
        { type: "orderedList", content: [1, 2].map((n) => ({ type: "listItem" as const, content: [{ type: "paragraph" as const, content: [{ type: "text" as const, text: `punkt ${n}` }] }] })) },
      ],
    });
    expect(blocks).toEqual([
      { kind: "paragraph", runs: [{ text: "Fet", bold: true, italic: false }, { text: " text", bold: false, italic: false }] },
      { kind: "listItem", ordered: true, depth: 0, number: 1, runs: [{ text: "punkt 1", bold: false, italic: false }] },
      { kind: "listItem", ordered: true, depth: 0, number: 2, runs: [{ text: "punkt 2", bold: false, italic: false }] },
    ]);
  });
});
