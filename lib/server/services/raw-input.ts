/**
 * Reads an ID from raw input before it is parsed, so that authorization runs before validation:
 * an outsider learns nothing from validation errors.
 */
export function rawId(raw: unknown, key: string): string {
  const value = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value : "";
}
