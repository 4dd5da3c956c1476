/**
 * The export worker (lib/server/exports/worker-renderer.ts): DOCX and PDF rendered in a worker
 * thread, so that code under the react-server condition (Next's routes, the benches), where
 * react-dom/server cannot load, still gets its files.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import JSZip from "jszip";
import { afterAll, describe, expect, test } from "vitest";
import { closeRenderWorker, renderInWorker } from "@/lib/server/exports/worker-renderer";
import { goalSetFixture } from "@/tests/support/goal-set-fixture";

describe("export worker", () => {
  afterAll(async () => {
    await closeRenderWorker();
  });

  test("renders a DOCX and a PDF, and starts again after it was closed", async () => {
    const docx = await JSZip.loadAsync(await renderInWorker(goalSetFixture(), "docx"));
    expect(await docx.file("word/document.xml")!.async("string")).toContain("Hyrsjuksköterskorna i Stockholm halveras.");
    await closeRenderWorker();
    const pdf = await renderInWorker(goalSetFixture(), "pdf");
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe("%PDF-");
  }, 60_000);

  test("passes a renderer's failure on as an error", async () => {
    const broken = { ...goalSetFixture(), drivers: null } as unknown as ReturnType<typeof goalSetFixture>;
    await expect(renderInWorker(broken, "docx")).rejects.toThrow();
    // The worker survives a failed job.
    expect((await renderInWorker(goalSetFixture(), "docx")).byteLength).toBeGreaterThan(1000);
  }, 60_000);

  test("works from a process under the react-server condition, where react-dom/server cannot load", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/render-worker-child.ts"], {
      timeout: 60_000,
    });
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({
      reactDomServer: "react-dom/server is not supported in React Server Components.",
      docx: "PK",
      pdf: "%PDF-",
    });
  }, 90_000);
});
