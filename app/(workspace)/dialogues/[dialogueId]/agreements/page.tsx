import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { MarkAgreedForm } from "@/components/agreements/mark-agreed-form";
import { loadPage } from "@/lib/server/page";
import { listAgreements, type AgreementSummary } from "@/lib/server/services/agreements";

type Params = { params: Promise<{ dialogueId: string }> };

const loadAgreements = cache((dialogueId: string) => loadPage((actor) => listAgreements(actor, dialogueId)));

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId } = await params;
  await loadAgreements(dialogueId);
  return { title: (await getTranslations("agreements"))("title") };
}

export default async function AgreementsPage({ params }: Params) {
  const { dialogueId } = await params;
  const page = await loadAgreements(dialogueId);
  const t = await getTranslations("agreements");
  const tForm = await getTranslations("agreements.form");
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>{page.planningQuestion}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-2 max-w-3xl">{t("intro")}</p>
      {page.canCreate ? (
        <section aria-labelledby="mark-goal-set-title" className="mt-6 max-w-3xl rounded bg-white p-5 shadow-sm">
          <h2 id="mark-goal-set-title" className="mb-2 text-2xl font-bold">
            {tForm("goalSetTitle")}
          </h2>
          {page.driverCount > 0 ? <MarkAgreedForm dialogueId={dialogueId} /> : <p>{t("noDrivers")}</p>}
        </section>
      ) : null}
      <section aria-labelledby="agreements-list-title" className="mt-8">
        <h2 id="agreements-list-title" className="mb-2 text-2xl font-bold">
          {t("listTitle")}
        </h2>
        {page.agreements.length ? (
          <ul className="space-y-3">
            {page.agreements.map((agreement) => (
              <AgreementItem key={agreement.id} dialogueId={dialogueId} agreement={agreement} />
            ))}
          </ul>
        ) : (
          <p>{t("none")}</p>
        )}
      </section>
    </>
  );
}

async function AgreementItem({ dialogueId, agreement }: { dialogueId: string; agreement: AgreementSummary }) {
  const t = await getTranslations("agreements");
  const format = await getFormatter();
  return (
    <li className="rounded bg-white p-4 shadow-sm">
      <Link href={`/dialogues/${dialogueId}/agreements/${agreement.id}`} className="font-semibold">
        {agreement.driverId ? t("scope.driver", { title: agreement.driverTitle ?? "" }) : t("scope.goalSet", { count: agreement.driverCount })}
      </Link>
      <p className="text-sm text-muted">{t("agreedByAt", { name: agreement.createdByName, at: format.dateTime(agreement.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
      {agreement.note ? <p className="mt-1 whitespace-pre-line">{agreement.note}</p> : null}
    </li>
  );
}
