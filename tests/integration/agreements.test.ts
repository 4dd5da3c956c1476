/**
 * Agreed versions (lib/server/services/agreements.ts) against a real database: negatives first
 * (outsiders, other dialogues, non-facilitators), then what an agreement freezes, that nothing can
 * change it afterwards (no service, action or route offers to, and the database refuses a direct
 * UPDATE or DELETE), the difference from now, and the notification when a newer data release moves
 * an agreed gap (once per state, however often it is checked).
 */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { agreements, auditEvents, goalStatements, notifications, regions, rounds, stances } from "@/db/schema";
import { agreementContentSchema } from "@/lib/model/agreement";
import { findDesiredFingerprints } from "@/db/queries/rounds";
import * as agreementService from "@/lib/server/services/agreements";
import { deleteDriver, updateDriver } from "@/lib/server/services/drivers";
import { commitIndicatorImport } from "@/lib/server/services/indicator-import";
import { actorOf, buildDialogue, buildDriver, buildDriverText, buildGoalStatement, buildIndicator, buildMember, buildUser, uniqueToken } from "../factories";
import { expectAppError } from "../setup/assertions";

const { createAgreement, getAgreedDriverDiff, getAgreement, getDriverAgreementStatus, listAgreements, notifyAgreedGapChanges } = agreementService;

async function buildWorld() {
  // Goal targets name a region of the reference data, which these tests do not load.
  await getDb().insert(regions).values({ code: "03", nameSv: "Uppsala" }).onConflictDoNothing();
  const built = await buildDialogue();
  const dialogueId = built.dialogue.id;
  const indicatorId = `t_agreed_${uniqueToken().replaceAll("-", "_")}`;
  await buildIndicator({ id: indicatorId, unit: "antal" }, [
    { regionCode: "03", regionLabel: "Uppsala", period: "2024", value: 80, unit: "antal", source: "Seed", sourceRef: "s" },
  ]);
  const driver = await buildDriver(dialogueId, { title: "Kompetensförsörjning" });
  const second = await buildDriver(dialogueId, { title: "Arbetsmiljö" });
  await buildDriverText(driver.id, "nulage", "Bristen på specialistsjuksköterskor är stor.");
  const goal = await buildGoalStatement(driver.id, {
    text: "Fler specialistsjuksköterskor i Uppsala.",
    targetIndicatorId: indicatorId,
    targetRegionCode: "03",
    targetValue: 100,
    targetYear: 2030,
    targetDirection: "increase",
  });
  await buildGoalStatement(second.id, { text: "Bättre arbetsmiljö." });
  const participant = await buildMember(dialogueId, { role: "participant" });
  const observer = await buildMember(dialogueId, { role: "observer" });
  const facilitator = actorOf(built.facilitator);
  return { ...built, dialogueId, indicatorId, driver, second, goal, participant, observer, facilitator };
}

type World = Awaited<ReturnType<typeof buildWorld>>;

async function agreementRows(dialogueId: string) {
  return getDb().select().from(agreements).where(eq(agreements.dialogueId, dialogueId)).orderBy(agreements.createdAt);
}

/** A stance given in a (closed) stance round, written directly: the round service is tested elsewhere. */
async function giveStanceDirectly(w: World, organisationId: string, value: "support" | "object", fingerprint: string) {
  const db = getDb();
  const [round] = await db
    .insert(rounds)
    .values({ dialogueId: w.dialogueId, kind: "stance", title: "Ställningstagande", opensAt: new Date(Date.now() - 60_000), closesAt: new Date(), openedAt: new Date(Date.now() - 60_000), closedAt: new Date() })
    .returning({ id: rounds.id });
  await db.insert(stances).values({ dialogueId: w.dialogueId, roundId: round!.id, driverId: w.driver.id, organisationId, value, reason: value === "object" ? "För dyrt" : "", givenBy: w.participant.user.id, desiredFingerprint: fingerprint });
}

/** The error the database raised, under drizzle's wrapper. */
function databaseMessage(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return `${cause?.message ?? ""} ${(error as Error).message}`;
}

