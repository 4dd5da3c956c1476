/**
 * Saved composite indexes (issue 5, seed 003 Bilaga 3) against a real database. The refusals every
 * service gets (outsiders, other dialogues, foreign and malformed IDs, roles below the minimum,
 * invalid input from outsiders) run from tests/integration/services.test.ts's table; here, negatives
 * first again: the roles that may read but not build, then validation that writes nothing, then
 * what saving, changing, deleting and computing do.
 */
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { compositeIndexes, dialogues, type User } from "@/db/schema";
import {
  createCompositeIndex,
  deleteCompositeIndex,
  getCompositeIndexResult,
  listCompositeIndexes,
  listScorableIndicators,
  updateCompositeIndex,
} from "@/lib/server/services/composite-indexes";
import { commitIndicatorImport } from "@/lib/server/services/indicator-import";
import { actorOf, buildCompositeIndex, buildDialogue, buildIndicator, buildMember, uniqueToken } from "../factories";
import { expectAppError } from "../setup/assertions";

const snakeId = (prefix: string) => `${prefix}_${uniqueToken().replaceAll("-", "_")}`;

interface World {
  dialogueId: string;
  otherDialogueId: string;
  facilitator: User;
  participant: User;
  observer: User;
  otherFacilitator: User;
  /** Public indicators with county figures: higher is better (2022 and 2023), lower is better (2023). */
  higher: string;
  lower: string;
  /** Public, but neutral: no better end to score towards. */
  neutral: string;
  /** Public, higher is better, but only riket has a figure. */
  riketOnly: string;
  /** Defined by an import into the other dialogue: this dialogue does not see it. */
  foreignOwned: string;
  /** Defined by an import into this dialogue, with one county figure. */
  ownDefined: string;
}

let world: World;

const figure = (regionCode: string, regionLabel: string, period: string, value: number | null) => ({
  regionCode,
  regionLabel,
  period,
  value,
  unit: "%",
  source: "Källa: test",
  sourceRef: "t",
});

beforeEach(async () => {
  const { dialogue, facilitator } = await buildDialogue();
  const other = await buildDialogue();
  const ids = {
    higher: snakeId("t_higher"),
    lower: snakeId("t_lower"),
    neutral: snakeId("t_neutral"),
    riketOnly: snakeId("t_riket"),
    foreignOwned: snakeId("t_foreign"),
    ownDefined: snakeId("t_own"),
  };
  // Stockholm 0, Uppsala 100, Norrbotten 50 on the higher one in 2023 (2022 is older and ignored).
  await buildIndicator({ id: ids.higher, unit: "%", direction: "higher_is_better" }, [
    figure("01", "Stockholm", "2023", 10),
    figure("03", "Uppsala", "2023", 20),
    figure("25", "Norrbotten", "2023", 15),
    figure("01", "Stockholm", "2022", 99),
    figure("00", "Riket", "2023", 14),
  ]);
  // Stockholm 0, Uppsala 100 (lower is better); Norrbotten suppressed: missing, not 0.
  await buildIndicator({ id: ids.lower, unit: "%", direction: "lower_is_better" }, [
    figure("01", "Stockholm", "2023", 2),
    figure("03", "Uppsala", "2023", 1),
    figure("25", "Norrbotten", "2023", null),
  ]);
  await buildIndicator({ id: ids.neutral, unit: "%", direction: "neutral" }, [figure("01", "Stockholm", "2023", 5), figure("03", "Uppsala", "2023", 6)]);
  await buildIndicator({ id: ids.riketOnly, unit: "%", direction: "higher_is_better" }, [figure("00", "Riket", "2023", 5)]);
  await buildIndicator({ id: ids.foreignOwned, unit: "%", dialogueId: other.dialogue.id }, [figure("01", "Stockholm", "2023", 5)]);
  await buildIndicator({ id: ids.ownDefined, unit: "%", dialogueId: dialogue.id }, [{ ...figure("03", "Uppsala", "2023", 5), dialogueId: dialogue.id }]);
  world = {
    dialogueId: dialogue.id,
    otherDialogueId: other.dialogue.id,
    facilitator,
    participant: (await buildMember(dialogue.id, { role: "participant" })).user,
    observer: (await buildMember(dialogue.id, { role: "observer" })).user,
    otherFacilitator: other.facilitator,
    ...ids,
  };
});

