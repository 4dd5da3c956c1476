/**
 * The shape of a driver's shared Y.Doc, and the only code that reads or writes it by name:
 *
 * - one Y.XmlFragment per text part (`nulage`, `future`, `gap`), bound to a Tiptap editor;
 * - `goals` and `actions`: Y.Arrays of Y.Maps. Each item has an `id`, an `order` number and its
 *   text as a nested Y.XmlFragment, plus its structured attributes as plain values.
 *
 * Items are shown sorted by `order`; moving one sets its `order` between its new neighbours, so a
 * move never copies the item and never loses a concurrent edit of its text. Attributes are
 * last-writer-wins per attribute. Everything read back is validated: a forged value reads as
 * absent (or the default), never as trusted input.
 */
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { diffWordsWithSpace } from "diff";
import * as Y from "yjs";
import { z } from "zod";
import {
  ACTION_CONTROLS,
  ACTION_HORIZONS,
  ACTION_LEVELS,
  REGION_CODES,
  TARGET_DIRECTIONS,
  TEXT_PARTS,
  type ActionControl,
  type ActionHorizon,
  type ActionLevel,
  type RegionCode,
  type TargetDirection,
  type TextPart,
} from "../model/enums";
import { idSchema } from "../model/ids";
import { docFromPlainText, EMPTY_DOC, plainTextOf, richTextNodeSchema, type RichTextNode } from "../model/rich-text";
import { isSameWording } from "../model/suggestion";
import { richTextSchema } from "./editor-schema";

export const GOALS = "goals";
export const ACTIONS = "actions";
export type ItemList = typeof GOALS | typeof ACTIONS;

/** Every root type a driver document may have; an update that names another is refused. */
export const DRIVER_DOC_ROOTS: ReadonlySet<string> = new Set<string>([...TEXT_PARTS, GOALS, ACTIONS]);

export function isDriverDocRoot(name: string): name is DriverDocRoot {
  return DRIVER_DOC_ROOTS.has(name);
}

export interface GoalTarget {
  indicatorId: string;
  regionCode: RegionCode | null;
  value: number;
  year: number;
  direction: TargetDirection;
}

export interface DriverDocGoal {
  id: string;
  doc: RichTextNode;
  text: string;
  target: GoalTarget | null;
}

export interface DriverDocAction {
  id: string;
  doc: RichTextNode;
  text: string;
  horizon: ActionHorizon;
  level: ActionLevel;
  control: ActionControl;
  responsibleOrganisationIds: string[];
  collaboratingOrganisationIds: string[];
}

export interface DriverDocContent {
  texts: Record<TextPart, RichTextNode>;
  goals: DriverDocGoal[];
  actions: DriverDocAction[];
}

/** Attributes a goal's Y.Map may carry besides `id`, `order` and `text`. */
export const GOAL_ATTRIBUTES = [
  "targetIndicatorId",
  "targetRegionCode",
  "targetValue",
  "targetYear",
  "targetDirection",
] as const;
export const ACTION_ATTRIBUTES = [
  "horizon",
  "level",
  "control",
  "responsibleOrganisationIds",
  "collaboratingOrganisationIds",
] as const;
export type GoalAttribute = (typeof GOAL_ATTRIBUTES)[number];
export type ActionAttribute = (typeof ACTION_ATTRIBUTES)[number];

export const ACTION_DEFAULTS = { horizon: "short", level: "regional", control: "collaboration" } as const;

export function textFragment(doc: Y.Doc, part: TextPart): Y.XmlFragment {
  return doc.getXmlFragment(part);
}

export function itemArray(doc: Y.Doc, list: ItemList): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(list);
}

function orderOf(item: Y.Map<unknown>): number {
  const order = item.get("order");
  return typeof order === "number" && Number.isFinite(order) ? order : 0;
}

function idOf(item: unknown): string | null {
  if (!(item instanceof Y.Map)) return null;
  const id = item.get("id");
  return typeof id === "string" && idSchema.safeParse(id).success ? id : null;
}

/** The list's valid items in display order; duplicates of an id after the first are ignored. */
export function orderedItems(doc: Y.Doc, list: ItemList): Y.Map<unknown>[] {
  const seen = new Set<string>();
  const items: Y.Map<unknown>[] = [];
  for (const item of itemArray(doc, list).toArray()) {
    const id = idOf(item);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    items.push(item);
  }
  return items.sort((a, b) => orderOf(a) - orderOf(b) || String(a.get("id")).localeCompare(String(b.get("id"))));
}

