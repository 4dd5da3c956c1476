/**
 * Asynchronous rounds (issue 7): facilitators plan, extend, close early and reopen rounds; the
 * scheduler (lib/server/rounds/scheduler.ts) opens and closes them at their times. Everyone in the
 * dialogue sees its rounds; facilitators see who has answered (the response matrix, also as CSV).
 */
import "server-only";
import { z } from "zod";
import { and, asc, desc, eq, inArray, isNull, lt, gt, ne, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { listOrganisationsOfDialogue } from "@/db/queries/organisations";
import { dialogueOrganisations, drivers, roundDrivers, roundOrganisations, rounds, type Round } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/model/ids";
import {
  driverLockFor,
  extendInputSchema,
  roundInputSchema,
  roundPhase,
  type AnswerState,
  type DriverLock,
  type RoundInput,
  type RoundKind,
  type RoundPhase,
  type StanceValue,
} from "@/lib/model/round";
import { fieldError, parseInput } from "@/lib/validation";
import { csvDocument } from "@/lib/export/csv";
import { requireDialogueAccess, requireDriverAccess, type Actor, type DialogueAccess } from "../access";
import { recordAudit } from "../audit";
import { cellKey, findRound, loadRoundAnswers } from "../rounds/answers";
import { closeRound, openRoundIfDue, scheduleRoundJobs } from "../rounds/scheduler";
import { rawId } from "./raw-input";

export interface RoundSummary {
  id: string;
  kind: RoundKind;
  title: string;
  instructions: string;
  phase: RoundPhase;
  opensAt: Date;
  closesAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
  closedEarly: boolean;
  previousRoundId: string | null;
  driverCount: number;
  organisationCount: number;
}

function summarise(round: Round, driverCount: number, organisationCount: number): RoundSummary {
  return {
    id: round.id,
    kind: round.kind,
    title: round.title,
    instructions: round.instructions,
    phase: roundPhase(round),
    opensAt: round.opensAt,
    closesAt: round.closesAt,
    openedAt: round.openedAt,
    closedAt: round.closedAt,
    closedEarly: round.closedBy !== null,
    previousRoundId: round.previousRoundId,
    driverCount,
    organisationCount,
  };
}

const confirmationSchema = z.object({ confirm: z.literal("yes", { message: "required" }) });

// --- planning ----------------------------------------------------------------------------------

/** Plans a round; one whose opening time has come opens at once. */
export async function createRound(actor: Actor, raw: unknown, now: Date = new Date()): Promise<{ id: string }> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "round.manage");
  const input = parseInput(roundInputSchema(now), raw);
  const round = await insertRound(getDb(), actor, access.dialogueId, input, null);
  await afterPlanning(round, now);
  return { id: round.id };
}

async function insertRound(db: Executor, actor: Actor, dialogueId: string, input: RoundInput, previousRoundId: string | null): Promise<Round> {
  return db.transaction(async (tx) => {
    await requireDialogueScope(tx, dialogueId, input.driverIds, input.organisationIds);
    await requireNoOverlap(tx, input.driverIds, input.opensAt, input.closesAt, null);
    const [round] = await tx
      .insert(rounds)
      .values({
        dialogueId,
        kind: input.kind,
        title: input.title,
        instructions: input.instructions,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        previousRoundId,
        createdBy: actor.userId,
      })
      .returning();
    await tx.insert(roundDrivers).values(input.driverIds.map((driverId) => ({ roundId: round!.id, driverId })));
    await tx.insert(roundOrganisations).values(input.organisationIds.map((organisationId) => ({ roundId: round!.id, organisationId })));
    await recordAudit(tx, actor.userId, {
      dialogueId,
      kind: previousRoundId ? "round.reopened" : "round.created",
      subject: {
        roundId: round!.id,
        previousRoundId,
        kind: input.kind,
        title: input.title,
        opensAt: input.opensAt.toISOString(),
        closesAt: input.closesAt.toISOString(),
        driverIds: input.driverIds,
        organisationIds: input.organisationIds,
      },
    });
    return round!;
  });
}

