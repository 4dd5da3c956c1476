/**
 * Inputs for a saved composite index (seed 003 Bilaga 3, Hälsoindex): a name and one to five named
 * aspects, each averaging one to twenty indicators. Which indicator ids exist, and whether they can
 * be scored, only the database knows; lib/server/services/composite-indexes.ts checks that.
 */
import { z } from "zod";
import { requiredText } from "../validation";
import { idSchema } from "./ids";

/** The limits the schemas enforce and the form shows. */
export const COMPOSITE_INDEX_LIMITS = {
  nameLength: 120,
  aspects: 5,
  aspectNameLength: 120,
  indicatorsPerAspect: 20,
} as const;

/** One aspect as stored (`composite_indexes.aspects`) and as the services return it. */
export interface CompositeIndexAspect {
  name: string;
  indicatorIds: string[];
}

/** At most `max` entries, reported with the limit so the message can say it. */
function atMost(max: number) {
  return (values: unknown[], context: z.RefinementCtx) => {
    if (values.length > max) context.addIssue({ code: "custom", message: "tooManyChoices", params: { max } });
  };
}

const indicatorIdsSchema = z.preprocess(
  // An unticked group sends nothing; "" is never an id. Repeats count once (an indicator's weight
  // within its aspect does not grow by ticking it twice).
  (value) => (Array.isArray(value) ? [...new Set(value.filter((id) => id !== ""))] : value),
  z
    .array(z.string().trim().min(1).max(120))
    .min(1, { error: "chooseAtLeastOne" })
    .superRefine(atMost(COMPOSITE_INDEX_LIMITS.indicatorsPerAspect)),
);

const aspectSchema = z.object({
  name: requiredText(COMPOSITE_INDEX_LIMITS.aspectNameLength),
  indicatorIds: indicatorIdsSchema,
});

const sameName = (a: string, b: string) => a.localeCompare(b, "sv", { sensitivity: "accent" }) === 0;

/**
 * Aspects are told apart by name in the result table, and Bilaga 3 gives each indicator one aspect
 * (in two it would weigh double), so both repeats are errors at the later aspect.
 */
function distinctAspects(aspects: CompositeIndexAspect[], context: z.RefinementCtx): void {
  const owner = new Map<string, number>();
  aspects.forEach((aspect, position) => {
    // zod may run this after an aspect failed its own checks: look only at what is well-formed.
    const name = typeof aspect?.name === "string" ? aspect.name : "";
    const ids = Array.isArray(aspect?.indicatorIds) ? aspect.indicatorIds : [];
    if (name && aspects.slice(0, position).some((earlier) => typeof earlier?.name === "string" && sameName(earlier.name, name))) {
      context.addIssue({ code: "custom", message: "nameTaken", path: [position, "name"] });
    }
    if (ids.some((id) => owner.has(id) && owner.get(id) !== position)) {
      context.addIssue({ code: "custom", message: "indicatorRepeated", path: [position, "indicatorIds"] });
    }
    for (const id of ids) if (!owner.has(id)) owner.set(id, position);
  });
}

const aspectsSchema = z
  .array(aspectSchema)
  .min(1, { error: "chooseAtLeastOne" })
  .superRefine(atMost(COMPOSITE_INDEX_LIMITS.aspects))
  .superRefine(distinctAspects);

const definitionFields = {
  name: requiredText(COMPOSITE_INDEX_LIMITS.nameLength),
  aspects: aspectsSchema,
};

/** A new index of the dialogue. */
export const createCompositeIndexSchema = z.object({ dialogueId: idSchema, ...definitionFields });
export type CreateCompositeIndexInput = z.infer<typeof createCompositeIndexSchema>;

/** A saved index's new name and aspects (replacing the old ones). */
export const updateCompositeIndexSchema = z.object({ dialogueId: idSchema, indexId: idSchema, ...definitionFields });
export type UpdateCompositeIndexInput = z.infer<typeof updateCompositeIndexSchema>;

/** The saved index to delete. */
export const deleteCompositeIndexSchema = z.object({ dialogueId: idSchema, indexId: idSchema });
export type DeleteCompositeIndexInput = z.infer<typeof deleteCompositeIndexSchema>;

/** Field names of the index form: `aspects.<n>.name` and `aspects.<n>.indicatorIds` (repeated). */
export function aspectFieldName(position: number, field: keyof CompositeIndexAspect): string {
  return `aspects.${position}.${field}`;
}

const ASPECT_FIELD = /^aspects\.(\d{1,3})\.(name|indicatorIds)$/;

/**
 * The index form's fields as the services' raw input: `aspects.<n>.*` become an array of aspects in
 * the order of <n> (gaps close up, so a field error's path `aspects.<i>` is the i-th aspect the
 * form shows when it numbers them from 0 without gaps, as it does). Other fields pass as strings.
 */
export function compositeIndexInputFromForm(formData: FormData): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const aspects = new Map<number, { name?: string; indicatorIds: string[] }>();
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION")) continue;
    const match = ASPECT_FIELD.exec(key);
    if (!match) {
      result[key] ??= value;
      continue;
    }
    const position = Number(match[1]);
    const aspect = aspects.get(position) ?? { indicatorIds: [] };
    if (match[2] === "name") aspect.name ??= value;
    else aspect.indicatorIds.push(value);
    aspects.set(position, aspect);
  }
  result.aspects = [...aspects.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, aspect]) => ({ name: aspect.name ?? "", indicatorIds: aspect.indicatorIds }));
  return result;
}
