import { z } from "zod";
import { requiredText, optionalText } from "../validation";
import { DIALOGUE_STATUSES, REGION_CODES } from "./enums";
import { idSchema } from "./ids";

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

// No schema-level `error` on the number: zod 4 applies it to every check of the schema, so a
// year below MIN_YEAR would read "notNumber". A non-number already maps to notNumber by default.
const yearSchema = z.coerce
  .number()
  .int({ error: "notInteger" })
  .min(MIN_YEAR)
  .max(MAX_YEAR);

const dialogueFieldsSchema = z.object({
  planningQuestion: requiredText(300),
  description: optionalText(5_000),
  regionCodes: z.array(z.enum(REGION_CODES)).max(REGION_CODES.length),
  horizonFrom: yearSchema,
  horizonTo: yearSchema,
  status: z.enum(DIALOGUE_STATUSES),
});

function horizonInOrder(value: { horizonFrom: number; horizonTo: number }): boolean {
  return value.horizonTo >= value.horizonFrom;
}

export const createDialogueSchema = dialogueFieldsSchema
  .extend({ organisationId: idSchema })
  .refine(horizonInOrder, { error: "horizonOrder", path: ["horizonTo"] });
export type CreateDialogueInput = z.infer<typeof createDialogueSchema>;

export const updateDialogueSchema = dialogueFieldsSchema
  .extend({
    dialogueId: idSchema,
    /** A checkbox: "yes" when ticked, absent otherwise. */
    observersMayComment: z.literal("yes").optional().transform((value) => value === "yes"),
  })
  .refine(horizonInOrder, { error: "horizonOrder", path: ["horizonTo"] });
export type UpdateDialogueInput = z.infer<typeof updateDialogueSchema>;
