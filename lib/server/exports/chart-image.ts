/**
 * Charts for the DOCX: the export's visx SVG, rasterized to PNG with resvg (@resvg/resvg-js, a
 * Rust renderer shipped as a prebuilt Node addon: no browser, a few milliseconds a chart). Word
 * takes SVG only with a PNG fallback, so a PNG is what every reader gets.
 *
 * resvg draws text only with fonts it is given. Loading the system's fonts on every chart would
 * scan every font file each time, so the chart text uses one known sans family, read once.
 *
 * No `import "server-only"` here or in the renderers that use this: that marker loads only under
 * the react-server condition, and react-dom/server refuses to load under it (see renderer-host.ts).
 */
import fs from "node:fs";
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { ExportChart } from "@/components/export/export-chart";
import type { OutlineChart } from "@/lib/export/document-outline";

/** The chart's own width (its viewBox) is 640; twice that keeps lines sharp in print. */
const RASTER_WIDTH = 1280;

/** Sans fonts the Debian packages fonts-liberation2 and fonts-dejavu-core install, in preference order. */
const FONT_CANDIDATES = [
  { family: "Liberation Sans", files: ["/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf"] },
  { family: "DejaVu Sans", files: ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"] },
];

let fontOptions: ResvgRenderOptions["font"] | undefined;

/** The first installed family; without any, resvg looks through the system's fonts itself. */
function chartFonts(): ResvgRenderOptions["font"] {
  if (fontOptions) return fontOptions;
  const installed = FONT_CANDIDATES.map((candidate) => ({ ...candidate, files: candidate.files.filter((file) => fs.existsSync(file)) })).find((candidate) => candidate.files.length > 0);
  fontOptions = installed
    ? { loadSystemFonts: false, fontFiles: installed.files, defaultFontFamily: installed.family, sansSerifFamily: installed.family }
    : { loadSystemFonts: true, defaultFontFamily: "sans-serif" };
  return fontOptions;
}

export interface ChartImage {
  png: Uint8Array;
  /** The size in CSS pixels the image is meant to be shown at (half the raster). */
  width: number;
  height: number;
}

/** The chart's SVG markup, as the PDF shows it. */
export function chartSvg(chart: OutlineChart, formatValue: (value: number) => string): string {
  return renderToStaticMarkup(createElement(ExportChart, { chart, formatValue }));
}

/** HTML needs no namespace on inline SVG; a standalone SVG document (what resvg reads) does. */
function asSvgDocument(markup: string): string {
  return markup.startsWith("<svg xmlns=") ? markup : markup.replace(/^<svg /, '<svg xmlns="http://www.w3.org/2000/svg" ');
}

export function chartImage(chart: OutlineChart, formatValue: (value: number) => string): ChartImage {
  const resvg = new Resvg(asSvgDocument(chartSvg(chart, formatValue)), { fitTo: { mode: "width", value: RASTER_WIDTH }, font: chartFonts(), background: "#ffffff" });
  const rendered = resvg.render();
  const png = rendered.asPng();
  return { png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), width: rendered.width / 2, height: rendered.height / 2 };
}
