/**
 * Asynchronous rounds and stances (issue 7) against a real database: planning and its refusals
 * (nothing stored), the scheduler's moments on a fixed clock and through pg-boss across a restart,
 * the phase locks, stances and their staleness, reminders, the response matrix and its CSV, "Att
 * göra", and the append-only audit log.
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabaseHandle, getDb } from "@/db/client";
import { auditEvents, goalStatements, notifications, rounds, stances, type Driver, type User } from "@/db/schema";
import { dateToStockholmLocal, type RoundKind } from "@/lib/model/round";
import { requireDriverAccess } from "@/lib/server/access";
import { startJobRunner, type JobRunner } from "@/lib/server/jobs/runner";
import { dueReminder, sendDueReminder, sweepRounds } from "@/lib/server/rounds/scheduler";
import { notifyStaleStances } from "@/lib/server/rounds/stale-stances";
import { closeRoundEarly, createRound, extendRound, getDriverRoundStatus, getRound, listRounds, reopenRound, roundMatrixCsv, type CsvLabels } from "@/lib/server/services/rounds";
import { getDriverStances, giveStance, listTodo } from "@/lib/server/services/stances";
import { listAuditEvents } from "@/lib/server/services/audit-log";
import { listInbox } from "@/lib/server/services/notifications";
import { composeDigestMail, composeNotificationMail, loadMailItems } from "@/lib/server/notifications/delivery";
import { actorOf, buildDialogue, buildDriver, buildGoalStatement, buildMember, buildOrganisation, buildUser } from "../factories";
import { expectAppError } from "../setup/assertions";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface World {
  dialogueId: string;
  facilitator: User;
  drivers: Driver[];
  /** Two participants of one invited organisation. */
  anna: { user: User; organisationId: string };
  bo: { user: User; organisationId: string };
  /** A participant of a second invited organisation. */
  cecilia: { user: User; organisationId: string };
  /** A participant whose organisation takes part in the dialogue but is not invited. */
  david: { user: User; organisationId: string };
  observer: { user: User; organisationId: string };
  outsider: User;
}

async function buildWorld(): Promise<World> {
  const { dialogue, facilitator } = await buildDialogue();
  const drivers = [await buildDriver(dialogue.id), await buildDriver(dialogue.id)];
  for (const driver of drivers) await buildGoalStatement(driver.id, { text: "Andelen specialistsjuksköterskor ska öka." });
  const invited = await buildOrganisation({ name: `Region Testa ${randomUUID()}` });
  const anna = await buildMember(dialogue.id, { role: "participant", organisationId: invited.id, user: await buildUser({ name: "Anna" }) });
  const bo = await buildMember(dialogue.id, { role: "participant", organisationId: invited.id, user: await buildUser({ name: "Bo" }) });
  const cecilia = await buildMember(dialogue.id, { role: "participant" });
  const david = await buildMember(dialogue.id, { role: "participant" });
  const observer = await buildMember(dialogue.id, { role: "observer", organisationId: invited.id });
  return { dialogueId: dialogue.id, facilitator, drivers, anna, bo, cecilia, david, observer, outsider: await buildUser() };
}

/** A minute-aligned clock: forms carry minutes, so planned times are whole minutes. */
function minuteClock(): Date {
  return new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
}

function roundForm(w: World, kind: RoundKind, opensAt: Date, closesAt: Date, overrides: Record<string, unknown> = {}) {
  return {
    dialogueId: w.dialogueId,
    kind,
    title: `Remissrunda ${kind}`,
    instructions: "Svara senast på fredag.",
    driverIds: w.drivers.map((driver) => driver.id),
    organisationIds: [w.anna.organisationId, w.cecilia.organisationId],
    opensAt: dateToStockholmLocal(opensAt),
    closesAt: dateToStockholmLocal(closesAt),
    ...overrides,
  };
}

async function openRound(w: World, kind: RoundKind, now = minuteClock(), closesIn = 72 * HOUR): Promise<string> {
  const { id } = await createRound(actorOf(w.facilitator), roundForm(w, kind, now, new Date(now.getTime() + closesIn)), now);
  return id;
}

