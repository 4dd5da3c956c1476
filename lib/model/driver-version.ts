/** Inputs for named versions of a driver (history). */
import { z } from "zod";
import { optionalText, requiredText } from "../validation";
import { idSchema } from "./ids";

const driverRef = { dialogueId: idSchema, driverId: idSchema };

export const saveDriverVersionSchema = z.object({
  ...driverRef,
  name: requiredText(120),
  note: optionalText(1_000),
});
export type SaveDriverVersionInput = z.infer<typeof saveDriverVersionSchema>;

export const restoreDriverVersionSchema = z.object({ ...driverRef, versionId: idSchema });
export type RestoreDriverVersionInput = z.infer<typeof restoreDriverVersionSchema>;
