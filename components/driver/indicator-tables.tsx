import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { LinkedIndicatorDto } from "@/lib/server/services/drivers";

/**
 * Each linked indicator as a table of its values: region, period, value, unit and source. A
 * suppressed or missing value says so; it is never shown as 0.
 */
export async function IndicatorTables({ indicators }: { indicators: LinkedIndicatorDto[] }) {
  const t = await getTranslations("indicators");
  const tEnums = await getTranslations("enums");
  const locale = await getLocale();
  const format = await getFormatter();
  if (indicators.length === 0) return <p className="italic text-muted">{t("none")}</p>;
  return (
    <div className="space-y-6">
      {indicators.map((indicator) => (
        <div key={indicator.id} className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <caption className="mb-1 text-left font-semibold">
              {t("caption", {
                name: locale === "en" ? indicator.nameEn : indicator.nameSv,
                direction: tEnums(`indicatorDirection.${indicator.direction}`),
              })}
            </caption>
            <thead>
              <tr className="bg-brand-50 text-left">
                <th scope="col" className="border border-gray-300 p-2">{t("region")}</th>
                <th scope="col" className="border border-gray-300 p-2">{t("period")}</th>
                <th scope="col" className="border border-gray-300 p-2 text-right">{t("value")}</th>
                <th scope="col" className="border border-gray-300 p-2">{t("unit")}</th>
                <th scope="col" className="border border-gray-300 p-2">{t("source")}</th>
              </tr>
            </thead>
            <tbody>
              {indicator.values.map((value, index) => (
                <tr key={index}>
                  <th scope="row" className="border border-gray-300 p-2 text-left font-normal">
                    {value.regionLabel || "–"}
                  </th>
                  <td className="border border-gray-300 p-2">{value.period ?? t("noPeriod")}</td>
                  <td className="border border-gray-300 p-2 text-right tabular-nums">
                    {value.value === null ? <em>{t("suppressed")}</em> : format.number(value.value, { maximumFractionDigits: 2 })}
                  </td>
                  <td className="border border-gray-300 p-2">{value.unit}</td>
                  <td className="border border-gray-300 p-2" lang="sv">
                    Källa: {value.source}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
