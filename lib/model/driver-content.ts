/**
 * Inputs for a driver's content that are not live text: the indicators linked to nuläge and
 * förväntad framtid (a server action), and a goal's measurable target (checked in the browser
 * before it is written into the live document, lib/collab/driver-doc.ts).
 */
import { z } from "zod";
import { optionalNumberFromForm } from "../validation";
import { INDICATOR_PARTS, REGION_CODES, TARGET_DIRECTIONS } from "./enums";
import { idSchema } from "./ids";

const driverRef = { dialogueId: idSchema, driverId: idSchema };

export const setDriverIndicatorsSchema = z.object({
  ...driverRef,
  part: z.enum(INDICATOR_PARTS),
  // An unchosen select sends "", which means "nothing to add", not a bad id.
  indicatorIds: z.preprocess(
    (value) => (Array.isArray(value) ? value.filter((id) => id !== "") : value),
    z.array(z.string().trim().min(1).max(120)).max(50),
  ),
});
export type SetDriverIndicatorsInput = z.infer<typeof setDriverIndicatorsSchema>;

const optionalYear = z.preprocess(
  (value) => (value === "" || value === undefined || value === null ? undefined : value),
  // No schema-level `error` on the number: zod 4 would report it for min/max too (see dialogue.ts).
  z.coerce.number().int({ error: "notInteger" }).min(2000).max(2100).optional(),
);
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), z.enum(values).optional());

const targetFields = {
  targetIndicatorId: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().trim().min(1).max(120).optional(),
  ),
  targetRegionCode: optionalChoice(REGION_CODES),
  targetValue: optionalNumberFromForm,
  targetYear: optionalYear,
  targetDirection: optionalChoice(TARGET_DIRECTIONS),
};

/** A target is all or nothing: an indicator with a value, a year and a direction. */
function requireCompleteTarget(
  value: { targetIndicatorId?: string; targetValue?: number; targetYear?: number; targetDirection?: string },
  context: z.RefinementCtx,
): void {
  const parts = [value.targetIndicatorId, value.targetValue, value.targetYear, value.targetDirection];
  const given = parts.filter((part) => part !== undefined).length;
  if (given === 0 || given === parts.length) return;
  const fields = ["targetIndicatorId", "targetValue", "targetYear", "targetDirection"] as const;
  fields.forEach((field, index) => {
    if (parts[index] === undefined) {
      context.addIssue({ code: "custom", message: "targetIncomplete", path: [field] });
    }
  });
}

/**
 * A goal statement's optional machine-readable target, as its form sends it (a Swedish decimal
 * comma is accepted). All fields empty means "no target".
 */
export const goalTargetSchema = z.object(targetFields).superRefine(requireCompleteTarget);
export type GoalTargetInput = z.infer<typeof goalTargetSchema>;
