/**
 * The goal-set export (lib/server/services/goal-set-export.ts and lib/server/exports/render.ts)
 * against a real database: who may export, bad requests, what a draft and an agreed version hold
 * (texts, figures with sources and releases, targets and gaps, actions, stances, threads), the
 * choices (drivers, stances, comments), and the JSON, Markdown and CSV files made from it.
 */
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { driverIndicators, regions, rounds, stances } from "@/db/schema";
import { findDesiredFingerprints } from "@/db/queries/rounds";
import { GOAL_SET_SCHEMA_VERSION, goalSetExportSchema } from "@/lib/model/goal-set-export";
import { createAgreement } from "@/lib/server/services/agreements";
import { buildGoalSetExport } from "@/lib/server/services/goal-set-export";
import { exportGoalSetFile } from "@/lib/server/exports/render";
import {
  actorOf,
  buildCommentThread,
  buildDialogue,
  buildDriver,
  buildDriverText,
  buildGapAction,
  buildGoalStatement,
  buildIndicator,
  buildMember,
  buildUser,
  uniqueToken,
} from "../factories";
import { expectAppError } from "../setup/assertions";

const SOURCE = "Socialstyrelsen, NPS 2024 delrapport 2, Tabell 1 (källa SKR; november 2021)";

async function buildWorld() {
  await getDb().insert(regions).values({ code: "01", nameSv: "Stockholm" }).onConflictDoNothing();
  const built = await buildDialogue();
  const dialogueId = built.dialogue.id;
  const { indicator } = await buildIndicator({ unit: "antal personer (november)", direction: "neutral", source: SOURCE }, [
    { regionCode: "01", regionLabel: "Stockholm", period: "2021", value: 1371, unit: "antal personer (november)", source: SOURCE, sourceRef: "000 rad 1906" },
    { regionCode: "12", regionLabel: "Skåne", period: "2021", value: 470, unit: "antal personer (november)", source: SOURCE, sourceRef: "000 rad 1906" },
  ]);
  const driver = await buildDriver(dialogueId, { title: "Beroende av hyrpersonal", whoClass: "within", careAreas: ["sjukvard"], changePerspectives: ["struktur"] });
  const second = await buildDriver(dialogueId, { title: "Åldrande befolkning", whoClass: "predictable" });
  await getDb().insert(driverIndicators).values({ driverId: driver.id, part: "nulage", indicatorId: indicator.id, position: 0 });
  await buildDriverText(driver.id, "nulage", "Stockholm hyrde flest sjuksköterskor.");
  await buildDriverText(driver.id, "gap", "Gapet är bristen på specialistsjuksköterskor.");
  const goal = await buildGoalStatement(driver.id, {
    text: "Hyrsjuksköterskorna i Stockholm halveras.",
    targetIndicatorId: indicator.id,
    targetRegionCode: "01",
    targetValue: 685,
    targetYear: 2030,
    targetDirection: "decrease",
  });
  await buildGoalStatement(second.id, { text: "Fler vårdplatser för äldre." });
  const participant = await buildMember(dialogueId, { role: "participant" });
  const observer = await buildMember(dialogueId, { role: "observer" });
  await buildGapAction(driver.id, { text: "Gemensam introduktion för nyexaminerade.", horizon: "short", level: "regional", control: "collaboration", responsibleOrganisationIds: [participant.organisationId] });
  const thread = await buildCommentThread(driver, { userId: participant.user.id, organisationId: participant.organisationId }, "Till vilket år?");
  return { ...built, dialogueId, indicator, driver, second, goal, participant, observer, thread, facilitator: actorOf(built.facilitator) };
}

type World = Awaited<ReturnType<typeof buildWorld>>;

async function objectDirectly(w: World) {
  const fingerprint = (await findDesiredFingerprints(getDb(), [w.driver.id])).get(w.driver.id)!;
  const [round] = await getDb()
    .insert(rounds)
    .values({ dialogueId: w.dialogueId, kind: "stance", title: "Ställningstagande", opensAt: new Date(Date.now() - 60_000), closesAt: new Date(), openedAt: new Date(Date.now() - 60_000), closedAt: new Date() })
    .returning({ id: rounds.id });
  await getDb().insert(stances).values({ dialogueId: w.dialogueId, roundId: round!.id, driverId: w.driver.id, organisationId: w.participant.organisationId, value: "object", reason: "Kräver fler utbildningsplatser.", givenBy: w.participant.user.id, desiredFingerprint: fingerprint });
}

const draft = { format: "json", language: "sv", source: "draft" } as const;

