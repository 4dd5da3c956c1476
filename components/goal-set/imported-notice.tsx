import { getTranslations } from "next-intl/server";

export type ImportedSearch = Record<string, string | string[] | undefined>;

function count(value: string | string[] | undefined): number {
  const number = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(number) && number > 0 ? number : 0;
}

/**
 * After an import (the form sends its outcome as query parameters): the dialogue was created, and
 * what the file held that it does not. Counts only: nothing here comes from the database, so a
 * forged link can at most show a wrong sentence to the one who follows it.
 */
export async function ImportedNotice({ search }: { search: ImportedSearch }) {
  if (search.imported !== "1") return null;
  const t = await getTranslations("goalSetImport.done");
  const indicators = ((Array.isArray(search.indicators) ? search.indicators[0] : search.indicators) ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => /^[A-Za-z0-9_.-]{1,120}$/.test(id))
    .slice(0, 20);
  const left = [
    count(search.threads) ? t("threads", { count: count(search.threads), comments: count(search.comments) }) : null,
    count(search.stances) ? t("stances", { count: count(search.stances) }) : null,
    count(search.summaries) ? t("summaries", { count: count(search.summaries) }) : null,
    indicators.length ? t("indicators", { count: indicators.length, ids: indicators.join(", ") }) : null,
    count(search.targets) ? t("targets", { count: count(search.targets) }) : null,
  ].filter((line): line is string => line !== null);
  return (
    <div role="status" className="mt-4 max-w-3xl rounded border-2 border-success bg-white p-4" data-testid="goal-set-imported">
      <p className="font-semibold text-success">{t("title")}</p>
      {left.length ? (
        <>
          <p className="mt-1">{t("leftOutIntro")}</p>
          <ul className="mt-1 list-disc pl-6">
            {left.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-1">{t("nothingLeftOut")}</p>
      )}
    </div>
  );
}
