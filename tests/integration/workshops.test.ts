/**
 * Workshops and their agendas (lib/server/services/workshops.ts) against a real database:
 * refusals first (outsiders and other dialogues' facilitators: not found; participants and
 * observers: forbidden; nothing stored), bad input that stores nothing, then the agenda set,
 * moved and reordered with its audit records, and the suggested order computed from real gaps,
 * stances and comment threads.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, commentThreads, regions, rounds, stances, workshopAgendaItems, workshops } from "@/db/schema";
import { timeboxField } from "@/lib/model/workshop";
import { deleteDriver } from "@/lib/server/services/drivers";
import { createWorkshop, getWorkshopAgenda, listWorkshops, moveAgendaItem, reorderAgenda, setAgenda } from "@/lib/server/services/workshops";
import { actorOf, buildCommentThread, buildDialogue, buildDriver, buildGoalStatement, buildIndicator, buildMember, buildUser, uniqueToken } from "../factories";
import { expectAppError } from "../setup/assertions";

async function buildWorld() {
  // Goal targets name a region of the reference data, which these tests do not load.
  await getDb().insert(regions).values({ code: "03", nameSv: "Uppsala" }).onConflictDoNothing();
  const built = await buildDialogue();
  const dialogueId = built.dialogue.id;
  const first = await buildDriver(dialogueId, { title: "Kompetensförsörjning" });
  const second = await buildDriver(dialogueId, { title: "Arbetsmiljö" });
  const third = await buildDriver(dialogueId, { title: "Digitalisering" });
  const participant = await buildMember(dialogueId, { role: "participant" });
  const observer = await buildMember(dialogueId, { role: "observer" });
  const facilitator = actorOf(built.facilitator);
  return { ...built, dialogueId, first, second, third, participant, observer, facilitator };
}

type World = Awaited<ReturnType<typeof buildWorld>>;

async function workshopRows(dialogueId: string) {
  return getDb().select().from(workshops).where(eq(workshops.dialogueId, dialogueId));
}

async function agendaOf(workshopId: string) {
  return getDb()
    .select({ driverId: workshopAgendaItems.driverId, position: workshopAgendaItems.position, timeboxMinutes: workshopAgendaItems.timeboxMinutes })
    .from(workshopAgendaItems)
    .where(eq(workshopAgendaItems.workshopId, workshopId))
    .orderBy(workshopAgendaItems.position);
}

async function auditKinds(dialogueId: string) {
  const rows = await getDb().select({ kind: auditEvents.kind, subject: auditEvents.subject }).from(auditEvents).where(eq(auditEvents.dialogueId, dialogueId)).orderBy(auditEvents.id);
  return rows;
}

async function workshopWithAgenda(w: World) {
  const { id } = await createWorkshop(w.facilitator, { dialogueId: w.dialogueId, title: "Workshop i Uppsala", plannedFor: "2026-12-01T09:00" }, new Date("2026-11-24T12:00:00Z"));
  await setAgenda(w.facilitator, {
    dialogueId: w.dialogueId,
    workshopId: id,
    driverIds: [w.first.id, w.second.id, w.third.id],
    [timeboxField(w.first.id)]: "20",
    [timeboxField(w.second.id)]: "30",
    [timeboxField(w.third.id)]: "15",
  });
  return id;
}

/** A stance given in a (closed) stance round, written directly: the round service is tested elsewhere. */
async function giveStanceDirectly(w: World, driverId: string, organisationId: string, value: "support" | "accept" | "object") {
  const db = getDb();
  const [round] = await db
    .insert(rounds)
    .values({ dialogueId: w.dialogueId, kind: "stance", title: "Ställningstagande", opensAt: new Date(Date.now() - 60_000), closesAt: new Date(), openedAt: new Date(Date.now() - 60_000), closedAt: new Date() })
    .returning({ id: rounds.id });
  await db.insert(stances).values({ dialogueId: w.dialogueId, roundId: round!.id, driverId, organisationId, value, reason: value === "object" ? "För dyrt" : "", givenBy: w.participant.user.id, desiredFingerprint: "x" });
}

