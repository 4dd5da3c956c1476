import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDialogueSchema, updateDialogueSchema } from "@/lib/model/dialogue";
import { createDriverSchema, moveDriverSchema } from "@/lib/model/driver";
import { goalTargetSchema, setDriverIndicatorsSchema } from "@/lib/model/driver-content";
import { fieldErrorsOf } from "./helpers";


const dialogueId = randomUUID();
const driverId = randomUUID();

describe("createDialogueSchema and updateDialogueSchema", () => {
  const validDialogue = {
    organisationId: randomUUID(),
    planningQuestion: "  Hur säkrar vi kompetensen i primärvården?  ",
    regionCodes: ["01", "00"],
    horizonFrom: "2025",
    horizonTo: "2035",
    status: "draft",
  };

  it("accepts a valid dialogue, trimming text, coercing years and defaulting the description", () => {
    expect(createDialogueSchema.parse(validDialogue)).toEqual({
      organisationId: validDialogue.organisationId,
      planningQuestion: "Hur säkrar vi kompetensen i primärvården?",
      description: "",
      regionCodes: ["01", "00"],
      horizonFrom: 2025,
      horizonTo: 2035,
      status: "draft",
    });
  });

  it("accepts a horizon of a single year", () => {
    expect(createDialogueSchema.parse({ ...validDialogue, horizonTo: "2025" }).horizonTo).toBe(2025);
  });

  it("reports a horizon that ends before it starts at horizonTo", () => {
    expect(fieldErrorsOf(createDialogueSchema, { ...validDialogue, horizonFrom: 2035, horizonTo: 2030 })).toEqual({
      horizonTo: { key: "horizonOrder" },
    });
    expect(
      fieldErrorsOf(updateDialogueSchema, { ...validDialogue, dialogueId, horizonFrom: 2035, horizonTo: 2030 }),
    ).toEqual({ horizonTo: { key: "horizonOrder" } });
  });

  it("reports every broken field with its own key", () => {
    expect(
      fieldErrorsOf(createDialogueSchema, {
        organisationId: "nope",
        planningQuestion: " ",
        regionCodes: ["99"],
        horizonFrom: "1999",
        horizonTo: "20x0",
        status: "archived",
      }),
    ).toEqual({
      organisationId: { key: "invalid" },
      planningQuestion: { key: "required" },
      "regionCodes.0": { key: "invalidChoice" },
      horizonFrom: { key: "tooSmall", params: { min: 2000 } },
      horizonTo: { key: "notNumber" },
      status: { key: "invalidChoice" },
    });
  });

  it("rejects a year that is not whole", () => {
    expect(fieldErrorsOf(createDialogueSchema, { ...validDialogue, horizonTo: "2030.5" })).toEqual({
      horizonTo: { key: "notInteger" },
    });
  });
});

describe("driver schemas", () => {
  it("accepts a driver and rejects unknown care areas by index", () => {
    const driver = {
      dialogueId,
      title: "Åldrande befolkning",
      whoClass: "predictable",
      careAreas: ["sjukvard"],
      changePerspectives: [],
    };
    expect(createDriverSchema.parse(driver).description).toBe("");
    expect(fieldErrorsOf(createDriverSchema, { ...driver, careAreas: ["sjukvard", "tandvard"] })).toEqual({
      "careAreas.1": { key: "invalidChoice" },
    });
  });

  it("only moves up or down", () => {
    expect(fieldErrorsOf(moveDriverSchema, { dialogueId, driverId, direction: "left" })).toEqual({
      direction: { key: "invalidChoice" },
    });
  });
});

describe("goal target: all or nothing", () => {
  const fullTarget = {
    targetIndicatorId: "nurses-per-100k",
    targetValue: "1,5",
    targetYear: "2030",
    targetDirection: "increase",
  };

  it("reads blank form fields as no target", () => {
    const parsed = goalTargetSchema.parse({
      targetIndicatorId: "",
      targetValue: "",
      targetYear: "",
      targetDirection: "",
      targetRegionCode: "",
    });
    expect(parsed).toEqual({});
  });

  it("accepts a complete target, reading the Swedish decimal comma", () => {
    const parsed = goalTargetSchema.parse({ ...fullTarget, targetRegionCode: "01" });
    expect(parsed).toEqual({
      targetIndicatorId: "nurses-per-100k",
      targetValue: 1.5,
      targetYear: 2030,
      targetDirection: "increase",
      targetRegionCode: "01",
    });
  });

  const targetFields = ["targetIndicatorId", "targetValue", "targetYear", "targetDirection"] as const;

  it.each(targetFields)("with only %s given, marks each of the three missing fields targetIncomplete", (given) => {
    const errors = fieldErrorsOf(goalTargetSchema, { [given]: fullTarget[given] });
    const missing = targetFields.filter((field) => field !== given);
    expect(errors).toEqual(Object.fromEntries(missing.map((field) => [field, { key: "targetIncomplete" }])));
  });

  it.each(targetFields)("with only %s missing, marks that field alone", (missingField) => {
    const partial: Record<string, string> = { ...fullTarget };
    delete partial[missingField];
    expect(fieldErrorsOf(goalTargetSchema, partial)).toEqual({ [missingField]: { key: "targetIncomplete" } });
  });

  it("reports a target year out of range as tooSmall or tooBig, not as notNumber", () => {
    expect(fieldErrorsOf(goalTargetSchema, { ...fullTarget, targetYear: "1999" })).toEqual({
      targetYear: { key: "tooSmall", params: { min: 2000 } },
    });
    expect(fieldErrorsOf(goalTargetSchema, { ...fullTarget, targetYear: "2101" })).toEqual({
      targetYear: { key: "tooBig", params: { max: 2100 } },
    });
    expect(fieldErrorsOf(goalTargetSchema, { ...fullTarget, targetYear: "år" })).toEqual({
      targetYear: { key: "notNumber" },
    });
  });

  it("rejects a value that is not a number and a region outside the list", () => {
    expect(fieldErrorsOf(goalTargetSchema, { ...fullTarget, targetValue: "mycket", targetRegionCode: "99" })).toEqual({
      targetValue: { key: "notNumber" },
      targetRegionCode: { key: "invalidChoice" },
    });
  });
});

describe("setDriverIndicatorsSchema", () => {
  it("links indicators only to nuläge and förväntad framtid", () => {
    expect(fieldErrorsOf(setDriverIndicatorsSchema, { dialogueId, driverId, part: "gap", indicatorIds: [] })).toEqual({
      part: { key: "invalidChoice" },
    });
  });
});