export function findItem(doc: Y.Doc, list: ItemList, id: string): Y.Map<unknown> | undefined {
  return orderedItems(doc, list).find((item) => item.get("id") === id);
}

/** The item's text fragment (created with the item, so it always exists for valid items). */
export function itemText(item: Y.Map<unknown>): Y.XmlFragment | null {
  const text = item.get("text");
  return text instanceof Y.XmlFragment ? text : null;
}

const docNodeSchema = richTextNodeSchema.refine((node) => node.type === "doc");

function fragmentToDoc(fragment: Y.XmlFragment | null): RichTextNode {
  if (!fragment) return EMPTY_DOC;
  const parsed = docNodeSchema.safeParse(yXmlFragmentToProsemirrorJSON(fragment));
  return parsed.success ? parsed.data : EMPTY_DOC;
}

const targetSchema = z.object({
  targetIndicatorId: z.string().trim().min(1).max(120),
  targetRegionCode: z.enum(REGION_CODES).nullish(),
  targetValue: z.number().finite(),
  targetYear: z.number().int().min(2000).max(2100),
  targetDirection: z.enum(TARGET_DIRECTIONS),
});

/** A goal's target, validated; null when absent or invalid. Reads no text, so it is cheap. */
export function readGoalTarget(item: Y.Map<unknown>): GoalTarget | null {
  const parsed = targetSchema.safeParse(Object.fromEntries(GOAL_ATTRIBUTES.map((key) => [key, item.get(key)])));
  if (!parsed.success) return null;
  const value = parsed.data;
  return {
    indicatorId: value.targetIndicatorId,
    regionCode: value.targetRegionCode ?? null,
    value: value.targetValue,
    year: value.targetYear,
    direction: value.targetDirection,
  };
}

function readEnum<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function readIds(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((id): id is string => idSchema.safeParse(id).success))].slice(0, 50);
}

function readGoal(item: Y.Map<unknown>): DriverDocGoal {
  const doc = fragmentToDoc(itemText(item));
  return { id: item.get("id") as string, doc, text: plainTextOf(doc).trim(), target: readGoalTarget(item) };
}

export type ActionAttributes = Omit<DriverDocAction, "id" | "doc" | "text">;

/** An action's structured attributes, validated (defaults for forged values). Reads no text. */
export function readActionAttributes(item: Y.Map<unknown>): ActionAttributes {
  const responsible = readIds(item.get("responsibleOrganisationIds"));
  const taken = new Set(responsible);
  return {
    horizon: readEnum(item.get("horizon"), ACTION_HORIZONS, ACTION_DEFAULTS.horizon),
    level: readEnum(item.get("level"), ACTION_LEVELS, ACTION_DEFAULTS.level),
    control: readEnum(item.get("control"), ACTION_CONTROLS, ACTION_DEFAULTS.control),
    responsibleOrganisationIds: responsible,
    collaboratingOrganisationIds: readIds(item.get("collaboratingOrganisationIds")).filter((id) => !taken.has(id)),
  };
}

function readAction(item: Y.Map<unknown>): DriverDocAction {
  const doc = fragmentToDoc(itemText(item));
  return { id: item.get("id") as string, doc, text: plainTextOf(doc).trim(), ...readActionAttributes(item) };
}

/** A root of the driver document: one of its texts or item lists. */
export type DriverDocRoot = TextPart | ItemList;

/** Some roots' content only: what the relational copy rewrites after an edit of those roots. */
export interface DriverDocParts {
  texts: Partial<Record<TextPart, RichTextNode>>;
  goals?: DriverDocGoal[];
  actions?: DriverDocAction[];
}

export function readDriverDocParts(doc: Y.Doc, roots: Iterable<DriverDocRoot>): DriverDocParts {
  const parts: DriverDocParts = { texts: {} };
  for (const root of roots) {
    if (root === GOALS) parts.goals = orderedItems(doc, GOALS).map(readGoal);
    else if (root === ACTIONS) parts.actions = orderedItems(doc, ACTIONS).map(readAction);
    else parts.texts[root] = fragmentToDoc(textFragment(doc, root));
  }
  return parts;
}

/** The whole driver as plain, validated data (relational copy, versions, exports). */
export function readDriverDoc(doc: Y.Doc): DriverDocContent {
  const { texts, goals = [], actions = [] } = readDriverDocParts(doc, [...TEXT_PARTS, GOALS, ACTIONS]);
  return { texts: texts as Record<TextPart, RichTextNode>, goals, actions };
}

