import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { RoundMatrix } from "@/components/rounds/round-matrix";
import { CloseRoundForm, ExtendRoundForm, ReopenRoundForm } from "@/components/rounds/round-forms";
import { dateToStockholmLocal, suggestedRoundTimes } from "@/lib/model/round";
import { loadPage } from "@/lib/server/page";
import { getRound } from "@/lib/server/services/rounds";

type Params = { params: Promise<{ dialogueId: string; roundId: string }> };

const loadRound = cache((dialogueId: string, roundId: string) => loadPage((actor) => getRound(actor, dialogueId, roundId)));

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, roundId } = await params;
  return { title: (await loadRound(dialogueId, roundId)).round.title };
}

const REOPENED_ROUND_DAYS = 7;

export default async function RoundPage({ params }: Params) {
  const { dialogueId, roundId } = await params;
  const data = await loadRound(dialogueId, roundId);
  const { round } = data;
  const t = await getTranslations("rounds");
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  const answered = data.cells.filter((cell) => cell.state === "answered").length;
  const reopenTimes = suggestedRoundTimes(new Date(), REOPENED_ROUND_DAYS);
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}/rounds`}>← {t("title")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{round.title}</h1>
      <p className="mt-2 text-muted">
        {t(`kind.${round.kind}`)} · <strong>{t(`phase.${round.phase}`)}</strong> · {t("detail.times", { opens: when(round.opensAt), closes: when(round.closesAt) })}
      </p>
      {round.closedAt ? (
        <p className="text-muted">{round.closedEarly ? t("detail.closedEarly", { at: when(round.closedAt) }) : t("detail.closedAt", { at: when(round.closedAt) })}</p>
      ) : round.openedAt ? (
        <p className="text-muted">{t("detail.openedAt", { at: when(round.openedAt) })}</p>
      ) : null}
      <p className="mt-1 max-w-3xl">{t(`kindHelp.${round.kind}`)}</p>
      {round.previousRoundId ? (
        <p className="mt-2">
          {t("detail.previous")}: <Link href={`/dialogues/${dialogueId}/rounds/${round.previousRoundId}`}>{t("detail.previousLink")}</Link>
        </p>
      ) : null}
      {round.instructions ? (
        <section aria-labelledby="round-instructions" className="mt-6 max-w-3xl">
          <h2 id="round-instructions" className="mb-2 text-2xl font-bold">
            {t("detail.instructions")}
          </h2>
          <p className="whitespace-pre-line">{round.instructions}</p>
        </section>
      ) : null}
      <section aria-labelledby="round-drivers" className="mt-6">
        <h2 id="round-drivers" className="mb-2 text-2xl font-bold">
          {t("detail.drivers")}
        </h2>
        <ul className="list-disc pl-6">
          {data.drivers.map((driver) => (
            <li key={driver.id}>
              <Link href={`/dialogues/${dialogueId}/drivers/${driver.id}`}>{driver.title}</Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="round-matrix" className="mt-8">
        <h2 id="round-matrix" className="mb-2 text-2xl font-bold">
          {data.canManage ? t("detail.matrix") : t("detail.ownRow")}
        </h2>
        {data.canManage || data.ownOrganisationId ? (
          <>
            {data.canManage ? <p className="mb-2 max-w-3xl">{t("detail.matrixIntro")}</p> : null}
            <p className="mb-3 font-semibold" role="status">
              {t("detail.summary", { answered, total: data.cells.length })}
            </p>
            <RoundMatrix dialogueId={dialogueId} kind={round.kind} drivers={data.drivers} organisations={data.canManage ? data.organisations : data.organisations.filter((organisation) => organisation.id === data.ownOrganisationId)} cells={data.cells} />
            {data.canManage ? (
              <p className="mt-3">
                <a href={`/api/dialogues/${dialogueId}/rounds/${round.id}/matrix.csv`} download>
                  {t("detail.csv")}
                </a>
              </p>
            ) : null}
          </>
        ) : (
          <p>{t("detail.notInvited")}</p>
        )}
      </section>
      {data.canManage ? (
        <section aria-labelledby="round-manage" className="mt-8 max-w-3xl rounded bg-white p-5 shadow-sm">
          <h2 id="round-manage" className="mb-3 text-2xl font-bold">
            {t("manage.title")}
          </h2>
          {round.phase === "closed" ? (
            <ReopenRoundForm
              dialogueId={dialogueId}
              roundId={round.id}
              defaultOpensAt={dateToStockholmLocal(reopenTimes.opensAt)}
              defaultClosesAt={dateToStockholmLocal(reopenTimes.closesAt)}
            />
          ) : (
            <div className="space-y-6">
              <ExtendRoundForm dialogueId={dialogueId} roundId={round.id} closesAt={dateToStockholmLocal(round.closesAt)} />
              <CloseRoundForm dialogueId={dialogueId} roundId={round.id} />
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
