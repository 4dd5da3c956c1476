import { z } from "zod";
import { requiredText, optionalText } from "../validation";
import { CARE_AREAS, CHANGE_PERSPECTIVES, WHO_CLASSES } from "./enums";
import { idSchema } from "./ids";

const driverFieldsSchema = z.object({
  title: requiredText(200),
  description: optionalText(5_000),
  whoClass: z.enum(WHO_CLASSES),
  careAreas: z.array(z.enum(CARE_AREAS)).max(CARE_AREAS.length),
  changePerspectives: z.array(z.enum(CHANGE_PERSPECTIVES)).max(CHANGE_PERSPECTIVES.length),
});

export const createDriverSchema = driverFieldsSchema.extend({ dialogueId: idSchema });
export type CreateDriverInput = z.infer<typeof createDriverSchema>;

export const updateDriverSchema = driverFieldsSchema.extend({
  dialogueId: idSchema,
  driverId: idSchema,
});
export type UpdateDriverInput = z.infer<typeof updateDriverSchema>;

export const moveDriverSchema = z.object({
  dialogueId: idSchema,
  driverId: idSchema,
  direction: z.enum(["up", "down"]),
});
export type MoveDriverInput = z.infer<typeof moveDriverSchema>;

/** Deleting a driver removes all its content, so the form asks for an explicit confirmation. */
/** A new order for one WHO group of drivers (drag and drop): every driver of the group, once. */
export const reorderDriversSchema = z.object({
  dialogueId: idSchema,
  driverIds: z
    .array(idSchema)
    .min(1)
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, { error: "duplicate" }),
});
export type ReorderDriversInput = z.infer<typeof reorderDriversSchema>;

export const deleteDriverSchema = z.object({
  dialogueId: idSchema,
  driverId: idSchema,
  confirm: z.literal("yes", { error: "required" }),
});
