/**
 * Next's routes reach the renderers only through what the custom server registered on globalThis
 * (lib/server/exports/renderer-host.ts): the route bundle cannot load react-dom/server itself.
 */
import JSZip from "jszip";
import { afterEach, describe, expect, test } from "vitest";
import { exportRenderers, registerExportRenderers } from "@/lib/server/exports/renderer-host";
import { startExportRenderers } from "@/lib/server/exports/start-renderers";
import { goalSetFixture } from "@/tests/support/goal-set-fixture";

describe("export renderer host", () => {
  afterEach(async () => {
    await exportRenderers()?.close();
    registerExportRenderers(undefined);
  });

  test("has no renderers until the server registers them", () => {
    expect(exportRenderers()).toBeUndefined();
  });

  test("renders through the registered renderers", async () => {
    startExportRenderers();
    const renderers = exportRenderers()!;
    const docx = await JSZip.loadAsync(await renderers.renderDocx(goalSetFixture()));
    expect(await docx.file("word/document.xml")!.async("string")).toContain("Hyrsjuksköterskorna i Stockholm halveras.");
    const pdf = await renderers.renderPdf(goalSetFixture());
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe("%PDF-");
  }, 60_000);
});
