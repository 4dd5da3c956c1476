/**
 * The colour that marks a person in the presence list and at their caret. It is derived from the
 * user id alone, so every browser (and the server) shows the same person in the same colour, and
 * it is dark enough for white caret labels: contrast at least 4.5:1 against white (WCAG 1.4.3).
 */
const MIN_CONTRAST_WITH_WHITE = 4.5;

/** FNV-1a over the id's characters: cheap, stable, and well spread for UUIDs. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const section = hue / 60;
  const second = chroma * (1 - Math.abs((section % 2) - 1));
  const [red, green, blue] =
    section < 1 ? [chroma, second, 0]
    : section < 2 ? [second, chroma, 0]
    : section < 3 ? [0, chroma, second]
    : section < 4 ? [0, second, chroma]
    : section < 5 ? [second, 0, chroma]
    : [chroma, 0, second];
  const offset = lightness - chroma / 2;
  return [red, green, blue].map((channel) => Math.round((channel + offset) * 255)) as [number, number, number];
}

function relativeLuminance([red, green, blue]: [number, number, number]): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

/** WCAG contrast ratio between a `#rrggbb` colour and white. */
export function contrastWithWhite(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16)) as [number, number, number];
  return 1.05 / (relativeLuminance(channels) + 0.05);
}

function toHex(channels: [number, number, number]): string {
  return `#${channels.map((channel) => channel.toString(16).padStart(2, "0")).join("")}`;
}

/** A `#rrggbb` colour for the user: the hue comes from the id, the lightness is lowered until white text on it passes. */
export function presenceColor(userId: string): string {
  const hue = hashOf(userId) % 360;
  for (let lightness = 0.42; lightness > 0.1; lightness -= 0.02) {
    const hex = toHex(hslToRgb(hue, 0.7, lightness));
    if (contrastWithWhite(hex) >= MIN_CONTRAST_WITH_WHITE) return hex;
  }
  return "#1f2937";
}
