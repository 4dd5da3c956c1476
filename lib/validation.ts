/**
 * Turns zod issues into message keys (validation.*) with parameters, keyed by the field's path,
 * so the UI can show each error at its field in the user's language. Every issue is kept, not
 * only the first.
 */
import { z } from "zod";
import { AppError } from "./errors";

export const VALIDATION_KEYS = [
  "required",
  "tooShort",
  "tooLong",
  "tooSmall",
  "tooBig",
  "notInteger",
  "notNumber",
  "invalidEmail",
  "invalidChoice",
  "invalid",
  "horizonOrder",
  "duplicate",
  "targetIncomplete",
  "codeInvalid",
  "codeExhausted",
  "codeFormat",
  "chooseAtLeastOne",
  "tooManyChoices",
  "nameTaken",
  "indicatorRepeated",
  "passageChanged",
  "invalidDateTime",
  "deadlineInPast",
  "closesBeforeOpens",
  "tooFarAhead",
  "reasonRequired",
  "roundOverlaps",
  "notInDialogue",
  "unchangedWording",
  "tooManyDots",
  "noTargets",
] as const;
export type ValidationKey = (typeof VALIDATION_KEYS)[number];

export interface FieldError {
  key: ValidationKey;
  params?: Record<string, number | string>;
}
export type FieldErrors = Record<string, FieldError>;

function isValidationKey(value: unknown): value is ValidationKey {
  return typeof value === "string" && (VALIDATION_KEYS as readonly string[]).includes(value);
}

export function fieldErrorFromIssue(issue: z.core.$ZodIssue): FieldError {
  if (isValidationKey(issue.message)) {
    const params = (issue as { params?: Record<string, number | string> }).params;
    return params ? { key: issue.message, params } : { key: issue.message };
  }
  switch (issue.code) {
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "string") {
        return minimum <= 1 ? { key: "required" } : { key: "tooShort", params: { min: minimum } };
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return { key: "required" };
      }
      return { key: "tooSmall", params: { min: minimum } };
    }
    case "too_big": {
      const maximum = Number(issue.maximum);
      return issue.origin === "string" || issue.origin === "array"
        ? { key: "tooLong", params: { max: maximum } }
        : { key: "tooBig", params: { max: maximum } };
    }
    case "invalid_type":
      if (issue.expected === "int") return { key: "notInteger" };
      if (issue.expected === "number") return { key: "notNumber" };
      return { key: issue.input === undefined ? "required" : "invalid" };
    case "invalid_format":
      return issue.format === "email" ? { key: "invalidEmail" } : { key: "invalid" };
    case "invalid_value":
      return { key: "invalidChoice" };
    default:
      return { key: "invalid" };
  }
}

export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "_form";
    errors[path] ??= fieldErrorFromIssue(issue);
  }
  return errors;
}

/** A trimmed string; blank counts as missing. */
export const requiredText = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max).default("");
/** An optional number from a form: "" is absent, a Swedish decimal comma is accepted. */
export const optionalNumberFromForm = z.preprocess((value) => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") {
    const trimmed = value.trim().replace(/\s/g, "").replace(",", ".");
    return trimmed === "" ? undefined : Number(trimmed);
  }
  return value;
}, z.number({ error: "notNumber" }).finite({ error: "notNumber" }).optional());

/** Parses input for a service; failures become one `invalid_input` error with every field's issue. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  // zod 4 leaves the input out of issues unless asked; fieldErrorFromIssue needs it to tell a
  // missing value ("required") from one of the wrong type ("invalid"). It never reaches the output.
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new AppError("invalid_input", { fieldErrors: fieldErrorsFrom(result.error) });
  }
  return result.data;
}

/** One field's error as an AppError, for checks only the database can make. */
export function fieldError(path: string, key: ValidationKey): AppError {
  return new AppError("invalid_input", { fieldErrors: { [path]: { key } } });
}
