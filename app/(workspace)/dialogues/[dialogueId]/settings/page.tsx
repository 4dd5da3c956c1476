import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DialogueForm } from "@/components/dialogue/dialogue-form";
import { enumOptions, regionOptions } from "@/components/forms/options";
import { AppError } from "@/lib/errors";
import { DIALOGUE_STATUSES } from "@/lib/model/enums";
import { loadPage } from "@/lib/server/page";
import { getDialogueDetails } from "@/lib/server/services/dialogues";
import { updateDialogueAction } from "../actions";

type Params = { params: Promise<{ dialogueId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dialogues.settings"))("title") };
}

export default async function DialogueSettingsPage({ params }: Params) {
  const { dialogueId } = await params;
  const { dialogue } = await loadPage(async (actor) => {
    const details = await getDialogueDetails(actor, dialogueId);
    if (!details.abilities["dialogue.update"]) throw new AppError("forbidden");
    return details;
  });
  const t = await getTranslations("dialogues.settings");
  const tForms = await getTranslations("forms");
  return (
    <>
      <h1 className="mb-1 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-4 text-muted">{dialogue.planningQuestion}</p>
      <DialogueForm
        action={updateDialogueAction}
        submitLabel={tForms("save")}
        successMessage={t("saved")}
        dialogueId={dialogue.id}
        values={dialogue}
        regionOptions={await regionOptions({ includeNational: false })}
        statusOptions={await enumOptions("dialogueStatus", DIALOGUE_STATUSES)}
      />
    </>
  );
}