async function roundCount(dialogueId: string): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(rounds).where(eq(rounds.dialogueId, dialogueId));
  return row!.n;
}

async function auditKinds(dialogueId: string): Promise<string[]> {
  const rows = await getDb().select({ kind: auditEvents.kind }).from(auditEvents).where(eq(auditEvents.dialogueId, dialogueId)).orderBy(auditEvents.id);
  return rows.map((row) => row.kind);
}

async function notificationsFor(userId: string, reason: string) {
  return getDb()
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientId, userId), sql`${notifications.reason} = ${reason}`));
}

describe("planning a round", () => {
  it("refuses bad schedules, foreign drivers and organisations, overlaps and non-facilitators, and stores nothing", async () => {
    const w = await buildWorld();
    const now = minuteClock();
    const actor = actorOf(w.facilitator);
    const later = new Date(now.getTime() + 2 * HOUR);
    const inADay = new Date(now.getTime() + 24 * HOUR);
    await expectAppError(createRound(actor, roundForm(w, "stance", inADay, later), now), "invalid_input", { closesAt: { key: "closesBeforeOpens" } });
    await expectAppError(createRound(actor, roundForm(w, "stance", new Date(now.getTime() - 3 * HOUR), new Date(now.getTime() - HOUR)), now), "invalid_input", {
      closesAt: { key: "deadlineInPast" },
    });
    await expectAppError(createRound(actor, roundForm(w, "stance", now, inADay, { opensAt: "2026-13-01T10:00" }), now), "invalid_input", { opensAt: { key: "invalidDateTime" } });
    // 02:30 on the last Sunday of March does not exist in Stockholm.
    await expectAppError(createRound(actor, roundForm(w, "stance", now, inADay, { opensAt: "2027-03-28T02:30" }), now), "invalid_input", { opensAt: { key: "invalidDateTime" } });
    await expectAppError(createRound(actor, roundForm(w, "stance", now, inADay, { kind: "vote" }), now), "invalid_input", { kind: { key: "invalidChoice" } });
    await expectAppError(createRound(actor, roundForm(w, "stance", now, inADay, { driverIds: [] }), now), "invalid_input", { driverIds: { key: "chooseAtLeastOne" } });
    const otherDialogue = await buildDialogue();
    const foreignDriver = await buildDriver(otherDialogue.dialogue.id);
    await expectAppError(createRound(actor, roundForm(w, "stance", now, inADay, { driverIds: [foreignDriver.id] }), now), "invalid_input", { driverIds: { key: "notInDialogue" } });
    const stranger = await buildOrganisation();
    await expectAppError(createRound(actor, roundForm(w, "stance", now, inADay, { organisationIds: [stranger.id] }), now), "invalid_input", {
      organisationIds: { key: "notInDialogue" },
    });
    await expectAppError(createRound(actorOf(w.anna.user), roundForm(w, "stance", now, inADay), now), "forbidden");
    await expectAppError(createRound(actorOf(w.outsider), roundForm(w, "stance", now, inADay), now), "not_found");
    expect(await roundCount(w.dialogueId)).toBe(0);
    expect(await auditKinds(w.dialogueId)).toEqual([]);

    await createRound(actor, roundForm(w, "comment", new Date(now.getTime() + HOUR), inADay), now);
    // The same drivers at an overlapping time are refused; right after the first, they are not.
    await expectAppError(createRound(actor, roundForm(w, "stance", new Date(now.getTime() + 2 * HOUR), new Date(now.getTime() + 48 * HOUR), { driverIds: [w.drivers[1]!.id] }), now), "invalid_input", {
      driverIds: { key: "roundOverlaps" },
    });
    await createRound(actor, roundForm(w, "stance", inADay, new Date(now.getTime() + 48 * HOUR)), now);
    expect(await roundCount(w.dialogueId)).toBe(2);
  });

  it("opens a round whose time has come at once, records it, and tells the invited organisations' members (not observers, not the uninvited)", async () => {
    const w = await buildWorld();
    const roundId = await openRound(w, "comment");
    const { rounds: listed, canManage } = await listRounds(actorOf(w.anna.user), w.dialogueId);
    expect(canManage).toBe(false);
    expect(listed).toMatchObject([{ id: roundId, phase: "open", driverCount: 2, organisationCount: 2 }]);
    expect(await auditKinds(w.dialogueId)).toEqual(["round.created", "round.opened"]);
    for (const person of [w.anna.user, w.bo.user, w.cecilia.user]) expect(await notificationsFor(person.id, "round_opened")).toHaveLength(1);
    for (const person of [w.david.user, w.observer.user]) expect(await notificationsFor(person.id, "round_opened")).toHaveLength(0);
    const [created] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.dialogueId, w.dialogueId), eq(auditEvents.kind, "round.created")));
    expect(created).toMatchObject({ actorId: w.facilitator.id, actorName: w.facilitator.name });
    const [opened] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.dialogueId, w.dialogueId), eq(auditEvents.kind, "round.opened")));
    expect(opened!.actorId).toBeNull();
  });
});

