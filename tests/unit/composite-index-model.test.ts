/**
 * The saved composite index's inputs (lib/model/composite-index.ts): what the form sends, read into
 * aspects, and every rule the schema enforces, each reported at its field with its own key.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  COMPOSITE_INDEX_LIMITS,
  compositeIndexInputFromForm,
  createCompositeIndexSchema,
  deleteCompositeIndexSchema,
  updateCompositeIndexSchema,
} from "@/lib/model/composite-index";
import { parseInput } from "@/lib/validation";
import { fieldErrorsOf } from "./helpers";

const dialogueId = randomUUID();
const indexId = randomUUID();

const valid = {
  dialogueId,
  name: "  Tillgång till primärvård  ",
  aspects: [
    { name: " Bemanning ", indicatorIds: ["t5_gp_pc_count", "t5_inhab_per_gp_pc"] },
    { name: "Arbetsvillkor", indicatorIds: ["fulltime_share_specialised_somatic_care"] },
  ],
};

const ids = (count: number) => Array.from({ length: count }, (_, n) => `indicator_${n}`);

describe("createCompositeIndexSchema", () => {
  it("accepts a valid index, trimming the names", () => {
    expect(parseInput(createCompositeIndexSchema, valid)).toEqual({
      dialogueId,
      name: "Tillgång till primärvård",
      aspects: [
        { name: "Bemanning", indicatorIds: ["t5_gp_pc_count", "t5_inhab_per_gp_pc"] },
        { name: "Arbetsvillkor", indicatorIds: ["fulltime_share_specialised_somatic_care"] },
      ],
    });
  });

  it("counts an indicator ticked twice in one aspect once, and ignores empty values", () => {
    const parsed = parseInput(createCompositeIndexSchema, { ...valid, aspects: [{ name: "A", indicatorIds: ["x", "", "y", "x"] }] });
    expect(parsed.aspects).toEqual([{ name: "A", indicatorIds: ["x", "y"] }]);
  });

  it("requires a name of 1–120 characters", () => {
    expect(fieldErrorsOf(createCompositeIndexSchema, { ...valid, name: "   " })).toEqual({ name: { key: "required" } });
    expect(fieldErrorsOf(createCompositeIndexSchema, { ...valid, name: "x".repeat(121) })).toEqual({ name: { key: "tooLong", params: { max: 120 } } });
    expect(parseInput(createCompositeIndexSchema, { ...valid, name: "x".repeat(120) }).name).toHaveLength(120);
  });

  it("requires one to five aspects", () => {
    expect(fieldErrorsOf(createCompositeIndexSchema, { ...valid, aspects: [] })).toEqual({ aspects: { key: "chooseAtLeastOne" } });
    const six = Array.from({ length: 6 }, (_, n) => ({ name: `Aspekt ${n}`, indicatorIds: [`indicator_${n}`] }));
    expect(fieldErrorsOf(createCompositeIndexSchema, { ...valid, aspects: six })).toEqual({ aspects: { key: "tooManyChoices", params: { max: 5 } } });
    expect(parseInput(createCompositeIndexSchema, { ...valid, aspects: six.slice(0, 5) }).aspects).toHaveLength(COMPOSITE_INDEX_LIMITS.aspects);
  });

  it("requires a name and one to twenty indicators in each aspect, at that aspect's fields", () => {
    expect(
      fieldErrorsOf(createCompositeIndexSchema, {
        ...valid,
        aspects: [
          { name: "Bemanning", indicatorIds: ["a"] },
          { name: " ", indicatorIds: [] },
          { name: "Många", indicatorIds: ids(21) },
        ],
      }),
    ).toEqual({
      "aspects.1.name": { key: "required" },
      "aspects.1.indicatorIds": { key: "chooseAtLeastOne" },
      "aspects.2.indicatorIds": { key: "tooManyChoices", params: { max: 20 } },
    });
    expect(parseInput(createCompositeIndexSchema, { ...valid, aspects: [{ name: "Tjugo", indicatorIds: ids(20) }] }).aspects[0]!.indicatorIds).toHaveLength(20);
  });

  it("refuses two aspects with the same name (whatever the case) at the later one", () => {
    expect(
      fieldErrorsOf(createCompositeIndexSchema, {
        ...valid,
        aspects: [
          { name: "Bemanning", indicatorIds: ["a"] },
          { name: "bemanning", indicatorIds: ["b"] },
        ],
      }),
    ).toEqual({ "aspects.1.name": { key: "nameTaken" } });
  });

  it("refuses an indicator in two aspects (it would weigh double) at the later aspect", () => {
    expect(
      fieldErrorsOf(createCompositeIndexSchema, {
        ...valid,
        aspects: [
          { name: "A", indicatorIds: ["a", "b"] },
          { name: "B", indicatorIds: ["c"] },
          { name: "C", indicatorIds: ["b"] },
        ],
      }),
    ).toEqual({ "aspects.2.indicatorIds": { key: "indicatorRepeated" } });
  });

  it("does not crash on malformed aspects, and reports them", () => {
    const errors = fieldErrorsOf(createCompositeIndexSchema, { ...valid, aspects: [{ name: 3, indicatorIds: "a" }, "nothing"] });
    expect(Object.keys(errors).sort()).toEqual(["aspects.0.indicatorIds", "aspects.0.name", "aspects.1"]);
  });

  it("reports a malformed dialogue id as invalid", () => {
    expect(fieldErrorsOf(createCompositeIndexSchema, { ...valid, dialogueId: "nope" })).toEqual({ dialogueId: { key: "invalid" } });
  });
});

describe("updateCompositeIndexSchema and deleteCompositeIndexSchema", () => {
  it("need the index's id as well", () => {
    expect(parseInput(updateCompositeIndexSchema, { ...valid, indexId }).indexId).toBe(indexId);
    expect(fieldErrorsOf(updateCompositeIndexSchema, { ...valid, indexId: "x" })).toEqual({ indexId: { key: "invalid" } });
    expect(parseInput(deleteCompositeIndexSchema, { dialogueId, indexId })).toEqual({ dialogueId, indexId });
    expect(fieldErrorsOf(deleteCompositeIndexSchema, { dialogueId })).toEqual({ indexId: { key: "required" } });
  });
});

describe("compositeIndexInputFromForm", () => {
  const form = (entries: [string, string][]) => {
    const formData = new FormData();
    for (const [key, value] of entries) formData.append(key, value);
    return formData;
  };

  it("reads aspects.<n>.name and repeated aspects.<n>.indicatorIds into aspects, in the order of <n>", () => {
    expect(
      compositeIndexInputFromForm(
        form([
          ["dialogueId", dialogueId],
          ["name", "Index"],
          ["aspects.1.name", "Andra"],
          ["aspects.0.name", "Första"],
          ["aspects.0.indicatorIds", "a"],
          ["aspects.1.indicatorIds", "c"],
          ["aspects.0.indicatorIds", "b"],
          ["$ACTION_ID_abc", ""],
        ]),
      ),
    ).toEqual({
      dialogueId,
      name: "Index",
      aspects: [
        { name: "Första", indicatorIds: ["a", "b"] },
        { name: "Andra", indicatorIds: ["c"] },
      ],
    });
  });

  it("gives an aspect with no ticked indicator an empty list and one without a name an empty name (so both are reported)", () => {
    const input = compositeIndexInputFromForm(form([["aspects.0.name", "Bara namn"], ["aspects.1.indicatorIds", "x"]]));
    expect(input.aspects).toEqual([
      { name: "Bara namn", indicatorIds: [] },
      { name: "", indicatorIds: ["x"] },
    ]);
    expect(fieldErrorsOf(createCompositeIndexSchema, { ...input, dialogueId, name: "Index" })).toEqual({
      "aspects.0.indicatorIds": { key: "chooseAtLeastOne" },
      "aspects.1.name": { key: "required" },
    });
  });

  it("closes gaps in the numbering and allocates nothing for a huge one", () => {
    const input = compositeIndexInputFromForm(form([["aspects.999.name", "Sist"], ["aspects.3.name", "Först"]]));
    expect(input.aspects).toEqual([
      { name: "Först", indicatorIds: [] },
      { name: "Sist", indicatorIds: [] },
    ]);
    // More than three digits is not an aspect field at all.
    expect(compositeIndexInputFromForm(form([["aspects.1000000.name", "x"]]))).toEqual({ "aspects.1000000.name": "x", aspects: [] });
  });

  it("keeps no aspects when the form sends none, which the schema then refuses", () => {
    const input = compositeIndexInputFromForm(form([["dialogueId", dialogueId], ["name", "Index"]]));
    expect(fieldErrorsOf(createCompositeIndexSchema, input)).toEqual({ aspects: { key: "chooseAtLeastOne" } });
  });
});
