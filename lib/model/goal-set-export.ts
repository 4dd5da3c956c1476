/**
 * The exported goal set (issue 8): one document per export, from which every format is rendered
 * (JSON is this document as it is; Markdown, CSV, DOCX and PDF are views of it) and from which a
 * JSON import creates a new dialogue. Its shape is versioned: `schemaVersion` changes whenever a
 * field changes meaning or is removed, and `lib/export/goal-set.schema.json` (generated from this
 * schema by `scripts/generate-export-schema.ts`, checked by a unit test) documents it for other
 * systems. Codes (classification, horizon, stance …) stay codes here; only the rendered formats
 * translate them, so the JSON reads the same in either language.
 */
import { z } from "zod";
import { GAP_STATUSES } from "../gap/gap";
import {
  ACTION_CONTROLS,
  ACTION_HORIZONS,
  ACTION_LEVELS,
  CARE_AREAS,
  CHANGE_PERSPECTIVES,
  COMMENT_ANCHOR_KINDS,
  COMMENT_TEXT_PARTS,
  INDICATOR_DIRECTIONS,
  LOCALES,
  ORGANISATION_TYPES,
  REGION_CODES,
  TARGET_DIRECTIONS,
  WHO_CLASSES,
} from "./enums";
import { richTextDocSchema } from "./rich-text";
import { STANCE_VALUES } from "./round";

export const GOAL_SET_FORMAT = "samsyn.goal-set";
export const GOAL_SET_SCHEMA_VERSION = 1;
/** What the generated JSON Schema calls itself (`$id`); the path names the version. */
export const GOAL_SET_SCHEMA_ID = "https://samsyn.se/schemas/goal-set/v1.json";

