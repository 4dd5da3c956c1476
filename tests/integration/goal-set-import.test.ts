/**
 * Importing a goal set (lib/server/services/goal-set-import.ts) against a real database: who may
 * import; the fixture becomes a normal dialogue (drivers, live documents, relational copy,
 * organisations, indicator links, the agreement frozen from the file, an audit record); what is
 * left out is reported; each malformed file is refused with its JSON path and writes nothing.
 */
import { and, eq, sql } from "drizzle-orm";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import {
  agreements,
  auditEvents,
  dialogueMembers,
  dialogueOrganisations,
  dialogues,
  driverDocs,
  driverIndicators,
  drivers,
  gapActions,
  goalStatements,
  indicators,
  organisations,
  regions,
} from "@/db/schema";
import { readDriverDoc } from "@/lib/collab/driver-doc";
import { agreementContentSchema, agreementReleasesSchema, desiredFingerprintOf } from "@/lib/model/agreement";
import type { GoalSetExport } from "@/lib/model/goal-set-export";
import { plainTextOf } from "@/lib/model/rich-text";
import { currentDriverContent, loadDocument } from "@/lib/server/collab/document-store";
import { getDialogueOverview } from "@/lib/server/services/dialogues";
import { importGoalSet, type GoalSetImportResult } from "@/lib/server/services/goal-set-import";
import { actorOf, buildDialogue, buildIndicator, buildMember, buildOrganisation, buildUser } from "../factories";
import { expectAppError } from "../setup/assertions";
import { goalSetFixture } from "../support/goal-set-fixture";
import { MALFORMED_CASES } from "../support/goal-set-malformed";

const bytesOf = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value, null, 2));

/** The fixture's target region and its linked indicator exist; its projection indicator does not. */
async function loadCatalogue() {
  const db = getDb();
  await db.insert(regions).values([{ code: "01", nameSv: "Stockholm" }, { code: "00", nameSv: "Riket" }]).onConflictDoNothing();
  const [known] = await db.select({ id: indicators.id }).from(indicators).where(eq(indicators.id, "hired_staff_nurses"));
  if (!known) await buildIndicator({ id: "hired_staff_nurses", unit: "antal personer (november)", direction: "neutral" }, []);
}

/** A facilitator of some dialogue, and the organisation they will speak for in the imported one. */
async function buildImporter() {
  await loadCatalogue();
  const built = await buildDialogue();
  return { actor: actorOf(built.facilitator), organisationId: built.organisation.id, built };
}

async function counts() {
  const db = getDb();
  const count = async (
    table:
      | typeof dialogues
      | typeof drivers
      | typeof organisations
      | typeof agreements
      | typeof driverDocs
      | typeof auditEvents
      | typeof goalStatements
      | typeof dialogueMembers
      | typeof dialogueOrganisations
      | typeof driverIndicators
      | typeof gapActions,
  ) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return {
    dialogues: await count(dialogues),
    drivers: await count(drivers),
    organisations: await count(organisations),
    agreements: await count(agreements),
    driverDocs: await count(driverDocs),
    auditEvents: await count(auditEvents),
    goalStatements: await count(goalStatements),
    members: await count(dialogueMembers),
    dialogueOrganisations: await count(dialogueOrganisations),
    driverIndicators: await count(driverIndicators),
    gapActions: await count(gapActions),
  };
}

function imported(result: GoalSetImportResult) {
  if (!result.ok) throw new Error(`import refused: ${JSON.stringify(result.issues.slice(0, 5))}`);
  return result;
}

describe("who may import", () => {
  it("refuses a user who facilitates no dialogue (a participant and observer elsewhere, or in none), and writes nothing", async () => {
    const { built, organisationId } = await buildImporter();
    const participant = await buildMember(built.dialogue.id, { role: "participant" });
    const observer = await buildMember(built.dialogue.id, { role: "observer" });
    const stranger = await buildUser();
    const before = await counts();
    for (const user of [participant.user, observer.user, stranger]) {
      await expectAppError(importGoalSet(actorOf(user), { organisationId, fileName: "x.json", file: bytesOf(goalSetFixture()) }), "forbidden");
    }
    // Authorization comes before validation: an outsider learns nothing from the file's errors.
    await expectAppError(importGoalSet(actorOf(stranger), { organisationId, file: bytesOf("{") }), "forbidden");
    expect(await counts()).toEqual(before);
  });

  it("refuses a deactivated facilitator", async () => {
    const { actor, organisationId } = await buildImporter();
    await getDb().execute(sql`update users set deactivated_at = now() where id = ${actor.userId}`);
    await expectAppError(importGoalSet(actor, { organisationId, file: bytesOf(goalSetFixture()) }), "forbidden");
  });

  it("asks for an organisation of the register and a file", async () => {
    const { actor } = await buildImporter();
    const before = await counts();
    await expectAppError(importGoalSet(actor, { organisationId: crypto.randomUUID(), file: bytesOf(goalSetFixture()) }), "invalid_input", {
      organisationId: { key: "invalidChoice" },
    });
    const error = await expectAppError(importGoalSet(actor, { organisationId: "", fileName: "" }), "invalid_input");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["file", "organisationId"]);
    expect(await counts()).toEqual(before);
  });
});

