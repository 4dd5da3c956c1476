/**
 * Round lookups shared by the access checks (HTTP, server actions and the collaboration server)
 * and the round services (issue 7).
 */
import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { desiredFingerprint, type DesiredGoal, type RoundKind, type StanceValue } from "../../lib/model/round";
import type { Executor } from "../client";
import { commentThreads, comments, goalStatements, roundDrivers, roundOrganisations, rounds, stances, suggestions, users } from "../schema";

/** A round open on a driver, as access checks need it. */
export interface OpenRoundOnDriver {
  id: string;
  kind: RoundKind;
  closesAt: Date;
  invitedOrganisationIds: string[];
}

/**
 * The round open on each of `driverIds` (at most one per driver: rounds on a driver never
 * overlap). "Open" is what the scheduler recorded: opened, not yet closed.
 */
export async function findOpenRoundsOnDrivers(db: Executor, driverIds: readonly string[]): Promise<Map<string, OpenRoundOnDriver>> {
  if (!driverIds.length) return new Map();
  const rows = await db
    .select({ driverId: roundDrivers.driverId, id: rounds.id, kind: rounds.kind, closesAt: rounds.closesAt })
    .from(roundDrivers)
    .innerJoin(rounds, eq(rounds.id, roundDrivers.roundId))
    .where(and(inArray(roundDrivers.driverId, [...new Set(driverIds)]), isNotNull(rounds.openedAt), isNull(rounds.closedAt)));
  if (!rows.length) return new Map();
  const invited = await db
    .select({ roundId: roundOrganisations.roundId, organisationId: roundOrganisations.organisationId })
    .from(roundOrganisations)
    .where(inArray(roundOrganisations.roundId, [...new Set(rows.map((row) => row.id))]));
  const byRound = new Map<string, string[]>();
  for (const { roundId, organisationId } of invited) byRound.set(roundId, [...(byRound.get(roundId) ?? []), organisationId]);
  return new Map(rows.map(({ driverId, ...round }) => [driverId, { ...round, invitedOrganisationIds: byRound.get(round.id) ?? [] }]));
}

export async function findOpenRoundOnDriver(db: Executor, driverId: string): Promise<OpenRoundOnDriver | null> {
  return (await findOpenRoundsOnDrivers(db, [driverId])).get(driverId) ?? null;
}

/**
 * The önskat läge a stance is given on: each driver's goal statements with their targets, in
 * order, hashed. A stance whose fingerprint differs from its driver's current one is stale.
 */
export async function findDesiredFingerprints(db: Executor, driverIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(driverIds)];
  if (!ids.length) return new Map();
  const rows = await db
    .select({
      driverId: goalStatements.driverId,
      text: goalStatements.text,
      targetIndicatorId: goalStatements.targetIndicatorId,
      targetRegionCode: goalStatements.targetRegionCode,
      targetValue: goalStatements.targetValue,
      targetYear: goalStatements.targetYear,
      targetDirection: goalStatements.targetDirection,
    })
    .from(goalStatements)
    .where(inArray(goalStatements.driverId, ids))
    .orderBy(goalStatements.driverId, goalStatements.position, goalStatements.id);
  const goalsByDriver = new Map<string, DesiredGoal[]>(ids.map((id) => [id, []]));
  for (const { driverId, ...goal } of rows) goalsByDriver.get(driverId)!.push(goal);
  return new Map([...goalsByDriver].map(([driverId, goals]) => [driverId, desiredFingerprint(goals)]));
}

/** A stance as the latest of its driver and organisation. */
export interface LatestStance {
  id: string;
  dialogueId: string;
  roundId: string;
  driverId: string;
  organisationId: string;
  value: StanceValue;
  reason: string;
  givenBy: string | null;
  givenByName: string | null;
  desiredFingerprint: string;
  createdAt: Date;
}

/**
 * The latest stance of each organisation on each of the drivers (`roundId` given: the latest
 * given in that round). Every earlier row stays in the table as the stance's history.
 */
export async function findLatestStances(db: Executor, driverIds: readonly string[], roundId?: string): Promise<LatestStance[]> {
  if (!driverIds.length) return [];
  const rows = await db
    .selectDistinctOn([stances.driverId, stances.organisationId], {
      id: stances.id,
      dialogueId: stances.dialogueId,
      roundId: stances.roundId,
      driverId: stances.driverId,
      organisationId: stances.organisationId,
      value: stances.value,
      reason: stances.reason,
      givenBy: stances.givenBy,
      givenByName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
      desiredFingerprint: stances.desiredFingerprint,
      createdAt: stances.createdAt,
    })
    .from(stances)
    .leftJoin(users, eq(users.id, stances.givenBy))
    .where(and(inArray(stances.driverId, [...new Set(driverIds)]), roundId ? eq(stances.roundId, roundId) : undefined))
    .orderBy(stances.driverId, stances.organisationId, desc(stances.createdAt), desc(stances.id));
  return rows;
}

/**
 * Which organisations took part on which drivers between `from` and `to`: wrote a comment on the
 * driver (in any of its threads), or proposed new wording. Keys are `driverId:organisationId`.
 */
export async function findContributions(
  db: Executor,
  input: { driverIds: readonly string[]; organisationIds: readonly string[]; from: Date; to: Date; roundId: string },
): Promise<Set<string>> {
  if (!input.driverIds.length || !input.organisationIds.length) return new Set();
  const commented = await db
    .selectDistinct({ driverId: commentThreads.driverId, organisationId: comments.organisationId })
    .from(comments)
    .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
    .where(
      and(
        inArray(commentThreads.driverId, [...input.driverIds]),
        inArray(comments.organisationId, [...input.organisationIds]),
        gte(comments.createdAt, input.from),
        lte(comments.createdAt, input.to),
        isNull(comments.deletedAt),
      ),
    );
  const suggested = await db
    .selectDistinct({ driverId: suggestions.driverId, organisationId: suggestions.organisationId })
    .from(suggestions)
    .where(and(eq(suggestions.roundId, input.roundId), inArray(suggestions.organisationId, [...input.organisationIds])));
  return new Set([...commented, ...suggested].map(({ driverId, organisationId }) => `${driverId}:${organisationId}`));
}
