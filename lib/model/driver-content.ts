/** Inputs for a driver's four parts: texts, linked indicators, goal statements, gap actions. */
import { z } from "zod";
import { optionalNumberFromForm, requiredText } from "../validation";
import {
  ACTION_CONTROLS,
  ACTION_HORIZONS,
  ACTION_LEVELS,
  INDICATOR_PARTS,
  REGION_CODES,
  TARGET_DIRECTIONS,
  TEXT_PARTS,
} from "./enums";
import { idSchema } from "./ids";
import { richTextDocSchema } from "./rich-text";

const driverRef = { dialogueId: idSchema, driverId: idSchema };

export const saveDriverTextSchema = z.object({
  ...driverRef,
  part: z.enum(TEXT_PARTS),
  doc: z.preprocess((value) => {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  }, richTextDocSchema),
});
export type SaveDriverTextInput = z.infer<typeof saveDriverTextSchema>;

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

/** A goal statement's text and its optional machine-readable target. */
export const goalStatementFieldsSchema = z
  .object({
    text: requiredText(2_000),
    targetIndicatorId: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().trim().min(1).max(120).optional(),
    ),
    targetRegionCode: optionalChoice(REGION_CODES),
    targetValue: optionalNumberFromForm,
    targetYear: optionalYear,
    targetDirection: optionalChoice(TARGET_DIRECTIONS),
  })
  .superRefine((value, context) => {
    // A target is all or nothing: an indicator with a value, a year and a direction.
    const parts = [value.targetIndicatorId, value.targetValue, value.targetYear, value.targetDirection];
    const given = parts.filter((part) => part !== undefined).length;
    if (given === 0 || given === parts.length) return;
    const fields = ["targetIndicatorId", "targetValue", "targetYear", "targetDirection"] as const;
    fields.forEach((field, index) => {
      if (parts[index] === undefined) {
        context.addIssue({ code: "custom", message: "targetIncomplete", path: [field] });
      }
    });
  });

export const addGoalStatementSchema = z.object({ ...driverRef }).and(goalStatementFieldsSchema);
export type AddGoalStatementInput = z.infer<typeof addGoalStatementSchema>;

export const updateGoalStatementSchema = z
  .object({ ...driverRef, statementId: idSchema })
  .and(goalStatementFieldsSchema);
export type UpdateGoalStatementInput = z.infer<typeof updateGoalStatementSchema>;

const organisationIds = z.array(idSchema).max(50);

export const gapActionFieldsSchema = z
  .object({
    text: requiredText(2_000),
    horizon: z.enum(ACTION_HORIZONS),
    level: z.enum(ACTION_LEVELS),
    control: z.enum(ACTION_CONTROLS),
    responsibleOrganisationIds: organisationIds,
    collaboratingOrganisationIds: organisationIds,
  })
  .superRefine((value, context) => {
    const responsible = new Set(value.responsibleOrganisationIds);
    if (value.collaboratingOrganisationIds.some((id) => responsible.has(id))) {
      context.addIssue({ code: "custom", message: "duplicate", path: ["collaboratingOrganisationIds"] });
    }
  });

export const addGapActionSchema = z.object({ ...driverRef }).and(gapActionFieldsSchema);
export type AddGapActionInput = z.infer<typeof addGapActionSchema>;

export const updateGapActionSchema = z
  .object({ ...driverRef, actionId: idSchema })
  .and(gapActionFieldsSchema);
export type UpdateGapActionInput = z.infer<typeof updateGapActionSchema>;

export const driverItemRefSchema = z.object({
  ...driverRef,
  itemId: idSchema,
});
export const moveDriverItemSchema = driverItemRefSchema.extend({ direction: z.enum(["up", "down"]) });
export type MoveDriverItemInput = z.infer<typeof moveDriverItemSchema>;