describe("the scheduler", () => {
  it("opens and closes rounds at their times on a fixed clock, once, whoever runs it", async () => {
    const w = await buildWorld();
    const now = minuteClock();
    const { id } = await createRound(actorOf(w.facilitator), roundForm(w, "stance", new Date(now.getTime() + HOUR), new Date(now.getTime() + 5 * HOUR)), now);
    await sweepRounds(getDb(), new Date(now.getTime() + 30 * MINUTE));
    expect((await getRound(actorOf(w.facilitator), w.dialogueId, id)).round.phase).toBe("scheduled");
    const atOpen = new Date(now.getTime() + HOUR);
    const [first, second] = await Promise.all([sweepRounds(getDb(), atOpen), sweepRounds(getDb(), atOpen)]);
    expect((first.opened ?? 0) + (second.opened ?? 0)).toBeGreaterThanOrEqual(1);
    const [row] = await getDb().select().from(rounds).where(eq(rounds.id, id));
    expect(row!.openedAt!.getTime()).toBe(atOpen.getTime());
    await sweepRounds(getDb(), new Date(now.getTime() + 5 * HOUR));
    const [closed] = await getDb().select().from(rounds).where(eq(rounds.id, id));
    expect(closed!.closedAt!.getTime()).toBe(now.getTime() + 5 * HOUR);
    expect(closed!.closedBy).toBeNull();
    expect((await auditKinds(w.dialogueId)).filter((kind) => kind === "round.opened" || kind === "round.closed")).toEqual(["round.opened", "round.closed"]);
    expect(await notificationsFor(w.facilitator.id, "round_closed")).toHaveLength(1);
    for (const person of [w.anna.user, w.bo.user, w.cecilia.user]) expect(await notificationsFor(person.id, "round_closed")).toHaveLength(1);
    for (const person of [w.david.user, w.observer.user]) expect(await notificationsFor(person.id, "round_closed")).toHaveLength(0);
  });

  it("opens and closes a round at its times through pg-boss while the app is restarted in between", { timeout: 60_000 }, async () => {
    const w = await buildWorld();
    const handle = getDatabaseHandle();
    const polling = handle.kind === "pglite" ? 2 : 0.5;
    const start = Date.now();
    let runner: JobRunner | undefined = await startJobRunner(handle, { schedule: false, pollingIntervalSeconds: polling });
    try {
      // Planned times are whole minutes; the round is inserted directly so that it can open a few
      // seconds from now, and the service's scheduling function sends its jobs.
      const opensAt = new Date(start + 3_000);
      const closesAt = new Date(start + 9_000);
      const [round] = await getDb()
        .insert(rounds)
        .values({ dialogueId: w.dialogueId, kind: "comment", title: "Omstart", opensAt, closesAt, createdBy: w.facilitator.id })
        .returning();
      const { roundDrivers, roundOrganisations } = await import("@/db/schema");
      await getDb().insert(roundDrivers).values({ roundId: round!.id, driverId: w.drivers[0]!.id });
      await getDb().insert(roundOrganisations).values({ roundId: round!.id, organisationId: w.anna.organisationId });
      const { scheduleRoundJobs } = await import("@/lib/server/rounds/scheduler");
      await scheduleRoundJobs(round!);
      await runner.stop();
      runner = undefined;
      // The app is down for a while; then a new process starts its runner on the same database.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      runner = await startJobRunner(handle, { schedule: false, pollingIntervalSeconds: polling });
      const closed = await waitFor(async () => {
        const [row] = await getDb().select().from(rounds).where(eq(rounds.id, round!.id));
        return row!.closedAt ? row! : null;
      }, 30_000);
      expect(closed.openedAt!.getTime()).toBeGreaterThanOrEqual(opensAt.getTime());
      expect(closed.openedAt!.getTime()).toBeLessThan(closesAt.getTime());
      expect(closed.closedAt!.getTime()).toBeGreaterThanOrEqual(closesAt.getTime());
      expect(closed.closedBy).toBeNull();
    } finally {
      await runner?.stop();
    }
  });

  it("reminds 48 and 24 hours before the close only the organisations that have not answered, once per moment and deadline", async () => {
    const w = await buildWorld();
    const now = minuteClock();
    const roundId = await openRound(w, "stance", now, 72 * HOUR);
    for (const driver of w.drivers) await giveStance(actorOf(w.cecilia.user), { dialogueId: w.dialogueId, driverId: driver.id, value: "support" }, now);
    expect(await sendDueReminder(getDb(), roundId, new Date(now.getTime() + 23 * HOUR))).toBe(0);
    const at48 = new Date(now.getTime() + 24 * HOUR);
    expect(await sendDueReminder(getDb(), roundId, at48)).toBe(2);
    expect(await sendDueReminder(getDb(), roundId, at48)).toBe(0);
    expect(await notificationsFor(w.anna.user.id, "round_reminder")).toHaveLength(1);
    expect(await notificationsFor(w.cecilia.user.id, "round_reminder")).toHaveLength(0);
    // Anna's organisation answers one driver of two: still reminded at 24 h.
    await giveStance(actorOf(w.bo.user), { dialogueId: w.dialogueId, driverId: w.drivers[0]!.id, value: "accept" }, now);
    expect(await sendDueReminder(getDb(), roundId, new Date(now.getTime() + 48 * HOUR))).toBe(2);
    expect(await notificationsFor(w.bo.user.id, "round_reminder")).toHaveLength(2);
  });

  it("sends only the 24-hour reminder to a round that opened 30 hours before its close", () => {
    const openedAt = new Date("2026-12-01T08:00:00Z");
    const closesAt = new Date(openedAt.getTime() + 30 * HOUR);
    expect(dueReminder({ openedAt, closesAt }, new Date(openedAt.getTime() + HOUR))).toBeNull();
    expect(dueReminder({ openedAt, closesAt }, new Date(closesAt.getTime() - 24 * HOUR))).toBe(24);
    expect(dueReminder({ openedAt: null, closesAt }, new Date(closesAt.getTime() - HOUR))).toBeNull();
  });
});

