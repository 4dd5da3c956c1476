import { normaliseAcrossRegions } from "@/lib/indicators/composite-index";
import type { IndicatorDirection, RegionCode } from "@/lib/model/enums";
import { REGION_NAMES } from "@/lib/model/regions";

/** Sweden's 21 regions on a grid, roughly where they lie (north at the top); no map tiles fetched. */
const TILES: Record<Exclude<RegionCode, "00">, [column: number, row: number]> = {
  "25": [2, 0],
  "24": [1, 1],
  "23": [0, 2],
  "22": [1, 2],
  "20": [0, 3],
  "21": [1, 3],
  "17": [0, 4],
  "19": [1, 4],
  "03": [2, 4],
  "14": [0, 5],
  "18": [1, 5],
  "04": [2, 5],
  "01": [3, 5],
  "13": [0, 6],
  "06": [1, 6],
  "05": [2, 6],
  "09": [3, 6],
  "07": [1, 7],
  "08": [2, 7],
  "12": [0, 8],
  "10": [1, 8],
};

const SIZE = 74;
const GAP = 4;
/** Light to dark blue; the text colour flips so each tile's label keeps ≥ 4.5:1 contrast. */
const SHADES = ["#eef5fb", "#c5dcee", "#8fb8dc", "#4f86b8", "#1b4f7a"];

interface TileMapProps {
  id: string;
  title: string;
  description: string;
  values: Map<string, number | null>;
  direction: IndicatorDirection;
  highlighted: ReadonlySet<string>;
  formatValue: (value: number) => string;
}

/**
 * A tile-grid map as static SVG: each region a square with its code-name and value, shaded by its
 * 0–100 position among the regions (Bilaga 3's normalisation, so darker is always better). The
 * ranked table beside it holds the same values for anyone who cannot read the map.
 */
export function TileMap({ id, title, description, values, direction, highlighted, formatValue }: TileMapProps) {
  // Neutral indicators have no better end: shade by size instead (higher = darker).
  const scores = normaliseAcrossRegions({ id, direction: direction === "neutral" ? "higher_is_better" : direction, values });
  const width = 4 * (SIZE + GAP);
  const height = 9 * (SIZE + GAP);
  return (
    <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`} className="h-auto w-full max-w-sm" data-chart="tile-map" data-points={Object.keys(TILES).length}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {(Object.entries(TILES) as [Exclude<RegionCode, "00">, [number, number]][]).map(([code, [column, row]]) => {
        const value = values.get(code) ?? null;
        const score = scores.get(code) ?? null;
        const shade = score === null ? 0 : Math.min(SHADES.length - 1, Math.floor((score / 100) * SHADES.length));
        const fill = value === null ? "#ffffff" : SHADES[shade]!;
        const ink = value !== null && shade >= 3 ? "#ffffff" : "#1a1f24";
        const x = column * (SIZE + GAP);
        const y = row * (SIZE + GAP);
        return (
          <g key={code}>
            <rect
              x={x + 1.5}
              y={y + 1.5}
              width={SIZE - 3}
              height={SIZE - 3}
              fill={fill}
              stroke={highlighted.has(code) ? "#b35900" : "#4a5561"}
              strokeWidth={highlighted.has(code) ? 3 : 1}
              strokeDasharray={highlighted.has(code) ? "6 3" : undefined}
            />
            <text x={x + SIZE / 2} y={y + 28} textAnchor="middle" fontSize={11} fontWeight={700} fill={ink}>
              {REGION_NAMES[code].slice(0, 9)}
            </text>
            <text x={x + SIZE / 2} y={y + 48} textAnchor="middle" fontSize={12} fill={ink}>
              {value === null ? "×" : formatValue(value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