function fillFragment(fragment: Y.XmlFragment, content: RichTextNode): void {
  if (fragment.length > 0) fragment.delete(0, fragment.length);
  prosemirrorJSONToYXmlFragment(richTextSchema(), content, fragment);
}

function goalAttributes(goal: DriverDocGoal): Record<GoalAttribute, unknown> {
  const target = goal.target;
  return {
    targetIndicatorId: target?.indicatorId ?? null,
    targetRegionCode: target?.regionCode ?? null,
    targetValue: target?.value ?? null,
    targetYear: target?.year ?? null,
    targetDirection: target?.direction ?? null,
  };
}

function actionAttributes(action: DriverDocAction): Record<ActionAttribute, unknown> {
  return {
    horizon: action.horizon,
    level: action.level,
    control: action.control,
    responsibleOrganisationIds: action.responsibleOrganisationIds,
    collaboratingOrganisationIds: action.collaboratingOrganisationIds,
  };
}

/** A new list item. Its text fragment is filled after the map is in the document. */
function newItem(id: string, order: number, attributes: Record<string, unknown>): Y.Map<unknown> {
  const item = new Y.Map<unknown>();
  item.set("id", id);
  item.set("order", order);
  item.set("text", new Y.XmlFragment());
  for (const [key, value] of Object.entries(attributes)) item.set(key, value);
  return item;
}

function insertItem(doc: Y.Doc, list: ItemList, id: string, order: number, attributes: Record<string, unknown>, content: RichTextNode) {
  const item = newItem(id, order, attributes);
  itemArray(doc, list).push([item]);
  fillFragment(itemText(item)!, content);
  return item;
}

/**
 * Replaces the whole content (first load of a driver stored before live editing; restoring a
 * version). One transaction, so collaborators receive it as one edit.
 */
export function writeDriverContent(doc: Y.Doc, content: DriverDocContent, origin: unknown = null): void {
  doc.transact(() => {
    for (const part of TEXT_PARTS) fillFragment(textFragment(doc, part), content.texts[part]);
    for (const list of [GOALS, ACTIONS] as const) {
      const array = itemArray(doc, list);
      if (array.length > 0) array.delete(0, array.length);
    }
    content.goals.forEach((goal, index) => insertItem(doc, GOALS, goal.id, index, goalAttributes(goal), goal.doc));
    content.actions.forEach((action, index) =>
      insertItem(doc, ACTIONS, action.id, index, actionAttributes(action), action.doc),
    );
  }, origin);
}

/** Appends an empty goal or action at the end of its list and returns it. */
export function addItem(doc: Y.Doc, list: ItemList, id: string): Y.Map<unknown> {
  const items = orderedItems(doc, list);
  const last = items.at(-1);
  const order = last ? orderOf(last) + 1 : 0;
  const attributes = list === ACTIONS ? { ...ACTION_DEFAULTS, responsibleOrganisationIds: [], collaboratingOrganisationIds: [] } : {};
  let item!: Y.Map<unknown>;
  doc.transact(() => {
    item = insertItem(doc, list, id, order, attributes, docFromPlainText(""));
  });
  return item;
}

/** A goal or action to append with its text, as a server-side edit (a workshop answer turned into one). */
export interface ItemAppend {
  list: ItemList;
  itemId: string;
  text: string;
}

/** Appends a goal or action holding `text` at the end of its list, as one transaction. */
export function appendItem(doc: Y.Doc, append: ItemAppend, origin: unknown = null): void {
  const last = orderedItems(doc, append.list).at(-1);
  const order = last ? orderOf(last) + 1 : 0;
  const attributes = append.list === ACTIONS ? { ...ACTION_DEFAULTS, responsibleOrganisationIds: [], collaboratingOrganisationIds: [] } : {};
  doc.transact(() => {
    insertItem(doc, append.list, append.itemId, order, attributes, docFromPlainText(append.text));
  }, origin);
}

export function removeItem(doc: Y.Doc, list: ItemList, id: string): void {
  const array = itemArray(doc, list);
  doc.transact(() => {
    // Delete from the end so indices stay valid; duplicates of the id go too.
    for (let index = array.length - 1; index >= 0; index--) {
      if (idOf(array.get(index)) === id) array.delete(index, 1);
    }
  });
}