describe("phases", () => {
  it("locks a driver's texts: for all but facilitators in comment and suggestion rounds, for everyone in a stance round, and frees them when the round closes", async () => {
    const w = await buildWorld();
    const driverId = w.drivers[0]!.id;
    const canEdit = async (user: User) => (await requireDriverAccess(actorOf(user), w.dialogueId, driverId, "dialogue.read")).abilities["driverContent.update"];
    expect([await canEdit(w.anna.user), await canEdit(w.facilitator)]).toEqual([true, true]);
    const commentRound = await openRound(w, "comment");
    expect([await canEdit(w.anna.user), await canEdit(w.david.user), await canEdit(w.facilitator)]).toEqual([false, false, true]);
    await expectAppError(requireDriverAccess(actorOf(w.anna.user), w.dialogueId, driverId, "driverContent.update"), "forbidden");
    await closeRoundEarly(actorOf(w.facilitator), { dialogueId: w.dialogueId, roundId: commentRound, confirm: "yes" });
    expect(await canEdit(w.anna.user)).toBe(true);
    await openRound(w, "stance");
    expect([await canEdit(w.anna.user), await canEdit(w.facilitator)]).toEqual([false, false]);
    // The other dialogue's drivers are untouched.
    const other = await buildDialogue();
    const otherDriver = await buildDriver(other.dialogue.id);
    expect((await requireDriverAccess(actorOf(other.facilitator), other.dialogue.id, otherDriver.id, "driverContent.update")).abilities["driverContent.update"]).toBe(true);
  });

  it("extends, closes early and reopens as a new round; a closed round cannot be extended or closed again", async () => {
    const w = await buildWorld();
    const now = minuteClock();
    const actor = actorOf(w.facilitator);
    const roundId = await openRound(w, "comment", now, 24 * HOUR);
    await expectAppError(extendRound(actor, { dialogueId: w.dialogueId, roundId, closesAt: dateToStockholmLocal(new Date(now.getTime() - HOUR)) }, now), "invalid_input", {
      closesAt: { key: "deadlineInPast" },
    });
    await expectAppError(extendRound(actorOf(w.anna.user), { dialogueId: w.dialogueId, roundId, closesAt: dateToStockholmLocal(new Date(now.getTime() + 48 * HOUR)) }, now), "forbidden");
    await extendRound(actor, { dialogueId: w.dialogueId, roundId, closesAt: dateToStockholmLocal(new Date(now.getTime() + 48 * HOUR)) }, now);
    expect((await getRound(actor, w.dialogueId, roundId)).round.closesAt.getTime()).toBe(now.getTime() + 48 * HOUR);
    await expectAppError(closeRoundEarly(actor, { dialogueId: w.dialogueId, roundId }, now), "invalid_input", { confirm: { key: "required" } });
    await closeRoundEarly(actor, { dialogueId: w.dialogueId, roundId, confirm: "yes" }, now);
    const closed = (await getRound(actor, w.dialogueId, roundId)).round;
    expect(closed).toMatchObject({ phase: "closed", closedEarly: true });
    await expectAppError(closeRoundEarly(actor, { dialogueId: w.dialogueId, roundId, confirm: "yes" }, now), "conflict");
    const error = await expectAppError(extendRound(actor, { dialogueId: w.dialogueId, roundId, closesAt: dateToStockholmLocal(new Date(now.getTime() + 50 * HOUR)) }, now), "conflict");
    expect(error.reason).toBe("round_closed");
    const { id: reopenedId } = await reopenRound(actor, { dialogueId: w.dialogueId, roundId, opensAt: dateToStockholmLocal(now), closesAt: dateToStockholmLocal(new Date(now.getTime() + 24 * HOUR)) }, now);
    const reopened = (await getRound(actor, w.dialogueId, reopenedId)).round;
    expect(reopened).toMatchObject({ phase: "open", previousRoundId: roundId, kind: "comment", driverCount: 2, organisationCount: 2 });
    expect(await auditKinds(w.dialogueId)).toEqual(["round.created", "round.opened", "round.extended", "round.closed", "round.reopened", "round.opened"]);
    // Another dialogue's round is not found through this one.
    const other = await buildDialogue();
    await expectAppError(closeRoundEarly(actorOf(other.facilitator), { dialogueId: other.dialogue.id, roundId: reopenedId, confirm: "yes" }), "not_found");
  });
});

