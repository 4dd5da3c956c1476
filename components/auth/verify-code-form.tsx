"use client";

import { useTranslations } from "next-intl";
import { verifyCodeAction } from "@/app/login/actions";
import { ActionForm } from "@/components/ui/action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function VerifyCodeForm({ email, code }: { email: string; code?: string }) {
  const t = useTranslations("auth.verify");
  return (
    <ActionForm action={verifyCodeAction}>
      <input type="hidden" name="email" value={email} />
      <TextField name="code" label={t("code")} defaultValue={code} autoComplete="one-time-code" inputMode="numeric" maxLength={6} required />
      <SubmitButton>{t("submit")}</SubmitButton>
    </ActionForm>
  );
}
