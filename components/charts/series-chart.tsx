import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleLinear } from "@visx/scale";
import { LinePath } from "@visx/shape";
import type { ReactNode } from "react";
import type { ReferenceLine } from "./region-bar-chart";

export interface SeriesPoint {
  year: number;
  /** Null = suppressed or missing: the line breaks there and the point is marked, never 0. */
  value: number | null;
}

interface SeriesChartProps {
  id: string;
  title: string;
  description: string;
  points: SeriesPoint[];
  /** The expected future, drawn dashed after the observed series. */
  projection?: SeriesPoint[];
  target?: ReferenceLine & { year?: number };
  formatValue: (value: number) => string;
  /** Something drawn above a point (a comment marker), given the point's year and position. */
  marker?: (key: string, x: number, y: number) => ReactNode;
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 24, right: 24, bottom: 36, left: 72 };

/** A value over the years as static SVG (visx): solid for the figures, dashed for the projection. */
export function SeriesChart({ id, title, description, points, projection = [], target, formatValue, marker }: SeriesChartProps) {
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const all = [...points, ...projection];
  const years = [...all.map((point) => point.year), ...(target?.year ? [target.year] : [])];
  const values = [...all.flatMap((point) => (point.value === null ? [] : [point.value])), ...(target ? [target.value] : [])];
  const minYear = Math.min(...years);
  const maxYear = Math.max(...years);
  const x = scaleLinear<number>({ domain: [minYear, maxYear === minYear ? minYear + 1 : maxYear], range: [0, innerWidth] });
  const low = Math.min(0, ...values);
  const high = Math.max(...values, low + 1);
  const y = scaleLinear<number>({ domain: [low, high], range: [innerHeight, 0], nice: true });
  const segments = splitAtGaps(points);
  const defined = (point: SeriesPoint): point is SeriesPoint & { value: number } => point.value !== null;
  return (
    <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full max-w-3xl" data-chart="series" data-points={all.length}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <Group left={MARGIN.left} top={MARGIN.top}>
        {segments.map((segment, index) => (
          <LinePath key={index} data={segment} x={(point) => x(point.year)} y={(point) => y(point.value)} stroke="#1b4f7a" strokeWidth={2.5} />
        ))}
        {projection.length > 1 ? (
          <LinePath data={projection.filter(defined)} x={(point) => x(point.year)} y={(point) => y(point.value)} stroke="#1b4f7a" strokeWidth={2} strokeDasharray="6 4" />
        ) : null}
        {points.map((point) =>
          point.value === null ? (
            <text key={`m${point.year}`} x={x(point.year)} y={innerHeight - 6} textAnchor="middle" fontSize={14} fill="#4a5561">
              ×
            </text>
          ) : (
            <circle key={`p${point.year}`} cx={x(point.year)} cy={y(point.value)} r={4} fill="#1b4f7a" />
          ),
        )}
        {marker ? points.map((point) => <g key={`c${point.year}`}>{marker(String(point.year), x(point.year), (point.value === null ? innerHeight : y(point.value)) - 16)}</g>) : null}
        {projection.filter(defined).map((point) => (
          <rect key={`q${point.year}`} x={x(point.year) - 3.5} y={y(point.value) - 3.5} width={7} height={7} fill="white" stroke="#1b4f7a" strokeWidth={2} />
        ))}
        {target ? (
          <g>
            <line x1={0} x2={innerWidth} y1={y(target.value)} y2={y(target.value)} stroke="#a4161a" strokeWidth={2} />
            <text x={innerWidth} y={y(target.value) - 6} textAnchor="end" fontSize={11} fontWeight={700} fill="#a4161a">
              {target.label}
            </text>
          </g>
        ) : null}
        <AxisLeft scale={y} numTicks={5} tickFormat={(value) => formatValue(Number(value))} stroke="#4a5561" tickStroke="#4a5561" tickLabelProps={{ fill: "#1a1f24", fontSize: 11, textAnchor: "end" }} />
        <AxisBottom top={innerHeight} scale={x} numTicks={Math.min(8, maxYear - minYear + 1)} tickFormat={(value) => String(Math.round(Number(value)))} stroke="#4a5561" tickStroke="#4a5561" tickLabelProps={{ fill: "#1a1f24", fontSize: 11, textAnchor: "middle" }} />
      </Group>
    </svg>
  );
}

/** Runs of consecutive present values: a missing year breaks the line instead of diving to 0. */
function splitAtGaps(points: SeriesPoint[]): (SeriesPoint & { value: number })[][] {
  const runs: (SeriesPoint & { value: number })[][] = [[]];
  for (const point of points) {
    if (point.value === null) runs.push([]);
    else runs[runs.length - 1]!.push(point as SeriesPoint & { value: number });
  }
  return runs.filter((run) => run.length > 1);
}
