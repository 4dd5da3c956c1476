import "server-only";
import { enumOptions } from "@/components/forms/options";
import { CARE_AREAS, CHANGE_PERSPECTIVES, WHO_CLASSES } from "@/lib/model/enums";

export async function driverFormOptions() {
  return {
    whoClassOptions: await enumOptions("whoClass", WHO_CLASSES),
    careAreaOptions: await enumOptions("careArea", CARE_AREAS),
    changePerspectiveOptions: await enumOptions("changePerspective", CHANGE_PERSPECTIVES),
  };
}
