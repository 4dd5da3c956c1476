/** Reads FormData into a plain object for zod: repeated names (checkbox groups) become arrays. */
export function formDataToObject(
  formData: FormData,
  arrayFields: readonly string[] = [],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = formData.getAll(key).filter((value): value is string => typeof value === "string");
    result[key] = arrayFields.includes(key) ? values : values[0];
  }
  for (const key of arrayFields) result[key] ??= [];
  return result;
}