describe("stances", () => {
  it("refuses a stance outside a stance round, for another organisation, from the uninvited, an observer or an outsider, and an objection without a reason; nothing is stored", async () => {
    const w = await buildWorld();
    const driverId = w.drivers[0]!.id;
    const stance = { dialogueId: w.dialogueId, driverId, value: "support" };
    expect((await expectAppError(giveStance(actorOf(w.anna.user), stance), "conflict")).reason).toBe("round_not_open");
    await openRound(w, "comment");
    expect((await expectAppError(giveStance(actorOf(w.anna.user), stance), "conflict")).reason).toBe("round_not_open");
    const other = await buildWorld();
    await openRound(other, "stance");
    expect((await expectAppError(giveStance(actorOf(other.anna.user), { ...stance, dialogueId: other.dialogueId, driverId: other.drivers[0]!.id, organisationId: other.cecilia.organisationId }), "forbidden")).reason).toBe(
      "other_organisation",
    );
    expect((await expectAppError(giveStance(actorOf(other.david.user), { dialogueId: other.dialogueId, driverId: other.drivers[0]!.id, value: "support" }), "forbidden")).reason).toBe("not_invited");
    await expectAppError(giveStance(actorOf(other.observer.user), { dialogueId: other.dialogueId, driverId: other.drivers[0]!.id, value: "support" }), "forbidden");
    await expectAppError(giveStance(actorOf(other.outsider), { dialogueId: other.dialogueId, driverId: other.drivers[0]!.id, value: "support" }), "not_found");
    await expectAppError(giveStance(actorOf(other.anna.user), { dialogueId: other.dialogueId, driverId: other.drivers[0]!.id, value: "object", reason: "   " }), "invalid_input", {
      reason: { key: "reasonRequired" },
    });
    await expectAppError(giveStance(actorOf(other.anna.user), { dialogueId: other.dialogueId, driverId: other.drivers[0]!.id, value: "maybe" }), "invalid_input", { value: { key: "invalidChoice" } });
    const [stored] = await getDb().select({ n: count() }).from(stances).where(eq(stances.dialogueId, other.dialogueId));
    expect(stored!.n).toBe(0);
  });

  it("keeps every stance, shows who gave it, marks it stale when the önskat läge changes and asks the organisation again, once", async () => {
    const w = await buildWorld();
    const driver = w.drivers[0]!;
    await openRound(w, "stance");
    await giveStance(actorOf(w.anna.user), { dialogueId: w.dialogueId, driverId: driver.id, value: "object", reason: "Målet saknar finansiering." });
    await giveStance(actorOf(w.bo.user), { dialogueId: w.dialogueId, driverId: driver.id, value: "accept", reason: "" });
    await giveStance(actorOf(w.cecilia.user), { dialogueId: w.dialogueId, driverId: driver.id, value: "support" });
    let view = await getDriverStances(actorOf(w.facilitator), w.dialogueId, driver.id);
    expect(view.history).toHaveLength(3);
    expect(view.current.map((stance) => [stance.organisationId, stance.value, stance.givenByName, stance.isStale])).toEqual(
      expect.arrayContaining([
        [w.anna.organisationId, "accept", "Bo", false],
        [w.cecilia.organisationId, "support", w.cecilia.user.name, false],
      ]),
    );
    expect(view.current).toHaveLength(2);
    expect(view.isDivergent).toBe(true);
    expect((await getDriverStances(actorOf(w.anna.user), w.dialogueId, driver.id)).canGiveStance).toBe(true);
    // A stance is never rewritten: the table refuses it.
    await expectAppendOnlyRefusal(getDb().update(stances).set({ value: "support" }).where(eq(stances.driverId, driver.id)));

    await getDb().update(goalStatements).set({ text: "Andelen specialistsjuksköterskor ska öka till 2030." }).where(eq(goalStatements.driverId, driver.id));
    view = await getDriverStances(actorOf(w.facilitator), w.dialogueId, driver.id);
    expect(view.current.every((stance) => stance.isStale)).toBe(true);
    expect(view.isDivergent).toBe(false);
    expect(await notifyStaleStances(getDb(), [driver.id])).toBe(3);
    expect(await notifyStaleStances(getDb(), [driver.id])).toBe(0);
    expect(await notificationsFor(w.anna.user.id, "stance_stale")).toHaveLength(1);
    expect(await notificationsFor(w.cecilia.user.id, "stance_stale")).toHaveLength(1);
    expect(await notificationsFor(w.observer.user.id, "stance_stale")).toHaveLength(0);
  });
});

