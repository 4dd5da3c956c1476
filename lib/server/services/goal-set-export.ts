/**
 * The goal-set export (issue 8): collects a dialogue's agreed version, or its current draft, into
 * the one export document (lib/model/goal-set-export.ts) every format is rendered from.
 *
 * An agreed version reads the agreement's frozen texts, goals, actions, stances and gaps; a draft
 * freezes the drivers as they stand, exactly as agreeing would (agreements' `freezeDriver`), so
 * both read the same way. The indicator tables are the figures the dialogue sees now, each with
 * its source and data release. Whoever may read the dialogue may export it (observers included).
 */
import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { findAgreement, listAgreementsByDialogue } from "@/db/queries/agreements";
import { listThreadsWithComments, listOrganisationsById } from "@/db/queries/goal-set-export";
import { listVisibleIndicators } from "@/db/queries/indicators";
import { listOrganisationsOfDialogue } from "@/db/queries/organisations";
import { dataReleases, dialogues, drivers } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { agreementContentSchema, type AgreedDriver, type AgreedGap } from "@/lib/model/agreement";
import {
  exportRequestSchema,
  GOAL_SET_FORMAT,
  GOAL_SET_SCHEMA_VERSION,
  GOAL_SET_LIMITS,
  goalSetExportSchema,
  type ExportDriver,
  type ExportWorkshopSummary,
  type ExportIndicator,
  type ExportRelease,
  type ExportRequest,
  type ExportSource,
  type ExportThread,
  type GoalSetExport,
} from "@/lib/model/goal-set-export";
import type { IndicatorPart, Locale } from "@/lib/model/enums";
import { exportText } from "@/lib/export/document-text";
import { workshopRecordLines } from "@/lib/workshop/record";
import { parseInput } from "@/lib/validation";
import { requireDialogueAccess, type Actor } from "../access";
import { isRegionCode } from "../indicators/gap-contexts";
import { loadDriversPanels, type IndicatorPanel } from "../indicators/panels";
import { freezeDriver } from "../agreements/frozen-driver";
import { loadHeldWorkshopRecords } from "./workshop-record";

type DriverRow = Awaited<ReturnType<typeof listDriverRows>>[number];
type ThreadRow = Awaited<ReturnType<typeof listThreadsWithComments>>[number];

interface ChosenDrivers {
  source: ExportSource;
  /** Frozen (agreed) or as they stand (draft), in the goal set's order. */
  frozen: AgreedDriver[];
}

/** Builds the export document; the request is the export form's (validated here). */
export async function buildGoalSetExport(actor: Actor, dialogueId: string, raw: unknown, now: Date = new Date()): Promise<GoalSetExport> {
  const access = await requireDialogueAccess(actor, dialogueId, "goalSet.export");
  const request = parseInput(exportRequestSchema, raw);
  const db = getDb();
  const [dialogue] = await db.select().from(dialogues).where(eq(dialogues.id, access.dialogueId));
  if (!dialogue) throw new AppError("not_found");
  const rows = await listDriverRows(db, access.dialogueId);
  const { source, frozen } = await chooseDrivers(db, access.dialogueId, rows, request);
  const driverIds = frozen.map((driver) => driver.driverId);
  const regionCodes = dialogue.regionCodes.filter(isRegionCode);
  const [panels, threads, catalogue] = await Promise.all([
    loadDriversPanels(db, access.dialogueId, driverIds, regionCodes),
    request.include.includes("comments") ? listThreadsWithComments(db, access.dialogueId, driverIds) : Promise.resolve([]),
    listVisibleIndicators(db, access.dialogueId, [...new Set(frozen.flatMap((driver) => driver.gaps.map((gap) => gap.indicatorId)))]),
  ]);
  const sourceOf = new Map(catalogue.map((indicator) => [indicator.id, indicator.source]));
  const rowOf = new Map(rows.map((row) => [row.id, row]));
  const organisationsNamed = await organisationsOf(db, access.dialogueId, frozen);
  const organisationName = new Map(organisationsNamed.map((organisation) => [organisation.id, organisation.name]));
  const exported = frozen.map((driver) =>
    exportDriver(driver, rowOf.get(driver.driverId)!, panels.get(driver.driverId)!, threads, request, { sourceOf, organisationName }),
  );
  const goalSet: GoalSetExport = {
    format: GOAL_SET_FORMAT,
    schemaVersion: GOAL_SET_SCHEMA_VERSION,
    exportedAt: now.toISOString(),
    language: request.language,
    source,
    options: {
      includeStances: request.include.includes("stances"),
      includeComments: request.include.includes("comments"),
      includeWorkshopSummaries: request.include.includes("workshopSummaries"),
    },
    dialogue: {
      planningQuestion: dialogue.planningQuestion,
      description: dialogue.description,
      regionCodes,
      horizonFrom: dialogue.horizonFrom,
      horizonTo: dialogue.horizonTo,
      organisations: organisationsNamed,
    },
    drivers: exported,
    dataReleases: await releasesOf(db, access.dialogueId, exported),
    // The records of the dialogue's held (ended) workshops, phrased in the export's language.
    workshopSummaries: request.include.includes("workshopSummaries") ? await workshopSummariesOf(db, access.dialogueId, request.language, now) : [],
  };
  // The document is what other systems read: it must meet its own published schema.
  return goalSetExportSchema.parse(goalSet);
}

