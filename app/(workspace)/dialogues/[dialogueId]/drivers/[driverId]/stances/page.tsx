import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { StanceList } from "@/components/rounds/driver-stances";
import { STANCE_VALUES } from "@/lib/model/round";
import { loadPage } from "@/lib/server/page";
import { getDriverStances } from "@/lib/server/services/stances";

type Params = { params: Promise<{ dialogueId: string; driverId: string }> };

const loadStances = cache((dialogueId: string, driverId: string) => loadPage((actor) => getDriverStances(actor, dialogueId, driverId)));

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, driverId } = await params;
  const data = await loadStances(dialogueId, driverId);
  return { title: (await getTranslations("stances"))("page.title", { driver: data.driverTitle }) };
}

/** The divergence view: the organisations' current stances side by side, with their reasons. */
export default async function DriverStancesPage({ params }: Params) {
  const { dialogueId, driverId } = await params;
  const data = await loadStances(dialogueId, driverId);
  const t = await getTranslations("stances");
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}/drivers/${driverId}#stances`}>← {data.driverTitle}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("page.title", { driver: data.driverTitle })}</h1>
      <p className="mb-4 max-w-3xl text-muted">{t("page.intro")}</p>
      {data.isDivergent ? <p className="mb-4 rounded border-l-4 border-warning bg-white p-3 font-semibold">{t("divergence")}</p> : null}
      {data.current.length ? (
        <div className="grid gap-4 md:grid-cols-3">
          {STANCE_VALUES.map((value) => {
            const group = data.current.filter((stance) => stance.value === value);
            return (
              <section key={value} aria-labelledby={`stance-${value}`} className="rounded bg-white p-4 shadow-sm">
                <h2 id={`stance-${value}`} className="mb-3 text-xl font-bold">
                  {t("page.column", { value: t(`value.${value}`), count: group.length })}
                </h2>
                {group.length ? <StanceList stances={group} /> : <p className="text-muted">{t("page.empty")}</p>}
              </section>
            );
          })}
        </div>
      ) : (
        <p>{t("page.noneCurrent")}</p>
      )}
      {data.history.length ? (
        <section aria-labelledby="stance-history" className="mt-8 max-w-3xl">
          <h2 id="stance-history" className="mb-3 text-2xl font-bold">
            {t("history")}
          </h2>
          <StanceList stances={data.history} />
        </section>
      ) : null}
    </>
  );
}