describe("views", () => {
  const labels: CsvLabels = {
    organisation: "Organisation",
    driver: "Drivkraft",
    answer: "Svar",
    stance: "Ställningstagande",
    reason: "Motivering",
    givenBy: "Av",
    givenAt: "Tid",
    states: { answered: "Svarat", stale: "Inaktuellt", missing: "Saknas" },
    stances: { support: "Ställer oss bakom", accept: "Kan leva med", object: "Invänder" },
  };

  it("shows facilitators the whole matrix and others only their own organisation's row; exports it as CSV with formulas defused", async () => {
    const w = await buildWorld();
    const roundId = await openRound(w, "stance");
    await giveStance(actorOf(w.anna.user), { dialogueId: w.dialogueId, driverId: w.drivers[0]!.id, value: "object", reason: '=HYPERLINK("x"); "citat"' });
    const full = await getRound(actorOf(w.facilitator), w.dialogueId, roundId);
    expect(full.cells).toHaveLength(4);
    expect(full.cells.filter((cell) => cell.state === "answered")).toMatchObject([{ driverId: w.drivers[0]!.id, organisationId: w.anna.organisationId, stance: { value: "object" } }]);
    const own = await getRound(actorOf(w.bo.user), w.dialogueId, roundId);
    expect(own.canManage).toBe(false);
    expect(own.ownOrganisationId).toBe(w.anna.organisationId);
    expect(new Set(own.cells.map((cell) => cell.organisationId))).toEqual(new Set([w.anna.organisationId]));
    expect((await getRound(actorOf(w.david.user), w.dialogueId, roundId)).cells).toEqual([]);
    await expectAppError(roundMatrixCsv(actorOf(w.bo.user), w.dialogueId, roundId, labels), "forbidden");
    const { csv } = await roundMatrixCsv(actorOf(w.facilitator), w.dialogueId, roundId, labels);
    const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe("Organisation;Drivkraft;Svar;Ställningstagande;Motivering;Av;Tid");
    expect(lines.filter((line) => line.includes("Saknas"))).toHaveLength(3);
    expect(csv).toContain(`"'=HYPERLINK(""x""); ""citat"""`);
  });

  it("lists what needs my input across my dialogues, soonest deadline first, and nothing once it is answered", async () => {
    const w = await buildWorld();
    const now = minuteClock();
    await openRound(w, "stance", now, 72 * HOUR);
    const second = await buildWorld();
    await createRound(actorOf(second.facilitator), roundForm(second, "comment", now, new Date(now.getTime() + 24 * HOUR)), now);
    // Anna is a member of both dialogues, for the invited organisation in each.
    await buildMember(second.dialogueId, { role: "participant", organisationId: second.anna.organisationId, user: w.anna.user });
    let todo = await listTodo(actorOf(w.anna.user), now);
    expect(todo.map((item) => [item.dialogueId, item.state])).toEqual([
      [second.dialogueId, "missing"],
      [second.dialogueId, "missing"],
      [w.dialogueId, "missing"],
      [w.dialogueId, "missing"],
    ]);
    await giveStance(actorOf(w.bo.user), { dialogueId: w.dialogueId, driverId: w.drivers[0]!.id, value: "support" });
    todo = await listTodo(actorOf(w.anna.user), now);
    expect(todo.filter((item) => item.dialogueId === w.dialogueId).map((item) => item.driverId)).toEqual([w.drivers[1]!.id]);
    expect(await listTodo(actorOf(w.observer.user), now)).toEqual([]);
    expect(await listTodo(actorOf(w.david.user), now)).toEqual([]);
  });
});

