import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { VerifyCodeForm } from "@/components/auth/verify-code-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth.verify"))("title") };
}

/**
 * Where the mailed link lands. It only pre-fills the code: signing in takes the user's click, so
 * a mail scanner that opens the link consumes nothing.
 */
export default async function VerifyPage({
  searchParams,
}: {
  searchParams: Promise<{ email?: string; code?: string; error?: string }>;
}) {
  const t = await getTranslations("auth.verify");
  const tValidation = await getTranslations("validation");
  const { email = "", code, error } = await searchParams;
  const safeCode = code && /^\d{6}$/.test(code) ? code : undefined;
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="mb-4 text-3xl font-bold">{t("title")}</h1>
      {error ? (
        <p role="alert" className="mb-4 rounded border-2 border-danger bg-white p-3 font-semibold text-danger">
          {error === "exhausted" ? tValidation("codeExhausted") : tValidation("codeInvalid")}
        </p>
      ) : null}
      <div className="rounded bg-white p-5 shadow-sm">
        <p className="mb-4">{t("intro", { email })}</p>
        <VerifyCodeForm email={email} code={safeCode} />
      </div>
      <p className="mt-4">
        <Link href="/login">{t("requestNew")}</Link>
      </p>
    </div>
  );
}
