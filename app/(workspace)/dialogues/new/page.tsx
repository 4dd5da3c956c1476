import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DialogueForm } from "@/components/dialogue/dialogue-form";
import { enumOptions, regionOptions } from "@/components/forms/options";
import { DIALOGUE_STATUSES } from "@/lib/model/enums";
import { loadPage } from "@/lib/server/page";
import { listOrganisationRegister } from "@/lib/server/services/organisations";
import { createDialogueAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dialogues.new"))("title") };
}

export default async function NewDialoguePage() {
  const register = await loadPage((actor) => listOrganisationRegister(actor));
  const t = await getTranslations("dialogues.new");
  const tEnums = await getTranslations("enums");
  return (
    <>
      <h1 className="mb-4 text-3xl font-bold">{t("title")}</h1>
      <DialogueForm
        action={createDialogueAction}
        submitLabel={t("submit")}
        regionOptions={await regionOptions({ includeNational: false })}
        statusOptions={await enumOptions("dialogueStatus", DIALOGUE_STATUSES)}
        organisationOptions={register.map((organisation) => ({
          value: organisation.id,
          label: `${organisation.name} (${tEnums(`organisationType.${organisation.type}`)})`,
        }))}
      />
    </>
  );
}