describe("importing the fixture (an agreed version)", () => {
  it("creates a normal draft dialogue with the file's organisations, drivers, content, links and agreement", async () => {
    const { actor, organisationId } = await buildImporter();
    // One of the file's organisations is in the register already: it is reused, not duplicated.
    const existing = await buildOrganisation({ name: "Region Stockholm", type: "region" });
    const file = goalSetFixture();
    const before = await counts();
    const result = imported(await importGoalSet(actor, { organisationId, fileName: "mal.json", file: bytesOf(file) }));
    const after = await counts();
    expect(after.dialogues - before.dialogues).toBe(1);
    expect(after.drivers - before.drivers).toBe(2);
    expect(after.driverDocs - before.driverDocs).toBe(2);
    expect(after.organisations - before.organisations).toBe(1);
    expect(after.agreements - before.agreements).toBe(1);

    // Left out, and said so: the comment thread (2 comments), the projection indicator the
    // catalogue lacks. An agreed version's stances are kept (in its agreement).
    expect(result).toMatchObject({
      skippedIndicatorIds: ["proj_specialist_visits_pct_change"],
      skippedTargets: 0,
      skippedThreads: 1,
      skippedComments: 2,
      skippedWorkshopSummaries: 0,
      skippedStances: 0,
    });

    const db = getDb();
    const [dialogue] = await db.select().from(dialogues).where(eq(dialogues.id, result.dialogueId));
    expect(dialogue).toMatchObject({
      planningQuestion: file.dialogue.planningQuestion,
      description: file.dialogue.description,
      regionCodes: file.dialogue.regionCodes,
      horizonFrom: 2025,
      horizonTo: 2035,
      status: "draft",
      isDemo: false,
      createdBy: actor.userId,
    });
    const [member] = await db.select().from(dialogueMembers).where(eq(dialogueMembers.dialogueId, result.dialogueId));
    expect(member).toMatchObject({ userId: actor.userId, organisationId, role: "facilitator" });

    // The overview, as the importer sees it: the drivers in order, all organisations taking part.
    const overview = await getDialogueOverview(actor, result.dialogueId);
    expect(overview.drivers.map((driver) => [driver.title, driver.whoClass, driver.careAreas, driver.changePerspectives])).toEqual(
      file.drivers.map((driver) => [driver.title, driver.whoClass, driver.careAreas, driver.changePerspectives]),
    );
    const names = overview.organisations.map((organisation) => organisation.name).sort();
    expect(names).toEqual(["Region Stockholm", "Vårdförbundet", (await db.select().from(organisations).where(eq(organisations.id, organisationId)))[0]!.name].sort());
    const register = new Map((await db.select().from(organisations)).map((row) => [row.name, row]));
    expect(register.get("Region Stockholm")!.id).toBe(existing.id);
    expect(register.get("Vårdförbundet")!.type).toBe("yrkesforbund");

    // The first driver's content, read back as services read it and as the live document holds it.
    const first = overview.drivers[0]!;
    const regionId = existing.id;
    const unionId = register.get("Vårdförbundet")!.id;
    for (const content of [await currentDriverContent(db, first.id, result.dialogueId), readDriverDoc((await loadDocument(db, first.id)).doc)]) {
      expect(plainTextOf(content.texts.nulage)).toBe(plainTextOf(file.drivers[0]!.nulage.doc));
      expect(plainTextOf(content.texts.gap)).toBe(plainTextOf(file.drivers[0]!.gap.doc));
      expect(content.goals.map((goal) => [goal.text, goal.target])).toEqual(file.drivers[0]!.goals.map((goal) => [goal.text, goal.target]));
      expect(content.actions.map((action) => [action.text, action.horizon, action.level, action.control, action.responsibleOrganisationIds, action.collaboratingOrganisationIds])).toEqual([
        [file.drivers[0]!.actions[0]!.text, "short", "regional", "collaboration", [regionId], [unionId]],
      ]);
      // Everything has new ids.
      const fileIds = new Set(file.drivers.flatMap((driver) => [driver.id, ...driver.goals.map((goal) => goal.id), ...driver.actions.map((action) => action.id)]));
      expect([...content.goals, ...content.actions].some((item) => fileIds.has(item.id))).toBe(false);
    }
    // The live document is stored, so the editor opens it from the same history on every instance.
    const [stored] = await db.select().from(driverDocs).where(eq(driverDocs.driverId, first.id));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored!.state);
    expect(readDriverDoc(doc).goals).toHaveLength(2);

    // Indicator links: only the one the catalogue holds, in its part.
    const links = await db.select().from(driverIndicators).where(eq(driverIndicators.driverId, first.id));
    expect(links.map((link) => [link.part, link.indicatorId, link.position])).toEqual([["nulage", "hired_staff_nurses", 0]]);

    // The agreement, frozen from the file under the new ids.
    const [agreement] = await db.select().from(agreements).where(eq(agreements.dialogueId, result.dialogueId));
    expect(agreement!.id).toBe(result.agreementId);
    expect(agreement!.note).toBe(file.source.kind === "agreed" ? file.source.note : "");
    expect(agreement!.driverId).toBeNull();
    const frozen = agreementContentSchema.parse(agreement!.content);
    expect(frozen.drivers.map((driver) => driver.title)).toEqual(file.drivers.map((driver) => driver.title));
    const agreedFirst = frozen.drivers[0]!;
    expect(agreedFirst.driverId).toBe(first.id);
    expect(agreedFirst.desiredFingerprint).toBe(desiredFingerprintOf(agreedFirst.content));
    expect(agreedFirst.desiredFingerprint).toBe(desiredFingerprintOf(await currentDriverContent(db, first.id, result.dialogueId)));
    expect(agreedFirst.stances.map((stance) => [stance.organisationId, stance.organisationName, stance.value, stance.reason, stance.isCurrent])).toEqual([
      [regionId, "Region Stockholm", "support", "", true],
      [unionId, "Vårdförbundet", "object", "Halveringen kräver fler utbildningsplatser först.", true],
    ]);
    const goalId = agreedFirst.content.goals[0]!.id;
    expect(agreedFirst.gaps).toEqual([
      { goalId, indicatorId: "hired_staff_nurses", regionCode: "01", unit: "antal personer (november)", status: "remaining", gap: 686, latestValue: 1371, period: "2021", expected: null, releaseId: null },
    ]);
    expect(agreementReleasesSchema.parse(agreement!.dataReleases)).toEqual({ latestReleaseId: 0, used: file.dataReleases });

    // One audit record, in the new dialogue, saying what was left out.
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.dialogueId, result.dialogueId), eq(auditEvents.kind, "goalSet.imported")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject).toMatchObject({ fileName: "mal.json", sourceKind: "agreed", sourceVersion: 2, driverCount: 2, agreementId: result.agreementId, skippedThreads: 1 });
  });

  it("imports the same file twice as two dialogues sharing the register's organisations", async () => {
    const { actor, organisationId } = await buildImporter();
    const first = imported(await importGoalSet(actor, { organisationId, file: bytesOf(goalSetFixture()) }));
    const before = await counts();
    const second = imported(await importGoalSet(actor, { organisationId, file: bytesOf(goalSetFixture()) }));
    expect(second.dialogueId).not.toBe(first.dialogueId);
    expect((await counts()).organisations).toBe(before.organisations);
  });
});