describe("goal-set export: refusals", () => {
  it("hides the dialogue from outsiders and refuses a bad request with the field that is wrong", async () => {
    const w = await buildWorld();
    const other = await buildDialogue();
    await expectAppError(buildGoalSetExport(actorOf(await buildUser()), w.dialogueId, draft), "not_found");
    await expectAppError(buildGoalSetExport(actorOf(other.facilitator), w.dialogueId, draft), "not_found");
    // The file is refused the same way, even for a request that is also malformed: access comes first.
    await expectAppError(exportGoalSetFile(actorOf(other.facilitator), w.dialogueId, { ...draft, format: "xlsx" }), "not_found");
    await expectAppError(buildGoalSetExport(w.facilitator, w.dialogueId, { ...draft, format: "xlsx" }), "invalid_input", { format: { key: "invalidChoice" } });
    await expectAppError(buildGoalSetExport(w.facilitator, w.dialogueId, { ...draft, language: "de" }), "invalid_input", { language: { key: "invalidChoice" } });
    // Another dialogue's agreement is not this dialogue's version.
    const otherWorld = await buildWorld();
    const { id } = await createAgreement(otherWorld.facilitator, { dialogueId: otherWorld.dialogueId });
    await expectAppError(buildGoalSetExport(w.facilitator, w.dialogueId, { ...draft, source: id }), "not_found");
  });

  it("lets observers and participants export what they read", async () => {
    const w = await buildWorld();
    for (const member of [w.observer, w.participant]) {
      const goalSet = await buildGoalSetExport(actorOf(member.user), w.dialogueId, draft);
      expect(goalSet.drivers.map((driver) => driver.title)).toEqual(["Beroende av hyrpersonal", "Åldrande befolkning"]);
    }
  });
});

describe("goal-set export: the document", () => {
  it("a draft holds the drivers as they stand, figures with source and release, the target's gap, actions, and what was chosen", async () => {
    const w = await buildWorld();
    await objectDirectly(w);
    const goalSet = await buildGoalSetExport(w.facilitator, w.dialogueId, { ...draft, include: ["stances", "comments"] }, new Date("2026-11-24T10:00:00Z"));
    expect(goalSetExportSchema.safeParse(goalSet).success).toBe(true);
    expect(goalSet).toMatchObject({ schemaVersion: GOAL_SET_SCHEMA_VERSION, exportedAt: "2026-11-24T10:00:00.000Z", source: { kind: "draft" }, options: { includeStances: true, includeComments: true } });
    const [driver] = goalSet.drivers;
    expect(driver).toMatchObject({ title: "Beroende av hyrpersonal", whoClass: "within", careAreas: ["sjukvard"], changePerspectives: ["struktur"] });
    expect(driver!.nulage.indicators[0]!.values.map((value) => [value.regionLabel, value.value, value.source, value.releaseId])).toEqual([
      ["Stockholm", 1371, SOURCE, null],
      ["Skåne", 470, SOURCE, null],
    ]);
    expect(driver!.goals[0]).toMatchObject({
      text: "Hyrsjuksköterskorna i Stockholm halveras.",
      target: { regionCode: "01", value: 685, year: 2030, direction: "decrease" },
      gap: { status: "remaining", gap: 686, latestValue: 1371, period: "2021", releaseId: null, source: SOURCE },
    });
    expect(driver!.actions[0]).toMatchObject({ text: "Gemensam introduktion för nyexaminerade.", responsible: [{ id: w.participant.organisationId }] });
    expect(driver!.stances).toMatchObject([{ organisationId: w.participant.organisationId, value: "object", reason: "Kräver fler utbildningsplatser.", isCurrent: true }]);
    expect(driver!.threads).toMatchObject([{ anchorKind: "driver", isResolved: false, comments: [{ body: "Till vilket år?" }] }]);
    expect(goalSet.dataReleases).toEqual([{ id: null, fileName: null, createdAt: null }]);
    // Every organisation an action names is in the document, with its name.
    const named = new Set(goalSet.dialogue.organisations.map((organisation) => organisation.id));
    expect(named.has(w.participant.organisationId)).toBe(true);
  });

  it("leaves out what was not chosen: other drivers, stances, comments", async () => {
    const w = await buildWorld();
    await objectDirectly(w);
    const goalSet = await buildGoalSetExport(w.facilitator, w.dialogueId, { ...draft, driverIds: [w.second.id] });
    expect(goalSet.drivers.map((driver) => driver.id)).toEqual([w.second.id]);
    const all = await buildGoalSetExport(w.facilitator, w.dialogueId, draft);
    expect(all.drivers[0]!.stances).toEqual([]);
    expect(all.drivers[0]!.threads).toEqual([]);
  });

  it("an agreed version reads the frozen goal set, not later edits, and names its version", async () => {
    const w = await buildWorld();
    await createAgreement(w.facilitator, { dialogueId: w.dialogueId, driverId: w.second.id });
    const { id } = await createAgreement(w.facilitator, { dialogueId: w.dialogueId, note: "Enighet vid mötet." });
    await buildGoalStatement(w.driver.id, { text: "Ett mål skrivet efter överenskommelsen." });
    const goalSet = await buildGoalSetExport(actorOf(w.observer.user), w.dialogueId, { ...draft, source: id });
    expect(goalSet.source).toMatchObject({ kind: "agreed", agreementId: id, versionNumber: 2, note: "Enighet vid mötet." });
    expect(goalSet.drivers[0]!.goals.map((goal) => goal.text)).toEqual(["Hyrsjuksköterskorna i Stockholm halveras."]);
    const now = await buildGoalSetExport(w.facilitator, w.dialogueId, draft);
    expect(now.drivers[0]!.goals.map((goal) => goal.text)).toContain("Ett mål skrivet efter överenskommelsen.");
  });
});

