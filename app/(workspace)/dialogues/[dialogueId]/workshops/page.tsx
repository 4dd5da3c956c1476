import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { CreateWorkshopForm } from "@/components/workshops/workshop-forms";
import { loadPage } from "@/lib/server/page";
import { listWorkshops } from "@/lib/server/services/workshops";

type Params = { params: Promise<{ dialogueId: string }> };

const loadWorkshops = cache((dialogueId: string) => loadPage((actor) => listWorkshops(actor, dialogueId)));

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  await loadWorkshops((await params).dialogueId);
  return { title: (await getTranslations("workshops"))("title") };
}

export default async function WorkshopsPage({ params }: Params) {
  const { dialogueId } = await params;
  const data = await loadWorkshops(dialogueId);
  const t = await getTranslations("workshops");
  const tForm = await getTranslations("workshops.form");
  const format = await getFormatter();
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>{data.planningQuestion}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-2 max-w-3xl">{t("intro")}</p>
      <section aria-labelledby="workshops-list-title" className="mt-6">
        <h2 id="workshops-list-title" className="mb-2 text-2xl font-bold">
          {t("listTitle")}
        </h2>
        {data.workshops.length ? (
          <ul className="max-w-3xl space-y-3">
            {data.workshops.map((workshop) => (
              <li key={workshop.id} className="rounded bg-white p-4 shadow-sm">
                <Link href={`/dialogues/${dialogueId}/workshops/${workshop.id}`} className="font-semibold">
                  {workshop.title}
                </Link>
                <p className="text-sm text-muted">
                  {workshop.plannedFor ? format.dateTime(workshop.plannedFor, { dateStyle: "full", timeStyle: "short" }) : t("noDate")} ·{" "}
                  {t("statusLabel", { status: t(`status.${workshop.status}`) })}
                </p>
                <p className="text-sm">{t("summary", { items: workshop.itemCount, minutes: workshop.totalMinutes })}</p>
                <p className="text-sm">
                  <Link href={`/dialogues/${dialogueId}/workshops/${workshop.id}/activity`} aria-label={`${t("activity.link")}: ${workshop.title}`}>
                    {t("activity.link")}
                  </Link>
                  {" · "}
                  <Link href={`/dialogues/${dialogueId}/workshops/${workshop.id}/record`} aria-label={`${t("record.link")}: ${workshop.title}`}>
                    {t("record.link")}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("none")}</p>
        )}
      </section>
      {data.canManage ? (
        <section aria-labelledby="new-workshop-title" className="mt-8 max-w-3xl rounded bg-white p-5 shadow-sm">
          <h2 id="new-workshop-title" className="mb-2 text-2xl font-bold">
            {tForm("title")}
          </h2>
          <CreateWorkshopForm dialogueId={dialogueId} />
        </section>
      ) : null}
    </>
  );
}