const input = (overrides: Record<string, unknown> = {}) => ({
  dialogueId: world.dialogueId,
  name: "  Tillgång till vård  ",
  aspects: [
    { name: " Bemanning ", indicatorIds: [world.higher, world.higher] },
    { name: "Villkor", indicatorIds: [world.lower] },
  ],
  ...overrides,
});

/** Every stored index of both dialogues, oldest first: what a refused call must leave as it was. */
async function storedIndexes() {
  return getDb()
    .select()
    .from(compositeIndexes)
    .where(inArray(compositeIndexes.dialogueId, [world.dialogueId, world.otherDialogueId]))
    .orderBy(compositeIndexes.createdAt, compositeIndexes.id);
}

describe("who builds a composite index", () => {
  it("is the facilitator: a participant and an observer may list and open indexes, and are refused creating, changing and deleting, changing nothing", async () => {
    const saved = await buildCompositeIndex(world.dialogueId, { name: "Befintligt", aspects: [{ name: "A", indicatorIds: [world.higher] }] });
    const before = await storedIndexes();
    for (const user of [world.participant, world.observer]) {
      const actor = actorOf(user);
      await expectAppError(createCompositeIndex(actor, input()), "forbidden");
      await expectAppError(updateCompositeIndex(actor, input({ indexId: saved.id, name: "Omdöpt" })), "forbidden");
      await expectAppError(deleteCompositeIndex(actor, { dialogueId: world.dialogueId, indexId: saved.id }), "forbidden");
      // Refused before validation: invalid input from them is "forbidden" too, not a list of field errors.
      await expectAppError(createCompositeIndex(actor, input({ name: "", aspects: [] })), "forbidden");

      const list = await listCompositeIndexes(actor, world.dialogueId);
      expect(list.canManage).toBe(false);
      expect(list.indexes.map((index) => index.name)).toEqual(["Befintligt"]);
      const result = await getCompositeIndexResult(actor, world.dialogueId, saved.id);
      expect({ name: result.index.name, canManage: result.canManage }).toEqual({ name: "Befintligt", canManage: false });
    }
    expect(await storedIndexes()).toEqual(before);
    expect((await listCompositeIndexes(actorOf(world.facilitator), world.dialogueId)).canManage).toBe(true);
  });

  it("is the facilitator of this dialogue only: another dialogue's facilitator cannot save into it, open or delete its indexes", async () => {
    const saved = await buildCompositeIndex(world.dialogueId);
    const before = await storedIndexes();
    const stranger = actorOf(world.otherFacilitator);
    await expectAppError(createCompositeIndex(stranger, input()), "not_found");
    await expectAppError(getCompositeIndexResult(stranger, world.otherDialogueId, saved.id), "not_found");
    await expectAppError(deleteCompositeIndex(stranger, { dialogueId: world.otherDialogueId, indexId: saved.id }), "not_found");
    await expectAppError(updateCompositeIndex(stranger, input({ dialogueId: world.otherDialogueId, indexId: saved.id })), "not_found");
    expect(await storedIndexes()).toEqual(before);
  });
});