describe("workshops: refusals", () => {
  it("refuses outsiders and other dialogues' facilitators as not found, participants and observers as forbidden, and stores nothing", async () => {
    const w = await buildWorld();
    const other = await buildDialogue();
    const outsider = actorOf(await buildUser());
    const input = { dialogueId: w.dialogueId, title: "Workshop" };
    await expectAppError(createWorkshop(outsider, input), "not_found");
    await expectAppError(createWorkshop(actorOf(other.facilitator), input), "not_found");
    await expectAppError(createWorkshop(actorOf(w.participant.user), input), "forbidden");
    await expectAppError(createWorkshop(actorOf(w.observer.user), input), "forbidden");
    // Authorization comes before validation: an outsider's bad input is still "not found".
    await expectAppError(createWorkshop(outsider, { dialogueId: w.dialogueId, title: "" }), "not_found");
    expect(await workshopRows(w.dialogueId)).toEqual([]);
    await expectAppError(listWorkshops(outsider, w.dialogueId), "not_found");
    await expectAppError(listWorkshops(outsider, "not-a-uuid"), "not_found");
  });

  it("refuses every agenda write to participants and observers, and another dialogue's workshop as not found, changing nothing", async () => {
    const w = await buildWorld();
    const workshopId = await workshopWithAgenda(w);
    const before = await agendaOf(workshopId);
    const auditBefore = (await auditKinds(w.dialogueId)).length;
    const other = await buildWorld();
    const otherWorkshop = await workshopWithAgenda(other);
    const writes = [
      (actor: ReturnType<typeof actorOf>, ids: { dialogueId: string; workshopId: string }) => setAgenda(actor, { ...ids, driverIds: [w.first.id], [timeboxField(w.first.id)]: "5" }),
      (actor: ReturnType<typeof actorOf>, ids: { dialogueId: string; workshopId: string }) => moveAgendaItem(actor, { ...ids, driverId: w.second.id, direction: "up" }),
      (actor: ReturnType<typeof actorOf>, ids: { dialogueId: string; workshopId: string }) => reorderAgenda(actor, { ...ids, driverIds: [w.third.id, w.second.id, w.first.id] }),
    ];
    for (const write of writes) {
      await expectAppError(write(actorOf(w.participant.user), { dialogueId: w.dialogueId, workshopId }), "forbidden");
      await expectAppError(write(actorOf(w.observer.user), { dialogueId: w.dialogueId, workshopId }), "forbidden");
      await expectAppError(write(actorOf(await buildUser()), { dialogueId: w.dialogueId, workshopId }), "not_found");
      // Another dialogue's facilitator, through their own dialogue, naming this workshop.
      await expectAppError(write(other.facilitator, { dialogueId: other.dialogueId, workshopId }), "not_found");
      // This dialogue's facilitator naming another dialogue's workshop.
      await expectAppError(write(w.facilitator, { dialogueId: w.dialogueId, workshopId: otherWorkshop }), "not_found");
      await expectAppError(write(w.facilitator, { dialogueId: w.dialogueId, workshopId: "nope" }), "not_found");
    }
    expect(await agendaOf(workshopId)).toEqual(before);
    expect((await auditKinds(w.dialogueId)).length).toBe(auditBefore);
    await expectAppError(getWorkshopAgenda(other.facilitator, other.dialogueId, workshopId), "not_found");
    await expectAppError(getWorkshopAgenda(actorOf(await buildUser()), w.dialogueId, workshopId), "not_found");
  });

  it("lets participants and observers read the workshops and the agenda, without the right to manage", async () => {
    const w = await buildWorld();
    const workshopId = await workshopWithAgenda(w);
    for (const member of [w.participant, w.observer]) {
      const list = await listWorkshops(actorOf(member.user), w.dialogueId);
      expect(list.canManage).toBe(false);
      expect(list.workshops.map((workshop) => [workshop.title, workshop.itemCount, workshop.totalMinutes])).toEqual([["Workshop i Uppsala", 3, 65]]);
      const agenda = await getWorkshopAgenda(actorOf(member.user), w.dialogueId, workshopId);
      expect(agenda.canManage).toBe(false);
      expect(agenda.items.map((item) => item.title)).toEqual(["Kompetensförsörjning", "Arbetsmiljö", "Digitalisering"]);
    }
    expect((await listWorkshops(w.facilitator, w.dialogueId)).canManage).toBe(true);
  });
});