describe("round notifications", () => {
  it("reach the inbox and the mails with their own headline and a link to the round, stances or reminder", async () => {
    const w = await buildWorld();
    const roundId = await openRound(w, "stance");
    const { items } = await listInbox(actorOf(w.anna.user));
    const opened = items.find((item) => item.reason === "round_opened");
    expect(opened).toMatchObject({ commentId: null, roundTitle: "Remissrunda stance", permalink: `/dialogues/${w.dialogueId}/rounds/${roundId}` });
    const [mailItem] = await loadMailItems(getDb(), [opened!.id]);
    const mail = composeNotificationMail("anna@example.org", "sv", mailItem!);
    expect(mail.subject).toBe("Rundan ”Remissrunda stance” har öppnat");
    expect(mail.text).toContain(`/dialogues/${w.dialogueId}/rounds/${roundId}`);
    const english = composeDigestMail("anna@example.org", "en", [mailItem!]);
    expect(english.text).toContain("The round “Remissrunda stance” has opened");
  });
});

describe("the driver page's round status", () => {
  it("names the open round, its lock and whether the reader is invited; nothing once it is closed", async () => {
    const w = await buildWorld();
    const driverId = w.drivers[0]!.id;
    expect(await getDriverRoundStatus(actorOf(w.anna.user), w.dialogueId, driverId)).toEqual({ round: null, lock: "none", invited: false });
    const roundId = await openRound(w, "stance");
    expect(await getDriverRoundStatus(actorOf(w.anna.user), w.dialogueId, driverId)).toMatchObject({ round: { id: roundId, phase: "open" }, lock: "all", invited: true });
    expect(await getDriverRoundStatus(actorOf(w.david.user), w.dialogueId, driverId)).toMatchObject({ invited: false });
    await expectAppError(getDriverRoundStatus(actorOf(w.outsider), w.dialogueId, driverId), "not_found");
    await closeRoundEarly(actorOf(w.facilitator), { dialogueId: w.dialogueId, roundId, confirm: "yes" });
    expect((await getDriverRoundStatus(actorOf(w.anna.user), w.dialogueId, driverId)).round).toBeNull();
  });
});

