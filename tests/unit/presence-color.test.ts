import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contrastWithWhite, presenceColor } from "@/lib/collab/presence-color";

describe("presenceColor", () => {
  it("is the same colour for the same user, everywhere", () => {
    const id = randomUUID();
    expect(presenceColor(id)).toBe(presenceColor(id));
    expect(presenceColor(id)).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("gives white caret labels at least 4.5:1 contrast, for any user id", () => {
    for (let count = 0; count < 500; count++) {
      expect(contrastWithWhite(presenceColor(randomUUID()))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("spreads users over different colours", () => {
    const colours = new Set(Array.from({ length: 50 }, () => presenceColor(randomUUID())));
    expect(colours.size).toBeGreaterThan(20);
  });

  it("computes WCAG contrast ratios", () => {
    expect(contrastWithWhite("#000000")).toBeCloseTo(21, 5);
    expect(contrastWithWhite("#ffffff")).toBeCloseTo(1, 5);
  });
});
