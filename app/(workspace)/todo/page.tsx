import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { loadPage } from "@/lib/server/page";
import { listTodo } from "@/lib/server/services/stances";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("rounds.todo"))("title") };
}

/** "Att göra": every driver of an open round that waits for the reader's organisation, soonest deadline first. */
export default async function TodoPage() {
  const items = await loadPage((actor) => listTodo(actor));
  const t = await getTranslations("rounds");
  const format = await getFormatter();
  return (
    <>
      <h1 className="text-3xl font-bold">{t("todo.title")}</h1>
      <p className="mb-2 max-w-3xl text-muted">{t("todo.intro")}</p>
      <p className="mb-4 font-semibold">{t("todo.count", { count: items.length })}</p>
      {items.length ? (
        <ol className="space-y-3" aria-label={t("todo.title")}>
          {items.map((item) => (
            <li key={`${item.roundId}:${item.driverId}`} className="rounded bg-white p-4 shadow-sm" data-testid="todo-item">
              <h2 className="text-lg font-semibold">
                <Link href={`/dialogues/${item.dialogueId}/drivers/${item.driverId}${item.kind === "stance" ? "#stances" : ""}`}>
                  {item.driverTitle}
                </Link>
              </h2>
              <p>
                <strong>{t(`todo.state.${item.state}`)}</strong> · {t(`kind.${item.kind}`)}
              </p>
              <p className="text-sm text-muted">
                <Link href={`/dialogues/${item.dialogueId}/rounds/${item.roundId}`}>
                  {t("todo.round", { round: item.roundTitle, closes: format.dateTime(item.closesAt, { dateStyle: "medium", timeStyle: "short" }) })}
                </Link>{" "}
                · {item.dialogueTitle}
              </p>
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("todo.none")}</p>
      )}
    </>
  );
}
