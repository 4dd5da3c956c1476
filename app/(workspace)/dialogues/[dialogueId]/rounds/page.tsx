import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/ui/button-class";
import { loadPage } from "@/lib/server/page";
import { listRounds } from "@/lib/server/services/rounds";

type Params = { params: Promise<{ dialogueId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("rounds"))("title") };
}

export default async function RoundsPage({ params }: Params) {
  const { dialogueId } = await params;
  const data = await loadPage((actor) => listRounds(actor, dialogueId));
  const t = await getTranslations("rounds");
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>← {t("backToDialogue")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mb-4 max-w-3xl text-muted">{t("intro")}</p>
      {data.canManage ? (
        <p className="mb-6">
          <Link href={`/dialogues/${dialogueId}/rounds/new`} className={buttonClass("primary")}>
            {t("plan")}
          </Link>
        </p>
      ) : null}
      {data.rounds.length ? (
        <table className="w-full max-w-5xl border-collapse text-left">
          <caption className="sr-only">{t("title")}</caption>
          <thead>
            <tr className="border-b border-gray-400">
              <th scope="col" className="py-2 pr-4">{t("table.title")}</th>
              <th scope="col" className="py-2 pr-4">{t("table.kind")}</th>
              <th scope="col" className="py-2 pr-4">{t("table.phase")}</th>
              <th scope="col" className="py-2 pr-4">{t("table.opens")}</th>
              <th scope="col" className="py-2 pr-4">{t("table.closes")}</th>
              <th scope="col" className="py-2 pr-4">{t("table.drivers")}</th>
              <th scope="col" className="py-2">{t("table.organisations")}</th>
            </tr>
          </thead>
          <tbody>
            {data.rounds.map((round) => (
              <tr key={round.id} className="border-b border-gray-200 align-top">
                <td className="py-2 pr-4">
                  <Link href={`/dialogues/${dialogueId}/rounds/${round.id}`}>{round.title}</Link>
                </td>
                <td className="py-2 pr-4">{t(`kind.${round.kind}`)}</td>
                <td className="py-2 pr-4">{t(`phase.${round.phase}`)}</td>
                <td className="py-2 pr-4">{when(round.opensAt)}</td>
                <td className="py-2 pr-4">{when(round.closesAt)}</td>
                <td className="py-2 pr-4">{round.driverCount}</td>
                <td className="py-2">{round.organisationCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("none")}</p>
      )}
    </>
  );
}
