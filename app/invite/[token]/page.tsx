import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AppShell } from "@/components/layout/app-shell";
import { buttonClass } from "@/components/ui/button-class";
import { previewInvitation } from "@/lib/server/services/members";
import { acceptInvitationAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth.invite"))("title") };
}

/** Opening the link only shows the invitation; accepting it takes a click (mail scanners open links). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("auth.invite");
  const tEnums = await getTranslations("enums");
  const invitation = await previewInvitation(token);
  return (
    <AppShell user={null}>
      <div className="mx-auto max-w-xl rounded bg-white p-5 shadow-sm">
        <h1 className="mb-4 text-3xl font-bold">{t("title")}</h1>
        {invitation ? (
          <>
            <p className="mb-4">
              {t("intro", {
                inviter: invitation.inviter,
                dialogue: invitation.dialogue,
                role: tEnums(`role.${invitation.role}`),
                organisation: invitation.organisation,
              })}
            </p>
            <form action={acceptInvitationAction}>
              <input type="hidden" name="token" value={token} />
              <button type="submit" className={buttonClass("primary")}>
                {t("accept")}
              </button>
            </form>
          </>
        ) : (
          <p role="alert" className="font-semibold text-danger">
            {t("invalid")}
          </p>
        )}
      </div>
    </AppShell>
  );
}