describe("workshops: bad input stores nothing", () => {
  it("refuses a blank title and a bad date at their fields", async () => {
    const w = await buildWorld();
    await expectAppError(createWorkshop(w.facilitator, { dialogueId: w.dialogueId, title: " " }), "invalid_input", { title: { key: "required" } });
    await expectAppError(createWorkshop(w.facilitator, { dialogueId: w.dialogueId, title: "W", plannedFor: "2026-13-01T10:00" }), "invalid_input", { plannedFor: { key: "invalidDateTime" } });
    expect(await workshopRows(w.dialogueId)).toEqual([]);
    expect(await auditKinds(w.dialogueId)).toEqual([]);
  });

  it("refuses bad timeboxes at their fields, another dialogue's driver, and an order that is not exactly the agenda's", async () => {
    const w = await buildWorld();
    const workshopId = await workshopWithAgenda(w);
    const before = await agendaOf(workshopId);
    const ids = { dialogueId: w.dialogueId, workshopId };
    await expectAppError(setAgenda(w.facilitator, { ...ids, driverIds: [w.first.id, w.second.id], [timeboxField(w.first.id)]: "241", [timeboxField(w.second.id)]: "0" }), "invalid_input", {
      [timeboxField(w.first.id)]: { key: "tooBig", params: { max: 240 } },
      [timeboxField(w.second.id)]: { key: "tooSmall", params: { min: 1 } },
    });
    const foreign = await buildDriver((await buildDialogue()).dialogue.id);
    await expectAppError(setAgenda(w.facilitator, { ...ids, driverIds: [w.first.id, foreign.id], timeboxes: { [w.first.id]: 10, [foreign.id]: 10 } }), "invalid_input", { driverIds: { key: "notInDialogue" } });
    await expectAppError(reorderAgenda(w.facilitator, { ...ids, driverIds: [w.first.id, w.second.id] }), "invalid_input", { driverIds: { key: "invalid" } });
    await expectAppError(reorderAgenda(w.facilitator, { ...ids, driverIds: [w.first.id, w.second.id, foreign.id] }), "invalid_input", { driverIds: { key: "invalid" } });
    await expectAppError(moveAgendaItem(w.facilitator, { ...ids, driverId: foreign.id, direction: "up" }), "invalid_input", { driverId: { key: "notInDialogue" } });
    expect(await agendaOf(workshopId)).toEqual(before);
  });
});

