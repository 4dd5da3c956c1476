import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { AnswerState, RoundKind } from "@/lib/model/round";
import type { RoundDetail } from "@/lib/server/services/rounds";

interface RoundMatrixProps {
  dialogueId: string;
  kind: RoundKind;
  drivers: RoundDetail["drivers"];
  organisations: RoundDetail["organisations"];
  cells: RoundDetail["cells"];
}

/** A symbol beside each state's word, so the state never rests on colour alone. */
const STATE_STYLE: Record<AnswerState, { symbol: string; className: string }> = {
  answered: { symbol: "✓", className: "text-success" },
  stale: { symbol: "!", className: "text-warning" },
  missing: { symbol: "–", className: "text-danger" },
};

/** Organisations × drivers: each cell the answer's state and, in a stance round, the stance. */
export async function RoundMatrix({ dialogueId, kind, drivers, organisations, cells }: RoundMatrixProps) {
  const t = await getTranslations("rounds");
  const tStances = await getTranslations("stances");
  const byKey = new Map(cells.map((cell) => [`${cell.driverId}:${cell.organisationId}`, cell]));
  return (
    <div className="max-w-full overflow-x-auto rounded border border-gray-300 bg-white" tabIndex={0} role="region" aria-labelledby="round-matrix">
      <table className="border-collapse text-left text-sm">
        <caption className="sr-only">{t("detail.matrixIntro")}</caption>
        <thead>
          <tr className="border-b border-gray-400">
            <th scope="col" className="sticky left-0 bg-white p-2">
              {t("csv.organisation")}
            </th>
            {drivers.map((driver) => (
              <th key={driver.id} scope="col" className="min-w-32 p-2 align-bottom">
                <Link href={`/dialogues/${dialogueId}/drivers/${driver.id}`}>{driver.title}</Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {organisations.map((organisation) => (
            <tr key={organisation.id} className="border-b border-gray-200 align-top">
              <th scope="row" className="sticky left-0 bg-white p-2 font-semibold">
                {organisation.name}
              </th>
              {drivers.map((driver) => {
                const cell = byKey.get(`${driver.id}:${organisation.id}`);
                if (!cell) return <td key={driver.id} className="p-2" />;
                const style = STATE_STYLE[cell.state];
                return (
                  <td key={driver.id} className="p-2" data-state={cell.state}>
                    <span className={`font-semibold ${style.className}`}>
                      <span aria-hidden="true">{style.symbol} </span>
                      {t(`state.${cell.state}`)}
                    </span>
                    {kind === "stance" && cell.stance ? (
                      <span className="block">
                        {tStances(`value.${cell.stance.value}`)}
                        {cell.stance.givenByName ? <span className="block text-muted">{cell.stance.givenByName}</span> : null}
                      </span>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
