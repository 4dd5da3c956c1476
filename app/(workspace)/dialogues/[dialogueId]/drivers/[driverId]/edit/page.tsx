import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { DeleteDriverForm } from "@/components/driver/delete-driver-form";
import { DriverForm } from "@/components/driver/driver-form";
import { driverFormOptions } from "@/components/driver/driver-form-options";
import { AppError } from "@/lib/errors";
import { loadPage } from "@/lib/server/page";
import { getDriverPage } from "@/lib/server/services/drivers";
import { updateDriverAction } from "../actions";

type Params = { params: Promise<{ dialogueId: string; driverId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("drivers.edit"))("title") };
}

export default async function EditDriverPage({ params }: Params) {
  const { dialogueId, driverId } = await params;
  const data = await loadPage(async (actor) => {
    const page = await getDriverPage(actor, dialogueId, driverId);
    if (!page.abilities["driver.update"]) throw new AppError("forbidden");
    return page;
  });
  const t = await getTranslations("drivers.edit");
  const tForms = await getTranslations("forms");
  return (
    <>
      <h1 className="mb-1 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-4">
        <Link href={`/dialogues/${dialogueId}/drivers/${driverId}`}>{data.driver.title}</Link>
      </p>
      <DriverForm
        action={updateDriverAction}
        dialogueId={dialogueId}
        driverId={driverId}
        values={data.driver}
        submitLabel={tForms("save")}
        successMessage={t("saved")}
        {...await driverFormOptions()}
      />
      {data.abilities["driver.delete"] ? <DeleteDriverForm dialogueId={dialogueId} driverId={driverId} /> : null}
    </>
  );
}
