import { z } from "zod";

/** Route and form IDs. A malformed one is treated like a missing one (404), never as a 500. */
export const idSchema = z.uuid();

export function isUuid(value: unknown): value is string {
  return idSchema.safeParse(value).success;
}
