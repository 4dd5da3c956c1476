/**
 * Reading the NPS data files. Every row goes through a zod schema so that a hand edit of a CSV
 * fails at start-up with the exact place to fix, instead of loading a wrong figure silently.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { INDICATOR_DIRECTIONS, REGION_CODES, WHO_CLASSES } from "../../lib/model/enums";

/** Rows are handed back with their line, so later checks can point at the source too. */
export interface CsvRow<T> {
  line: number;
  row: T;
}

/**
 * Parses `fileName` in `dataDir` and validates each row. Throws an Error naming the file, the
 * line and the column of the first bad row: the data are hand-curated, so a typo must be findable.
 * (The line is where the record ends; it differs from the start only for quoted multi-line cells.)
 */
export function readCsv<S extends z.ZodType>(dataDir: string, fileName: string, schema: S): CsvRow<z.infer<S>>[] {
  const filePath = path.join(dataDir, fileName);
  const records = parseRecords(filePath, fileName);
  return records.map(({ record, info }) => {
    const result = schema.safeParse(record);
    if (!result.success) throw rowError(fileName, info.lines, result.error);
    return { line: info.lines, row: result.data };
  });
}

function parseRecords(filePath: string, fileName: string): { record: Record<string, string>; info: { lines: number } }[] {
  let content: Buffer;
  try {
    content = fs.readFileSync(filePath);
  } catch (error) {
    throw new Error(`${fileName}: cannot read ${filePath} (${(error as Error).message})`, { cause: error });
  }
  try {
    return parse(content, { columns: true, bom: true, info: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
  } catch (error) {
    // csv-parse reports the line but not the file; several files are read in one start-up.
    throw new Error(`${fileName}: ${(error as Error).message}`, { cause: error });
  }
}

function rowError(fileName: string, line: number, error: z.ZodError): Error {
  const issue = error.issues[0];
  const column = issue?.path.length ? String(issue.path[0]) : "(row)";
  return new Error(`${fileName}, line ${line}, column "${column}": ${issue?.message ?? "invalid value"}`);
}

// ---------------------------------------------------------------------------------------------
// Column schemas. Empty cells arrive as "" from csv-parse; they become null where the README says
// empty means "not given" (region, year, suppressed value).

const emptyToNull = <T extends z.ZodType>(inner: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? null : value), inner.nullable());

const requiredText = z.string().trim().min(1, { error: "must not be empty" });
const regionCode = z.enum(REGION_CODES, { error: "must be a county code of DOMAIN.md (00–25)" });
const period = z.string().regex(/^\d{4}(-\d{4})?$/, { error: "must be YYYY or YYYY-YYYY" });

export const regionRowSchema = z.object({
  code: regionCode,
  name_sv: requiredText,
  region_group_no: emptyToNull(
    z.coerce.number().int().min(1, { error: "must be 1–5" }).max(5, { error: "must be 1–5" }),
  ),
  region_group: emptyToNull(z.string()),
});
export type RegionRow = z.infer<typeof regionRowSchema>;

/** The columns indicators.csv and indicator_facts.csv share (data README). */
const measurementShape = {
  indicator_id: z.string().regex(/^[a-z0-9_]+$/, { error: "must be snake_case" }),
  name_sv: requiredText,
  name_en: requiredText,
  region_code: emptyToNull(regionCode),
  region_name: z.string().trim(),
  period: emptyToNull(period),
  unit: requiredText,
  direction: z.enum(INDICATOR_DIRECTIONS),
  source: requiredText,
  source_ref: requiredText,
};

export const indicatorRowSchema = z.object({
  ...measurementShape,
  // `.` decimals per the README; Number("1,5") is NaN, so a Swedish comma is caught here.
  value: emptyToNull(
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/, { error: "must be a number with . as decimal separator" })
      .transform(Number),
  ),
});
export type IndicatorRow = z.infer<typeof indicatorRowSchema>;

export const factRowSchema = z.object({
  ...measurementShape,
  value: emptyToNull(z.string()),
});
export type FactRow = z.infer<typeof factRowSchema>;

/** drivers.csv `care_area` values (Swedish, as in the seeds). */
export const DRIVER_CARE_AREAS = ["samtliga", "sjukvård", "hälsovård", "gränslandet"] as const;

export const driverRowSchema = z.object({
  driver_id: z.string().regex(/^[a-z0-9_]+$/, { error: "must be snake_case" }),
  name_sv: requiredText,
  name_en: requiredText,
  who_class: z.enum(WHO_CLASSES),
  care_area: z.enum(DRIVER_CARE_AREAS),
  description_sv: z.string().trim(),
  source_ref: emptyToNull(z.string()),
  related_indicators: z.string().transform((value) =>
    value
      .split(";")
      .map((id) => id.trim())
      .filter(Boolean),
  ),
});
export type DriverRow = z.infer<typeof driverRowSchema>;
