import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SkipLink } from "@/components/ui/skip-link";
import type { SessionUser } from "@/lib/server/auth/session";
import { getEnv } from "@/lib/server/env";
import { countUnread } from "@/lib/server/services/notifications";
import { LanguageSwitcher } from "./language-switcher";
import { SignOutForm } from "./sign-out-form";

/** Skip link, banner with navigation, and the main landmark every page renders into. */
export async function AppShell({ user, children }: { user: SessionUser | null; children: ReactNode }) {
  const t = await getTranslations("nav");
  const tApp = await getTranslations("app");
  const tInbox = await getTranslations("inbox");
  const tRounds = await getTranslations("rounds");
  const unread = user ? await countUnread({ userId: user.id }) : 0;
  return (
    <>
      <SkipLink label={t("skipToContent")} />
      <header className="bg-brand-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-2">
          <Link href={user ? "/dialogues" : "/login"} className="text-xl font-bold text-white no-underline hover:text-white">
            {tApp("name")}
          </Link>
          <nav aria-label={t("mainNav")} className="flex flex-wrap items-center gap-2">
            {user ? (
              <Link href="/dialogues" className="min-h-11 rounded px-3 py-2 text-white hover:bg-brand-800 hover:text-white">
                {t("myDialogues")}
              </Link>
            ) : null}
            {user ? (
              <Link href="/todo" className="min-h-11 rounded px-3 py-2 text-white hover:bg-brand-800 hover:text-white">
                {tRounds("todo.navLink")}
              </Link>
            ) : null}
            {user ? (
              // Visible "Inkorg (3)", read as "Inkorg, 3 olästa" (the visible word first, for speech input).
              <Link
                href="/inbox"
                aria-label={tInbox("navLabel", { count: unread })}
                className="min-h-11 rounded px-3 py-2 text-white hover:bg-brand-800 hover:text-white"
                data-testid="nav-inbox"
              >
                {tInbox("nav")}
                {unread > 0 ? ` (${unread})` : ""}
              </Link>
            ) : null}
            <LanguageSwitcher />
            {user ? (
              <>
                <span className="px-2 text-sm">{t("signedInAs", { name: user.name ?? user.email })}</span>
                <SignOutForm userId={user.id} label={t("signOut")} unsavedWarning={t("signOutUnsaved")} />
              </>
            ) : null}
          </nav>
        </div>
        {getEnv().isDemoMode ? (
          <p className="bg-amber-100 px-4 py-2 text-center text-sm text-ink">{t("demoBanner")}</p>
        ) : null}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </>
  );
}