async function afterPlanning(round: Round, now: Date): Promise<void> {
  if (round.opensAt.getTime() <= now.getTime()) await openRoundIfDue(getDb(), round.id, now);
  await scheduleRoundJobs(round, now);
}

/** Every driver must be the dialogue's, and every organisation one taking part in it. */
async function requireDialogueScope(db: Executor, dialogueId: string, driverIds: string[], organisationIds: string[]): Promise<void> {
  const [ownDrivers, ownOrganisations] = await Promise.all([
    db.select({ id: drivers.id }).from(drivers).where(and(eq(drivers.dialogueId, dialogueId), inArray(drivers.id, driverIds))).for("update"),
    db
      .select({ id: dialogueOrganisations.organisationId })
      .from(dialogueOrganisations)
      .where(and(eq(dialogueOrganisations.dialogueId, dialogueId), inArray(dialogueOrganisations.organisationId, organisationIds))),
  ]);
  if (ownDrivers.length !== driverIds.length) throw fieldError("driverIds", "notInDialogue");
  if (ownOrganisations.length !== organisationIds.length) throw fieldError("organisationIds", "notInDialogue");
}

/**
 * Two rounds on one driver may not overlap: the driver's lock, its answers and "Att göra" all
 * assume at most one round at a time. The drivers' rows are locked (requireDialogueScope) so two
 * facilitators planning at once cannot both pass.
 */
async function requireNoOverlap(db: Executor, driverIds: string[], opensAt: Date, closesAt: Date, exceptRoundId: string | null): Promise<void> {
  const [clash] = await db
    .select({ driverId: roundDrivers.driverId })
    .from(roundDrivers)
    .innerJoin(rounds, eq(rounds.id, roundDrivers.roundId))
    .where(
      and(
        inArray(roundDrivers.driverId, driverIds),
        isNull(rounds.closedAt),
        lt(rounds.opensAt, closesAt),
        gt(rounds.closesAt, opensAt),
        exceptRoundId ? ne(rounds.id, exceptRoundId) : undefined,
      ),
    )
    .limit(1);
  if (clash) throw fieldError("driverIds", "roundOverlaps");
}

async function requireRoundOfDialogue(access: DialogueAccess, roundId: string): Promise<Round> {
  const round = isUuid(roundId) ? await findRound(getDb(), roundId) : null;
  if (!round || round.dialogueId !== access.dialogueId) throw new AppError("not_found");
  return round;
}

/** Moves a scheduled or open round's deadline (later or earlier, but not into the past). */
export async function extendRound(actor: Actor, raw: unknown, now: Date = new Date()): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "round.manage");
  const round = await requireRoundOfDialogue(access, rawId(raw, "roundId"));
  const { closesAt } = parseInput(extendInputSchema(now), raw);
  if (round.closedAt) throw new AppError("conflict", { reason: "round_closed" });
  if (closesAt.getTime() <= round.opensAt.getTime()) throw fieldError("closesAt", "closesBeforeOpens");
  const updated = await getDb().transaction(async (tx) => {
    const driverIds = (await tx.select({ id: roundDrivers.driverId }).from(roundDrivers).where(eq(roundDrivers.roundId, round.id))).map((row) => row.id);
    await tx.select({ id: drivers.id }).from(drivers).where(inArray(drivers.id, driverIds)).for("update");
    await requireNoOverlap(tx, driverIds, round.opensAt, closesAt, round.id);
    const [row] = await tx
      .update(rounds)
      .set({ closesAt })
      .where(and(eq(rounds.id, round.id), isNull(rounds.closedAt)))
      .returning();
    if (!row) throw new AppError("conflict", { reason: "round_closed" });
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: "round.extended",
      subject: { roundId: round.id, title: round.title, from: round.closesAt.toISOString(), to: closesAt.toISOString() },
    });
    return row;
  });
  await scheduleRoundJobs(updated, now);
}