/** Each ended workshop's session record as plain lines (lib/workshop/record.ts), in the reader's language. */
async function workshopSummariesOf(db: Executor, dialogueId: string, language: Locale, now: Date): Promise<ExportWorkshopSummary[]> {
  const text = exportText(language);
  const records = await loadHeldWorkshopRecords(db, dialogueId, now);
  return records.map((record) => ({
    title: record.workshop.title.slice(0, GOAL_SET_LIMITS.shortText),
    heldAt: record.startedAt ?? record.workshop.plannedFor ?? now.toISOString(),
    summary: workshopRecordLines(record, text).join("\n").slice(0, GOAL_SET_LIMITS.text),
  }));
}

function listDriverRows(db: Executor, dialogueId: string) {
  return db
    .select({
      id: drivers.id,
      title: drivers.title,
      description: drivers.description,
      whoClass: drivers.whoClass,
      careAreas: drivers.careAreas,
      changePerspectives: drivers.changePerspectives,
    })
    .from(drivers)
    .where(eq(drivers.dialogueId, dialogueId))
    .orderBy(asc(drivers.position), asc(drivers.id));
}

function isChosen(request: ExportRequest, driverId: string): boolean {
  return request.driverIds.length === 0 || request.driverIds.includes(driverId);
}

/**
 * The agreement's drivers as frozen (a driver deleted since is left out: the export describes the
 * dialogue's drivers), or every chosen driver as it stands.
 */
async function chooseDrivers(db: Executor, dialogueId: string, rows: DriverRow[], request: ExportRequest): Promise<ChosenDrivers> {
  if (request.source === "draft") {
    const chosen = rows.filter((row) => isChosen(request, row.id));
    return { source: { kind: "draft" }, frozen: await Promise.all(chosen.map((row) => freezeDriver(dialogueId, row))) };
  }
  const agreement = await findAgreement(db, dialogueId, request.source);
  if (!agreement) throw new AppError("not_found");
  const all = await listAgreementsByDialogue(db, dialogueId);
  const existing = new Set(rows.map((row) => row.id));
  const content = agreementContentSchema.parse(agreement.content);
  return {
    source: {
      kind: "agreed",
      agreementId: agreement.id,
      versionNumber: all.findIndex((candidate) => candidate.id === agreement.id) + 1,
      agreedAt: agreement.createdAt.toISOString(),
      agreedByName: agreement.createdByName,
      note: agreement.note,
    },
    frozen: content.drivers.filter((driver) => existing.has(driver.driverId) && isChosen(request, driver.driverId)),
  };
}

/** The participating organisations, plus any an action or stance names that has left since. */
async function organisationsOf(db: Executor, dialogueId: string, frozen: AgreedDriver[]): Promise<GoalSetExport["dialogue"]["organisations"]> {
  const participating = await listOrganisationsOfDialogue(db, dialogueId);
  const known = new Set(participating.map((organisation) => organisation.id));
  const named = frozen.flatMap((driver) => [
    ...driver.content.actions.flatMap((action) => [...action.responsibleOrganisationIds, ...action.collaboratingOrganisationIds]),
    ...driver.stances.map((stance) => stance.organisationId),
  ]);
  const former = await listOrganisationsById(db, [...new Set(named.filter((id) => !known.has(id)))]);
  return [...participating, ...former]
    .map(({ id, name, type }) => ({ id, name, type }))
    .sort((a, b) => a.name.localeCompare(b.name, "sv") || a.id.localeCompare(b.id));
}

interface Lookups {
  sourceOf: Map<string, string | null>;
  organisationName: Map<string, string>;
}

function exportDriver(
  driver: AgreedDriver,
  row: DriverRow,
  panels: Record<IndicatorPart, IndicatorPanel[]>,
  threads: ThreadRow[],
  request: ExportRequest,
  lookups: Lookups,
): ExportDriver {
  const { content } = driver;
  const gapOf = new Map(driver.gaps.map((gap) => [gap.goalId, gap]));
  const organisationRef = (id: string) => ({ id, name: lookups.organisationName.get(id) ?? "" });
  return {
    id: driver.driverId,
    title: driver.title,
    description: row.description,
    whoClass: row.whoClass,
    careAreas: row.careAreas as ExportDriver["careAreas"],
    changePerspectives: row.changePerspectives as ExportDriver["changePerspectives"],
    nulage: { doc: content.texts.nulage, indicators: panels.nulage.map(exportIndicator) },
    future: { doc: content.texts.future, indicators: panels.future.map(exportIndicator) },
    goals: content.goals.map((goal) => ({
      id: goal.id,
      text: goal.text,
      doc: goal.doc,
      target: goal.target ? { ...goal.target, regionCode: goal.target.regionCode ?? "00" } : null,
      gap: exportGap(gapOf.get(goal.id), lookups.sourceOf),
    })),
    gap: { doc: content.texts.gap },
    actions: content.actions.map((action) => ({
      id: action.id,
      text: action.text,
      doc: action.doc,
      horizon: action.horizon,
      level: action.level,
      control: action.control,
      responsible: action.responsibleOrganisationIds.map(organisationRef),
      collaborating: action.collaboratingOrganisationIds.map(organisationRef),
    })),
    stances: request.include.includes("stances") ? driver.stances : [],
    threads: threads.filter((thread) => thread.driverId === driver.driverId).map(exportThread),
  };
}

