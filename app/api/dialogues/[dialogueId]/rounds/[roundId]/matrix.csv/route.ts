import { getTranslations } from "next-intl/server";
import { STANCE_VALUES, type AnswerState } from "@/lib/model/round";
import { runRoute } from "@/lib/server/route";
import { roundMatrixCsv, type CsvLabels } from "@/lib/server/services/rounds";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ dialogueId: string; roundId: string }> };

const ANSWER_STATES: readonly AnswerState[] = ["answered", "stale", "missing"];

/** GET the facilitator's response matrix as a CSV file, in the reader's language. */
export async function GET(_request: Request, { params }: Params) {
  const { dialogueId, roundId } = await params;
  return runRoute(async (actor) => {
    const { filename, csv } = await roundMatrixCsv(actor, dialogueId, roundId, await csvLabels());
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  }, { isMutation: false });
}

async function csvLabels(): Promise<CsvLabels> {
  const t = await getTranslations("rounds");
  const tStances = await getTranslations("stances");
  return {
    organisation: t("csv.organisation"),
    driver: t("csv.driver"),
    answer: t("csv.answer"),
    stance: t("csv.stance"),
    reason: t("csv.reason"),
    givenBy: t("csv.givenBy"),
    givenAt: t("csv.givenAt"),
    states: Object.fromEntries(ANSWER_STATES.map((state) => [state, t(`state.${state}`)])) as CsvLabels["states"],
    stances: Object.fromEntries(STANCE_VALUES.map((value) => [value, tStances(`value.${value}`)])) as CsvLabels["stances"],
  };
}