describe("goal-set export: files", () => {
  it("JSON is the document, named after the version and date", async () => {
    const w = await buildWorld();
    const file = await exportGoalSetFile(w.facilitator, w.dialogueId, draft, new Date("2026-11-24T10:00:00Z"));
    expect(file.fileName).toBe("samsyn-malsattningar-utkast-2026-11-24.json");
    expect(file.contentType).toContain("application/json");
    const parsed = goalSetExportSchema.parse(JSON.parse(String(file.body)));
    expect(parsed.drivers).toHaveLength(2);
    // Other systems validate with the published JSON Schema, not with our zod.
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(process.cwd(), "lib", "export", "goal-set.schema.json"), "utf8")));
    expect(validate(JSON.parse(String(file.body))), JSON.stringify(validate.errors)).toBe(true);
  });

  it("Markdown has every statement, target, gap, action and source line in order, in the chosen language", async () => {
    const w = await buildWorld();
    await objectDirectly(w);
    const request = { ...draft, format: "markdown", include: ["stances", "comments"] } as const;
    const sv = String((await exportGoalSetFile(w.facilitator, w.dialogueId, { ...request, language: "sv" })).body);
    expectInOrder(sv, [
      "# Gemensamma målsättningar",
      "UTKAST",
      "## Beroende av hyrpersonal",
      "### Nuläge",
      "Stockholm hyrde flest sjuksköterskor.",
      "| Stockholm | 2021 | 1\u00a0371 |",
      `*Källa: ${SOURCE}, dataversion NPS-underlaget (inläst vid start)*`,
      "### Önskat läge",
      "#### Målsättning 1",
      "Hyrsjuksköterskorna i Stockholm halveras.",
      "Mål: Minska till 685",
      "**Beräknat gap:** Gap kvar: 686",
      "### Gap",
      "Gapet är bristen på specialistsjuksköterskor.",
      "### Åtgärder",
      "#### Åtgärd 1",
      "Gemensam introduktion för nyexaminerade.",
      "### Ställningstaganden",
      "Skäl: Kräver fler utbildningsplatser.",
      "### Kommentarstrådar",
      "Till vilket år?",
      "## Åldrande befolkning",
      "Fler vårdplatser för äldre.",
    ]);
    const en = String((await exportGoalSetFile(w.facilitator, w.dialogueId, { ...request, language: "en" })).body);
    expectInOrder(en, ["# Agreed goal set", "DRAFT", "### Current state", "| Stockholm | 2021 | 1,371 |", `*Source: ${SOURCE}, data release the NPS base data (loaded at start)*`, "Target: Decrease to 685", "### Actions", "### Stances", "Reason: Kräver fler utbildningsplatser."]);
  });

  it("CSV has one row per goal statement and per action, with a BOM, semicolons and defused formulas", async () => {
    const w = await buildWorld();
    await buildGoalStatement(w.second.id, { text: "=HYPERLINK(\"http://evil\")" });
    const csv = String((await exportGoalSetFile(w.facilitator, w.dialogueId, { ...draft, format: "csv" })).body);
    expect(csv.startsWith("\uFEFFDrivkraft;Typ;Text;")).toBe(true);
    const lines = csv.slice(1).trimEnd().split("\r\n");
    expect(lines).toHaveLength(1 + 3 + 1);
    expect(lines[1]).toMatch(/^Beroende av hyrpersonal;Målsättning;Hyrsjuksköterskorna i Stockholm halveras\.;.*;Stockholm;685;2030;Minska;gap kvar;686;/);
    expect(lines[2]).toMatch(/^Beroende av hyrpersonal;Åtgärd;Gemensam introduktion för nyexaminerade\.;(;){11}Kort sikt;Regional;Kräver samverkan;/);
    expect(lines[4]).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it("user text that looks like markup stays text in Markdown", async () => {
    const w = await buildWorld();
    await buildGoalStatement(w.second.id, { text: `<img src=x onerror=alert(1)> **fet** [länk](javascript:alert(1)) ${uniqueToken()}` });
    const markdown = String((await exportGoalSetFile(w.facilitator, w.dialogueId, { ...draft, format: "markdown" })).body);
    expect(markdown).toContain("&lt;img src=x onerror=alert(1)> \\*\\*fet\\*\\* \\[länk\\](javascript:alert(1))");
    expect(markdown).not.toContain("<img");
  });
});

function expectInOrder(haystack: string, needles: string[]) {
  let from = 0;
  for (const needle of needles) {
    const at = haystack.indexOf(needle, from);
    expect(at, `"${needle}" after position ${from}`).toBeGreaterThanOrEqual(0);
    from = at + needle.length;
  }
}
