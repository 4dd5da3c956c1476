/**
 * What changed between a saved version of a driver and now, for people to read: each text part as
 * a word diff, and goal statements and actions matched by their id (added, removed, changed).
 */
import { diffWords } from "diff";
import { z } from "zod";
import {
  ACTION_CONTROLS,
  ACTION_HORIZONS,
  ACTION_LEVELS,
  REGION_CODES,
  TARGET_DIRECTIONS,
  TEXT_PARTS,
  type TextPart,
} from "../model/enums";
import { idSchema } from "../model/ids";
import { plainTextOf, richTextNodeSchema } from "../model/rich-text";
import type { DriverDocAction, DriverDocContent, DriverDocGoal } from "./driver-doc";

export interface DiffSegment {
  kind: "same" | "added" | "removed";
  text: string;
}

export type ItemChange = "added" | "removed" | "changed" | "same";

export interface ItemDiff {
  id: string;
  change: ItemChange;
  text: DiffSegment[];
  /** Structured attributes that differ (target, horizon, organisations…), by name. */
  changedAttributes: string[];
}

export interface DriverDiff {
  texts: Record<TextPart, DiffSegment[]>;
  goals: ItemDiff[];
  actions: ItemDiff[];
  hasChanges: boolean;
}

export function diffText(before: string, after: string): DiffSegment[] {
  return diffWords(before, after).map((change) => ({
    kind: change.added ? "added" : change.removed ? "removed" : "same",
    text: change.value,
  }));
}

function isChanged(segments: DiffSegment[]): boolean {
  return segments.some((segment) => segment.kind !== "same");
}

function diffItems<T extends { id: string; text: string }>(
  before: T[],
  after: T[],
  attributesOf: (item: T) => Record<string, unknown>,
): ItemDiff[] {
  const beforeById = new Map(before.map((item) => [item.id, item]));
  const afterIds = new Set(after.map((item) => item.id));
  const current = after.map((item): ItemDiff => {
    const old = beforeById.get(item.id);
    if (!old) return { id: item.id, change: "added", text: [{ kind: "added", text: item.text }], changedAttributes: [] };
    const text = diffText(old.text, item.text);
    const oldAttributes = attributesOf(old);
    const newAttributes = attributesOf(item);
    const changedAttributes = Object.keys(newAttributes).filter(
      (key) => JSON.stringify(oldAttributes[key]) !== JSON.stringify(newAttributes[key]),
    );
    return { id: item.id, change: isChanged(text) || changedAttributes.length ? "changed" : "same", text, changedAttributes };
  });
  const removed = before
    .filter((item) => !afterIds.has(item.id))
    .map((item): ItemDiff => ({ id: item.id, change: "removed", text: [{ kind: "removed", text: item.text }], changedAttributes: [] }));
  return [...current, ...removed];
}

const goalAttributes = (goal: DriverDocGoal) => ({ target: goal.target });
const actionAttributes = (action: DriverDocAction) => ({
  horizon: action.horizon,
  level: action.level,
  control: action.control,
  responsibleOrganisationIds: action.responsibleOrganisationIds,
  collaboratingOrganisationIds: action.collaboratingOrganisationIds,
});

/** From `before` (the version) to `after` (now). */
export function diffDriverContent(before: DriverDocContent, after: DriverDocContent): DriverDiff {
  const texts = Object.fromEntries(
    TEXT_PARTS.map((part) => [part, diffText(plainTextOf(before.texts[part]).trim(), plainTextOf(after.texts[part]).trim())]),
  ) as Record<TextPart, DiffSegment[]>;
  const goals = diffItems(before.goals, after.goals, goalAttributes);
  const actions = diffItems(before.actions, after.actions, actionAttributes);
  const hasChanges =
    TEXT_PARTS.some((part) => isChanged(texts[part])) || [...goals, ...actions].some((item) => item.change !== "same");
  return { texts, goals, actions, hasChanges };
}

const docSchema = richTextNodeSchema.refine((node) => node.type === "doc");
const idsSchema = z.array(idSchema).max(50);

/** A stored version's content, checked before it is shown or restored. */
export const driverDocContentSchema: z.ZodType<DriverDocContent> = z.object({
  texts: z.object(Object.fromEntries(TEXT_PARTS.map((part) => [part, docSchema])) as Record<TextPart, typeof docSchema>),
  goals: z
    .array(
      z.object({
        id: idSchema,
        doc: docSchema,
        text: z.string(),
        target: z
          .object({
            indicatorId: z.string().min(1).max(120),
            regionCode: z.enum(REGION_CODES).nullable(),
            value: z.number().finite(),
            year: z.number().int(),
            direction: z.enum(TARGET_DIRECTIONS),
          })
          .nullable(),
      }),
    )
    .max(500),
  actions: z
    .array(
      z.object({
        id: idSchema,
        doc: docSchema,
        text: z.string(),
        horizon: z.enum(ACTION_HORIZONS),
        level: z.enum(ACTION_LEVELS),
        control: z.enum(ACTION_CONTROLS),
        responsibleOrganisationIds: idsSchema,
        collaboratingOrganisationIds: idsSchema,
      }),
    )
    .max(500),
}) as z.ZodType<DriverDocContent>;
