import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/ui/button-class";
import { loadPage } from "@/lib/server/page";
import { listMyDialogues } from "@/lib/server/services/dialogues";
import { mayImportGoalSet } from "@/lib/server/services/goal-set-import";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dialogues.list"))("title") };
}

export default async function MyDialoguesPage() {
  const { dialogues, canImport } = await loadPage(async (actor) => ({ dialogues: await listMyDialogues(actor), canImport: await mayImportGoalSet(actor) }));
  const t = await getTranslations("dialogues.list");
  const tEnums = await getTranslations("enums");
  return (
    <>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <div className="flex flex-wrap gap-2">
          {canImport ? (
            <Link href="/dialogues/import" className={buttonClass("secondary")}>
              {t("import")}
            </Link>
          ) : null}
          <Link href="/dialogues/new" className={buttonClass("primary")}>
            {t("new")}
          </Link>
        </div>
      </div>
      {dialogues.length === 0 ? <p>{t("empty")}</p> : null}
      <ul className="grid gap-4 md:grid-cols-2">
        {dialogues.map((dialogue) => (
          <li key={dialogue.id} className="rounded bg-white p-5 shadow-sm">
            <h2 className="text-xl font-semibold">
              <Link href={`/dialogues/${dialogue.id}`}>{dialogue.planningQuestion}</Link>
            </h2>
            <p className="mt-1 text-sm text-muted">
              {tEnums(`dialogueStatus.${dialogue.status}`)} · {t("horizon", { from: dialogue.horizonFrom, to: dialogue.horizonTo })} ·{" "}
              {t("drivers", { count: dialogue.driverCount })}
            </p>
            <p className="mt-1 text-sm">
              {t("role", { role: tEnums(`role.${dialogue.role}`), organisation: dialogue.organisationName })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
