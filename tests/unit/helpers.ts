import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseInput, type FieldErrors } from "@/lib/validation";

/**
 * The field errors a service would report for `value`: parsed through parseInput, the one path
 * services use, and failing the test if the value is accepted.
 */
export function fieldErrorsOf(schema: z.ZodType, value: unknown): FieldErrors {
  try {
    parseInput(schema, value);
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_input") return error.fieldErrors ?? {};
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
}
