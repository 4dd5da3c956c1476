/**
 * Stances (issue 7): per driver and organisation, "Ställer oss bakom", "Kan leva med" or
 * "Invänder" (with a reason), given by any member speaking for the organisation while a stance
 * round invites it. Every stance given is kept; the latest is the organisation's stance, stale once
 * the driver's önskat läge has changed since. Also the divergence view and "Att göra".
 */
import "server-only";
import { and, asc, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { findDesiredFingerprints } from "@/db/queries/rounds";
import { dialogueMembers, dialogues, drivers, organisations, rounds, stances, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { stanceInputSchema, type AnswerState, type RoundKind, type StanceValue } from "@/lib/model/round";
import { parseInput } from "@/lib/validation";
import { readableDialogueIds, requireDriverAccess, type Actor } from "../access";
import { recordAudit } from "../audit";
import { cellKey, loadRoundAnswers } from "../rounds/answers";
import { rawId } from "./raw-input";

/** Gives the actor's organisation's stance on the driver in the stance round open on it. */
export async function giveStance(actor: Actor, raw: unknown, now: Date = new Date()): Promise<{ id: string }> {
  const access = await requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "stance.give");
  const claimedOrganisation = rawId(raw, "organisationId");
  if (claimedOrganisation && claimedOrganisation !== access.organisationId) throw new AppError("forbidden", { reason: "other_organisation" });
  const input = parseInput(stanceInputSchema, raw);
  const round = access.openRound;
  if (!round || round.kind !== "stance" || round.closesAt.getTime() <= now.getTime()) throw new AppError("conflict", { reason: "round_not_open" });
  if (!round.invitedOrganisationIds.includes(access.organisationId)) throw new AppError("forbidden", { reason: "not_invited" });
  const driverId = rawId(raw, "driverId");
  const db = getDb();
  const fingerprint = (await findDesiredFingerprints(db, [driverId])).get(driverId)!;
  return db.transaction(async (tx) => {
    const [stance] = await tx
      .insert(stances)
      .values({
        dialogueId: access.dialogueId,
        roundId: round.id,
        driverId,
        organisationId: access.organisationId,
        value: input.value,
        reason: input.reason,
        givenBy: actor.userId,
        desiredFingerprint: fingerprint,
      })
      .returning({ id: stances.id });
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: "stance.given",
      subject: { stanceId: stance!.id, roundId: round.id, driverId, organisationId: access.organisationId, value: input.value, reason: input.reason },
    });
    return { id: stance!.id };
  });
}

export interface StanceView {
  id: string;
  organisationId: string;
  organisationName: string;
  value: StanceValue;
  reason: string;
  givenByName: string | null;
  createdAt: Date;
  isStale: boolean;
}

export interface DriverStances {
  driverTitle: string;
  /** Each organisation's current stance, by organisation name. */
  current: StanceView[];
  /** Every stance ever given on the driver, newest first. */
  history: StanceView[];
  /** Organisations disagree: current, not stale, stances differ, or someone objects. */
  isDivergent: boolean;
  /** The stance round open on the driver, if any, and whether the reader may answer in it. */
  openStanceRound: { id: string; closesAt: Date } | null;
  canGiveStance: boolean;
  ownOrganisationId: string;
}

