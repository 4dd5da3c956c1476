/**
 * Reading the figures people type: Swedish decimal comma, spaces between thousands, a typographic
 * minus, and the periods the NPS reports use (`YYYY` or `YYYY-YYYY`). Pure, so the import, the
 * forms and the tests share one definition.
 */

/** Cells that mean "suppressed or not given" in Swedish statistics; they become null, never 0. */
const SUPPRESSION_MARKS: ReadonlySet<string> = new Set(["", ".", "..", "x", "X"]);

/** True when the cell says the value is suppressed or missing (not a number, and not zero). */
export function isSuppressedCell(cell: string): boolean {
  return SUPPRESSION_MARKS.has(cell.trim());
}

// Thousands may be grouped by spaces (also no-break and narrow no-break spaces, as Excel exports).
const GROUPING_SPACES = /[\s\u00a0\u202f]/g;
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;

/**
 * A number written the Swedish or the English way: `12,5`, `12.5`, `1 234,5`, `−3`. Returns null
 * when the text is not a number; ambiguous text (`1,234.5`, two commas) is not a number, because
 * guessing would store a figure 1 000 times off.
 */
export function parseDecimal(text: string): number | null {
  // Runs once per imported row: the common case (digits and at most one separator) allocates nothing.
  let compact = text.trim();
  if (/[\s\u00a0\u202f]/.test(compact)) compact = compact.replace(GROUPING_SPACES, "");
  if (compact.charCodeAt(0) === 0x2212) compact = `-${compact.slice(1)}`;
  const comma = compact.indexOf(",");
  const dot = compact.indexOf(".");
  if (comma >= 0 && (dot >= 0 || compact.indexOf(",", comma + 1) >= 0)) return null;
  if (dot >= 0 && compact.indexOf(".", dot + 1) >= 0) return null;
  const normalised = comma >= 0 ? `${compact.slice(0, comma)}.${compact.slice(comma + 1)}` : compact;
  if (!PLAIN_NUMBER.test(normalised)) return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}

export interface Period {
  /** As stored and shown: `2023` or `2023-2033`. */
  text: string;
  startYear: number;
  endYear: number;
}

const PERIOD = /^(\d{4})(?:-(\d{4}))?$/;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** `YYYY` or `YYYY-YYYY` with the end not before the start; null when malformed. */
export function parsePeriod(text: string): Period | null {
  const match = PERIOD.exec(text.trim());
  if (!match) return null;
  const startYear = Number(match[1]);
  const endYear = match[2] ? Number(match[2]) : startYear;
  if (startYear < MIN_YEAR || endYear > MAX_YEAR || endYear < startYear) return null;
  return { text: match[2] ? `${startYear}-${endYear}` : String(startYear), startYear, endYear };
}

/** The year a period's figure describes (its end), or null for a value without a year. */
export function periodYear(period: string | null): number | null {
  return period === null ? null : (parsePeriod(period)?.endYear ?? null);
}

/** Parsed periods by text: sorting a panel's values compares the same few periods thousands of times. */
const parsedPeriods = new Map<string, Period | null>();

function cachedPeriod(text: string): Period | null {
  let period = parsedPeriods.get(text);
  if (period === undefined) {
    period = parsePeriod(text);
    if (parsedPeriods.size < 10_000) parsedPeriods.set(text, period);
  }
  return period;
}

/** Orders periods by their end year, then their start; values without a year come first. */
export function comparePeriods(a: string | null, b: string | null): number {
  const pa = a === null ? null : cachedPeriod(a);
  const pb = b === null ? null : cachedPeriod(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  return pa.endYear - pb.endYear || pa.startYear - pb.startYear;
}
