import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DriverForm } from "@/components/driver/driver-form";
import { driverFormOptions } from "@/components/driver/driver-form-options";
import { loadPage } from "@/lib/server/page";
import { requireDialogueAccess } from "@/lib/server/access";
import { createDriverAction } from "../../actions";

type Params = { params: Promise<{ dialogueId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("drivers.new"))("title") };
}

export default async function NewDriverPage({ params }: Params) {
  const { dialogueId } = await params;
  await loadPage((actor) => requireDialogueAccess(actor, dialogueId, "driver.create"));
  const t = await getTranslations("drivers.new");
  return (
    <>
      <h1 className="mb-4 text-3xl font-bold">{t("title")}</h1>
      <DriverForm action={createDriverAction} dialogueId={dialogueId} submitLabel={t("submit")} {...await driverFormOptions()} />
    </>
  );
}