export async function getDriverStances(actor: Actor, dialogueId: string, driverId: string, now: Date = new Date()): Promise<DriverStances> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  const db = getDb();
  const [rows, fingerprints, [driver]] = await Promise.all([
    db
      .select({
        id: stances.id,
        organisationId: stances.organisationId,
        organisationName: organisations.name,
        value: stances.value,
        reason: stances.reason,
        givenByName: users.name,
        givenByEmail: users.email,
        createdAt: stances.createdAt,
        desiredFingerprint: stances.desiredFingerprint,
      })
      .from(stances)
      .innerJoin(organisations, eq(organisations.id, stances.organisationId))
      .leftJoin(users, eq(users.id, stances.givenBy))
      .where(eq(stances.driverId, driverId))
      .orderBy(desc(stances.createdAt), desc(stances.id)),
    findDesiredFingerprints(db, [driverId]),
    db.select({ title: drivers.title }).from(drivers).where(eq(drivers.id, driverId)),
  ]);
  const currentFingerprint = fingerprints.get(driverId);
  const history: StanceView[] = rows.map(({ desiredFingerprint, givenByName, givenByEmail, ...row }) => ({
    ...row,
    givenByName: givenByName ?? givenByEmail,
    isStale: desiredFingerprint !== currentFingerprint,
  }));
  const seen = new Set<string>();
  const current = history.filter((stance) => !seen.has(stance.organisationId) && seen.add(stance.organisationId));
  current.sort((a, b) => a.organisationName.localeCompare(b.organisationName, "sv"));
  const live = current.filter((stance) => !stance.isStale);
  const round = access.openRound;
  const openStanceRound = round && round.kind === "stance" && round.closesAt.getTime() > now.getTime() ? { id: round.id, closesAt: round.closesAt } : null;
  return {
    driverTitle: driver!.title,
    current,
    history,
    isDivergent: new Set(live.map((stance) => stance.value)).size > 1 || live.some((stance) => stance.value === "object"),
    openStanceRound,
    canGiveStance: openStanceRound !== null && access.abilities["stance.give"] && round!.invitedOrganisationIds.includes(access.organisationId),
    ownOrganisationId: access.organisationId,
  };
}

// --- "Att göra" ---------------------------------------------------------------------------------

export interface TodoItem {
  dialogueId: string;
  dialogueTitle: string;
  roundId: string;
  roundTitle: string;
  kind: RoundKind;
  closesAt: Date;
  driverId: string;
  driverTitle: string;
  state: Exclude<AnswerState, "answered">;
}

/**
 * What needs the actor's input, across their dialogues: every driver of an open round that invited
 * their organisation on which it has not answered, or whose stance has gone stale. Soonest deadline
 * first. Observers answer nothing, so they have nothing to do.
 */
export async function listTodo(actor: Actor, now: Date = new Date()): Promise<TodoItem[]> {
  const readable = await readableDialogueIds(actor);
  if (!readable.length) return [];
  const db = getDb();
  const memberships = await db
    .select({ dialogueId: dialogueMembers.dialogueId, organisationId: dialogueMembers.organisationId, dialogueTitle: dialogues.planningQuestion })
    .from(dialogueMembers)
    .innerJoin(dialogues, eq(dialogues.id, dialogueMembers.dialogueId))
    .where(and(eq(dialogueMembers.userId, actor.userId), inArray(dialogueMembers.dialogueId, readable), inArray(dialogueMembers.role, ["participant", "facilitator"]), inArray(dialogues.status, ["draft", "active"])));
  if (!memberships.length) return [];
  const openRounds = await db
    .select()
    .from(rounds)
    .where(and(inArray(rounds.dialogueId, memberships.map((membership) => membership.dialogueId)), isNotNull(rounds.openedAt), isNull(rounds.closedAt)))
    .orderBy(asc(rounds.closesAt));
  const items: TodoItem[] = [];
  for (const round of openRounds) {
    const membership = memberships.find((entry) => entry.dialogueId === round.dialogueId)!;
    const answers = await loadRoundAnswers(db, round, now);
    if (!answers.organisations.some((organisation) => organisation.id === membership.organisationId)) continue;
    for (const driver of answers.drivers) {
      const state = answers.cells.get(cellKey(driver.id, membership.organisationId))!.state;
      if (state === "answered") continue;
      items.push({
        dialogueId: round.dialogueId,
        dialogueTitle: membership.dialogueTitle,
        roundId: round.id,
        roundTitle: round.title,
        kind: round.kind,
        closesAt: round.closesAt,
        driverId: driver.id,
        driverTitle: driver.title,
        state,
      });
    }
  }
  return items;
}
