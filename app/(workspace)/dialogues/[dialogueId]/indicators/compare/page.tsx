import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { NewCompositeIndex, SavedIndexControls } from "@/components/indicators/composite-index-controls";
import { CompositeIndexTable } from "@/components/indicators/composite-index-table";
import { IndexLink } from "@/components/indicators/index-announcer";
import { indexTitleId, SAVED_INDEXES_TITLE_ID } from "@/components/indicators/index-ids";
import { TileMap } from "@/components/indicators/tile-map";
import { buttonClass } from "@/components/ui/button-class";
import type { Option } from "@/components/ui/field";
import { isAppError } from "@/lib/errors";
import { comparePeriods } from "@/lib/indicators/values";
import { REGION_CODES } from "@/lib/model/enums";
import { REGION_NAMES } from "@/lib/model/regions";
import type { Actor } from "@/lib/server/access";
import { loadPage } from "@/lib/server/page";
import {
  getCompositeIndexResult,
  listCompositeIndexes,
  listScorableIndicators,
  type CompositeIndexResult,
  type ScorableIndicator,
} from "@/lib/server/services/composite-indexes";
import { getCompositeIndex, getIndicatorComparison } from "@/lib/server/services/indicator-panels";

type Search = { indicator?: string | string[]; index?: string | string[]; a1?: string | string[]; a2?: string | string[]; a3?: string | string[] };
type Props = { params: Promise<{ dialogueId: string }>; searchParams: Promise<Search> };

const ASPECTS = ["a1", "a2", "a3"] as const;
const listOf = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter(Boolean);

const COUNTIES = REGION_CODES.filter((code) => code !== "00");

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("compare"))("title") };
}

/** A saved index opened by `?index=`; null (a message, not a 404 of the whole page) when it is not this dialogue's. */
async function openedIndex(actor: Actor, dialogueId: string, indexId: string): Promise<CompositeIndexResult | null> {
  try {
    return await getCompositeIndexResult(actor, dialogueId, indexId);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  }
}

/**
 * One indicator across Sweden's 21 regions (a ranked table and a tile-grid map of the same values),
 * and composite indexes: the dialogue's saved ones (built by facilitators, read by every member)
 * and a trial one computed from the address.
 */
