import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { VoteResults } from "@/components/workshops/workshop-activity";
import { loadPage } from "@/lib/server/page";
import { getWorkshopRecord } from "@/lib/server/services/workshop-record";
import { listWorkshops } from "@/lib/server/services/workshops";

type Params = { params: Promise<{ dialogueId: string; workshopId: string }> };

const loadRecord = cache((dialogueId: string, workshopId: string) =>
  loadPage(async (actor) => {
    const [record, list] = await Promise.all([getWorkshopRecord(actor, dialogueId, workshopId), listWorkshops(actor, dialogueId)]);
    return { record, planningQuestion: list.planningQuestion };
  }),
);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { dialogueId, workshopId } = await params;
  const { record } = await loadRecord(dialogueId, workshopId);
  return { title: `${record.workshop.title} – ${(await getTranslations("workshops.record"))("title")}` };
}

/** The session record (issue 9, part 6): what happened, as kept after the workshop. */
export default async function WorkshopRecordPage({ params }: Params) {
  const { dialogueId, workshopId } = await params;
  const { record, planningQuestion } = await loadRecord(dialogueId, workshopId);
  const t = await getTranslations("workshops.record");
  const tWorkshops = await getTranslations("workshops");
  const tVote = await getTranslations("workshops.activity.vote");
  const format = await getFormatter();
  const dateTime = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "long", timeStyle: "short" });
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>{planningQuestion}</Link>
        {" · "}
        <Link href={`/dialogues/${dialogueId}/workshops/${workshopId}`}>{record.workshop.title}</Link>
        {" · "}
        <Link href={`/dialogues/${dialogueId}/workshops`}>{tWorkshops("agenda.backToList")}</Link>
      </p>
      <h1 className="text-3xl font-bold">
        {t("title")}: {record.workshop.title}
      </h1>
      <p className="mt-2 max-w-3xl">{t("intro")}</p>
      <p className="mt-2 text-muted">{tWorkshops("statusLabel", { status: tWorkshops(`status.${record.workshop.status as "planned"}`) })}</p>

      <section aria-labelledby="record-session" className="mt-6 max-w-4xl">
        <h2 id="record-session" className="text-2xl font-bold">
          {t("session")}
        </h2>
        <p>
          {record.startedAt
            ? t("sessionLine", { started: dateTime(record.startedAt), ended: record.endedAt ? dateTime(record.endedAt) : t("notEnded"), minutes: record.durationMinutes ?? 0, pauses: record.pauses })
            : t("notHeld")}
        </p>
      </section>

      <section aria-labelledby="record-agenda" className="mt-6 max-w-4xl">
        <h2 id="record-agenda" className="text-2xl font-bold">
          {t("agenda")}
        </h2>
        <table className="mt-2 w-full border-collapse text-left">
          <thead>
            <tr className="border-b border-gray-400">
              <th scope="col" className="py-1 pr-2">{t("driverColumn")}</th>
              <th scope="col" className="py-1 pr-2">{t("planned")}</th>
              <th scope="col" className="py-1 pr-2">{t("actual")}</th>
            </tr>
          </thead>
          <tbody>
            {record.agenda.map((item) => (
              <tr key={item.driverId} className="border-b border-gray-200">
                <th scope="row" className="py-2 pr-2 font-normal">
                  <Link href={`/dialogues/${dialogueId}/drivers/${item.driverId}`}>{item.title}</Link>
                </th>
                <td className="py-2 pr-2">{t("minutes", { minutes: item.timeboxMinutes })}</td>
                <td className="py-2 pr-2">{item.actualMinutes === null ? "–" : t("minutes", { minutes: item.actualMinutes })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="record-prompts" className="mt-6 max-w-4xl">
        <h2 id="record-prompts" className="text-2xl font-bold">
          {t("prompts")}
        </h2>
        {record.prompts.length === 0 ? <p>{t("noPrompts")}</p> : null}
        {record.prompts.map((prompt, index) => (
          <article key={index} className="mt-3 rounded border border-gray-300 bg-white p-3">
            <h3 className="text-lg font-semibold">{prompt.question}</h3>
            <p className="text-sm text-muted">
              {dateTime(prompt.askedAt)}
              {prompt.driverTitle ? ` · ${prompt.driverTitle}` : ""} · {t(`promptStatus.${prompt.status}`)}
            </p>
            {prompt.answers ? (
              <ul className="mt-2 list-disc pl-6">
                {prompt.answers.map((answer, answerIndex) => (
                  <li key={answerIndex}>
                    {answer.body}
                    {answer.author ? <span className="text-muted"> ({answer.author})</span> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("answersNotRevealed")}</p>
            )}
          </article>
        ))}
      </section>

      <section aria-labelledby="record-votes" className="mt-6 max-w-4xl">
        <h2 id="record-votes" className="text-2xl font-bold">
          {t("votes")}
        </h2>
        {record.votes.length === 0 ? <p>{t("noVotes")}</p> : null}
        {record.votes.map((vote, index) => (
          <article key={index} className="mt-3 rounded border border-gray-300 bg-white p-3">
            <h3 className="text-lg font-semibold">{vote.title}</h3>
            <p className="text-sm text-muted">
              {dateTime(vote.openedAt)} · {tVote(vote.mode === "organisation" ? "perOrganisation" : "perParticipant", { dots: vote.dotsPerVoter })} · {tVote("turnout", { voters: vote.voters, dots: vote.results ? vote.results.reduce((sum, row) => sum + row.dots, 0) : 0 })}
            </p>
            {vote.results ? (
              <VoteResults
                vote={{
                  title: vote.title,
                  targets: vote.results.map((row) => ({ id: row.targetId, driverId: "", label: row.label, context: row.context })),
                  results: { rows: vote.results, preview: false },
                }}
              />
            ) : (
              <p>{t("notRevealed")}</p>
            )}
          </article>
        ))}
      </section>

      <section aria-labelledby="record-locks" className="mt-6 max-w-4xl">
        <h2 id="record-locks" className="text-2xl font-bold">
          {t("locks")}
        </h2>
        {record.locks.length === 0 ? (
          <p>{t("noLocks")}</p>
        ) : (
          <ul className="mt-2 list-disc pl-6">
            {record.locks.map((lock, index) => (
              <li key={index}>
                {t("lockLine", { driver: lock.driverTitle, scope: t(`scope.${lock.scope as "all"}`), at: dateTime(lock.lockedAt), by: lock.lockedBy ?? "" })}
                {lock.unlockedAt ? ` (${t("unlocked", { at: dateTime(lock.unlockedAt) })})` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="record-created" className="mt-6 mb-8 max-w-4xl">
        <h2 id="record-created" className="text-2xl font-bold">
          {t("created")}
        </h2>
        {record.createdItems.length === 0 ? (
          <p>{t("noCreated")}</p>
        ) : (
          <ul className="mt-2 list-disc pl-6">
            {record.createdItems.map((item, index) => (
              <li key={index}>{t("createdLine", { use: t(`use.${item.use}`), driver: item.driverTitle, text: item.text })}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
