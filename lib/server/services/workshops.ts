/**
 * Facilitated workshops (issue 9), part 1: a facilitator creates a workshop and sets its agenda,
 * an ordered list of the dialogue's drivers with timeboxes; the page suggests an order from the
 * gaps, the organisations' stances and the open comment threads (suggestAgendaOrder in
 * lib/model/workshop.ts). Every member reads the workshops; only facilitators change them
 * (`workshop.manage`). Each change is appended to the audit log in its own transaction.
 */
import "server-only";
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { findLatestStances } from "@/db/queries/rounds";
import { commentThreads, dialogues, drivers, goalStatements, workshopAgendaItems, workshops, type Workshop } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { computeGap, gapKey } from "@/lib/gap/gap";
import { isUuid } from "@/lib/model/ids";
import type { StanceValue } from "@/lib/model/round";
import {
  createWorkshopSchema,
  moveAgendaItemSchema,
  reorderAgendaSchema,
  setAgendaSchema,
  suggestAgendaOrder,
  totalMinutes,
  type AgendaCandidate,
  type AgendaSuggestion,
  type TargetGap,
  type WorkshopStatus,
} from "@/lib/model/workshop";
import { fieldError, parseInput } from "@/lib/validation";
import { requireDialogueAccess, type Actor, type DialogueAccess } from "../access";
import { recordAudit } from "../audit";
import { notifyWorkshopChanged } from "../collab/host";
import { loadGapContexts } from "../indicators/gap-contexts";
import { rawId } from "./raw-input";

export interface WorkshopSummary {
  id: string;
  title: string;
  plannedFor: Date | null;
  status: WorkshopStatus;
  createdAt: Date;
  itemCount: number;
  totalMinutes: number;
}

export interface WorkshopList {
  planningQuestion: string;
  canManage: boolean;
  workshops: WorkshopSummary[];
}

export interface AgendaItem {
  driverId: string;
  title: string;
  timeboxMinutes: number;
}

export interface DriverSuggestion extends AgendaSuggestion {
  title: string;
  onAgenda: boolean;
}

export interface WorkshopAgenda {
  planningQuestion: string;
  canManage: boolean;
  workshop: { id: string; title: string; plannedFor: Date | null; status: WorkshopStatus };
  /** In agenda order. */
  items: AgendaItem[];
  totalMinutes: number;
  /** Every driver of the dialogue, in the dialogue's order (for adding them to the agenda). */
  drivers: { id: string; title: string }[];
  /** Every driver ranked, discuss-first first, with its reasons. */
  suggestion: DriverSuggestion[];
  /** The agenda's drivers in the suggested order (what "apply the suggested order" saves). */
  suggestedAgendaOrder: string[];
}

async function planningQuestionOf(dialogueId: string): Promise<string> {
  const [row] = await getDb().select({ planningQuestion: dialogues.planningQuestion }).from(dialogues).where(eq(dialogues.id, dialogueId));
  return row?.planningQuestion ?? "";
}

/** The workshop, if it is the dialogue's; anything else (another dialogue's, malformed, gone) is not found. */
async function requireWorkshopOfDialogue(db: Executor, access: DialogueAccess, workshopId: string, lock = false): Promise<Workshop> {
  if (!isUuid(workshopId)) throw new AppError("not_found");
  const query = db
    .select()
    .from(workshops)
    .where(and(eq(workshops.id, workshopId), eq(workshops.dialogueId, access.dialogueId)));
  const [workshop] = lock ? await query.for("update") : await query;
  if (!workshop) throw new AppError("not_found");
  return workshop;
}

async function agendaRows(db: Executor, workshopId: string) {
  return db
    .select({ driverId: workshopAgendaItems.driverId, position: workshopAgendaItems.position, timeboxMinutes: workshopAgendaItems.timeboxMinutes })
    .from(workshopAgendaItems)
    .where(eq(workshopAgendaItems.workshopId, workshopId))
    .orderBy(asc(workshopAgendaItems.position));
}

