import { describe, expect, it } from "vitest";
import { AppError, ERROR_CODES, isAppError, type ErrorCode } from "@/lib/errors";

describe("AppError", () => {
  it.each(Object.entries(ERROR_CODES) as [ErrorCode, number][])("maps %s to HTTP %i", (code, status) => {
    const error = new AppError(code);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.name).toBe("AppError");
  });

  it("keeps the field errors it was given", () => {
    const error = new AppError("invalid_input", { fieldErrors: { title: { key: "required" } } });
    expect(error.fieldErrors).toEqual({ title: { key: "required" } });
  });

  it("is recognised by isAppError, and plain errors are not", () => {
    expect(isAppError(new AppError("not_found"))).toBe(true);
    expect(isAppError(new Error("not_found"))).toBe(false);
    expect(isAppError({ code: "not_found" })).toBe(false);
  });
});
