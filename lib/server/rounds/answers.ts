/**
 * Who has answered a round (issue 7): per invited organisation and driver, answered, stale or
 * missing, with the stance in a stance round. The response matrix, the reminders and "Att göra"
 * all read it from here, so they never disagree.
 *
 * Runs in the job runner's module graph too: nothing here may import `server-only` modules.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { findContributions, findDesiredFingerprints, findLatestStances, type LatestStance } from "@/db/queries/rounds";
import { dialogueMembers, drivers, organisations, roundDrivers, roundOrganisations, rounds, type Round } from "@/db/schema";
import { answerState, type AnswerState } from "@/lib/model/round";

export interface RoundCell {
  state: AnswerState;
  /** In a stance round: the organisation's latest stance given in this round. */
  stance: LatestStance | null;
}

export interface RoundAnswers {
  round: Round;
  /** The round's drivers in the dialogue's order. */
  drivers: { id: string; title: string }[];
  /** The invited organisations, by name. */
  organisations: { id: string; name: string }[];
  /** Keyed `driverId:organisationId`. */
  cells: Map<string, RoundCell>;
}

export function cellKey(driverId: string, organisationId: string): string {
  return `${driverId}:${organisationId}`;
}

export async function findRound(db: Executor, roundId: string): Promise<Round | null> {
  const [round] = await db.select().from(rounds).where(eq(rounds.id, roundId)).limit(1);
  return round ?? null;
}

export async function loadRoundAnswers(db: Executor, round: Round, now: Date = new Date()): Promise<RoundAnswers> {
  const roundDriverRows = await db
    .select({ id: drivers.id, title: drivers.title })
    .from(roundDrivers)
    .innerJoin(drivers, eq(drivers.id, roundDrivers.driverId))
    .where(eq(roundDrivers.roundId, round.id))
    .orderBy(asc(drivers.position), asc(drivers.id));
  const invited = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(roundOrganisations)
    .innerJoin(organisations, eq(organisations.id, roundOrganisations.organisationId))
    .where(eq(roundOrganisations.roundId, round.id));
  invited.sort((a, b) => a.name.localeCompare(b.name, "sv"));
  const driverIds = roundDriverRows.map((driver) => driver.id);
  const organisationIds = invited.map((organisation) => organisation.id);
  const cells = new Map<string, RoundCell>();

  if (round.kind === "stance") {
    const [latest, fingerprints] = await Promise.all([findLatestStances(db, driverIds, round.id), findDesiredFingerprints(db, driverIds)]);
    const byCell = new Map(latest.map((stance) => [cellKey(stance.driverId, stance.organisationId), stance]));
    for (const driverId of driverIds) {
      for (const organisationId of organisationIds) {
        const stance = byCell.get(cellKey(driverId, organisationId)) ?? null;
        cells.set(cellKey(driverId, organisationId), { state: answerState({ kind: "stance", stance, currentFingerprint: fingerprints.get(driverId) }), stance });
      }
    }
  } else {
    const contributed = round.openedAt
      ? await findContributions(db, { driverIds, organisationIds, from: round.openedAt, to: round.closedAt ?? now, roundId: round.id })
      : new Set<string>();
    for (const driverId of driverIds) {
      for (const organisationId of organisationIds) {
        const key = cellKey(driverId, organisationId);
        cells.set(key, { state: answerState({ kind: round.kind, hasContributed: contributed.has(key) }), stance: null });
      }
    }
  }
  return { round, drivers: roundDriverRows, organisations: invited, cells };
}

/** The invited organisations with a driver still to answer (missing or stale). */
export function organisationsStillToAnswer(answers: RoundAnswers): string[] {
  return answers.organisations
    .filter(({ id }) => answers.drivers.some((driver) => answers.cells.get(cellKey(driver.id, id))?.state !== "answered"))
    .map(({ id }) => id);
}

/** The members who speak for the organisations in the dialogue and may answer (not observers). */
export async function findAnsweringMembers(db: Executor, dialogueId: string, organisationIds: readonly string[]): Promise<string[]> {
  if (!organisationIds.length) return [];
  const rows = await db
    .select({ userId: dialogueMembers.userId })
    .from(dialogueMembers)
    .where(
      and(
        eq(dialogueMembers.dialogueId, dialogueId),
        inArray(dialogueMembers.organisationId, [...organisationIds]),
        inArray(dialogueMembers.role, ["participant", "facilitator"]),
      ),
    );
  return rows.map((row) => row.userId);
}

export async function findFacilitators(db: Executor, dialogueId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: dialogueMembers.userId })
    .from(dialogueMembers)
    .where(and(eq(dialogueMembers.dialogueId, dialogueId), eq(dialogueMembers.role, "facilitator")));
  return rows.map((row) => row.userId);
}
