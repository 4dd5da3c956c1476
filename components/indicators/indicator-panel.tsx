import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { RegionBarChart, type RegionBar } from "@/components/charts/region-bar-chart";
import { SeriesChart } from "@/components/charts/series-chart";
import { DataPointComments, DataPointMarker, type DataPoint } from "@/components/comments/data-point-comments";
import { comparePeriods, periodYear } from "@/lib/indicators/values";
import { REGION_CODES, type RegionCode } from "@/lib/model/enums";
import { REGION_NAMES } from "@/lib/model/regions";
import type { IndicatorPanel as PanelData, PanelValue } from "@/lib/server/services/indicator-panels";

const COUNTIES = REGION_CODES.filter((code) => code !== "00");

export interface PanelTarget {
  value: number;
  year: number;
  regionCode: string | null;
}

interface IndicatorPanelProps {
  panel: PanelData;
  /** The region whose series is drawn, and the dialogue's regions (highlighted). */
  selectedRegion: RegionCode;
  dialogueRegions: RegionCode[];
  targets: PanelTarget[];
}

/** The latest period for which at least two counties have a row: the regional comparison. */
function regionalPeriod(values: PanelValue[]): string | null | undefined {
  const counts = new Map<string | null, number>();
  for (const value of values) if (value.regionCode && value.regionCode !== "00") counts.set(value.period, (counts.get(value.period) ?? 0) + 1);
  const periods = [...counts].filter(([, count]) => count >= 2).map(([period]) => period);
  return periods.length ? periods.sort(comparePeriods).at(-1) : undefined;
}

/**
 * One indicator beside the driver's text: a chart (across the regions, or over the years, or the
 * values it has), a table of exactly the chart's points, unit, period and source, a text summary,
 * and the indicator's sourced facts. Suppressed or missing values say so; they are never 0.
 */
