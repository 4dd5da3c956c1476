import { getFormatter, getTranslations } from "next-intl/server";
import type { RankedRegion } from "@/lib/server/indicators/composite-index-data";
import { REGION_NAMES } from "@/lib/model/regions";

interface CompositeIndexTableProps {
  caption: string;
  /** One column header per aspect, in the rows' `aspectScores` order. */
  aspectHeaders: string[];
  /** Best first, as ranked by the server (equal indexes share a rank). */
  rows: RankedRegion[];
  /** The dialogue's regions: named as such in the row, not only drawn in bold. */
  highlighted: ReadonlySet<string>;
  testId: string;
}

/**
 * The regions ranked by a composite index, with each aspect's score beside the index. A region
 * without a figure shows "uppgift saknas" and no rank: missing is never shown as 0.
 */
export async function CompositeIndexTable({ caption, aspectHeaders, rows, highlighted, testId }: CompositeIndexTableProps) {
  const t = await getTranslations("compositeIndex.table");
  const tCompare = await getTranslations("compare");
  const tPanels = await getTranslations("panels");
  const format = await getFormatter();
  const score = (value: number | null) => (value === null ? <em>{tPanels("missing")}</em> : format.number(value, { maximumFractionDigits: 1, minimumFractionDigits: 1 }));
  const cell = "border border-gray-300 p-2";
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm" data-testid={testId}>
        <caption className="mb-1 text-left font-semibold">{caption}</caption>
        <thead>
          <tr className="bg-brand-50 text-left">
            <th scope="col" className={cell}>
              {tCompare("rank")}
            </th>
            <th scope="col" className={cell}>
              {tCompare("region")}
            </th>
            <th scope="col" className={`${cell} text-right`}>
              {t("score")}
            </th>
            {aspectHeaders.map((header, position) => (
              <th key={position} scope="col" className={`${cell} text-right`}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const isHighlighted = highlighted.has(row.regionCode);
            return (
              <tr key={row.regionCode} className={isHighlighted ? "font-semibold" : undefined} data-region={row.regionCode}>
                <td className={`${cell} tabular-nums`}>{row.rank === null ? tCompare("notRanked") : row.rank}</td>
                <th scope="row" className={`${cell} text-left font-normal`}>
                  {REGION_NAMES[row.regionCode]}
                  {isHighlighted ? (
                    <>
                      {" "}
                      <span className="text-xs font-semibold">({t("dialogueRegion")})</span>
                    </>
                  ) : null}
                </th>
                <td className={`${cell} text-right tabular-nums`}>{score(row.index)}</td>
                {row.aspectScores.map((value, aspect) => (
                  <td key={aspect} className={`${cell} text-right tabular-nums`}>
                    {score(value)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