export default async function ComparePage({ params, searchParams }: Props) {
  const { dialogueId } = await params;
  const search = await searchParams;
  const indicatorId = listOf(search.indicator)[0] ?? "";
  const chosenAspects = ASPECTS.map((key) => listOf(search[key]));
  const isIndexAsked = chosenAspects.some((ids) => ids.length > 0);
  const openedId = listOf(search.index)[0] ?? "";
  const { data, index, saved, opened, options } = await loadPage(async (actor) => {
    const [data, index, saved, opened] = await Promise.all([
      getIndicatorComparison(actor, dialogueId, indicatorId),
      isIndexAsked ? getCompositeIndex(actor, dialogueId, chosenAspects) : Promise.resolve(null),
      listCompositeIndexes(actor, dialogueId),
      openedId ? openedIndex(actor, dialogueId, openedId) : Promise.resolve(null),
    ]);
    // The indicators to build from, for those who may build.
    const options = saved.canManage ? await listScorableIndicators(actor, dialogueId) : [];
    return { data, index, saved, opened, options };
  });
  const tIndex = await getTranslations("compositeIndex");
  const tEnums = await getTranslations("enums");
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
  const nameOf = (indicator: { nameSv: string; nameEn: string }) => (locale === "en" ? indicator.nameEn : indicator.nameSv);
  const optionOf = (option: ScorableIndicator): Option => {
    const direction = tEnums(`indicatorDirection.${option.direction}`);
    const label = `${nameOf(option)} (${direction})`;
    return { value: option.id, label: option.hasCountyValues ? label : tIndex("form.optionWithoutValues", { name: nameOf(option), direction }) };
  };
  // Offered: what can be scored now; an opened index also keeps the indicators it already has.
  const indexOptions = options.filter((option) => option.hasCountyValues).map(optionOf);
  const openedIds = new Set(opened?.index.aspects.flatMap((aspect) => aspect.indicatorIds) ?? []);
  const editOptions = options.filter((option) => option.hasCountyValues || openedIds.has(option.id)).map(optionOf);
  /** This page with `?index=` set, the other parameters kept (a chosen indicator stays shown). */
  const indexHref = (id: string) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(search)) for (const item of listOf(value)) if (key !== "index") params.append(key, item);
    params.set("index", id);
    return `/dialogues/${dialogueId}/indicators/compare?${params.toString()}`;
  };

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

        <h3 id={SAVED_INDEXES_TITLE_ID} tabIndex={-1} className="mt-6 text-xl font-bold">
          {tIndex("saved.title")}
        </h3>
        {saved.indexes.length ? (
          <ul className="mt-2 space-y-1" data-testid="saved-indexes">
            {saved.indexes.map((savedIndex) => (
              <li key={savedIndex.id}>
                <IndexLink href={indexHref(savedIndex.id)} focusId={indexTitleId(savedIndex.id)} isCurrent={opened?.index.id === savedIndex.id}>
                  {savedIndex.name}
                </IndexLink>{" "}
                <span className="text-sm text-muted">
                  {tIndex("saved.summary", {
                    aspects: savedIndex.aspects.length,
                    indicators: new Set(savedIndex.aspects.flatMap((aspect) => aspect.indicatorIds)).size,
                    updated: format.dateTime(savedIndex.updatedAt, { dateStyle: "medium", timeStyle: "short" }),
                  })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2">{tIndex("saved.none")}</p>
        )}
        {saved.canManage ? null : <p className="mt-2 text-sm text-muted">{tIndex("saved.readOnly")}</p>}

        {openedId && !opened ? (
          <p className="mt-4 rounded border border-gray-300 bg-white p-3" data-testid="index-not-found">
            {tIndex("saved.notFound")}
          </p>
        ) : null}
        {opened ? (
          <article aria-labelledby={indexTitleId(opened.index.id)} className="mt-6 rounded border border-gray-300 bg-white p-4" data-testid="opened-index">
            <h3 id={indexTitleId(opened.index.id)} tabIndex={-1} className="text-xl font-bold">
              {opened.index.name}
            </h3>
            <h4 className="mt-3 font-semibold">{tIndex("result.aspects")}</h4>
            <dl className="mt-1 space-y-2" data-testid="index-definition">
              {opened.aspects.map((aspect, position) => (
                <div key={position}>
                  <dt className="font-semibold">{aspect.name}</dt>
                  <dd>
                    {aspect.indicators.length ? (
                      <ul className="list-disc pl-6">
                        {aspect.indicators.map((indicator) => (
                          <li key={indicator.id}>{`${nameOf(indicator)} (${indicator.period ?? tPanels("noPeriod")})`}</li>
                        ))}
                      </ul>
                    ) : (
                      <p>{tIndex("result.emptyAspect")}</p>
                    )}
                    {aspect.leftOut.map((indicator) => (
                      <p key={indicator.id} className="text-sm">
                        {tIndex(`result.leftOut.${indicator.reason}`, {
                          name: (locale === "en" ? indicator.nameEn : indicator.nameSv) ?? indicator.id,
                        })}
                      </p>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
            <div className="mt-4">
              <CompositeIndexTable
                caption={tIndex("result.caption", { name: opened.index.name })}
                aspectHeaders={opened.aspects.map((aspect) => `${aspect.name} (0–100)`)}
                rows={opened.rows}
                highlighted={highlighted}
                testId="saved-index-table"
              />
            </div>
            {opened.canManage ? <SavedIndexControls dialogueId={dialogueId} index={opened.index} options={editOptions} /> : null}
          </article>
        ) : null}

        {saved.canManage ? (
          <section aria-labelledby="new-index-title" className="mt-8">
            <h3 id="new-index-title" className="text-xl font-bold">
              {tIndex("form.newTitle")}
            </h3>
            {indexOptions.length ? (
              <div className="mt-2">
                <NewCompositeIndex dialogueId={dialogueId} options={indexOptions} />
              </div>
            ) : (
              <p className="mt-2">{tIndex("form.noOptions")}</p>
            )}
          </section>
        ) : null}

        <section aria-labelledby="trial-index-title" className="mt-8">
          <h3 id="trial-index-title" className="text-xl font-bold">
            {tIndex("trial.title")}
          </h3>
          <p className="mt-1 max-w-3xl">{tIndex("trial.intro")}</p>
          <Form action={`/dialogues/${dialogueId}/indicators/compare`} className="mt-3">
            {indicatorId ? <input type="hidden" name="indicator" value={indicatorId} /> : null}
            <div className="grid gap-4 md:grid-cols-3">
              {ASPECTS.map((key, position) => (
                <div key={key}>
                  <label htmlFor={`index-${key}`} className="mb-1 block font-semibold">
                    {tIndex("trial.aspect", { number: position + 1 })}
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
              {tIndex("trial.hint")}
            </p>
            <button type="submit" className={`${buttonClass("primary")} mt-2`}>
              {tIndex("trial.submit")}
            </button>
          </Form>
          {index && index.aspects.length === 0 ? <p className="mt-4">{tIndex("trial.none")}</p> : null}
          {index && index.aspects.length > 0 ? (
            <div className="mt-4">
              <CompositeIndexTable
                caption={tIndex("trial.caption")}
                aspectHeaders={index.aspects.map((aspect, position) =>
                  tIndex("trial.aspectScore", { number: position + 1, indicators: aspect.indicators.map(nameOf).join(", ") }),
                )}
                rows={index.rows}
                highlighted={highlighted}
                testId="index-table"
              />
            </div>
          ) : null}
        </section>
      </section>
    </>
  );
}
