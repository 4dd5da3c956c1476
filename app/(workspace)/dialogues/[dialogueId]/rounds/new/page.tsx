import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CreateRoundForm } from "@/components/rounds/round-forms";
import { dateToStockholmLocal, ROUND_KINDS, suggestedRoundTimes } from "@/lib/model/round";
import { loadPage } from "@/lib/server/page";
import { getRoundPlanningOptions } from "@/lib/server/services/rounds";

type Params = { params: Promise<{ dialogueId: string }> };

const DEFAULT_ROUND_DAYS = 14;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("rounds.form"))("title") };
}

export default async function NewRoundPage({ params }: Params) {
  const { dialogueId } = await params;
  const options = await loadPage((actor) => getRoundPlanningOptions(actor, dialogueId));
  const t = await getTranslations("rounds");
  const { opensAt, closesAt } = suggestedRoundTimes(new Date(), DEFAULT_ROUND_DAYS);
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}/rounds`}>← {t("title")}</Link>
      </p>
      <h1 className="mb-2 text-3xl font-bold">{t("form.title")}</h1>
      <p className="mb-6 max-w-3xl text-muted">{t("intro")}</p>
      <div className="max-w-3xl rounded bg-white p-5 shadow-sm">
        <CreateRoundForm
          dialogueId={dialogueId}
          kindOptions={ROUND_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`), hint: t(`kindHelp.${kind}`) }))}
          driverOptions={options.drivers.map((driver) => ({ value: driver.id, label: driver.title }))}
          organisationOptions={options.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
          defaultOpensAt={dateToStockholmLocal(opensAt)}
          defaultClosesAt={dateToStockholmLocal(closesAt)}
        />
      </div>
    </>
  );
}
