import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDialogueSchema, updateDialogueSchema } from "@/lib/model/dialogue";
import { createDriverSchema, moveDriverSchema } from "@/lib/model/driver";
import {
  addGapActionSchema,
  addGoalStatementSchema,
  saveDriverTextSchema,
  setDriverIndicatorsSchema,
  updateGoalStatementSchema,
} from "@/lib/model/driver-content";
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

describe("goal statement target: all or nothing", () => {
  const statement = { dialogueId, driverId, text: "Fler specialistsjuksköterskor" };
  const fullTarget = {
    targetIndicatorId: "nurses-per-100k",
    targetValue: "1,5",
    targetYear: "2030",
    targetDirection: "increase",
  };

  it("accepts a statement without a target, reading blank form fields as absent", () => {
    const parsed = addGoalStatementSchema.parse({
      ...statement,
      targetIndicatorId: "",
      targetValue: "",
      targetYear: "",
      targetDirection: "",
      targetRegionCode: "",
    });
    expect(parsed.targetIndicatorId).toBeUndefined();
    expect(parsed.targetValue).toBeUndefined();
    expect(parsed.targetYear).toBeUndefined();
    expect(parsed.targetDirection).toBeUndefined();
    expect(parsed.targetRegionCode).toBeUndefined();
  });

  it("accepts a complete target, reading the Swedish decimal comma", () => {
    const parsed = addGoalStatementSchema.parse({ ...statement, ...fullTarget, targetRegionCode: "01" });
    expect(parsed).toMatchObject({
      targetIndicatorId: "nurses-per-100k",
      targetValue: 1.5,
      targetYear: 2030,
      targetDirection: "increase",
      targetRegionCode: "01",
    });
  });

  const targetFields = ["targetIndicatorId", "targetValue", "targetYear", "targetDirection"] as const;

  it.each(targetFields)("with only %s given, marks each of the three missing fields targetIncomplete", (given) => {
    const errors = fieldErrorsOf(addGoalStatementSchema, { ...statement, [given]: fullTarget[given] });
    const missing = targetFields.filter((field) => field !== given);
    expect(errors).toEqual(Object.fromEntries(missing.map((field) => [field, { key: "targetIncomplete" }])));
  });

  it.each(targetFields)("with only %s missing, marks that field alone", (missingField) => {
    const partial: Record<string, string> = { ...fullTarget };
    delete partial[missingField];
    expect(fieldErrorsOf(updateGoalStatementSchema, { ...statement, statementId: randomUUID(), ...partial })).toEqual({
      [missingField]: { key: "targetIncomplete" },
    });
  });

  it("reports a target year out of range as tooSmall or tooBig, not as notNumber", () => {
    expect(fieldErrorsOf(addGoalStatementSchema, { ...statement, ...fullTarget, targetYear: "1999" })).toEqual({
      targetYear: { key: "tooSmall", params: { min: 2000 } },
    });
    expect(fieldErrorsOf(addGoalStatementSchema, { ...statement, ...fullTarget, targetYear: "2101" })).toEqual({
      targetYear: { key: "tooBig", params: { max: 2100 } },
    });
    expect(fieldErrorsOf(addGoalStatementSchema, { ...statement, ...fullTarget, targetYear: "år" })).toEqual({
      targetYear: { key: "notNumber" },
    });
  });

  it("requires the text even with a complete target", () => {
    expect(fieldErrorsOf(addGoalStatementSchema, { ...statement, ...fullTarget, text: " " })).toEqual({
      text: { key: "required" },
    });
  });
});

describe("gap action organisations", () => {
  const action = {
    dialogueId,
    driverId,
    text: "Gemensam introduktion för nya sjuksköterskor",
    horizon: "short",
    level: "regional",
    control: "collaboration",
  };

  it("accepts distinct responsible and collaborating organisations", () => {
    const parsed = addGapActionSchema.parse({
      ...action,
      responsibleOrganisationIds: [randomUUID()],
      collaboratingOrganisationIds: [randomUUID(), randomUUID()],
    });
    expect(parsed.collaboratingOrganisationIds).toHaveLength(2);
  });

  it("rejects an organisation listed both as responsible and as collaborating", () => {
    const shared = randomUUID();
    expect(
      fieldErrorsOf(addGapActionSchema, {
        ...action,
        responsibleOrganisationIds: [shared],
        collaboratingOrganisationIds: [randomUUID(), shared],
      }),
    ).toEqual({ collaboratingOrganisationIds: { key: "duplicate" } });
  });

  it("rejects malformed organisation ids at their index", () => {
    expect(
      fieldErrorsOf(addGapActionSchema, { ...action, responsibleOrganisationIds: ["x"], collaboratingOrganisationIds: [] }),
    ).toEqual({ "responsibleOrganisationIds.0": { key: "invalid" } });
  });
});

describe("saveDriverTextSchema and setDriverIndicatorsSchema", () => {
  it("parses a document sent as a JSON string from a form", () => {
    const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Hej" }] }] };
    expect(saveDriverTextSchema.parse({ dialogueId, driverId, part: "gap", doc: JSON.stringify(doc) }).doc).toEqual(doc);
  });

  it("rejects a document that is not JSON", () => {
    expect(fieldErrorsOf(saveDriverTextSchema, { dialogueId, driverId, part: "gap", doc: "{not json" })).toEqual({
      doc: { key: "required" },
    });
  });

  it("links indicators only to nuläge and förväntad framtid", () => {
    expect(fieldErrorsOf(setDriverIndicatorsSchema, { dialogueId, driverId, part: "gap", indicatorIds: [] })).toEqual({
      part: { key: "invalidChoice" },
    });
  });
});
