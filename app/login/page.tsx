import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { RequestCodeForm } from "@/components/auth/request-code-form";
import { buttonClass } from "@/components/ui/button-class";
import { listDemoUsers } from "@/lib/server/services/demo-users";
import { configuredOidcProviders } from "@/lib/server/auth/auth";
import { getSessionUser } from "@/lib/server/auth/session";
import { getEnv } from "@/lib/server/env";
import { demoSignInAction, oidcSignInAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth.login"))("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await getSessionUser()) redirect("/dialogues");
  const t = await getTranslations("auth");
  const tEnums = await getTranslations("enums");
  const { error } = await searchParams;
  const oidc = configuredOidcProviders();
  const demoUsers = getEnv().isDemoMode ? await listDemoUsers() : [];
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="mb-4 text-3xl font-bold">{t("login.title")}</h1>
      {error ? (
        <p role="alert" className="mb-4 rounded border-2 border-danger bg-white p-3 font-semibold text-danger">
          {t("login.error")}
        </p>
      ) : null}
      <section aria-labelledby="email-sign-in" className="rounded bg-white p-5 shadow-sm">
        <h2 id="email-sign-in" className="sr-only">
          {t("login.email")}
        </h2>
        <p className="mb-4">{t("login.intro")}</p>
        <RequestCodeForm />
      </section>
      {oidc.length ? (
        <section aria-labelledby="org-sign-in" className="mt-6 rounded bg-white p-5 shadow-sm">
          <h2 id="org-sign-in" className="mb-3 text-xl font-semibold">
            {t("login.orgSignIn")}
          </h2>
          {oidc.map((provider) => (
            <form key={provider.id} action={oidcSignInAction} className="mb-2">
              <input type="hidden" name="provider" value={provider.id} />
              <button type="submit" className={buttonClass("secondary")}>
                {t("login.orgSignInWith", { provider: provider.name })}
              </button>
            </form>
          ))}
        </section>
      ) : null}
      {demoUsers.length ? (
        <section aria-labelledby="demo-sign-in" className="mt-6 rounded border-2 border-dashed border-amber-600 bg-amber-50 p-5">
          <h2 id="demo-sign-in" className="mb-2 text-xl font-semibold">
            {t("demo.title")}
          </h2>
          <p className="mb-3 text-sm">{t("demo.intro")}</p>
          <ul className="space-y-2">
            {demoUsers.map((user) => (
              <li key={user.id}>
                <form action={demoSignInAction}>
                  <input type="hidden" name="userId" value={user.id} />
                  <button type="submit" className={`${buttonClass("secondary")} w-full justify-start text-left`}>
                    {t("demo.signInAs", {
                      name: user.name,
                      organisation: user.organisationName,
                      role: tEnums(`role.${user.role}`),
                    })}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