function exportIndicator(panel: IndicatorPanel): ExportIndicator {
  return {
    id: panel.id,
    nameSv: panel.nameSv,
    nameEn: panel.nameEn,
    unit: panel.unit,
    direction: panel.direction,
    source: panel.source,
    values: panel.values.map((value) => ({ ...value, regionCode: value.regionCode !== null && isRegionCode(value.regionCode) ? value.regionCode : null })),
    facts: panel.facts,
    projections: panel.projections.map(({ regionCode, baseYear, points, source }) => ({
      regionCode,
      baseYear,
      points: points.map(({ year, value }) => ({ year, value })),
      source,
    })),
  };
}

function exportGap(gap: AgreedGap | undefined, sourceOf: Map<string, string | null>): ExportDriver["goals"][number]["gap"] {
  if (!gap) return null;
  const { status, unit, latestValue, period, expected, releaseId } = gap;
  return { status, gap: gap.gap, unit, latestValue, period, expected, releaseId, source: sourceOf.get(gap.indicatorId) ?? null };
}

function exportThread(thread: ThreadRow): ExportThread {
  return {
    anchorKind: thread.anchorKind,
    anchorPart: thread.anchorPart,
    quote: thread.quote,
    isResolved: thread.resolvedAt !== null,
    comments: thread.comments.map((comment) => ({
      authorName: comment.authorName ?? comment.authorEmail,
      organisationName: comment.organisationName,
      createdAt: comment.createdAt.toISOString(),
      body: comment.body,
    })),
  };
}

/** Every data release a figure in the document rests on, the start-up figures first. */
async function releasesOf(db: Executor, dialogueId: string, exported: ExportDriver[]): Promise<ExportRelease[]> {
  const ids = new Set<number | null>();
  for (const driver of exported) {
    for (const indicator of [...driver.nulage.indicators, ...driver.future.indicators]) for (const value of indicator.values) ids.add(value.releaseId);
    for (const goal of driver.goals) if (goal.gap) ids.add(goal.gap.releaseId);
  }
  const imported = [...ids].filter((id): id is number => id !== null);
  const rows = imported.length
    ? await db
        .select({ id: dataReleases.id, fileName: dataReleases.fileName, createdAt: dataReleases.createdAt })
        .from(dataReleases)
        .where(and(eq(dataReleases.dialogueId, dialogueId), inArray(dataReleases.id, imported)))
        .orderBy(asc(dataReleases.id))
    : [];
  const seed: ExportRelease[] = ids.has(null) ? [{ id: null, fileName: null, createdAt: null }] : [];
  return [...seed, ...rows.map((row) => ({ id: row.id, fileName: row.fileName, createdAt: row.createdAt.toISOString() }))];
}

// --- the export page --------------------------------------------------------------------------------

export interface ExportPageData {
  planningQuestion: string;
  drivers: { id: string; title: string }[];
  /** Newest first; `driverTitle` only for an agreement on one driver. */
  agreements: { id: string; versionNumber: number; createdAt: Date; createdByName: string; isWholeSet: boolean; driverTitle: string }[];
  /** The newest whole-goal-set agreement, else the draft. */
  defaultSource: string;
}

export async function getExportPage(actor: Actor, dialogueId: string): Promise<ExportPageData> {
  const access = await requireDialogueAccess(actor, dialogueId, "goalSet.export");
  const db = getDb();
  const [dialogue] = await db.select({ planningQuestion: dialogues.planningQuestion }).from(dialogues).where(eq(dialogues.id, access.dialogueId));
  const [rows, agreementRows] = await Promise.all([listDriverRows(db, access.dialogueId), listAgreementsByDialogue(db, access.dialogueId)]);
  const titleOf = new Map(rows.map((row) => [row.id, row.title]));
  const agreements = agreementRows
    .map((row, index) => ({
      id: row.id,
      versionNumber: index + 1,
      createdAt: row.createdAt,
      createdByName: row.createdByName,
      isWholeSet: row.driverId === null,
      driverTitle: row.driverId ? (titleOf.get(row.driverId) ?? agreementContentSchema.parse(row.content).drivers[0]?.title ?? "") : "",
    }))
    .reverse();
  const wholeSet = agreements.find((agreement) => agreement.isWholeSet);
  return {
    planningQuestion: dialogue?.planningQuestion ?? "",
    drivers: rows.map(({ id, title }) => ({ id, title })),
    agreements,
    defaultSource: wholeSet?.id ?? "draft",
  };
}
