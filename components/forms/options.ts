import "server-only";
import { getTranslations } from "next-intl/server";
import type { Option } from "@/components/ui/field";
import { REGION_CODES } from "@/lib/model/enums";
import { REGION_NAMES } from "@/lib/model/regions";

type EnumNamespace =
  | "organisationType"
  | "dialogueStatus"
  | "role"
  | "whoClass"
  | "careArea"
  | "changePerspective"
  | "targetDirection"
  | "horizon"
  | "level"
  | "control";

/** Translated options for one of the model's enums, in the model's order. */
export async function enumOptions(namespace: EnumNamespace, values: readonly string[]): Promise<Option[]> {
  const t = await getTranslations("enums");
  return values.map((value) => ({ value, label: t(`${namespace}.${value}` as Parameters<typeof t>[0]) }));
}

/** Regions by name; riket is labelled in the user's language. */
export async function regionOptions({ includeNational }: { includeNational: boolean }): Promise<Option[]> {
  const t = await getTranslations("regions");
  return REGION_CODES.filter((code) => includeNational || code !== "00").map((code) => ({
    value: code,
    label: code === "00" ? t("national") : `${REGION_NAMES[code]} (${code})`,
  }));
}

export async function regionLabel(code: string): Promise<string> {
  const t = await getTranslations("regions");
  if (code === "00") return t("national");
  return REGION_NAMES[code as keyof typeof REGION_NAMES] ?? code;
}
