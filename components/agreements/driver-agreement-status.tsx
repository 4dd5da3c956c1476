import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { loadPage } from "@/lib/server/page";
import { getDriverAgreementStatus } from "@/lib/server/services/agreements";
import { MarkAgreedForm } from "./mark-agreed-form";

/**
 * The driver page's "Agreed version" line: whether the driver (or the whole goal set) is agreed,
 * whether it has changed since (a new draft) with a link to the difference, and for facilitators
 * the form that marks the driver agreed. Self-contained, so the driver page only renders it.
 */
export async function DriverAgreementStatus({ dialogueId, driverId }: { dialogueId: string; driverId: string }) {
  const status = await loadPage((actor) => getDriverAgreementStatus(actor, dialogueId, driverId));
  const t = await getTranslations("agreements.status");
  const tForm = await getTranslations("agreements.form");
  const format = await getFormatter();
  const { latest } = status;
  return (
    <section aria-labelledby="agreement-status-title" className="mt-4 rounded border border-gray-300 bg-white px-4 py-3" data-testid="agreement-status">
      <h2 id="agreement-status-title" className="text-lg font-semibold">
        {t("title")}
      </h2>
      {latest ? (
        <>
          <p>
            {t("agreed", { at: format.dateTime(latest.createdAt, { dateStyle: "medium", timeStyle: "short" }), scope: latest.driverId ? t("scopeDriver") : t("scopeGoalSet") })}{" "}
            <strong>{latest.hasChanges ? t("changed") : t("unchanged")}</strong>
          </p>
          <p className="mt-1 flex flex-wrap gap-x-4">
            {latest.hasChanges ? <Link href={`/dialogues/${dialogueId}/agreements/${latest.id}/drivers/${driverId}`}>{t("diffLink")}</Link> : null}
            <Link href={`/dialogues/${dialogueId}/agreements/${latest.id}`}>{t("viewLink")}</Link>
          </p>
        </>
      ) : (
        <p>{t("none")}</p>
      )}
      {status.canCreate ? (
        <details className="mt-2">
          <summary className="cursor-pointer font-semibold text-brand-800">{tForm("driverTitle")}</summary>
          <div className="mt-2">
            <MarkAgreedForm dialogueId={dialogueId} driverId={driverId} />
          </div>
        </details>
      ) : null}
    </section>
  );
}