describe("agreements: refusals", () => {
  it("refuses outsiders and other dialogues' facilitators as not found, participants and observers as forbidden, and stores nothing", async () => {
    const w = await buildWorld();
    const other = await buildDialogue();
    const outsider = actorOf(await buildUser());
    await expectAppError(createAgreement(outsider, { dialogueId: w.dialogueId }), "not_found");
    await expectAppError(createAgreement(actorOf(other.facilitator), { dialogueId: w.dialogueId }), "not_found");
    await expectAppError(createAgreement(actorOf(other.facilitator), { dialogueId: other.dialogue.id, driverId: w.driver.id }), "not_found");
    await expectAppError(createAgreement(w.facilitator, { dialogueId: "nope" }), "not_found");
    await expectAppError(createAgreement(w.facilitator, { dialogueId: w.dialogueId, driverId: "nope" }), "not_found");
    for (const member of [w.participant, w.observer]) {
      await expectAppError(createAgreement(actorOf(member.user), { dialogueId: w.dialogueId }), "forbidden");
      await expectAppError(createAgreement(actorOf(member.user), { dialogueId: w.dialogueId, driverId: w.driver.id }), "forbidden");
    }
    await expectAppError(listAgreements(outsider, w.dialogueId), "not_found");
    await expectAppError(getDriverAgreementStatus(actorOf(other.facilitator), w.dialogueId, w.driver.id), "not_found");
    expect(await agreementRows(w.dialogueId)).toEqual([]);
  });

  it("hides another dialogue's agreement and refuses a note over the limit", async () => {
    const w = await buildWorld();
    const other = await buildWorld();
    const { id } = await createAgreement(other.facilitator, { dialogueId: other.dialogueId });
    await expectAppError(getAgreement(w.facilitator, w.dialogueId, id), "not_found");
    await expectAppError(getAgreement(w.facilitator, w.dialogueId, "nope"), "not_found");
    await expectAppError(getAgreedDriverDiff(w.facilitator, w.dialogueId, id, other.driver.id), "not_found");
    await expectAppError(getAgreedDriverDiff(other.facilitator, other.dialogueId, id, w.driver.id), "not_found");
    await expectAppError(createAgreement(w.facilitator, { dialogueId: w.dialogueId, note: "x".repeat(2_001) }), "invalid_input", { note: { key: "tooLong", params: { max: 2_000 } } });
    expect(await agreementRows(w.dialogueId)).toEqual([]);
  });

  it("refuses to agree a goal set without drivers", async () => {
    const empty = await buildDialogue();
    await expectAppError(createAgreement(actorOf(empty.facilitator), { dialogueId: empty.dialogue.id }), "conflict");
  });
});

describe("agreements: what is frozen", () => {
  it("freezes texts, goals with targets, stances, gaps and the data release they rest on, and audits it", async () => {
    const w = await buildWorld();
    const fingerprint = (await findDesiredFingerprints(getDb(), [w.driver.id])).get(w.driver.id)!;
    await giveStanceDirectly(w, w.participant.organisationId, "support", fingerprint);
    const { id } = await createAgreement(w.facilitator, { dialogueId: w.dialogueId, driverId: w.driver.id, note: "Enighet på mötet 12 maj." });

    const details = await getAgreement(actorOf(w.observer.user), w.dialogueId, id);
    expect(details).toMatchObject({ driverId: w.driver.id, driverTitle: "Kompetensförsörjning", note: "Enighet på mötet 12 maj.", driverCount: 1 });
    const [agreed] = details.drivers;
    expect(agreed!.status).toBe("unchanged");
    expect(agreed!.content.goals.map((goal) => [goal.text, goal.target?.value])).toEqual([["Fler specialistsjuksköterskor i Uppsala.", 100]]);
    expect(agreed!.stances).toMatchObject([{ organisationId: w.participant.organisationId, value: "support", isCurrent: true }]);
    expect(agreed!.gaps).toMatchObject([{ goalId: w.goal.id, status: "remaining", gap: 20, latestValue: 80, releaseId: null }]);
    expect(details.releases).toEqual([{ id: null, fileName: null, createdAt: null }]);

    const [audit] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.dialogueId, w.dialogueId), eq(auditEvents.kind, "agreement.created")));
    expect(audit!.subject).toMatchObject({ agreementId: id, driverId: w.driver.id, driverIds: [w.driver.id] });
  });

  it("agrees the whole goal set: every driver, in order", async () => {
    const w = await buildWorld();
    const { id } = await createAgreement(w.facilitator, { dialogueId: w.dialogueId, driverId: "" });
    const details = await getAgreement(w.facilitator, w.dialogueId, id);
    expect(details.driverId).toBeNull();
    expect(details.drivers.map((driver) => driver.title)).toEqual(["Kompetensförsörjning", "Arbetsmiljö"]);
    const page = await listAgreements(actorOf(w.participant.user), w.dialogueId);
    expect(page).toMatchObject({ canCreate: false, driverCount: 2 });
    expect(page.agreements.map((agreement) => agreement.id)).toEqual([id]);
  });
});

