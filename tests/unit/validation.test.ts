import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import {
  VALIDATION_KEYS,
  fieldError,
  fieldErrorsFrom,
  optionalNumberFromForm,
  optionalText,
  parseInput,
  requiredText,
} from "@/lib/validation";
import { fieldErrorsOf } from "./helpers";

describe("fieldErrorsFrom: one message key per zod issue code", () => {
  it.each([
    { issue: "too_small on a required string", schema: z.string().min(1), value: "", expected: { key: "required" } },
    { issue: "too_small on a longer string", schema: z.string().min(3), value: "ab", expected: { key: "tooShort", params: { min: 3 } } },
    { issue: "too_small on an array", schema: z.array(z.string()).min(1), value: [], expected: { key: "required" } },
    { issue: "too_small on a set", schema: z.set(z.string()).min(1), value: new Set(), expected: { key: "required" } },
    { issue: "too_small on a number", schema: z.number().min(5), value: 4, expected: { key: "tooSmall", params: { min: 5 } } },
    { issue: "too_big on a string", schema: z.string().max(2), value: "abc", expected: { key: "tooLong", params: { max: 2 } } },
    { issue: "too_big on an array", schema: z.array(z.number()).max(1), value: [1, 2], expected: { key: "tooLong", params: { max: 1 } } },
    { issue: "too_big on a number", schema: z.number().max(3), value: 4, expected: { key: "tooBig", params: { max: 3 } } },
    { issue: "invalid_type expecting an integer", schema: z.number().int(), value: 1.5, expected: { key: "notInteger" } },
    { issue: "invalid_type expecting a number", schema: z.number(), value: "x", expected: { key: "notNumber" } },
    { issue: "invalid_type for a missing value", schema: z.string(), value: undefined, expected: { key: "required" } },
    { issue: "invalid_type for a wrong type", schema: z.string(), value: 12, expected: { key: "invalid" } },
    { issue: "invalid_format of an e-mail", schema: z.email(), value: "not-an-address", expected: { key: "invalidEmail" } },
    { issue: "invalid_format of a uuid", schema: z.uuid(), value: "not-a-uuid", expected: { key: "invalid" } },
    { issue: "invalid_value of an enum", schema: z.enum(["a", "b"]), value: "c", expected: { key: "invalidChoice" } },
    { issue: "unrecognized_keys", schema: z.strictObject({ a: z.string() }), value: { a: "x", b: 1 }, expected: { key: "invalid" } },
    { issue: "invalid_union", schema: z.union([z.string(), z.number()]), value: true, expected: { key: "invalid" } },
    {
      issue: "custom with a message key and params",
      schema: z.string().refine(() => false, { error: "tooLong", params: { max: 9 } }),
      value: "x",
      expected: { key: "tooLong", params: { max: 9 } },
    },
    {
      issue: "custom with a message that is not a key",
      schema: z.string().refine(() => false, { error: "Something human-readable" }),
      value: "x",
      expected: { key: "invalid" },
    },
  ])("$issue → $expected.key", ({ schema, value, expected }) => {
    expect(fieldErrorsOf(schema, value)).toEqual({ _form: expected });
  });

  it("keys each error by its full dotted path and keeps every field's issue", () => {
    const schema = z.object({
      title: z.string().min(1),
      targets: z.array(z.object({ year: z.number().int() })),
    });
    const result = schema.safeParse({ title: "", targets: [{ year: 2030 }, { year: 2030.5 }] });
    expect(result.success).toBe(false);
    expect(fieldErrorsFrom(result.error!)).toEqual({
      title: { key: "required" },
      "targets.1.year": { key: "notInteger" },
    });
  });

  it("keeps the first issue when one path has several", () => {
    const schema = z.string().min(5).regex(/^[a-z]+$/);
    expect(fieldErrorsOf(schema, "A1")).toEqual({ _form: { key: "tooShort", params: { min: 5 } } });
  });

  it("only produces keys the message files know", () => {
    const schemas: [z.ZodType, unknown][] = [
      [z.string().min(1), ""],
      [z.number().int(), 0.5],
      [z.enum(["a"]), "b"],
      [z.email(), "x"],
      [z.date(), "x"],
    ];
    for (const [schema, value] of schemas) {
      for (const error of Object.values(fieldErrorsOf(schema, value))) {
        expect(VALIDATION_KEYS).toContain(error.key);
      }
    }
  });
});

describe("requiredText and optionalText", () => {
  it("treats blank text as missing and trims what is kept", () => {
    expect(fieldErrorsOf(requiredText(10), "   ")).toEqual({ _form: { key: "required" } });
    expect(requiredText(10).parse("  Vård  ")).toBe("Vård");
    expect(fieldErrorsOf(requiredText(3), "abcd")).toEqual({ _form: { key: "tooLong", params: { max: 3 } } });
  });

  it("defaults missing optional text to an empty string", () => {
    expect(optionalText(10).parse(undefined)).toBe("");
    expect(optionalText(10).parse(" x ")).toBe("x");
  });
});

describe("optionalNumberFromForm", () => {
  it.each([
    ["1,5", 1.5],
    ["1.5", 1.5],
    [" 2 ", 2],
    ["1 000,25", 1000.25],
    ["-3", -3],
    [7, 7],
  ])("reads %j as %d", (input, expected) => {
    expect(optionalNumberFromForm.parse(input)).toBe(expected);
  });

  it.each([[""], ["   "], [undefined], [null]])("reads %j as absent", (input) => {
    expect(optionalNumberFromForm.parse(input)).toBeUndefined();
  });

  it.each([["abc"], ["1,5,6"], ["Infinity"], ["12abc"]])("rejects %j as notNumber", (input) => {
    expect(fieldErrorsOf(optionalNumberFromForm, input)).toEqual({ _form: { key: "notNumber" } });
  });

  it("reads any finite number written with a decimal comma", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), (value) => {
        const written = String(value).replace(".", ",");
        // "-0" is read back as 0 by JavaScript's own Number(), which is fine for a form.
        expect(optionalNumberFromForm.parse(written)).toBe(value === 0 ? 0 : value);
      }),
    );
  });
});

describe("parseInput", () => {
  it("tells a missing value (required) from one of the wrong type (invalid)", () => {
    const schema = z.object({ title: z.string(), indicatorIds: z.array(z.string()) });
    expect(fieldErrorsOf(schema, { indicatorIds: "not-a-list" })).toEqual({
      title: { key: "required" },
      indicatorIds: { key: "invalid" },
    });
  });

  const schema = z.object({ title: requiredText(10), year: z.coerce.number().int().min(2000) });

  it("returns the parsed data", () => {
    expect(parseInput(schema, { title: " Mål ", year: "2030" })).toEqual({ title: "Mål", year: 2030 });
  });

  it("throws one invalid_input AppError carrying every field's error", () => {
    let thrown: unknown;
    try {
      parseInput(schema, { title: "", year: "1999" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const appError = thrown as AppError;
    expect(appError.code).toBe("invalid_input");
    expect(appError.status).toBe(400);
    expect(appError.fieldErrors).toEqual({
      title: { key: "required" },
      year: { key: "tooSmall", params: { min: 2000 } },
    });
  });
});

describe("fieldError", () => {
  it("builds an invalid_input error for one path", () => {
    const error = fieldError("organisationId", "invalidChoice");
    expect(error.code).toBe("invalid_input");
    expect(error.fieldErrors).toEqual({ organisationId: { key: "invalidChoice" } });
  });
});
