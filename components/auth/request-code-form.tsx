"use client";

import { useTranslations } from "next-intl";
import { requestCodeAction } from "@/app/login/actions";
import { ActionForm } from "@/components/ui/action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function RequestCodeForm() {
  const t = useTranslations("auth.login");
  return (
    <ActionForm action={requestCodeAction}>
      <TextField name="email" type="email" label={t("email")} autoComplete="email" required inputMode="email" />
      <SubmitButton>{t("submit")}</SubmitButton>
    </ActionForm>
  );
}