/** Closes a round now (a scheduled one is thereby cancelled); the form asks for a ticked confirmation. */
export async function closeRoundEarly(actor: Actor, raw: unknown, now: Date = new Date()): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "round.manage");
  const round = await requireRoundOfDialogue(access, rawId(raw, "roundId"));
  parseInput(confirmationSchema, raw);
  if (!(await closeRound(getDb(), round.id, { now, closedBy: actor.userId }))) throw new AppError("conflict", { reason: "round_closed" });
}

/** A closed round again, as a new round over the same drivers and organisations. */
export async function reopenRound(actor: Actor, raw: unknown, now: Date = new Date()): Promise<{ id: string }> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "round.manage");
  const previous = await requireRoundOfDialogue(access, rawId(raw, "roundId"));
  if (!previous.closedAt) throw new AppError("conflict");
  const db = getDb();
  const [driverRows, organisationRows] = await Promise.all([
    db.select({ id: roundDrivers.driverId }).from(roundDrivers).where(eq(roundDrivers.roundId, previous.id)),
    db.select({ id: roundOrganisations.organisationId }).from(roundOrganisations).where(eq(roundOrganisations.roundId, previous.id)),
  ]);
  const fields = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const input = parseInput(roundInputSchema(now), {
    kind: previous.kind,
    title: previous.title,
    instructions: previous.instructions,
    driverIds: driverRows.map((row) => row.id),
    organisationIds: organisationRows.map((row) => row.id),
    opensAt: fields.opensAt,
    closesAt: fields.closesAt,
  });
  const round = await insertRound(db, actor, access.dialogueId, input, previous.id);
  await afterPlanning(round, now);
  return { id: round.id };
}

// --- reading -----------------------------------------------------------------------------------

export interface RoundPlanningOptions {
  drivers: { id: string; title: string }[];
  organisations: { id: string; name: string }[];
}

/** What a facilitator can put in a new round: the dialogue's drivers and organisations. */
export async function getRoundPlanningOptions(actor: Actor, dialogueId: string): Promise<RoundPlanningOptions> {
  const access = await requireDialogueAccess(actor, dialogueId, "round.manage");
  const db = getDb();
  const [driverRows, organisationRows] = await Promise.all([
    db.select({ id: drivers.id, title: drivers.title }).from(drivers).where(eq(drivers.dialogueId, access.dialogueId)).orderBy(asc(drivers.whoClass), asc(drivers.position)),
    listOrganisationsOfDialogue(db, access.dialogueId),
  ]);
  return { drivers: driverRows, organisations: organisationRows.map((organisation) => ({ id: organisation.id, name: organisation.name })) };
}


export interface RoundList {
  rounds: RoundSummary[];
  canManage: boolean;
}

/** The dialogue's rounds, newest first. */
export async function listRounds(actor: Actor, dialogueId: string): Promise<RoundList> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const db = getDb();
  const rows = await db
    .select({
      round: rounds,
      driverCount: sql<number>`(select count(*)::int from ${roundDrivers} where ${roundDrivers.roundId} = ${rounds.id})`,
      organisationCount: sql<number>`(select count(*)::int from ${roundOrganisations} where ${roundOrganisations.roundId} = ${rounds.id})`,
    })
    .from(rounds)
    .where(eq(rounds.dialogueId, access.dialogueId))
    .orderBy(desc(rounds.opensAt), desc(rounds.createdAt));
  return { rounds: rows.map((row) => summarise(row.round, row.driverCount, row.organisationCount)), canManage: access.abilities["round.manage"] };
}

export interface RoundDetail {
  round: RoundSummary;
  drivers: { id: string; title: string }[];
  organisations: { id: string; name: string }[];
  /**
   * Facilitators: every cell. Others: their own organisation's row only (what they still owe),
   * or none when their organisation is not invited.
   */
  cells: { driverId: string; organisationId: string; state: AnswerState; stance: { value: StanceValue; reason: string; givenByName: string | null; createdAt: Date } | null }[];
  canManage: boolean;
  /** The reader's organisation, when the round invited it. */
  ownOrganisationId: string | null;
}