describe("validation", () => {
  it("reports each invalid field of a new index with its key and writes nothing", async () => {
    const before = await storedIndexes();
    await expectAppError(
      createCompositeIndex(actorOf(world.facilitator), input({ name: "x".repeat(121), aspects: [{ name: "", indicatorIds: [] }] })),
      "invalid_input",
      {
        name: { key: "tooLong", params: { max: 120 } },
        "aspects.0.name": { key: "required" },
        "aspects.0.indicatorIds": { key: "chooseAtLeastOne" },
      },
    );
    const six = Array.from({ length: 6 }, (_, n) => ({ name: `Aspekt ${n}`, indicatorIds: [`${world.higher}_${n}`] }));
    await expectAppError(createCompositeIndex(actorOf(world.facilitator), input({ aspects: six })), "invalid_input", {
      aspects: { key: "tooManyChoices", params: { max: 5 } },
    });
    await expectAppError(
      createCompositeIndex(
        actorOf(world.facilitator),
        input({ aspects: [{ name: "A", indicatorIds: Array.from({ length: 21 }, (_, n) => `${world.higher}_${n}`) }] }),
      ),
      "invalid_input",
      { "aspects.0.indicatorIds": { key: "tooManyChoices", params: { max: 20 } } },
    );
    expect(await storedIndexes()).toEqual(before);
  });

  it("refuses indicators the dialogue cannot score (unknown, neutral, another dialogue's own) at each aspect naming one, and writes nothing", async () => {
    const before = await storedIndexes();
    await expectAppError(
      createCompositeIndex(
        actorOf(world.facilitator),
        input({
          aspects: [
            { name: "Okänd", indicatorIds: [world.higher, `unknown_${randomUUID()}`] },
            { name: "Neutral", indicatorIds: [world.neutral] },
            { name: "Främmande", indicatorIds: [world.foreignOwned] },
            { name: "Giltig", indicatorIds: [world.lower, world.ownDefined] },
          ],
        }),
      ),
      "invalid_input",
      {
        "aspects.0.indicatorIds": { key: "invalidChoice" },
        "aspects.1.indicatorIds": { key: "invalidChoice" },
        "aspects.2.indicatorIds": { key: "invalidChoice" },
      },
    );
    expect(await storedIndexes()).toEqual(before);
  });

  it("keeps names unique in the dialogue whatever their case, on creating and on renaming; another dialogue may use the name", async () => {
    const facilitator = actorOf(world.facilitator);
    const first = await createCompositeIndex(facilitator, input({ name: "Tillgång" }));
    const second = await createCompositeIndex(facilitator, input({ name: "Kontinuitet" }));
    const before = await storedIndexes();
    await expectAppError(createCompositeIndex(facilitator, input({ name: " TILLGÅNG " })), "invalid_input", { name: { key: "nameTaken" } });
    await expectAppError(updateCompositeIndex(facilitator, input({ indexId: second.id, name: "tillgång" })), "invalid_input", {
      name: { key: "nameTaken" },
    });
    expect(await storedIndexes()).toEqual(before);
    // Its own name, recased, is no clash.
    expect(await updateCompositeIndex(facilitator, input({ indexId: first.id, name: "TILLGÅNG" }))).toEqual({ id: first.id, name: "TILLGÅNG" });
    await createCompositeIndex(actorOf(world.otherFacilitator), { ...input({ name: "Tillgång" }), dialogueId: world.otherDialogueId, aspects: [{ name: "A", indicatorIds: [world.higher] }] });
  });

  it("lets one of two facilitators saving the same name at once win; the other gets nameTaken", async () => {
    const second = await buildMember(world.dialogueId, { role: "facilitator" });
    const outcomes = await Promise.allSettled([
      createCompositeIndex(actorOf(world.facilitator), input({ name: "Samtidigt" })),
      createCompositeIndex(actorOf(second.user), input({ name: "Samtidigt" })),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "invalid_input", fieldErrors: { name: { key: "nameTaken" } } });
    expect((await storedIndexes()).filter((index) => index.name === "Samtidigt")).toHaveLength(1);
  });

  it("an invalid change leaves the index exactly as it was", async () => {
    const { id } = await createCompositeIndex(actorOf(world.facilitator), input());
    const before = await storedIndexes();
    await expectAppError(
      updateCompositeIndex(actorOf(world.facilitator), input({ indexId: id, aspects: [{ name: "A", indicatorIds: [world.higher] }, { name: "B", indicatorIds: [world.higher] }] })),
      "invalid_input",
      { "aspects.1.indicatorIds": { key: "indicatorRepeated" } },
    );
    await expectAppError(updateCompositeIndex(actorOf(world.facilitator), input({ indexId: id, aspects: [{ name: "A", indicatorIds: [world.neutral] }] })), "invalid_input", {
      "aspects.0.indicatorIds": { key: "invalidChoice" },
    });
    expect(await storedIndexes()).toEqual(before);
  });
});

