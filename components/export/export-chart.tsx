import { RegionBarChart } from "@/components/charts/region-bar-chart";
import { SeriesChart } from "@/components/charts/series-chart";
import type { OutlineChart } from "@/lib/export/document-outline";

interface ExportChartProps {
  chart: OutlineChart;
  formatValue: (value: number) => string;
}

/**
 * An export's chart as the same static SVG the app shows (visx): the PDF embeds it in the page,
 * the DOCX rasterizes it to a PNG. Its title and description are the chart's text alternative.
 */
export function ExportChart({ chart, formatValue }: ExportChartProps) {
  if (chart.kind === "regions") {
    return <RegionBarChart id={chart.id} title={chart.title} description={chart.description} bars={chart.bars} missingLabel={chart.missingLabel} formatValue={formatValue} />;
  }
  return <SeriesChart id={chart.id} title={chart.title} description={chart.description} points={[]} projection={chart.points} formatValue={formatValue} />;
}
