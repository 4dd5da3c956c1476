/**
 * The caret and presence colours (lib/collab/protocol.ts) carry white name labels, so each needs
 * a contrast of at least 4.5:1 against white (WCAG 1.4.3); and one user has one colour.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PRESENCE_COLORS, presenceColor } from "@/lib/collab/protocol";

function relativeLuminance(hex: string): number {
  const [red, green, blue] = [1, 3, 5].map((start) => {
    const value = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

const contrastWithWhite = (hex: string) => 1.05 / (relativeLuminance(hex) + 0.05);

describe("presence colours", () => {
  it.each(PRESENCE_COLORS)("%s gives white label text at least 4.5:1", (color) => {
    expect(contrastWithWhite(color)).toBeGreaterThanOrEqual(4.5);
  });

  it("are the same for the same user, and taken from the palette", () => {
    const id = randomUUID();
    expect(presenceColor(id)).toBe(presenceColor(id));
    expect(PRESENCE_COLORS).toContain(presenceColor(id));
  });

  it("checks contrast correctly", () => {
    expect(contrastWithWhite("#000000")).toBeCloseTo(21, 5);
    expect(contrastWithWhite("#ffffff")).toBeCloseTo(1, 5);
  });
});