describe("saving, changing and deleting", () => {
  it("stores the trimmed name and aspects (each indicator once) and who made it, and lists indexes by Swedish name", async () => {
    const { id, name } = await createCompositeIndex(actorOf(world.facilitator), input());
    expect(name).toBe("Tillgång till vård");
    const [stored] = await getDb().select().from(compositeIndexes).where(eq(compositeIndexes.id, id));
    expect(stored).toMatchObject({
      dialogueId: world.dialogueId,
      name: "Tillgång till vård",
      aspects: [
        { name: "Bemanning", indicatorIds: [world.higher] },
        { name: "Villkor", indicatorIds: [world.lower] },
      ],
      createdBy: world.facilitator.id,
    });
    for (const other of ["Östra", "Ärlig", "Zeta", "Åtgärd", "alfa"]) {
      await createCompositeIndex(actorOf(world.facilitator), input({ name: other }));
    }
    const list = await listCompositeIndexes(actorOf(world.observer), world.dialogueId);
    expect(list.indexes.map((index) => index.name)).toEqual(["alfa", "Tillgång till vård", "Zeta", "Åtgärd", "Ärlig", "Östra"]);
    expect(list.indexes[1]).toEqual({ id, name: "Tillgång till vård", aspects: stored!.aspects, updatedAt: stored!.updatedAt });
  });

  it("a change renames the index and replaces its aspects in one go", async () => {
    const { id } = await createCompositeIndex(actorOf(world.facilitator), input());
    const [before] = await getDb().select().from(compositeIndexes).where(eq(compositeIndexes.id, id));
    const changed = { name: "Primärvård", aspects: [{ name: "Allt", indicatorIds: [world.lower, world.ownDefined] }] };
    expect(await updateCompositeIndex(actorOf(world.facilitator), input({ indexId: id, ...changed }))).toEqual({ id, name: "Primärvård" });
    const [after] = await getDb().select().from(compositeIndexes).where(eq(compositeIndexes.id, id));
    expect(after).toMatchObject({ ...changed, createdBy: world.facilitator.id, createdAt: before!.createdAt });
    expect(after!.updatedAt.getTime()).toBeGreaterThanOrEqual(before!.updatedAt.getTime());
  });

  it("deleting removes that index only; deleting it again is not_found", async () => {
    const { id } = await createCompositeIndex(actorOf(world.facilitator), input());
    const kept = await createCompositeIndex(actorOf(world.facilitator), input({ name: "Behålls" }));
    const elsewhere = await buildCompositeIndex(world.otherDialogueId);
    await deleteCompositeIndex(actorOf(world.facilitator), { dialogueId: world.dialogueId, indexId: id });
    expect((await storedIndexes()).map((index) => index.id).sort()).toEqual([kept.id, elsewhere.id].sort());
    await expectAppError(deleteCompositeIndex(actorOf(world.facilitator), { dialogueId: world.dialogueId, indexId: id }), "not_found");
    await expectAppError(getCompositeIndexResult(actorOf(world.facilitator), world.dialogueId, id), "not_found");
  });

  it("goes with its dialogue", async () => {
    await createCompositeIndex(actorOf(world.facilitator), input());
    await getDb().delete(dialogues).where(eq(dialogues.id, world.dialogueId));
    expect((await storedIndexes()).filter((index) => index.dialogueId === world.dialogueId)).toEqual([]);
  });
});

