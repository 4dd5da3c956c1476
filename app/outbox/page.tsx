import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { AppShell } from "@/components/layout/app-shell";
import { getSessionUser } from "@/lib/server/auth/session";
import { getEnv } from "@/lib/server/env";
import { listOutbox } from "@/lib/server/mail";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("outbox"))("title") };
}

/** The local outbox, readable only in demo mode (production mail goes through SMTP). */
export default async function OutboxPage() {
  if (!getEnv().isDemoMode) notFound();
  const t = await getTranslations("outbox");
  const format = await getFormatter();
  const mails = await listOutbox();
  return (
    <AppShell user={await getSessionUser()}>
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-4">{t("intro")}</p>
      {mails.length === 0 ? <p>{t("empty")}</p> : null}
      <ol className="space-y-4">
        {mails.map((mail) => (
          <li key={mail.id} className="rounded bg-white p-4 shadow-sm">
            <article aria-labelledby={`mail-${mail.id}`}>
              <h2 id={`mail-${mail.id}`} className="text-lg font-semibold">
                {mail.subject}
              </h2>
              <p className="text-sm text-muted">
                {t("to")}: {mail.to} · {t("sent")}: {format.dateTime(mail.createdAt, { dateStyle: "short", timeStyle: "short" })}
              </p>
              <pre className="mt-2 whitespace-pre-wrap font-sans">{mail.text}</pre>
            </article>
          </li>
        ))}
      </ol>
    </AppShell>
  );
}