// --- creating and listing ----------------------------------------------------------------------

export async function createWorkshop(actor: Actor, raw: unknown, now: Date = new Date()): Promise<{ id: string }> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "workshop.manage");
  const input = parseInput(createWorkshopSchema(now), raw);
  return getDb().transaction(async (tx) => {
    const [workshop] = await tx
      .insert(workshops)
      .values({ dialogueId: access.dialogueId, title: input.title, plannedFor: input.plannedFor, createdBy: actor.userId })
      .returning({ id: workshops.id });
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: "workshop.created",
      subject: { workshopId: workshop!.id, title: input.title, plannedFor: input.plannedFor?.toISOString() ?? null },
    });
    return { id: workshop!.id };
  });
}

/** The dialogue's workshops, the next planned first (undated ones after), then the newest. */
export async function listWorkshops(actor: Actor, dialogueId: string): Promise<WorkshopList> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const rows = await getDb()
    .select({
      id: workshops.id,
      title: workshops.title,
      plannedFor: workshops.plannedFor,
      status: workshops.status,
      createdAt: workshops.createdAt,
      itemCount: count(workshopAgendaItems.driverId),
      totalMinutes: sql<number>`coalesce(sum(${workshopAgendaItems.timeboxMinutes}), 0)::int`,
    })
    .from(workshops)
    .leftJoin(workshopAgendaItems, eq(workshopAgendaItems.workshopId, workshops.id))
    .where(eq(workshops.dialogueId, access.dialogueId))
    .groupBy(workshops.id)
    .orderBy(sql`${workshops.plannedFor} asc nulls last`, desc(workshops.createdAt), asc(workshops.id));
  return {
    planningQuestion: await planningQuestionOf(access.dialogueId),
    canManage: access.abilities["workshop.manage"],
    workshops: rows.map((row) => ({ ...row, totalMinutes: Number(row.totalMinutes) })),
  };
}

// --- reading the agenda with its suggested order ------------------------------------------------

/**
 * The computed gaps of the drivers' goal targets, as the driver page's chips compute them: from
 * the relational copy of the goals (it trails the live document by the store delay, which is
 * close enough for a suggestion) and the dialogue's figures.
 */
async function targetGapsByDriver(dialogueId: string, driverIds: string[]): Promise<Map<string, TargetGap[]>> {
  const result = new Map<string, TargetGap[]>();
  if (!driverIds.length) return result;
  const goals = await getDb()
    .select({
      driverId: goalStatements.driverId,
      indicatorId: goalStatements.targetIndicatorId,
      regionCode: goalStatements.targetRegionCode,
      value: goalStatements.targetValue,
      year: goalStatements.targetYear,
      direction: goalStatements.targetDirection,
    })
    .from(goalStatements)
    .where(
      and(
        inArray(goalStatements.driverId, driverIds),
        isNotNull(goalStatements.targetIndicatorId),
        isNotNull(goalStatements.targetValue),
        isNotNull(goalStatements.targetYear),
        isNotNull(goalStatements.targetDirection),
      ),
    );
  if (!goals.length) return result;
  const contexts = await loadGapContexts(
    dialogueId,
    goals.map((goal) => ({ indicatorId: goal.indicatorId!, regionCode: goal.regionCode ?? "00" })),
  );
  const byKey = new Map(contexts.map((context) => [gapKey(context.indicatorId, context.regionCode), context]));
  for (const goal of goals) {
    const context = byKey.get(gapKey(goal.indicatorId!, goal.regionCode ?? "00"));
    if (!context) continue;
    const expected = context.projection.find((point) => point.year === goal.year)?.value ?? null;
    const gap = computeGap({
      targetValue: goal.value!,
      direction: goal.direction!,
      indicatorDirection: context.direction,
      latest: context.latest?.value ?? null,
      expected,
    });
    const list = result.get(goal.driverId) ?? [];
    list.push({ status: gap.status, targetValue: goal.value!, gap: gap.gap, expectedGap: gap.expectedGap });
    result.set(goal.driverId, list);
  }
  return result;
}

