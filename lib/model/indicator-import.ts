import { z } from "zod";
import { idSchema } from "./ids";

/** An uploaded import file, as the route hands it to the service. */
export const importFileSchema = z.object({
  dialogueId: idSchema,
  fileName: z.string().trim().min(1).max(200),
  // The size limit is the import's own check (a listed file error), not a form error.
  bytes: z.instanceof(Uint8Array),
  /** The preview's file hash; a commit with another file is refused. */
  expectedHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type ImportFileInput = z.infer<typeof importFileSchema>;