export async function getRound(actor: Actor, dialogueId: string, roundId: string, now: Date = new Date()): Promise<RoundDetail> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const round = await requireRoundOfDialogue(access, roundId);
  const answers = await loadRoundAnswers(getDb(), round, now);
  const canManage = access.abilities["round.manage"];
  const ownOrganisationId = answers.organisations.some((organisation) => organisation.id === access.organisationId) ? access.organisationId : null;
  const visibleOrganisations = canManage ? answers.organisations : answers.organisations.filter((organisation) => organisation.id === ownOrganisationId);
  const cells = answers.drivers.flatMap((driver) =>
    visibleOrganisations.map((organisation) => {
      const cell = answers.cells.get(cellKey(driver.id, organisation.id))!;
      const stance = cell.stance ? { value: cell.stance.value, reason: cell.stance.reason, givenByName: cell.stance.givenByName, createdAt: cell.stance.createdAt } : null;
      return { driverId: driver.id, organisationId: organisation.id, state: cell.state, stance };
    }),
  );
  return {
    round: summarise(round, answers.drivers.length, answers.organisations.length),
    drivers: answers.drivers,
    organisations: answers.organisations,
    cells,
    canManage,
    ownOrganisationId,
  };
}

/** The response matrix for a spreadsheet: one row per organisation and driver. Facilitators only. */
export async function roundMatrixCsv(actor: Actor, dialogueId: string, roundId: string, labels: CsvLabels, now: Date = new Date()): Promise<{ filename: string; csv: string }> {
  const access = await requireDialogueAccess(actor, dialogueId, "round.manage");
  const round = await requireRoundOfDialogue(access, roundId);
  const answers = await loadRoundAnswers(getDb(), round, now);
  const header = [labels.organisation, labels.driver, labels.answer, labels.stance, labels.reason, labels.givenBy, labels.givenAt];
  const lines = [header];
  for (const organisation of answers.organisations) {
    for (const driver of answers.drivers) {
      const cell = answers.cells.get(cellKey(driver.id, organisation.id))!;
      lines.push([
        organisation.name,
        driver.title,
        labels.states[cell.state],
        cell.stance ? labels.stances[cell.stance.value] : "",
        cell.stance?.reason ?? "",
        cell.stance?.givenByName ?? "",
        cell.stance ? cell.stance.createdAt.toISOString() : "",
      ]);
    }
  }
  return { filename: `runda-${round.id}.csv`, csv: csvDocument(lines) };
}

export interface CsvLabels {
  organisation: string;
  driver: string;
  answer: string;
  stance: string;
  reason: string;
  givenBy: string;
  givenAt: string;
  states: Record<AnswerState, string>;
  stances: Record<StanceValue, string>;
}

export interface DriverRoundStatus {
  /** The round open on the driver, else the next one planned on it. */
  round: { id: string; title: string; kind: RoundKind; phase: RoundPhase; opensAt: Date; closesAt: Date } | null;
  /** How the open round limits editing the driver's texts. */
  lock: DriverLock;
  /** The reader's organisation is invited to answer in that round. */
  invited: boolean;
}

/** For the driver page's banner: which round the driver is in and what it means for editing. */
export async function getDriverRoundStatus(actor: Actor, dialogueId: string, driverId: string): Promise<DriverRoundStatus> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  const db = getDb();
  const [row] = await db
    .select({ round: rounds })
    .from(roundDrivers)
    .innerJoin(rounds, eq(rounds.id, roundDrivers.roundId))
    .where(and(eq(roundDrivers.driverId, driverId), isNull(rounds.closedAt)))
    .orderBy(asc(rounds.opensAt))
    .limit(1);
  if (!row) return { round: null, lock: "none", invited: false };
  const { round } = row;
  const [invitation] = await db
    .select({ organisationId: roundOrganisations.organisationId })
    .from(roundOrganisations)
    .where(and(eq(roundOrganisations.roundId, round.id), eq(roundOrganisations.organisationId, access.organisationId)))
    .limit(1);
  return {
    round: { id: round.id, title: round.title, kind: round.kind, phase: roundPhase(round), opensAt: round.opensAt, closesAt: round.closesAt },
    lock: driverLockFor(access.openRound?.kind ?? null),
    invited: Boolean(invitation),
  };
}