async function openThreadsByDriver(dialogueId: string): Promise<Map<string, number>> {
  const rows = await getDb()
    .select({ driverId: commentThreads.driverId, n: count() })
    .from(commentThreads)
    .where(and(eq(commentThreads.dialogueId, dialogueId), isNull(commentThreads.resolvedAt), isNull(commentThreads.suggestionId)))
    .groupBy(commentThreads.driverId);
  return new Map(rows.map((row) => [row.driverId, Number(row.n)]));
}

async function candidatesOf(dialogueId: string, driverIds: string[]): Promise<AgendaCandidate[]> {
  const [gaps, latestStances, threads] = await Promise.all([
    targetGapsByDriver(dialogueId, driverIds),
    findLatestStances(getDb(), driverIds),
    openThreadsByDriver(dialogueId),
  ]);
  const stances = new Map<string, StanceValue[]>();
  for (const stance of latestStances) stances.set(stance.driverId, [...(stances.get(stance.driverId) ?? []), stance.value]);
  return driverIds.map((driverId) => ({
    driverId,
    gaps: gaps.get(driverId) ?? [],
    stances: stances.get(driverId) ?? [],
    openThreads: threads.get(driverId) ?? 0,
  }));
}

export async function getWorkshopAgenda(actor: Actor, dialogueId: string, workshopId: string): Promise<WorkshopAgenda> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const workshop = await requireWorkshopOfDialogue(getDb(), access, workshopId);
  const [dialogueDrivers, rows, planningQuestion] = await Promise.all([
    getDb()
      .select({ id: drivers.id, title: drivers.title })
      .from(drivers)
      .where(eq(drivers.dialogueId, access.dialogueId))
      .orderBy(asc(drivers.position), asc(drivers.createdAt)),
    agendaRows(getDb(), workshop.id),
    planningQuestionOf(access.dialogueId),
  ]);
  const titleOf = new Map(dialogueDrivers.map((driver) => [driver.id, driver.title]));
  const items = rows.map((row) => ({ driverId: row.driverId, title: titleOf.get(row.driverId) ?? "", timeboxMinutes: row.timeboxMinutes }));
  const onAgenda = new Set(items.map((item) => item.driverId));
  // Ties keep the agenda's order, then the dialogue's.
  const orderedIds = [...items.map((item) => item.driverId), ...dialogueDrivers.map((driver) => driver.id).filter((id) => !onAgenda.has(id))];
  const ranked = suggestAgendaOrder(await candidatesOf(access.dialogueId, orderedIds));
  return {
    planningQuestion,
    canManage: access.abilities["workshop.manage"],
    workshop: { id: workshop.id, title: workshop.title, plannedFor: workshop.plannedFor, status: workshop.status },
    items,
    totalMinutes: totalMinutes(items),
    drivers: dialogueDrivers,
    suggestion: ranked.map((suggestion) => ({ ...suggestion, title: titleOf.get(suggestion.driverId) ?? "", onAgenda: onAgenda.has(suggestion.driverId) })),
    suggestedAgendaOrder: ranked.filter((suggestion) => onAgenda.has(suggestion.driverId)).map((suggestion) => suggestion.driverId),
  };
}

// --- changing the agenda -----------------------------------------------------------------------

/**
 * The whole agenda at once: which drivers, in which order, with which timeboxes (adding,
 * removing and changing timeboxes). Drivers of another dialogue are refused at the field.
 */