export async function IndicatorPanel({ panel, selectedRegion, dialogueRegions, targets }: IndicatorPanelProps) {
  const t = await getTranslations("panels");
  const tRegions = await getTranslations("regions");
  const tIndicators = await getTranslations("indicators");
  const tEnums = await getTranslations("enums");
  const tComments = await getTranslations("comments");
  const format = await getFormatter();
  const locale = await getLocale();
  const name = locale === "en" ? panel.nameEn : panel.nameSv;
  const number = (value: number) => format.number(value, { maximumFractionDigits: 2 });
  const shown = (value: number | null) => (value === null ? t("missing") : `${number(value)} ${panel.unit}`);
  const labelOf = (code: string | null, label: string) => (code === "00" ? tRegions("national") : label);
  const highlighted = new Set<string>([...dialogueRegions, selectedRegion]);
  const id = `panel-${panel.id}`;
  const target = targets.find((candidate) => (candidate.regionCode ?? "00") === selectedRegion) ?? targets[0];

  const period = regionalPeriod(panel.values);
  const seriesRegion = panel.values.some((value) => value.regionCode === selectedRegion) ? selectedRegion : "00";
  const series = panel.values.filter((value) => value.regionCode === seriesRegion && periodYear(value.period) !== null);
  const projection = panel.projections.find((candidate) => candidate.regionCode === selectedRegion) ?? panel.projections[0];

  let chart: React.ReactNode;
  let rows: { key: string; label: string; period: string | null; value: number | null; source: string; isReference?: boolean; regionCode: string | null }[];
  const dataPoint = (regionCode: string | null, regionLabel: string, pointPeriod: string | null): DataPoint | null =>
    regionCode && (REGION_CODES as readonly string[]).includes(regionCode)
      ? { indicatorId: panel.id, regionCode, period: pointPeriod ?? "", label: [name, labelOf(regionCode, regionLabel), pointPeriod].filter(Boolean).join(", ") }
      : null;
  const markerFor = (point: DataPoint | null | undefined, x: number, y: number) => (point ? <DataPointMarker point={point} x={x} y={y} /> : null);
  let summary: string;
  if (period !== undefined) {
    const inPeriod = panel.values.filter((value) => value.period === period);
    const byCode = new Map(inPeriod.map((value) => [value.regionCode, value]));
    const bars: RegionBar[] = COUNTIES.map((code) => ({ key: code, label: REGION_NAMES[code], value: byCode.get(code)?.value ?? null, isHighlighted: highlighted.has(code) }));
    const national = byCode.get("00");
    const reference = national?.value != null ? { label: t("reference", { value: number(national.value) }), value: national.value } : undefined;
    rows = [
      ...COUNTIES.map((code) => ({ key: code, label: REGION_NAMES[code], period, value: byCode.get(code)?.value ?? null, source: byCode.get(code)?.source ?? "", regionCode: code })),
      ...(national ? [{ key: "00", label: tRegions("national"), period, value: national.value, source: national.source, isReference: true, regionCode: "00" }] : []),
    ];
    summary = regionalSummary(bars, selectedRegion, national?.value ?? null, { t, number, shown, unit: panel.unit });
    chart = (
      <RegionBarChart
        id={id}
        title={t("regionsTitle", { name, period: period ?? t("noPeriod") })}
        description={summary}
        bars={bars}
        reference={reference}
        target={target ? { label: t("targetLine", { value: number(target.value), year: target.year }), value: target.value } : undefined}
        missingLabel={t("missing")}
        formatValue={number}
        marker={(key, x, y) => markerFor(dataPoint(key, REGION_NAMES[key as RegionCode] ?? key, period), x, y)}
      />
    );
  } else if (series.length >= 2 || (series.length >= 1 && projection)) {
    const points = series.map((value) => ({ year: periodYear(value.period)!, value: value.value }));
    rows = series.map((value) => ({ key: `${value.period}`, label: labelOf(value.regionCode, value.regionLabel), period: value.period, value: value.value, source: value.source, regionCode: value.regionCode }));
    summary = seriesSummary(series, { t, shown, region: labelOf(seriesRegion, REGION_NAMES[seriesRegion]) });
    chart = (
      <SeriesChart
        id={id}
        title={t("seriesTitle", { name, region: labelOf(seriesRegion, REGION_NAMES[seriesRegion]) })}
        description={summary}
        points={points}
        projection={projection?.points.map(({ year, value }) => ({ year, value }))}
        target={target ? { label: t("targetLine", { value: number(target.value), year: target.year }), value: target.value, year: target.year } : undefined}
        formatValue={number}
        marker={(key, x, y) => {
          const value = series.find((candidate) => String(periodYear(candidate.period)) === key);
          return markerFor(value && dataPoint(value.regionCode, value.regionLabel, value.period), x, y);
        }}
      />
    );
  } else {
    // A handful of values (riket, a group): bars of what there is, latest period first.
    const latest = [...panel.values].sort((a, b) => comparePeriods(b.period, a.period));
    const bars = latest.map((value, index) => ({ key: `${index}`, label: `${labelOf(value.regionCode, value.regionLabel)}${value.period ? ` ${value.period}` : ""}`, value: value.value, isHighlighted: value.regionCode !== null && highlighted.has(value.regionCode) }));
    rows = latest.map((value, index) => ({ key: `${index}`, label: labelOf(value.regionCode, value.regionLabel), period: value.period, value: value.value, source: value.source, regionCode: value.regionCode }));
    summary = rows.length ? rows.map((row) => `${row.label}${row.period ? ` (${row.period})` : ""}: ${shown(row.value)}`).join(". ") : t("noValues");
    chart = rows.length ? (
      <RegionBarChart
        id={id}
        title={t("valuesTitle", { name })}
        description={summary}
        bars={bars}
        missingLabel={t("missing")}
        formatValue={number}
        marker={(key, x, y) => {
          const value = latest[Number(key)];
          return markerFor(value && dataPoint(value.regionCode, value.regionLabel, value.period), x, y);
        }}
      />
    ) : null;
  }

  const sources = [...new Set(rows.map((row) => row.source).filter(Boolean))];
  const periods = [...new Set(rows.map((row) => row.period ?? t("noPeriod")))];
  return (
    <article aria-labelledby={`${id}-heading`} className="rounded border border-gray-300 bg-white p-4" data-indicator={panel.id}>
      <h4 id={`${id}-heading`} className="text-lg font-semibold">
        {name}
      </h4>
      {panel.definition ? <p className="text-sm text-muted">{panel.definition}</p> : null}
      <p className="mt-1 text-sm">
        {t("meta", { unit: panel.unit, periods: periods.join(", "), direction: tEnums(`indicatorDirection.${panel.direction}`) })}
      </p>
      <p className="mt-2" data-testid="panel-summary">
        {summary}
      </p>
      {chart ? <figure className="mt-3">{chart}</figure> : null}
      <div className="mt-3 overflow-x-auto">
        <table className="w-full border-collapse text-sm" data-points={rows.length}>
          <caption className="mb-1 text-left font-semibold">{t("tableCaption", { name })}</caption>
          <thead>
            <tr className="bg-brand-50 text-left">
              <th scope="col" className="border border-gray-300 p-2">{tIndicators("region")}</th>
              <th scope="col" className="border border-gray-300 p-2">{tIndicators("period")}</th>
              <th scope="col" className="border border-gray-300 p-2 text-right">{t("value", { unit: panel.unit })}</th>
              <th scope="col" className="border border-gray-300 p-2">{tComments("tableColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={highlighted.has(row.key) ? "font-semibold" : undefined}>
                <th scope="row" className="border border-gray-300 p-2 text-left font-normal">
                  {row.isReference ? t("referenceRow", { region: row.label }) : row.label}
                </th>
                <td className="border border-gray-300 p-2">{row.period ?? t("noPeriod")}</td>
                <td className="border border-gray-300 p-2 text-right tabular-nums">{row.value === null ? <em>{t("missing")}</em> : number(row.value)}</td>
                <td className="border border-gray-300 p-1">
                  {(() => {
                    const point = dataPoint(row.regionCode, row.label, row.period);
                    return point ? <DataPointComments point={point} /> : null;
                  })()}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sources.length ? (
        <p className="mt-2 text-sm" lang="sv">
          {sources.map((source) => `Källa: ${source.replace(/^Källa:\s*/i, "")}`).join(" · ")}
        </p>
      ) : null}
      {projection ? <ProjectionTable name={name} unit={panel.unit} projection={projection} /> : null}
      {panel.facts.length ? (
        <div className="mt-3">
          <h5 className="font-semibold">{t("facts")}</h5>
          <ul className="list-disc pl-6 text-sm">
            {panel.facts.map((fact, index) => (
              <li key={index} lang="sv">
                {`${fact.regionLabel || tRegions("national")}${fact.period ? ` (${fact.period})` : ""}: ${fact.value ?? t("missing")} — Källa: ${fact.source}`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </article>
  );
}

async function ProjectionTable({ name, unit, projection }: { name: string; unit: string; projection: NonNullable<PanelData["projections"][number]> }) {
  const t = await getTranslations("panels");
  const format = await getFormatter();
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="projection-table">
        <caption className="mb-1 text-left font-semibold">
          {t("projectionCaption", { name, region: REGION_NAMES[projection.regionCode], baseYear: projection.baseYear })}
        </caption>
        <thead>
          <tr className="bg-brand-50 text-left">
            <th scope="col" className="border border-gray-300 p-2">{t("year")}</th>
            <th scope="col" className="border border-gray-300 p-2 text-right">{t("value", { unit })}</th>
            <th scope="col" className="border border-gray-300 p-2 text-right">{t("change")}</th>
          </tr>
        </thead>
        <tbody>
          {projection.points.map((point) => (
            <tr key={point.year}>
              <th scope="row" className="border border-gray-300 p-2 text-left font-normal">{point.year}</th>
              <td className="border border-gray-300 p-2 text-right tabular-nums">{format.number(point.value, { maximumFractionDigits: 0 })}</td>
              <td className="border border-gray-300 p-2 text-right tabular-nums">
                {point.changePct === null ? t("missing") : `${point.changePct >= 0 ? "+" : ""}${format.number(point.changePct, { maximumFractionDigits: 1 })} %`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-sm" lang="sv">
        {t("projectionSource", { source: projection.source })}
      </p>
    </div>
  );
}

type Translate = Awaited<ReturnType<typeof getTranslations<"panels">>>;

/** "Högst: …, lägst: …, riket …, Uppsala … (plats 3 av 19), 2 regioner saknar värde." */
function regionalSummary(
  bars: RegionBar[],
  selected: RegionCode,
  national: number | null,
  { t, number, shown, unit }: { t: Translate; number: (value: number) => string; shown: (value: number | null) => string; unit: string },
): string {
  const present = bars.filter((bar): bar is RegionBar & { value: number } => bar.value !== null).sort((a, b) => b.value - a.value);
  if (present.length === 0) return t("noValues");
  const parts = [t("summaryHighLow", { high: present[0]!.label, highValue: `${number(present[0]!.value)} ${unit}`, low: present.at(-1)!.label, lowValue: `${number(present.at(-1)!.value)} ${unit}` })];
  if (national !== null) parts.push(t("summaryNational", { value: shown(national) }));
  const rank = present.findIndex((bar) => bar.key === selected);
  if (selected !== "00") {
    parts.push(rank >= 0 ? t("summaryRank", { region: REGION_NAMES[selected], value: shown(present[rank]!.value), rank: rank + 1, count: present.length }) : t("summarySelectedMissing", { region: REGION_NAMES[selected] }));
  }
  const missing = bars.length - present.length;
  if (missing > 0) parts.push(t("summaryMissing", { count: missing }));
  return parts.join(" ");
}

function seriesSummary(series: PanelValue[], { t, shown, region }: { t: Translate; shown: (value: number | null) => string; region: string }): string {
  const first = series[0]!;
  const last = series.at(-1)!;
  return t("summarySeries", { region, from: first.period ?? "", fromValue: shown(first.value), to: last.period ?? "", toValue: shown(last.value) });
}