describe("computing a saved index (Bilaga 3)", () => {
  it("normalises each indicator across the regions (inverted where lower is better), weighs equally, ranks best first, and leaves a region without figures unranked and missing, not 0", async () => {
    const { id } = await createCompositeIndex(actorOf(world.facilitator), input());
    const result = await getCompositeIndexResult(actorOf(world.participant), world.dialogueId, id);
    expect(result.aspects.map((aspect) => ({ name: aspect.name, ids: aspect.indicators.map((indicator) => [indicator.id, indicator.period]) }))).toEqual([
      { name: "Bemanning", ids: [[world.higher, "2023"]] },
      { name: "Villkor", ids: [[world.lower, "2023"]] },
    ]);
    expect(result.rows).toHaveLength(21);
    // Uppsala (100, 100) → 100; Norrbotten (50, missing) → 50; Stockholm (0, 0) → 0.
    expect(result.rows.slice(0, 3)).toEqual([
      { regionCode: "03", rank: 1, index: 100, aspectScores: [100, 100] },
      { regionCode: "25", rank: 2, index: 50, aspectScores: [50, null] },
      { regionCode: "01", rank: 3, index: 0, aspectScores: [0, 0] },
    ]);
    expect(result.rows.slice(3).every((row) => row.rank === null && row.index === null && row.aspectScores.every((score) => score === null))).toBe(true);
    expect(result.rows.map((row) => row.regionCode)).not.toContain("00");
  });

  it("says why a chosen indicator does not count, and an aspect with nothing to score is missing for every region", async () => {
    const unknown = `unknown_${randomUUID()}`;
    // Written directly: the services refuse such indicators, but a definition can outlive them.
    const saved = await buildCompositeIndex(world.dialogueId, {
      aspects: [
        { name: "Blandat", indicatorIds: [world.higher, world.neutral, unknown, world.foreignOwned] },
        { name: "Tomt", indicatorIds: [world.riketOnly] },
      ],
    });
    const result = await getCompositeIndexResult(actorOf(world.observer), world.dialogueId, saved.id);
    expect(result.aspects[0]!.indicators.map((indicator) => indicator.id)).toEqual([world.higher]);
    expect(result.aspects[0]!.leftOut.map(({ id, reason }) => [id, reason])).toEqual([
      [world.neutral, "neutral"],
      [unknown, "unknown"],
      [world.foreignOwned, "unknown"],
    ]);
    expect(result.aspects[1]).toMatchObject({ indicators: [], leftOut: [{ id: world.riketOnly, reason: "noCountyValues" }] });
    expect(result.rows.every((row) => row.aspectScores[1] === null)).toBe(true);
    // The index is the first aspect alone.
    expect(result.rows.slice(0, 3).map((row) => [row.regionCode, row.index])).toEqual([
      ["03", 100],
      ["25", 50],
      ["01", 0],
    ]);
  });

  it("follows the dialogue's newest data release at once, and another dialogue's release changes nothing", async () => {
    const here = await createCompositeIndex(actorOf(world.facilitator), input({ aspects: [{ name: "A", indicatorIds: [world.higher] }] }));
    const there = await createCompositeIndex(actorOf(world.otherFacilitator), {
      dialogueId: world.otherDialogueId,
      name: "Där",
      aspects: [{ name: "A", indicatorIds: [world.higher] }],
    });
    const csv = `indicator_id,region_code,period,value,unit,source\n${world.higher},01,2023,25,%,Källa: ny release`;
    const report = await commitIndicatorImport(actorOf(world.facilitator), { dialogueId: world.dialogueId, fileName: "ny.csv", bytes: new TextEncoder().encode(csv) });
    expect(report.issues).toEqual([]);
    // Stockholm now 25, the best here (100); Uppsala 20 → 50; Norrbotten 15, now the worst → 0.
    const mine = await getCompositeIndexResult(actorOf(world.facilitator), world.dialogueId, here.id);
    expect(mine.rows.slice(0, 3).map((row) => [row.regionCode, row.index])).toEqual([
      ["01", 100],
      ["03", 50],
      ["25", 0],
    ]);
    const theirs = await getCompositeIndexResult(actorOf(world.otherFacilitator), world.otherDialogueId, there.id);
    expect(theirs.rows.slice(0, 3).map((row) => [row.regionCode, row.index])).toEqual([
      ["03", 100],
      ["25", 50],
      ["01", 0],
    ]);
  });
});

describe("listScorableIndicators", () => {
  it("offers the dialogue's indicators that have a better direction, saying which have county figures", async () => {
    const options = await listScorableIndicators(actorOf(world.observer), world.dialogueId);
    const mine = new Map(options.map((option) => [option.id, option]));
    expect(mine.get(world.higher)).toMatchObject({ direction: "higher_is_better", hasCountyValues: true, unit: "%" });
    expect(mine.get(world.lower)).toMatchObject({ direction: "lower_is_better", hasCountyValues: true });
    expect(mine.get(world.riketOnly)).toMatchObject({ hasCountyValues: false });
    expect(mine.get(world.ownDefined)).toMatchObject({ hasCountyValues: true });
    expect(mine.has(world.neutral)).toBe(false);
    expect(mine.has(world.foreignOwned)).toBe(false);
  });
});