export async function setAgenda(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "workshop.manage");
  await requireWorkshopOfDialogue(getDb(), access, rawId(raw, "workshopId"));
  const items = parseInput(setAgendaSchema, raw);
  await getDb().transaction(async (tx) => {
    const workshop = await requireWorkshopOfDialogue(tx, access, rawId(raw, "workshopId"), true);
    const driverIds = items.map((item) => item.driverId);
    if (driverIds.length) {
      const own = await tx.select({ id: drivers.id }).from(drivers).where(and(eq(drivers.dialogueId, access.dialogueId), inArray(drivers.id, driverIds)));
      if (own.length !== driverIds.length) throw fieldError("driverIds", "notInDialogue");
    }
    const before = await agendaRows(tx, workshop.id);
    await tx.delete(workshopAgendaItems).where(eq(workshopAgendaItems.workshopId, workshop.id));
    if (items.length) {
      await tx.insert(workshopAgendaItems).values(items.map((item, position) => ({ workshopId: workshop.id, driverId: item.driverId, position, timeboxMinutes: item.timeboxMinutes })));
    }
    const previous = new Set(before.map((row) => row.driverId));
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: "workshop.agenda_set",
      subject: {
        workshopId: workshop.id,
        title: workshop.title,
        items,
        added: driverIds.filter((id) => !previous.has(id)),
        removed: before.map((row) => row.driverId).filter((id) => !driverIds.includes(id)),
      },
    });
  });
  notifyWorkshopChanged(rawId(raw, "workshopId"));
}

/** One agenda item a place up or down, swapping positions with its neighbour under the workshop's lock. */
export async function moveAgendaItem(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "workshop.manage");
  await requireWorkshopOfDialogue(getDb(), access, rawId(raw, "workshopId"));
  const input = parseInput(moveAgendaItemSchema, raw);
  await getDb().transaction(async (tx) => {
    const workshop = await requireWorkshopOfDialogue(tx, access, rawId(raw, "workshopId"), true);
    const rows = await agendaRows(tx, workshop.id);
    const index = rows.findIndex((row) => row.driverId === input.driverId);
    if (index < 0) throw fieldError("driverId", "notInDialogue");
    const neighbour = rows[input.direction === "up" ? index - 1 : index + 1];
    if (!neighbour) return;
    const current = rows[index]!;
    await tx.update(workshopAgendaItems).set({ position: neighbour.position }).where(and(eq(workshopAgendaItems.workshopId, workshop.id), eq(workshopAgendaItems.driverId, current.driverId)));
    await tx.update(workshopAgendaItems).set({ position: current.position }).where(and(eq(workshopAgendaItems.workshopId, workshop.id), eq(workshopAgendaItems.driverId, neighbour.driverId)));
    const order = rows.map((row) => row.driverId);
    const other = input.direction === "up" ? index - 1 : index + 1;
    [order[index], order[other]] = [order[other]!, order[index]!];
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: "workshop.agenda_reordered",
      subject: { workshopId: workshop.id, title: workshop.title, driverId: input.driverId, direction: input.direction, driverIds: order },
    });
  });
  notifyWorkshopChanged(rawId(raw, "workshopId"));
}

/**
 * A whole new order (drag and drop, or the suggested order applied): the list must be exactly the
 * agenda's drivers, or nothing changes. Timeboxes stay with their drivers.
 */
export async function reorderAgenda(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "workshop.manage");
  await requireWorkshopOfDialogue(getDb(), access, rawId(raw, "workshopId"));
  const input = parseInput(reorderAgendaSchema, raw);
  await getDb().transaction(async (tx) => {
    const workshop = await requireWorkshopOfDialogue(tx, access, rawId(raw, "workshopId"), true);
    const rows = await agendaRows(tx, workshop.id);
    const current = new Set(rows.map((row) => row.driverId));
    if (rows.length !== input.driverIds.length || input.driverIds.some((id) => !current.has(id))) throw fieldError("driverIds", "invalid");
    for (const [position, driverId] of input.driverIds.entries()) {
      await tx
        .update(workshopAgendaItems)
        .set({ position })
        .where(and(eq(workshopAgendaItems.workshopId, workshop.id), eq(workshopAgendaItems.driverId, driverId)));
    }
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: "workshop.agenda_reordered",
      subject: { workshopId: workshop.id, title: workshop.title, driverIds: input.driverIds },
    });
  });
  notifyWorkshopChanged(rawId(raw, "workshopId"));
}