describe("importing a draft", () => {
  it("leaves out the draft's stances and creates no agreement; a target on an unknown indicator is left out and reported", async () => {
    const { actor, organisationId } = await buildImporter();
    const fixture = goalSetFixture();
    const file: GoalSetExport = {
      ...fixture,
      source: { kind: "draft" },
      workshopSummaries: [{ title: "Workshop 1", heldAt: "2026-10-01T09:00:00.000Z", summary: "Vi enades om riktningen." }],
      drivers: fixture.drivers.map((driver, index) =>
        index === 0
          ? { ...driver, goals: driver.goals.map((goal, g) => (g === 0 ? { ...goal, target: { ...goal.target!, indicatorId: "not_in_this_catalogue" } } : goal)) }
          : driver,
      ),
    };
    const before = await counts();
    const result = imported(await importGoalSet(actor, { organisationId, file: bytesOf(file) }));
    expect(result.agreementId).toBeNull();
    expect((await counts()).agreements).toBe(before.agreements);
    expect(result).toMatchObject({
      skippedIndicatorIds: ["not_in_this_catalogue", "proj_specialist_visits_pct_change"],
      skippedTargets: 1,
      skippedStances: 2,
      skippedWorkshopSummaries: 1,
    });
    const overview = await getDialogueOverview(actor, result.dialogueId);
    const content = await currentDriverContent(getDb(), overview.drivers[0]!.id, result.dialogueId);
    expect(content.goals.map((goal) => [goal.text, goal.target])).toEqual([
      [file.drivers[0]!.goals[0]!.text, null],
      [file.drivers[0]!.goals[1]!.text, null],
    ]);
    const stored = readDriverDoc((await loadDocument(getDb(), overview.drivers[0]!.id)).doc);
    expect(stored.goals[0]!.target).toBeNull();
  });

  it("keeps rich text (bold, lists, headings) in the live document", async () => {
    const { actor, organisationId } = await buildImporter();
    const fixture = goalSetFixture();
    const rich = {
      type: "doc" as const,
      content: [
        { type: "heading" as const, attrs: { level: 3 }, content: [{ type: "text" as const, text: "Rubrik" }] },
        { type: "paragraph" as const, content: [{ type: "text" as const, text: "Fet", marks: [{ type: "bold" as const }] }, { type: "text" as const, text: " text." }] },
        { type: "bulletList" as const, content: [{ type: "listItem" as const, content: [{ type: "paragraph" as const, content: [{ type: "text" as const, text: "Punkt" }] }] }] },
      ],
    };
    const file: GoalSetExport = { ...fixture, drivers: [{ ...fixture.drivers[1]!, nulage: { doc: rich, indicators: [] } }] };
    const result = imported(await importGoalSet(actor, { organisationId, file: bytesOf(file) }));
    const [driver] = await getDb().select().from(drivers).where(eq(drivers.dialogueId, result.dialogueId));
    expect(readDriverDoc((await loadDocument(getDb(), driver!.id)).doc).texts.nulage).toEqual(rich);
    expect((await currentDriverContent(getDb(), driver!.id, result.dialogueId)).texts.nulage).toEqual(rich);
  });
});

