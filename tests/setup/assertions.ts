import { expect } from "vitest";
import { AppError, type ErrorCode } from "@/lib/errors";
import type { FieldErrors } from "@/lib/validation";

/**
 * Awaits a call that must fail with an AppError of `code` (and, when given, exactly these field
 * errors), and returns the error for further checks. Any other outcome fails the test.
 */
export async function expectAppError(
  call: Promise<unknown> | (() => Promise<unknown>),
  code: ErrorCode,
  fieldErrors?: FieldErrors,
): Promise<AppError> {
  let outcome: { resolved: unknown } | { rejected: unknown };
  try {
    outcome = { resolved: await (typeof call === "function" ? call() : call) };
  } catch (error) {
    outcome = { rejected: error };
  }
  if (!("rejected" in outcome)) {
    throw new Error(`expected AppError ${code}, but the call succeeded with ${JSON.stringify(outcome.resolved)}`);
  }
  const error = outcome.rejected;
  if (!(error instanceof AppError)) throw error;
  expect(error.code, `AppError code (${JSON.stringify(error.fieldErrors ?? {})})`).toBe(code);
  if (fieldErrors) expect(error.fieldErrors).toEqual(fieldErrors);
  return error;
}
