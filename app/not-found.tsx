import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AppShell } from "@/components/layout/app-shell";
import { getSessionUser } from "@/lib/server/auth/session";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <AppShell user={await getSessionUser()}>
      <h1 className="mb-3 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-4">{t("body")}</p>
      <Link href="/dialogues">{t("back")}</Link>
    </AppShell>
  );
}
