import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { NotificationSettingsForm } from "@/components/notifications/notification-settings-form";
import { EMAIL_MODES, NOTIFICATION_LEVELS } from "@/lib/model/notification";
import { loadPage } from "@/lib/server/page";
import { getNotificationSettings } from "@/lib/server/services/notifications";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications.settings"))("title") };
}

/** What the person is notified of and how they get mail about it. */
export default async function NotificationSettingsPage() {
  const settings = await loadPage((actor) => getNotificationSettings(actor));
  const t = await getTranslations("notifications.settings");
  const tNav = await getTranslations("nav");
  const tInbox = await getTranslations("inbox");
  const locale = (await getLocale()) === "en" ? "en" : "sv";
  return (
    <>
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-4 max-w-2xl">{t("intro")}</p>
      <NotificationSettingsForm
        level={settings.level}
        emailMode={settings.emailMode}
        levelLegend={t("levelLegend")}
        levelOptions={NOTIFICATION_LEVELS.map((value) => ({ value, label: t(`level.${value}`) }))}
        emailLegend={t("emailLegend")}
        emailOptions={EMAIL_MODES.map((value) => ({ value, label: t(`emailMode.${value}`) }))}
        emailHint={t("languageHint", { language: tNav(`languageName.${locale}`) })}
        submitLabel={t("save")}
        successMessage={t("saved")}
      />
      <p className="mt-6">
        <Link href="/inbox">{tInbox("title")}</Link>
      </p>
    </>
  );
}
