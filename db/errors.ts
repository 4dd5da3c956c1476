/**
 * PostgreSQL error codes as postgres.js and PGlite report them. drizzle wraps a driver's error and
 * keeps it as the `cause`, so the whole chain is searched.
 */
function hasErrorCode(error: unknown, code: string): boolean {
  for (let current: unknown = error; current && typeof current === "object"; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === code) return true;
  }
  return false;
}

/** unique_violation */
export const isUniqueViolation = (error: unknown): boolean => hasErrorCode(error, "23505");

/** foreign_key_violation: a referenced row (a deleted driver, say) is gone. */
export const isForeignKeyViolation = (error: unknown): boolean => hasErrorCode(error, "23503");