export const EXPORT_FORMATS = ["pdf", "docx", "markdown", "json", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Upper bounds that keep a hostile import file from exhausting the server before it is refused. */
export const GOAL_SET_LIMITS = {
  drivers: 200,
  itemsPerList: 500,
  indicatorsPerPart: 100,
  valuesPerIndicator: 5_000,
  organisations: 500,
  stances: 500,
  threads: 2_000,
  commentsPerThread: 1_000,
  text: 20_000,
  shortText: 500,
} as const;

const L = GOAL_SET_LIMITS;
const shortText = z.string().max(L.shortText);
const longText = z.string().max(L.text);
const isoDateTime = z.iso.datetime({ offset: true });
const finite = z.number().finite();
const regionCode = z.enum(REGION_CODES);
/** Source ids are informational (where the item came from); an import gives everything new ids. */
const sourceId = z.uuid();
const indicatorId = z.string().min(1).max(120);

/** One data release a figure rests on; `id` null: the NPS figures every installation loads at start. */
export const exportReleaseSchema = z.strictObject({
  id: z.number().int().nonnegative().nullable(),
  fileName: shortText.nullable(),
  createdAt: isoDateTime.nullable(),
});
export type ExportRelease = z.infer<typeof exportReleaseSchema>;

export const exportValueSchema = z.strictObject({
  regionCode: regionCode.nullable(),
  regionLabel: shortText,
  period: z.string().max(20).nullable(),
  value: finite.nullable(),
  unit: shortText,
  source: longText,
  releaseId: z.number().int().nonnegative().nullable(),
});
export type ExportValue = z.infer<typeof exportValueSchema>;

/** A text-valued fact (a ranking or category), shown as it is. */
export const exportFactSchema = z.strictObject({
  regionLabel: shortText,
  period: z.string().max(20).nullable(),
  value: shortText.nullable(),
  unit: shortText,
  source: longText,
});
export type ExportFact = z.infer<typeof exportFactSchema>;

export const exportProjectionSchema = z.strictObject({
  regionCode,
  baseYear: z.number().int(),
  points: z.array(z.strictObject({ year: z.number().int(), value: finite })).max(200),
  source: longText,
});
export type ExportProjection = z.infer<typeof exportProjectionSchema>;

export const exportIndicatorSchema = z.strictObject({
  id: indicatorId,
  nameSv: shortText,
  nameEn: shortText,
  unit: shortText,
  direction: z.enum(INDICATOR_DIRECTIONS),
  source: longText.nullable(),
  values: z.array(exportValueSchema).max(L.valuesPerIndicator),
  facts: z.array(exportFactSchema).max(L.valuesPerIndicator),
  projections: z.array(exportProjectionSchema).max(REGION_CODES.length),
});
export type ExportIndicator = z.infer<typeof exportIndicatorSchema>;

export const exportTargetSchema = z.strictObject({
  indicatorId,
  regionCode,
  value: finite,
  year: z.number().int(),
  direction: z.enum(TARGET_DIRECTIONS),
});
export type ExportTarget = z.infer<typeof exportTargetSchema>;

/** A target's gap as computed on the figures named (frozen for an agreed version). */
export const exportGapSchema = z.strictObject({
  status: z.enum(GAP_STATUSES),
  gap: finite.nullable(),
  unit: shortText,
  latestValue: finite.nullable(),
  period: z.string().max(20).nullable(),
  expected: finite.nullable(),
  releaseId: z.number().int().nonnegative().nullable(),
  /** The indicator's source, as the figure says "Källa: …". */
  source: longText.nullable(),
});
export type ExportGap = z.infer<typeof exportGapSchema>;

export const exportGoalSchema = z.strictObject({
  id: sourceId,
  text: longText,
  doc: richTextDocSchema,
  target: exportTargetSchema.nullable(),
  gap: exportGapSchema.nullable(),
});
export type ExportGoal = z.infer<typeof exportGoalSchema>;

const organisationRef = z.strictObject({ id: sourceId, name: shortText });

export const exportActionSchema = z.strictObject({
  id: sourceId,
  text: longText,
  doc: richTextDocSchema,
  horizon: z.enum(ACTION_HORIZONS),
  level: z.enum(ACTION_LEVELS),
  control: z.enum(ACTION_CONTROLS),
  responsible: z.array(organisationRef).max(L.organisations),
  collaborating: z.array(organisationRef).max(L.organisations),
});
export type ExportAction = z.infer<typeof exportActionSchema>;

export const exportStanceSchema = z.strictObject({
  organisationId: sourceId,
  organisationName: shortText,
  value: z.enum(STANCE_VALUES),
  reason: longText,
  givenByName: shortText.nullable(),
  givenAt: isoDateTime,
  /** Given on the önskat läge exported (false: the text changed after the stance). */
  isCurrent: z.boolean(),
});
export type ExportStance = z.infer<typeof exportStanceSchema>;

export const exportCommentSchema = z.strictObject({
  authorName: shortText.nullable(),
  organisationName: shortText.nullable(),
  createdAt: isoDateTime,
  body: longText,
});
export type ExportComment = z.infer<typeof exportCommentSchema>;

export const exportThreadSchema = z.strictObject({
  anchorKind: z.enum(COMMENT_ANCHOR_KINDS),
  anchorPart: z.enum(COMMENT_TEXT_PARTS).nullable(),
  /** The passage the thread is about, as it read when the thread was started. */
  quote: longText.nullable(),
  isResolved: z.boolean(),
  comments: z.array(exportCommentSchema).max(L.commentsPerThread),
});
export type ExportThread = z.infer<typeof exportThreadSchema>;

export const exportDriverSchema = z.strictObject({
  id: sourceId,
  title: z.string().min(1).max(200),
  description: longText,
  whoClass: z.enum(WHO_CLASSES),
  careAreas: z.array(z.enum(CARE_AREAS)).max(CARE_AREAS.length),
  changePerspectives: z.array(z.enum(CHANGE_PERSPECTIVES)).max(CHANGE_PERSPECTIVES.length),
  nulage: z.strictObject({ doc: richTextDocSchema, indicators: z.array(exportIndicatorSchema).max(L.indicatorsPerPart) }),
  future: z.strictObject({ doc: richTextDocSchema, indicators: z.array(exportIndicatorSchema).max(L.indicatorsPerPart) }),
  goals: z.array(exportGoalSchema).max(L.itemsPerList),
  gap: z.strictObject({ doc: richTextDocSchema }),
  actions: z.array(exportActionSchema).max(L.itemsPerList),
  stances: z.array(exportStanceSchema).max(L.stances),
  threads: z.array(exportThreadSchema).max(L.threads),
});
export type ExportDriver = z.infer<typeof exportDriverSchema>;

/** A workshop's record (issue 9); empty until the dialogue has held facilitated workshops. */
export const exportWorkshopSummarySchema = z.strictObject({
  title: shortText,
  heldAt: isoDateTime,
  summary: longText,
});
export type ExportWorkshopSummary = z.infer<typeof exportWorkshopSummarySchema>;

export const exportSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("agreed"),
    agreementId: sourceId,
    /** 1 for the dialogue's first agreement, and so on: the "version" a reader cites. */
    versionNumber: z.number().int().positive(),
    agreedAt: isoDateTime,
    agreedByName: shortText,
    note: longText,
  }),
  z.strictObject({ kind: z.literal("draft") }),
]);
export type ExportSource = z.infer<typeof exportSourceSchema>;