describe("agreements: immutable", () => {
  it("offers no service or action that changes or removes an agreement", () => {
    expect(Object.keys(agreementService).sort()).toEqual(
      ["createAgreement", "getAgreedDriverDiff", "getAgreement", "getDriverAgreementStatus", "listAgreements", "notifyAgreedGapChanges", "notifyAgreedGapChangesSafely"].sort(),
    );
    const actions = fs.readFileSync(path.join(process.cwd(), "app/(workspace)/dialogues/[dialogueId]/agreements/actions.ts"), "utf8");
    expect([...actions.matchAll(/export\s+async\s+function\s+(\w+)/g)].map((match) => match[1])).toEqual(["createAgreementAction"]);
    // No code anywhere writes to the table except by inserting.
    const offenders = sourceFiles(["app", "lib", "db/queries", "scripts"]).filter((file) => /\.(update|delete)\(\s*agreements\b/.test(fs.readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("keeps the agreed content while the driver is edited, renamed and another agreement is made", async () => {
    const w = await buildWorld();
    const { id } = await createAgreement(w.facilitator, { dialogueId: w.dialogueId, driverId: w.driver.id });
    const [before] = await agreementRows(w.dialogueId);
    await getDb().update(goalStatements).set({ text: "Många fler specialistsjuksköterskor." }).where(eq(goalStatements.id, w.goal.id));
    await updateDriver(w.facilitator, { dialogueId: w.dialogueId, driverId: w.driver.id, title: "Nytt namn", description: "", whoClass: w.driver.whoClass, careAreas: [], changePerspectives: [] });
    // A forged id in the input is ignored: a new agreement is made, the old one stays.
    const { id: second } = await createAgreement(w.facilitator, { id, dialogueId: w.dialogueId, driverId: w.driver.id, note: "Ny" });
    expect(second).not.toBe(id);
    const rows = await agreementRows(w.dialogueId);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.id === id)).toEqual(before);
  });

  it("refuses a direct UPDATE and DELETE in the database, and keeps an agreement when its driver is deleted", async () => {
    const w = await buildWorld();
    const { id } = await createAgreement(w.facilitator, { dialogueId: w.dialogueId });
    const [before] = await agreementRows(w.dialogueId);
    const db = getDb();
    for (const attempt of [
      () => db.update(agreements).set({ note: "ändrad" }).where(eq(agreements.id, id)),
      () => db.update(agreements).set({ content: { version: 1, drivers: [] } }).where(eq(agreements.id, id)),
      () => db.execute(sql`update agreements set created_by_name = 'x' where id = ${id}`),
      () => db.delete(agreements).where(eq(agreements.id, id)),
    ]) {
      const error = await attempt().then(() => null, (caught: unknown) => caught);
      expect(error, "the database must refuse").not.toBeNull();
      expect(databaseMessage(error)).toMatch(/append-only|immutable/);
    }
    await deleteDriver(w.facilitator, { dialogueId: w.dialogueId, driverId: w.second.id, confirm: "yes" });
    expect(await agreementRows(w.dialogueId)).toEqual([before]);
    const details = await getAgreement(w.facilitator, w.dialogueId, id);
    expect(details.drivers.find((driver) => driver.driverId === w.second.id)?.status).toBe("deleted");
  });
});

describe("agreements: a new draft shows its difference", () => {
  it("reports the driver as changed since agreed, with the goal's new words", async () => {
    const w = await buildWorld();
    const { id } = await createAgreement(w.facilitator, { dialogueId: w.dialogueId });
    expect((await getDriverAgreementStatus(actorOf(w.observer.user), w.dialogueId, w.driver.id)).latest).toMatchObject({ id, hasChanges: false });
    await getDb().update(goalStatements).set({ text: "Fler specialistsjuksköterskor i hela Uppsala län." }).where(eq(goalStatements.id, w.goal.id));
    const status = await getDriverAgreementStatus(w.facilitator, w.dialogueId, w.driver.id);
    expect(status).toMatchObject({ canCreate: true, latest: { id, hasChanges: true } });
    const comparison = await getAgreedDriverDiff(actorOf(w.participant.user), w.dialogueId, id, w.driver.id);
    expect(comparison.diff.isDesiredChanged).toBe(true);
    expect(comparison.diff.content.goals[0]!.change).toBe("changed");
    expect(comparison.diff.content.goals[0]!.text.filter((segment) => segment.kind === "added").map((segment) => segment.text).join("")).toContain("hela");
    // The other driver did not change.
    expect((await getDriverAgreementStatus(w.facilitator, w.dialogueId, w.second.id)).latest?.hasChanges).toBe(false);
  });

  it("marks a stance given on an earlier wording as not current", async () => {
    const w = await buildWorld();
    await giveStanceDirectly(w, w.participant.organisationId, "object", "an-older-fingerprint");
    const { id } = await createAgreement(w.facilitator, { dialogueId: w.dialogueId, driverId: w.driver.id });
    const [row] = await agreementRows(w.dialogueId);
    expect(row!.id).toBe(id);
    expect(agreementContentSchema.parse(row!.content).drivers[0]!.stances).toMatchObject([{ value: "object", reason: "För dyrt", isCurrent: false }]);
  });
});

describe("agreements: a newer data release", () => {
  const csv = (w: World, value: number) => ({
    dialogueId: w.dialogueId,
    fileName: `release-${value}.csv`,
    bytes: new TextEncoder().encode(`indicator_id,region_code,period,value,unit,source\n${w.indicatorId},03,2024,${value},antal,Test`),
  });

  async function gapNotifications(w: World) {
    return getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.dialogueId, w.dialogueId), eq(notifications.reason, "agreed_gap_changed")));
  }

  it("notifies the facilitators once when a release moves an agreed gap, and again only for a new state", async () => {
    const w = await buildWorld();
    const coFacilitator = await buildMember(w.dialogueId, { role: "facilitator" });
    const { id } = await createAgreement(w.facilitator, { dialogueId: w.dialogueId, driverId: w.driver.id });

    const first = await commitIndicatorImport(w.facilitator, csv(w, 70));
    expect(first.releaseId).not.toBeNull();
    let rows = await gapNotifications(w);
    expect(rows.map((row) => row.recipientId).sort()).toEqual([w.facilitator.userId, coFacilitator.user.id].sort());
    expect(rows.every((row) => row.agreementId === id && row.driverId === w.driver.id)).toBe(true);

    // Checking again, or a release that leaves the gap where it is, notifies nobody.
    expect(await notifyAgreedGapChanges(getDb(), w.dialogueId)).toBe(0);
    expect((await commitIndicatorImport(w.facilitator, csv(w, 70))).releaseId).toBeNull();
    rows = await gapNotifications(w);
    expect(rows).toHaveLength(2);

    // A release that moves it again is a new state.
    expect((await commitIndicatorImport(w.facilitator, csv(w, 60))).releaseId).not.toBeNull();
    expect(await gapNotifications(w)).toHaveLength(4);
    const details = await getAgreement(w.facilitator, w.dialogueId, id);
    expect(details.drivers[0]!.status).toBe("changed");
  });

  it("stays quiet when the release does not touch an agreed target, and for a newer agreement on the new figures", async () => {
    const w = await buildWorld();
    await createAgreement(w.facilitator, { dialogueId: w.dialogueId });
    const unrelated = `t_other_${randomUUID().replaceAll("-", "_")}`;
    await buildIndicator({ id: unrelated, unit: "antal" }, []);
    const release = await commitIndicatorImport(w.facilitator, {
      dialogueId: w.dialogueId,
      fileName: "other.csv",
      bytes: new TextEncoder().encode(`indicator_id,region_code,period,value,unit,source\n${unrelated},03,2024,5,antal,Test`),
    });
    expect(release.releaseId).not.toBeNull();
    expect(await gapNotifications(w)).toEqual([]);

    // Agreed again after a release that moved the gap: the newer agreement rests on it, nothing to report.
    await commitIndicatorImport(w.facilitator, csv(w, 75));
    const notifiedBefore = (await gapNotifications(w)).length;
    const { id } = await createAgreement(w.facilitator, { dialogueId: w.dialogueId, driverId: w.driver.id });
    expect(await notifyAgreedGapChanges(getDb(), w.dialogueId)).toBe(0);
    expect(await gapNotifications(w)).toHaveLength(notifiedBefore);
    const details = await getAgreement(w.facilitator, w.dialogueId, id);
    expect(details.drivers[0]!.gaps[0]).toMatchObject({ gap: 25, releaseId: expect.any(Number) });
    expect(details.releases.map((release) => release.id)).toEqual([details.drivers[0]!.gaps[0]!.releaseId]);
  });
});

function sourceFiles(roots: string[]): string[] {
  const walk = (directory: string): string[] =>
    fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return walk(full);
      return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
    });
  return roots.flatMap((root) => walk(path.join(process.cwd(), root)));
}
