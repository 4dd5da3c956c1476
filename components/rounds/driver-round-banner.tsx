import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { DriverRoundStatus } from "@/lib/server/services/rounds";

/** Tells everyone on a driver page which round it is in, its deadline, and what is locked. */
export async function DriverRoundBanner({ dialogueId, status }: { dialogueId: string; status: DriverRoundStatus }) {
  const { round } = status;
  if (!round) return null;
  const t = await getTranslations("rounds");
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  const kind = t(`kind.${round.kind}`);
  return (
    <section aria-labelledby="round-banner-title" className="mt-4 rounded border-l-4 border-brand-700 bg-brand-50 p-4">
      {round.phase === "open" ? (
        <>
          <h2 id="round-banner-title" className="text-lg font-bold">
            {t("banner.title", { kind })}: {round.title}
          </h2>
          <p>{t("banner.deadline", { closes: when(round.closesAt) })}</p>
          {status.lock === "all" ? <p>{t("banner.lockAll")}</p> : null}
          {status.lock === "facilitators" ? <p>{t("banner.lockFacilitators")}</p> : null}
        </>
      ) : (
        <h2 id="round-banner-title" className="text-lg font-bold">
          {t("banner.scheduled", { kind, opens: when(round.opensAt), closes: when(round.closesAt) })}: {round.title}
        </h2>
      )}
      <p className="mt-1">
        <Link href={`/dialogues/${dialogueId}/rounds/${round.id}`}>{t("banner.roundLink")}</Link>
      </p>
    </section>
  );
}