describe("the audit log", () => {
  it("is read by facilitators only, newest first, filtered by kind and paged", async () => {
    const w = await buildWorld();
    const roundId = await openRound(w, "stance");
    await giveStance(actorOf(w.anna.user), { dialogueId: w.dialogueId, driverId: w.drivers[0]!.id, value: "object", reason: "Saknar finansiering." });
    const page = await listAuditEvents(actorOf(w.facilitator), w.dialogueId, {});
    expect(page.entries.map((entry) => entry.kind)).toEqual(["stance.given", "round.opened", "round.created"]);
    expect(page.entries[0]).toMatchObject({ actorName: "Anna", driverTitle: w.drivers[0]!.title, subject: { roundId, value: "object", reason: "Saknar finansiering." } });
    expect(page.olderThan).toBeNull();
    const stancesOnly = await listAuditEvents(actorOf(w.facilitator), w.dialogueId, { kind: "stance.given" });
    expect(stancesOnly.entries.map((entry) => entry.kind)).toEqual(["stance.given"]);
    const older = await listAuditEvents(actorOf(w.facilitator), w.dialogueId, { before: String(page.entries[0]!.id) });
    expect(older.entries.map((entry) => entry.kind)).toEqual(["round.opened", "round.created"]);
    const unknownFilter = await listAuditEvents(actorOf(w.facilitator), w.dialogueId, { kind: "<script>", before: "x" });
    expect(unknownFilter.entries).toHaveLength(3);
    for (const reader of [w.anna.user, w.observer.user, w.outsider]) {
      await expectAppError(listAuditEvents(actorOf(reader), w.dialogueId, {}), reader === w.outsider ? "not_found" : "forbidden");
    }
  });

  it("cannot be altered, deleted or truncated by anyone", async () => {
    const w = await buildWorld();
    await openRound(w, "comment");
    await expectAppendOnlyRefusal(getDb().update(auditEvents).set({ kind: "round.closed" }).where(eq(auditEvents.dialogueId, w.dialogueId)));
    await expectAppendOnlyRefusal(getDb().delete(auditEvents).where(eq(auditEvents.dialogueId, w.dialogueId)));
    await expectAppendOnlyRefusal(getDb().execute(sql`truncate audit_events`));
    expect(await auditKinds(w.dialogueId)).toEqual(["round.created", "round.opened"]);
  });
});

/** The database's trigger refused the statement (drizzle wraps the driver's error as its cause). */
async function expectAppendOnlyRefusal(statement: PromiseLike<unknown>): Promise<void> {
  const error = await Promise.resolve(statement).then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error, "the statement must fail").toBeInstanceOf(Error);
  const cause = (error as Error & { cause?: unknown }).cause;
  expect(String((cause as Error | undefined)?.message ?? (error as Error).message)).toMatch(/append-only/);
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
