import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { TileMap } from "@/components/indicators/tile-map";
import { buttonClass } from "@/components/ui/button-class";
import { comparePeriods } from "@/lib/indicators/values";
import { REGION_CODES } from "@/lib/model/enums";
import { REGION_NAMES } from "@/lib/model/regions";
import { loadPage } from "@/lib/server/page";
import { getCompositeIndex, getIndicatorComparison } from "@/lib/server/services/indicator-panels";

type Search = { indicator?: string | string[]; a1?: string | string[]; a2?: string | string[]; a3?: string | string[] };
type Props = { params: Promise<{ dialogueId: string }>; searchParams: Promise<Search> };

const ASPECTS = ["a1", "a2", "a3"] as const;
const listOf = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter(Boolean);

const COUNTIES = REGION_CODES.filter((code) => code !== "00");

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("compare"))("title") };
}

/** One indicator across Sweden's 21 regions: a ranked table and a tile-grid map of the same values. */
export default async function ComparePage({ params, searchParams }: Props) {
  const { dialogueId } = await params;
  const search = await searchParams;
  const indicatorId = listOf(search.indicator)[0] ?? "";
  const chosenAspects = ASPECTS.map((key) => listOf(search[key]));
  const isIndexAsked = chosenAspects.some((ids) => ids.length > 0);
  const [data, index] = await loadPage((actor) =>
    Promise.all([getIndicatorComparison(actor, dialogueId, indicatorId), isIndexAsked ? getCompositeIndex(actor, dialogueId, chosenAspects) : Promise.resolve(null)]),
  );
  const tIndex = await getTranslations("compositeIndex");
  const t = await getTranslations("compare");
  const tPanels = await getTranslations("panels");
  const format = await getFormatter();
  const locale = await getLocale();
  const number = (value: number) => format.number(value, { maximumFractionDigits: 2 });
  const panel = data.panel;
  const name = panel ? (locale === "en" ? panel.nameEn : panel.nameSv) : "";

  // The latest period with county values is the one compared.
  const countyValues = panel?.values.filter((value) => value.regionCode && value.regionCode !== "00") ?? [];
  const period = countyValues.map((value) => value.period).sort(comparePeriods).at(-1) ?? null;
  const inPeriod = new Map(countyValues.filter((value) => value.period === period).map((value) => [value.regionCode!, value.value]));
  const values = new Map<string, number | null>(COUNTIES.map((code) => [code, inPeriod.get(code) ?? null]));
  const sign = panel?.direction === "lower_is_better" ? 1 : -1;
  const ranked = COUNTIES.map((code) => ({ code, value: values.get(code) ?? null })).sort((a, b) =>
    a.value === null ? 1 : b.value === null ? -1 : sign * (a.value - b.value),
  );
  const highlighted = new Set<string>(data.regionCodes);
  const sources = [...new Set(countyValues.filter((value) => value.period === period).map((value) => value.source))];

  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>{data.planningQuestion}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-2 max-w-3xl">{t("intro")}</p>
      <Form action={`/dialogues/${dialogueId}/indicators/compare`} className="mt-4 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="compare-indicator" className="mb-1 block font-semibold">
            {t("indicatorLabel")}
          </label>
          <select id="compare-indicator" name="indicator" defaultValue={indicatorId} className="w-full rounded border border-gray-500 bg-white px-3 py-2">
            <option value="">{t("choose")}</option>
            {data.catalogue.map((option) => (
              <option key={option.id} value={option.id}>
                {`${locale === "en" ? option.nameEn : option.nameSv} (${option.unit})`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass("primary")}>
          {t("show")}
        </button>
      </Form>
      {panel && inPeriod.size === 0 ? <p className="mt-6">{t("noValues")}</p> : null}
      {panel && inPeriod.size > 0 ? (
        <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_auto]">
          <div className="overflow-x-auto">
            {panel.direction === "neutral" ? <p className="mb-2">{t("neutral")}</p> : null}
            <table className="w-full border-collapse bg-white text-sm" data-testid="ranked-table">
              <caption className="mb-1 text-left font-semibold">{t("rankedCaption", { name, period: period ?? tPanels("noPeriod") })}</caption>
              <thead>
                <tr className="bg-brand-50 text-left">
                  <th scope="col" className="border border-gray-300 p-2">{t("rank")}</th>
                  <th scope="col" className="border border-gray-300 p-2">{t("region")}</th>
                  <th scope="col" className="border border-gray-300 p-2 text-right">{tPanels("value", { unit: panel.unit })}</th>
                </tr>
              </thead>
              <tbody>
                {ranked.map((row, index) => (
                  <tr key={row.code} className={highlighted.has(row.code) ? "font-semibold" : undefined}>
                    <td className="border border-gray-300 p-2 tabular-nums">{row.value === null ? t("notRanked") : index + 1}</td>
                    <th scope="row" className="border border-gray-300 p-2 text-left font-normal">
                      {REGION_NAMES[row.code]}
                    </th>
                    <td className="border border-gray-300 p-2 text-right tabular-nums">{row.value === null ? <em>{tPanels("missing")}</em> : number(row.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 text-sm" lang="sv">
              {sources.map((source) => `Källa: ${source.replace(/^Källa:\s*/i, "")}`).join(" · ")}
            </p>
          </div>
          <figure>
            <TileMap
              id="compare-map"
              title={t("mapTitle", { name })}
              description={t("mapDesc")}
              values={values}
              direction={panel.direction}
              highlighted={highlighted}
              formatValue={number}
            />
            <figcaption className="mt-2 max-w-sm text-sm">{t("legend")}</figcaption>
          </figure>
        </div>
      ) : null}
      <section aria-labelledby="index-title" className="mt-10 max-w-5xl">
        <h2 id="index-title" className="text-2xl font-bold">
          {tIndex("title")}
        </h2>
        <p className="mt-1 max-w-3xl">{tIndex("intro")}</p>
        <Form action={`/dialogues/${dialogueId}/indicators/compare`} className="mt-3">
          {indicatorId ? <input type="hidden" name="indicator" value={indicatorId} /> : null}
          <div className="grid gap-4 md:grid-cols-3">
            {ASPECTS.map((key, position) => (
              <div key={key}>
                <label htmlFor={`index-${key}`} className="mb-1 block font-semibold">
                  {tIndex("aspect", { number: position + 1 })}
                </label>
                <select id={`index-${key}`} name={key} multiple size={8} defaultValue={chosenAspects[position]} aria-describedby="index-hint" className="w-full rounded border border-gray-500 bg-white px-2 py-1 text-sm">
                  {data.catalogue.map((option) => (
                    <option key={option.id} value={option.id}>
                      {locale === "en" ? option.nameEn : option.nameSv}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <p id="index-hint" className="mt-1 text-sm text-muted">
            {tIndex("hint")}
          </p>
          <button type="submit" className={`${buttonClass("primary")} mt-2`}>
            {tIndex("submit")}
          </button>
        </Form>
        {index && index.aspects.length === 0 ? <p className="mt-4">{tIndex("none")}</p> : null}
        {index && index.aspects.length > 0 ? (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full border-collapse bg-white text-sm" data-testid="index-table">
              <caption className="mb-1 text-left font-semibold">{tIndex("caption")}</caption>
              <thead>
                <tr className="bg-brand-50 text-left">
                  <th scope="col" className="border border-gray-300 p-2">{t("rank")}</th>
                  <th scope="col" className="border border-gray-300 p-2">{t("region")}</th>
                  <th scope="col" className="border border-gray-300 p-2 text-right">{tIndex("score")}</th>
                  {index.aspects.map((aspect, position) => (
                    <th key={position} scope="col" className="border border-gray-300 p-2 text-right">
                      {tIndex("aspectScore", { number: position + 1, indicators: aspect.indicators.map((indicator) => (locale === "en" ? indicator.nameEn : indicator.nameSv)).join(", ") })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...index.rows]
                  .sort((a, b) => (a.index === null ? 1 : b.index === null ? -1 : b.index - a.index))
                  .map((row, position) => (
                    <tr key={row.regionCode} className={highlighted.has(row.regionCode) ? "font-semibold" : undefined}>
                      <td className="border border-gray-300 p-2 tabular-nums">{row.index === null ? t("notRanked") : position + 1}</td>
                      <th scope="row" className="border border-gray-300 p-2 text-left font-normal">
                        {REGION_NAMES[row.regionCode]}
                      </th>
                      <td className="border border-gray-300 p-2 text-right tabular-nums">{row.index === null ? <em>{tPanels("missing")}</em> : format.number(row.index, { maximumFractionDigits: 1 })}</td>
                      {row.aspectScores.map((score, aspect) => (
                        <td key={aspect} className="border border-gray-300 p-2 text-right tabular-nums">
                          {score === null ? <em>{tPanels("missing")}</em> : format.number(score, { maximumFractionDigits: 1 })}
                        </td>
                      ))}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