describe("workshops: the agenda", () => {
  it("creates a workshop in Swedish time, sets, moves and reorders the agenda, each recorded in the audit log", async () => {
    const w = await buildWorld();
    const workshopId = await workshopWithAgenda(w);
    const [row] = await workshopRows(w.dialogueId);
    expect(row).toMatchObject({ title: "Workshop i Uppsala", status: "planned", createdBy: w.facilitator.userId });
    expect(row!.plannedFor?.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(await agendaOf(workshopId)).toEqual([
      { driverId: w.first.id, position: 0, timeboxMinutes: 20 },
      { driverId: w.second.id, position: 1, timeboxMinutes: 30 },
      { driverId: w.third.id, position: 2, timeboxMinutes: 15 },
    ]);
    const ids = { dialogueId: w.dialogueId, workshopId };

    await moveAgendaItem(w.facilitator, { ...ids, driverId: w.third.id, direction: "up" });
    expect((await agendaOf(workshopId)).map((item) => item.driverId)).toEqual([w.first.id, w.third.id, w.second.id]);
    // The first item cannot go further up: nothing changes.
    await moveAgendaItem(w.facilitator, { ...ids, driverId: w.first.id, direction: "up" });
    expect((await agendaOf(workshopId)).map((item) => item.driverId)).toEqual([w.first.id, w.third.id, w.second.id]);

    await reorderAgenda(w.facilitator, { ...ids, driverIds: [w.second.id, w.first.id, w.third.id] });
    expect(await agendaOf(workshopId)).toEqual([
      { driverId: w.second.id, position: 0, timeboxMinutes: 30 },
      { driverId: w.first.id, position: 1, timeboxMinutes: 20 },
      { driverId: w.third.id, position: 2, timeboxMinutes: 15 },
    ]);

    // Remove one driver, change a timebox: the whole agenda at once.
    await setAgenda(w.facilitator, { ...ids, driverIds: [w.second.id, w.third.id], [timeboxField(w.second.id)]: "45", [timeboxField(w.third.id)]: "15" });
    const agenda = await getWorkshopAgenda(w.facilitator, w.dialogueId, workshopId);
    expect(agenda.items).toEqual([
      { driverId: w.second.id, title: "Arbetsmiljö", timeboxMinutes: 45 },
      { driverId: w.third.id, title: "Digitalisering", timeboxMinutes: 15 },
    ]);
    expect(agenda.totalMinutes).toBe(60);
    expect(agenda.drivers.map((driver) => driver.id)).toEqual([w.first.id, w.second.id, w.third.id]);

    const audit = await auditKinds(w.dialogueId);
    expect(audit.map((event) => event.kind)).toEqual([
      "workshop.created",
      "workshop.agenda_set",
      "workshop.agenda_reordered",
      "workshop.agenda_reordered",
      "workshop.agenda_set",
    ]);
    expect(audit[4]!.subject).toMatchObject({ workshopId, title: "Workshop i Uppsala", added: [], removed: [w.first.id] });
  });

  it("drops a deleted driver from the agenda, and a deleted dialogue's workshops with it", async () => {
    const w = await buildWorld();
    const workshopId = await workshopWithAgenda(w);
    await deleteDriver(w.facilitator, { dialogueId: w.dialogueId, driverId: w.second.id, confirm: "yes" });
    expect((await agendaOf(workshopId)).map((item) => item.driverId)).toEqual([w.first.id, w.third.id]);
    // The remaining items still move past the gap the deleted one left.
    await moveAgendaItem(w.facilitator, { dialogueId: w.dialogueId, workshopId, driverId: w.third.id, direction: "up" });
    expect((await agendaOf(workshopId)).map((item) => item.driverId)).toEqual([w.third.id, w.first.id]);
  });

  it("lists the next planned workshop first and undated ones after", async () => {
    const w = await buildWorld();
    const now = new Date("2026-11-24T12:00:00Z");
    await createWorkshop(w.facilitator, { dialogueId: w.dialogueId, title: "Odaterad" }, now);
    await createWorkshop(w.facilitator, { dialogueId: w.dialogueId, title: "Senare", plannedFor: "2027-02-01T09:00" }, now);
    await createWorkshop(w.facilitator, { dialogueId: w.dialogueId, title: "Först", plannedFor: "2026-12-01T09:00" }, now);
    const list = await listWorkshops(actorOf(w.observer.user), w.dialogueId);
    expect(list.workshops.map((workshop) => [workshop.title, workshop.itemCount, workshop.totalMinutes])).toEqual([
      ["Först", 0, 0],
      ["Senare", 0, 0],
      ["Odaterad", 0, 0],
    ]);
    expect(list.planningQuestion).toBe(w.dialogue.planningQuestion);
  });
});

describe("workshops: the suggested order", () => {
  it("ranks the drivers from their computed gaps, the organisations' latest stances and their open threads, with the reasons", async () => {
    const w = await buildWorld();
    const workshopId = await workshopWithAgenda(w);
    const indicatorId = `t_workshop_${uniqueToken().replaceAll("-", "_")}`;
    await buildIndicator({ id: indicatorId, unit: "antal" }, [
      { regionCode: "03", regionLabel: "Uppsala", period: "2024", value: 80, unit: "antal", source: "Seed", sourceRef: "s" },
    ]);
    // Digitalisering: a gap of 20 to a target of 100 (0.2), and a met target that does not count.
    await buildGoalStatement(w.third.id, { targetIndicatorId: indicatorId, targetRegionCode: "03", targetValue: 100, targetYear: 2030, targetDirection: "increase" });
    await buildGoalStatement(w.third.id, { targetIndicatorId: indicatorId, targetRegionCode: "03", targetValue: 50, targetYear: 2030, targetDirection: "increase" });
    // Arbetsmiljö: one organisation objects and one supports (the latest stance counts), and two open threads.
    await giveStanceDirectly(w, w.second.id, w.participant.organisationId, "support");
    await giveStanceDirectly(w, w.second.id, w.participant.organisationId, "object");
    await giveStanceDirectly(w, w.second.id, w.organisation.id, "support");
    await buildCommentThread(w.second, { userId: w.participant.user.id, organisationId: w.participant.organisationId });
    await buildCommentThread(w.second, { userId: w.participant.user.id, organisationId: w.participant.organisationId });
    // Kompetensförsörjning: one open thread and one resolved (which does not count).
    await buildCommentThread(w.first, { userId: w.participant.user.id, organisationId: w.participant.organisationId });
    const resolved = await buildCommentThread(w.first, { userId: w.participant.user.id, organisationId: w.participant.organisationId });
    await getDb().update(commentThreads).set({ resolvedAt: new Date(), resolvedBy: w.participant.user.id }).where(eq(commentThreads.id, resolved.threadId));

    const agenda = await getWorkshopAgenda(actorOf(w.observer.user), w.dialogueId, workshopId);
    expect(agenda.suggestion.map((row) => [row.rank, row.title])).toEqual([
      [1, "Arbetsmiljö"],
      [2, "Kompetensförsörjning"],
      [3, "Digitalisering"],
    ]);
    const byTitle = Object.fromEntries(agenda.suggestion.map((row) => [row.title, row]));
    // Arbetsmiljö: d = (1/2 + 1) / 2 = 0.75, t = 2/2 = 1: 1.75 × 2.
    expect(byTitle["Arbetsmiljö"]!.reasons).toEqual({
      gap: { openGaps: 0, widening: 0, largestRelative: null },
      stances: { organisations: 2, support: 1, accept: 0, object: 1, spread: 1 },
      openThreads: 2,
    });
    expect(byTitle["Arbetsmiljö"]!.score).toBeCloseTo(3.5, 4);
    // Kompetensförsörjning: t = 1/2.
    expect(byTitle["Kompetensförsörjning"]!.reasons.openThreads).toBe(1);
    expect(byTitle["Kompetensförsörjning"]!.score).toBeCloseTo(1.5, 4);
    expect(byTitle["Digitalisering"]!.reasons.gap).toEqual({ openGaps: 1, widening: 0, largestRelative: 0.2 });
    expect(byTitle["Digitalisering"]!.score).toBeCloseTo(1.2, 4);
    expect(agenda.suggestedAgendaOrder).toEqual([w.second.id, w.first.id, w.third.id]);

    // Applying it is a reorder; the agenda follows the suggestion.
    await reorderAgenda(w.facilitator, { dialogueId: w.dialogueId, workshopId, driverIds: agenda.suggestedAgendaOrder });
    expect((await agendaOf(workshopId)).map((item) => item.driverId)).toEqual([w.second.id, w.first.id, w.third.id]);

    // A driver off the agenda is ranked too, but not part of the agenda's suggested order.
    await setAgenda(w.facilitator, { dialogueId: w.dialogueId, workshopId, driverIds: [w.first.id, w.third.id], timeboxes: { [w.first.id]: 10, [w.third.id]: 10 } });
    const after = await getWorkshopAgenda(w.facilitator, w.dialogueId, workshopId);
    expect(after.suggestion.find((row) => row.driverId === w.second.id)?.onAgenda).toBe(false);
    expect(after.suggestedAgendaOrder).toEqual([w.first.id, w.third.id]);
    expect(await getDb().select().from(workshopAgendaItems).where(and(eq(workshopAgendaItems.workshopId, workshopId), eq(workshopAgendaItems.driverId, w.second.id)))).toEqual([]);
  });
});