export const exportOptionsSchema = z.strictObject({
  includeStances: z.boolean(),
  includeComments: z.boolean(),
  includeWorkshopSummaries: z.boolean(),
});
export type ExportOptions = z.infer<typeof exportOptionsSchema>;

export const goalSetExportSchema = z.strictObject({
  format: z.literal(GOAL_SET_FORMAT),
  schemaVersion: z.literal(GOAL_SET_SCHEMA_VERSION),
  exportedAt: isoDateTime,
  language: z.enum(LOCALES),
  source: exportSourceSchema,
  options: exportOptionsSchema,
  dialogue: z.strictObject({
    planningQuestion: z.string().min(1).max(300),
    description: longText,
    regionCodes: z.array(regionCode).max(REGION_CODES.length),
    horizonFrom: z.number().int().min(2000).max(2100),
    horizonTo: z.number().int().min(2000).max(2100),
    organisations: z
      .array(z.strictObject({ id: sourceId, name: z.string().min(1).max(200), type: z.enum(ORGANISATION_TYPES) }))
      .max(L.organisations),
  }),
  drivers: z.array(exportDriverSchema).max(L.drivers),
  dataReleases: z.array(exportReleaseSchema).max(1_000),
  workshopSummaries: z.array(exportWorkshopSummarySchema).max(1_000),
});
export type GoalSetExport = z.infer<typeof goalSetExportSchema>;

/** The header every reader checks first, so a wrong file or version gets its own clear error. */
export const goalSetHeaderSchema = z.object({
  format: z.literal(GOAL_SET_FORMAT),
  schemaVersion: z.literal(GOAL_SET_SCHEMA_VERSION),
});

// --- what the export page sends ------------------------------------------------------------------

/** What a goal set may carry besides the goals themselves (the export form's checkboxes). */
export const EXPORT_INCLUDES = ["stances", "comments", "workshopSummaries"] as const;
export type ExportInclude = (typeof EXPORT_INCLUDES)[number];

/** The export form (a GET, so the download is a plain link): `source` is "draft" or an agreement id. */
export const exportRequestSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  language: z.enum(LOCALES),
  source: z.union([z.literal("draft"), sourceId]),
  /** Empty: every driver of the source. */
  driverIds: z.array(sourceId).max(L.drivers).default([]),
  include: z.array(z.enum(EXPORT_INCLUDES)).max(EXPORT_INCLUDES.length).default([]),
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

// --- helpers the renderers share ---------------------------------------------------------------

/** Every release in the file by id (`null` key: the NPS figures loaded at start). */
export function releasesById(goalSet: GoalSetExport): Map<number | null, ExportRelease> {
  return new Map(goalSet.dataReleases.map((release) => [release.id, release]));
}

/** An ASCII file name (`date` as YYYY-MM-DD) in the export's language. */
export function exportFileName(goalSet: GoalSetExport, format: ExportFormat, date: string): string {
  const isSwedish = goalSet.language === "sv";
  const kind = goalSet.source.kind === "agreed" ? `version-${goalSet.source.versionNumber}` : isSwedish ? "utkast" : "draft";
  const extension = format === "markdown" ? "md" : format;
  return `samsyn-${isSwedish ? "malsattningar" : "goal-set"}-${kind}-${date}.${extension}`;
}