/** Moves an item one step up or down by giving it an order between its new neighbours. */
export function moveItem(doc: Y.Doc, list: ItemList, id: string, direction: "up" | "down"): boolean {
  const items = orderedItems(doc, list);
  const index = items.findIndex((item) => item.get("id") === id);
  const target = direction === "up" ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= items.length) return false;
  return moveItemTo(doc, list, id, target);
}

/** Moves an item to a position of the ordered list (drag and drop). */
export function moveItemTo(doc: Y.Doc, list: ItemList, id: string, targetIndex: number): boolean {
  const items = orderedItems(doc, list);
  const index = items.findIndex((item) => item.get("id") === id);
  if (index < 0 || targetIndex < 0 || targetIndex >= items.length || targetIndex === index) return false;
  const others = items.filter((_, position) => position !== index);
  const before = others[targetIndex - 1];
  const after = others[targetIndex];
  const order =
    before && after ? (orderOf(before) + orderOf(after)) / 2 : before ? orderOf(before) + 1 : orderOf(after!) - 1;
  items[index]!.set("order", order);
  return true;
}

export function setItemAttribute(doc: Y.Doc, list: ItemList, id: string, key: GoalAttribute | ActionAttribute, value: unknown): void {
  const item = findItem(doc, list, id);
  if (item) doc.transact(() => item.set(key, value));
}

/** Sets a goal's target (all five attributes at once) or clears it with `null`. */
export function setGoalTarget(doc: Y.Doc, id: string, target: GoalTarget | null): void {
  const item = findItem(doc, GOALS, id);
  if (!item) return;
  const attributes = goalAttributes({ id, doc: EMPTY_DOC, text: "", target });
  doc.transact(() => {
    for (const [key, value] of Object.entries(attributes)) item.set(key, value);
  });
}

/** A document holding `content`, e.g. to compare or encode a version. */
export function driverDocFrom(content: DriverDocContent): Y.Doc {
  const doc = new Y.Doc();
  writeDriverContent(doc, content);
  return doc;
}

/** What became of a server-side edit of one item's text. */
export type ItemTextEditOutcome = "applied" | "changed" | "missing";

/** One goal's or action's text to replace, if it still reads `expectedText` (plain data, for the host). */
export interface ItemTextEdit {
  list: ItemList;
  itemId: string;
  expectedText: string;
  proposedText: string;
}

/**
 * Replaces one item's text as one transaction (accepting a suggestion), but only while it still
 * reads as expected: the suggestion was written against that wording, and applying it over a newer
 * one would silently undo someone's edit. Checked and written synchronously, so no update from a
 * connection can slip in between.
 */
export function replaceItemText(doc: Y.Doc, edit: ItemTextEdit, origin: unknown = null): ItemTextEditOutcome {
  const item = findItem(doc, edit.list, edit.itemId);
  const fragment = item ? itemText(item) : null;
  if (!fragment) return "missing";
  if (!isSameWording(plainTextOf(fragmentToDoc(fragment)), edit.expectedText)) return "changed";
  doc.transact(() => {
    if (!editWords(fragment, edit.proposedText)) fillFragment(fragment, docFromPlainText(edit.proposedText));
  }, origin);
  return "applied";
}

/**
 * Rewrites a one-paragraph text word by word: unchanged words stay the same Yjs items, so their
 * formatting, collaborators' cursors and comments anchored to them survive. False (nothing done)
 * for any other shape, which is then replaced whole.
 */
function editWords(fragment: Y.XmlFragment, proposed: string): boolean {
  const paragraph = fragment.length === 1 ? fragment.get(0) : null;
  if (!(paragraph instanceof Y.XmlElement) || paragraph.nodeName !== "paragraph" || paragraph.length !== 1) return false;
  const text = paragraph.get(0);
  if (!(text instanceof Y.XmlText) || proposed.includes("\n")) return false;
  const delta = text.toDelta() as { insert: unknown }[];
  if (!delta.every((part) => typeof part.insert === "string")) return false;
  let index = 0;
  // With spaces as tokens of their own, the unchanged parts are exactly the old text's (diffWords
  // may take them from the new one), so the running index stays a position in the old text.
  for (const change of diffWordsWithSpace(delta.map((part) => part.insert).join(""), proposed.trim())) {
    if (change.added) text.insert(index, change.value);
    else if (change.removed) text.delete(index, change.value.length);
    if (!change.removed) index += change.value.length;
  }
  return true;
}
