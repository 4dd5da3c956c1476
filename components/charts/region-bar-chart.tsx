import { AxisBottom } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import type { ReactNode } from "react";

export interface RegionBar {
  key: string;
  label: string;
  /** Null = suppressed or missing: drawn as a marked gap, never as a bar of 0. */
  value: number | null;
  isHighlighted: boolean;
}

export interface ReferenceLine {
  label: string;
  value: number;
}

interface RegionBarChartProps {
  id: string;
  title: string;
  description: string;
  bars: RegionBar[];
  /** Riket, drawn as a dashed line across the bars. */
  reference?: ReferenceLine;
  /** A goal's target, drawn as a solid line. */
  target?: ReferenceLine;
  missingLabel: string;
  formatValue: (value: number) => string;
  /** Something drawn at the end of a bar (a comment marker), given the bar's key and position. */
  marker?: (key: string, x: number, y: number) => ReactNode;
}

const WIDTH = 640;
const ROW = 22;
const MARGIN = { top: 28, right: 24, bottom: 36, left: 168 };

/**
 * Regions as horizontal bars, rendered on the server as static SVG (visx; no JavaScript shipped).
 * The SVG is an image with a title and a description; the same points are in the table next to it.
 * Highlighted regions get a hatch pattern as well as a darker colour (WCAG 1.4.1).
 */
export function RegionBarChart({ id, title, description, bars, reference, target, missingLabel, formatValue, marker }: RegionBarChartProps) {
  const height = MARGIN.top + MARGIN.bottom + bars.length * ROW;
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const values = bars.flatMap((bar) => (bar.value === null ? [] : [bar.value]));
  const extras = [reference?.value, target?.value].filter((value): value is number => value !== undefined);
  const min = Math.min(0, ...values, ...extras);
  const max = Math.max(0, ...values, ...extras);
  const x = scaleLinear<number>({ domain: [min, max === min ? min + 1 : max], range: [0, innerWidth], nice: true });
  const y = scaleBand<string>({ domain: bars.map((bar) => bar.key), range: [0, bars.length * ROW], padding: 0.2 });
  const zero = x(0);
  const patternId = `${id}-hatch`;
  return (
    <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} className="h-auto w-full max-w-3xl" data-chart="regions" data-points={bars.length}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <defs>
        <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#163f62" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#d7e7f5" strokeWidth="2" />
        </pattern>
      </defs>
      <Group left={MARGIN.left} top={MARGIN.top}>
        {bars.map((bar) => {
          const top = y(bar.key) ?? 0;
          const labelY = top + y.bandwidth() / 2;
          return (
            <g key={bar.key}>
              <text x={-8} y={labelY} textAnchor="end" dominantBaseline="middle" fontSize={12} fontWeight={bar.isHighlighted ? 700 : 400} fill="#1a1f24">
                {bar.label}
              </text>
              {bar.value === null ? (
                <text x={zero + 4} y={labelY} dominantBaseline="middle" fontSize={11} fontStyle="italic" fill="#4a5561">
                  {missingLabel}
                </text>
              ) : (
                <Bar
                  x={Math.min(zero, x(bar.value))}
                  y={top}
                  width={Math.max(1, Math.abs(x(bar.value) - zero))}
                  height={y.bandwidth()}
                  fill={bar.isHighlighted ? `url(#${patternId})` : "#7fa7c9"}
                  stroke={bar.isHighlighted ? "#0f2d47" : "none"}
                />
              )}
              {marker?.(bar.key, bar.value === null ? zero + 4 + missingLabel.length * 6 : Math.max(zero, x(bar.value)) + 10, labelY)}
            </g>
          );
        })}
        {reference ? <VerticalLine x={x(reference.value)} height={bars.length * ROW} label={reference.label} dashed /> : null}
        {target ? <VerticalLine x={x(target.value)} height={bars.length * ROW} label={target.label} /> : null}
        <AxisBottom top={bars.length * ROW} scale={x} numTicks={5} tickFormat={(value) => formatValue(Number(value))} stroke="#4a5561" tickStroke="#4a5561" tickLabelProps={{ fill: "#1a1f24", fontSize: 11, textAnchor: "middle" }} />
      </Group>
    </svg>
  );
}

function VerticalLine({ x, height, label, dashed }: { x: number; height: number; label: string; dashed?: boolean }) {
  return (
    <g>
      <line x1={x} x2={x} y1={-6} y2={height} stroke={dashed ? "#1a1f24" : "#a4161a"} strokeWidth={2} strokeDasharray={dashed ? "5 4" : undefined} />
      <text x={x} y={dashed ? -10 : -18} textAnchor="middle" fontSize={11} fill={dashed ? "#1a1f24" : "#a4161a"} fontWeight={700}>
        {label}
      </text>
    </g>
  );
}