describe("malformed files", () => {
  it(`refuses each of ${MALFORMED_CASES.length} malformed files with the JSON path of the problem, and writes nothing`, async () => {
    expect(MALFORMED_CASES.length).toBeGreaterThanOrEqual(20);
    const { actor, organisationId } = await buildImporter();
    const before = await counts();
    for (const entry of MALFORMED_CASES) {
      const result = await importGoalSet(actor, { organisationId, fileName: "broken.json", file: bytesOf(entry.text()) });
      expect(result.ok, entry.name).toBe(false);
      if (result.ok) continue;
      const found = result.issues.find((issue) => issue.path === entry.path && issue.code === entry.code);
      expect(found, `${entry.name}: ${JSON.stringify(result.issues.slice(0, 3))}`).toBeDefined();
      if (entry.params) expect(found!.params, entry.name).toMatchObject(entry.params);
      expect(await counts(), `${entry.name} wrote nothing`).toEqual(before);
    }
  });

  it("writes nothing when the database refuses part of a clean file (all or nothing)", async () => {
    const { actor, organisationId } = await buildImporter();
    const before = await counts();
    // A target region the reference data lacks (these tests load two regions): its foreign key
    // fails after the dialogue, its organisations and drivers were inserted in the same transaction.
    const fixture = goalSetFixture();
    const file: GoalSetExport = {
      ...fixture,
      drivers: fixture.drivers.map((driver, index) =>
        index === 0 ? { ...driver, goals: driver.goals.map((goal) => (goal.target ? { ...goal, target: { ...goal.target, regionCode: "25" as const } } : goal)) } : driver,
      ),
    };
    await expect(importGoalSet(actor, { organisationId, file: bytesOf(file) })).rejects.toThrow();
    expect(await counts()).toEqual(before);
  });
});
