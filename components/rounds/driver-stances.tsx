import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { DriverStances, StanceView } from "@/lib/server/services/stances";
import { StanceForm } from "./round-forms";

interface DriverStancesSectionProps {
  dialogueId: string;
  driverId: string;
  stances: DriverStances;
  organisationName: string;
}

/** The driver's stances: each organisation's current one, the form in a stance round, the history. */
export async function DriverStancesSection({ dialogueId, driverId, stances, organisationName }: DriverStancesSectionProps) {
  const t = await getTranslations("stances");
  const own = stances.current.find((stance) => stance.organisationId === stances.ownOrganisationId) ?? null;
  return (
    <section id="stances" aria-labelledby="stances-title" className="mt-8 scroll-mt-4 rounded bg-white p-5 shadow-sm">
      <h2 id="stances-title" className="text-2xl font-bold">
        {t("title")}
      </h2>
      <p className="mb-4 text-muted">{t("intro")}</p>
      {stances.isDivergent ? (
        <p className="mb-4 rounded border-l-4 border-warning bg-white p-3 font-semibold">
          {t("divergence")} · <Link href={`/dialogues/${dialogueId}/drivers/${driverId}/stances`}>{t("divergenceLink")}</Link>
        </p>
      ) : stances.current.length ? (
        <p className="mb-4">
          <Link href={`/dialogues/${dialogueId}/drivers/${driverId}/stances`}>{t("divergenceLink")}</Link>
        </p>
      ) : null}
      {stances.current.length ? <StanceList stances={stances.current} /> : <p>{t("none")}</p>}
      {stances.canGiveStance ? (
        <div className="mt-6 max-w-2xl rounded border border-gray-300 p-4">
          {own ? <p className="mb-2">{t("yours", { value: t(`value.${own.value}`) })}</p> : null}
          <StanceForm dialogueId={dialogueId} driverId={driverId} organisationName={organisationName} current={own && !own.isStale ? own.value : null} />
        </div>
      ) : null}
      {stances.history.length > stances.current.length ? (
        <details className="mt-6">
          <summary className="cursor-pointer font-semibold">{t("history")}</summary>
          <StanceList stances={stances.history} />
        </details>
      ) : null}
    </section>
  );
}

/** Stances as a list: organisation, stance, reason, who gave it and when, and whether it is stale. */
export async function StanceList({ stances }: { stances: StanceView[] }) {
  const t = await getTranslations("stances");
  const format = await getFormatter();
  return (
    <ul className="space-y-3">
      {stances.map((stance) => (
        <li key={stance.id} className="border-b border-gray-200 pb-2">
          <p>
            <strong>{stance.organisationName}</strong>: {t(`value.${stance.value}`)}
            {stance.isStale ? <span className="ml-2 font-semibold text-warning">({t("stale")})</span> : null}
          </p>
          {stance.reason ? <p className="whitespace-pre-line">{stance.reason}</p> : null}
          <p className="text-sm text-muted">
            {t("givenBy", { name: stance.givenByName ?? "–", at: format.dateTime(stance.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}
          </p>
        </li>
      ))}
    </ul>
  );
}
