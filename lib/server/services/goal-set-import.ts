/**
 * Importing a goal set (issue 8): a JSON export (lib/model/goal-set-export.ts) becomes a new
 * dialogue, a normal one that opens live in the editor. Only facilitators import (ACCOUNT_POLICY
 * in lib/authz/policy.ts); the importer becomes the new dialogue's facilitator, speaking for the
 * organisation they choose, as when starting a dialogue.
 *
 * The whole file is checked first (lib/model/goal-set-import.ts); a file with any problem writes
 * nothing and comes back with every problem and its JSON path. A clean file is written in one
 * transaction: organisations (matched by name in the register, missing ones created), the
 * dialogue, its drivers, each driver's live document and relational copy, indicator links and,
 * for an agreed version, the dialogue's first agreement frozen from the file, plus an audit record.
 *
 * What is not imported, and reported back: comment threads and workshop summaries (conversation of
 * the other dialogue, not the goal set); a draft's stances (records of that dialogue's people; an
 * agreed version's stances are part of its frozen agreement); indicators the new dialogue's
 * catalogue lacks (their links, and goal targets on them).
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import * as Y from "yjs";
import { getDb, type Executor } from "@/db/client";
import { insertAgreement } from "@/db/queries/agreements";
import { writeRelationalCopies } from "@/db/queries/driver-content";
import { insertInitialDriverDoc } from "@/db/queries/driver-docs";
import { listVisibleIndicators } from "@/db/queries/indicators";
import { dialogueMembers, dialogueOrganisations, dialogues, driverIndicators, drivers, organisations } from "@/db/schema";
import { driverDocFrom, type DriverDocContent } from "@/lib/collab/driver-doc";
import {
  AGREEMENT_CONTENT_VERSION,
  agreementContentSchema,
  agreementReleasesSchema,
  desiredFingerprintOf,
  type AgreedDriver,
  type AgreementContent,
} from "@/lib/model/agreement";
import type { ExportDriver, GoalSetExport } from "@/lib/model/goal-set-export";
import { importGoalSetSchema, readGoalSetFile, type GoalSetIssue } from "@/lib/model/goal-set-import";
import { plainTextOf } from "@/lib/model/rich-text";
import { fieldError, parseInput } from "@/lib/validation";
import { mayAnywhere, requireFacilitatorSomewhere, type Actor } from "../access";
import { recordAudit } from "../audit";
import { collabHost } from "../collab/host";
import { logError, logEvent } from "../log";
import { listOrganisationRegister } from "./organisations";

/** What the file held that the new dialogue does not. */
export interface SkippedOnImport {
  /** Indicators the new dialogue's catalogue lacks: their links were left out (sorted). */
  skippedIndicatorIds: string[];
  /** Goal targets on such indicators (the goal itself is imported, without its target). */
  skippedTargets: number;
  skippedThreads: number;
  skippedComments: number;
  skippedWorkshopSummaries: number;
  /** A draft's stances (an agreed version's are kept in its agreement). */
  skippedStances: number;
}

export type GoalSetImportResult =
  | ({ ok: true; dialogueId: string; agreementId: string | null } & SkippedOnImport)
  | { ok: false; issues: GoalSetIssue[]; issueCount: number };

/** Whether the actor may import (the dialogue list shows the link only then). */
export async function mayImportGoalSet(actor: Actor): Promise<boolean> {
  return mayAnywhere(actor, "goalSet.import");
}

/** The import page: the register to choose one's organisation from. Facilitators only. */
export async function getGoalSetImportPage(actor: Actor) {
  await requireFacilitatorSomewhere(actor);
  return { organisations: await listOrganisationRegister(actor) };
}

export async function importGoalSet(actor: Actor, raw: unknown): Promise<GoalSetImportResult> {
  await requireFacilitatorSomewhere(actor);
  const input = parseInput(importGoalSetSchema, raw);
  const db = getDb();
  const [chosen] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, input.organisationId));
  if (!chosen) throw fieldError("organisationId", "invalidChoice");
  const reading = readGoalSetFile(input.file);
  if (!reading.ok) return { ok: false, issues: reading.issues, issueCount: reading.issueCount };
  const goalSet = reading.goalSet;
  const result = await db.transaction((tx) => writeGoalSet(tx, actor, chosen.id, goalSet, input.fileName));
  logEvent("goalSet.imported", { userId: actor.userId, dialogueId: result.dialogueId, drivers: goalSet.drivers.length, source: goalSet.source.kind });
  return { ok: true, ...result };
}

// --- writing ------------------------------------------------------------------------------------

interface ImportedDriver {
  id: string;
  source: ExportDriver;
  /** The file's goal and action ids → the new ones (everything gets new ids). */
  goalIds: string[];
  actionIds: string[];
}

async function writeGoalSet(
  tx: Executor,
  actor: Actor,
  organisationId: string,
  goalSet: GoalSetExport,
  fileName: string,
): Promise<{ dialogueId: string; agreementId: string | null } & SkippedOnImport> {
  const organisationIds = await registerOrganisations(tx, goalSet.dialogue.organisations);
  const { dialogue } = goalSet;
  const [created] = await tx
    .insert(dialogues)
    .values({
      planningQuestion: dialogue.planningQuestion,
      description: dialogue.description,
      regionCodes: dialogue.regionCodes,
      horizonFrom: dialogue.horizonFrom,
      horizonTo: dialogue.horizonTo,
      status: "draft",
      createdBy: actor.userId,
    })
    .returning({ id: dialogues.id });
  const dialogueId = created!.id;
  const participating = [...new Set([...organisationIds.values(), organisationId])];
  await tx.insert(dialogueOrganisations).values(participating.map((id) => ({ dialogueId, organisationId: id })));
  await tx.insert(dialogueMembers).values({ dialogueId, userId: actor.userId, organisationId, role: "facilitator" });

  const imported = await insertDrivers(tx, dialogueId, goalSet.drivers);
  const visible = await visibleIndicatorIds(tx, dialogueId, goalSet.drivers);
  await linkIndicators(tx, imported, visible);

  let skippedTargets = 0;
  const contents = imported.map((driver) => {
    const content = liveContent(driver, organisationIds, visible);
    skippedTargets += content.skippedTargets;
    return { driver, content: content.content };
  });
  // The relational copy (overview, search, exports) and the live document, from the same content.
  await writeRelationalCopies(
    tx,
    contents.map(({ driver, content }) => ({ driverId: driver.id, dialogueId, content, userId: actor.userId })),
  );
  for (const { driver, content } of contents) {
    const state = encodeDocument(content);
    if (state) await insertInitialDriverDoc(tx, driver.id, state);
  }

  const agreementId = goalSet.source.kind === "agreed" ? await insertImportedAgreement(tx, actor, dialogueId, goalSet, imported, organisationIds) : null;
  const skipped: SkippedOnImport = {
    skippedIndicatorIds: [...wantedIndicatorIds(goalSet.drivers)].filter((id) => !visible.has(id)).sort(),
    skippedTargets,
    skippedThreads: goalSet.drivers.reduce((sum, driver) => sum + driver.threads.length, 0),
    skippedComments: goalSet.drivers.reduce((sum, driver) => sum + driver.threads.reduce((count, thread) => count + thread.comments.length, 0), 0),
    skippedWorkshopSummaries: goalSet.workshopSummaries.length,
    skippedStances: goalSet.source.kind === "draft" ? goalSet.drivers.reduce((sum, driver) => sum + driver.stances.length, 0) : 0,
  };
  await recordAudit(tx, actor.userId, {
    dialogueId,
    kind: "goalSet.imported",
    subject: {
      fileName,
      sourceKind: goalSet.source.kind,
      sourceVersion: goalSet.source.kind === "agreed" ? goalSet.source.versionNumber : null,
      exportedAt: goalSet.exportedAt,
      driverCount: imported.length,
      agreementId,
      ...skipped,
    },
  });
  return { dialogueId, agreementId, ...skipped };
}

/**
 * The file's organisations in the register, by exact name (names are unique there); missing ones
 * are created with the file's type. Returns the file's ids → the register's.
 */
async function registerOrganisations(tx: Executor, listed: GoalSetExport["dialogue"]["organisations"]): Promise<Map<string, string>> {
  if (!listed.length) return new Map();
  await tx
    .insert(organisations)
    .values(listed.map((organisation) => ({ name: organisation.name.trim(), type: organisation.type })))
    .onConflictDoNothing({ target: organisations.name });
  const rows = await tx
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.name, listed.map((organisation) => organisation.name.trim())));
  const idByName = new Map(rows.map((row) => [row.name, row.id]));
  return new Map(listed.map((organisation) => [organisation.id, idByName.get(organisation.name.trim())!]));
}

async function insertDrivers(tx: Executor, dialogueId: string, listed: ExportDriver[]): Promise<ImportedDriver[]> {
  if (!listed.length) return [];
  const rows = await tx
    .insert(drivers)
    .values(
      listed.map((driver, position) => ({
        dialogueId,
        title: driver.title,
        description: driver.description,
        whoClass: driver.whoClass,
        careAreas: driver.careAreas,
        changePerspectives: driver.changePerspectives,
        position,
      })),
    )
    .returning({ id: drivers.id, position: drivers.position });
  // RETURNING order is not guaranteed by PostgreSQL; the position says which row is which.
  const idAt = new Map(rows.map((row) => [row.position, row.id]));
  return listed.map((source, position) => ({
    id: idAt.get(position)!,
    source,
    goalIds: source.goals.map(() => randomUUID()),
    actionIds: source.actions.map(() => randomUUID()),
  }));
}

/**
 * The driver's first document state, so the live editor opens the imported rich text as it is
 * (the relational copy keeps goals and actions as plain text). Encoded by the collaboration server
 * of this process when there is one (see CollabHost.encodeContent), else here (tests, scripts).
 * Null when neither can: the first open then seeds the document from the relational copy, as for
 * any driver stored before live editing, and only goals' and actions' formatting is lost.
 */
function encodeDocument(content: DriverDocContent): Uint8Array | null {
  const host = collabHost();
  if (host) return host.encodeContent(content);
  let doc: Y.Doc | undefined;
  try {
    doc = driverDocFrom(content);
    return Y.encodeStateAsUpdate(doc);
  } catch (error) {
    logError("goalSet.import.encode_failed", error);
    return null;
  } finally {
    doc?.destroy();
  }
}

/** Every indicator the file names: linked ones and goal targets. */
function wantedIndicatorIds(listed: ExportDriver[]): Set<string> {
  return new Set(
    listed.flatMap((driver) => [
      ...driver.nulage.indicators.map((indicator) => indicator.id),
      ...driver.future.indicators.map((indicator) => indicator.id),
      ...driver.goals.flatMap((goal) => (goal.target ? [goal.target.indicatorId] : [])),
    ]),
  );
}

/** Which of them the new dialogue's catalogue holds (the public one: it has no imports of its own yet). */
async function visibleIndicatorIds(tx: Executor, dialogueId: string, listed: ExportDriver[]): Promise<Set<string>> {
  const wanted = [...wantedIndicatorIds(listed)];
  if (!wanted.length) return new Set();
  const rows = await listVisibleIndicators(tx, dialogueId, wanted);
  return new Set(rows.map((row) => row.id));
}

async function linkIndicators(tx: Executor, imported: ImportedDriver[], visible: Set<string>): Promise<void> {
  const links = imported.flatMap(({ id, source }) =>
    (["nulage", "future"] as const).flatMap((part) =>
      source[part].indicators
        .filter((indicator) => visible.has(indicator.id))
        .map((indicator, position) => ({ driverId: id, part, indicatorId: indicator.id, position })),
    ),
  );
  if (links.length) await tx.insert(driverIndicators).values(links);
}

/**
 * The driver's content as the live document holds it: new ids, the register's organisation ids,
 * texts read from the rich text (as the document reads them back), and no target on an indicator
 * the catalogue lacks (the relational copy could not store it, so the two would disagree).
 */
function liveContent(driver: ImportedDriver, organisationIds: Map<string, string>, visible: Set<string>): { content: DriverDocContent; skippedTargets: number } {
  const { source } = driver;
  let skippedTargets = 0;
  const content: DriverDocContent = {
    texts: { nulage: source.nulage.doc, future: source.future.doc, gap: source.gap.doc },
    goals: source.goals.map((goal, index) => {
      const isKnown = goal.target !== null && visible.has(goal.target.indicatorId);
      if (goal.target && !isKnown) skippedTargets++;
      return {
        id: driver.goalIds[index]!,
        doc: goal.doc,
        text: plainTextOf(goal.doc).trim(),
        target: goal.target && isKnown ? { ...goal.target } : null,
      };
    }),
    actions: source.actions.map((action, index) => ({
      id: driver.actionIds[index]!,
      doc: action.doc,
      text: plainTextOf(action.doc).trim(),
      horizon: action.horizon,
      level: action.level,
      control: action.control,
      responsibleOrganisationIds: action.responsible.map((organisation) => organisationIds.get(organisation.id)!),
      collaboratingOrganisationIds: action.collaborating.map((organisation) => organisationIds.get(organisation.id)!),
    })),
  };
  return { content, skippedTargets };
}

/**
 * An agreed version's file becomes the new dialogue's first agreement, frozen from the file as it
 * is (a record of what was agreed, even where the new dialogue could not hold a target): texts,
 * goals with targets, actions, stances and the gaps with the figures they rested on, under the
 * new ids. The frozen önskat läge fingerprint is computed as createAgreement computes it.
 */
async function insertImportedAgreement(
  tx: Executor,
  actor: Actor,
  dialogueId: string,
  goalSet: GoalSetExport,
  imported: ImportedDriver[],
  organisationIds: Map<string, string>,
): Promise<string> {
  const frozen = imported.map((driver): AgreedDriver => {
    const { source } = driver;
    const content: DriverDocContent = {
      texts: { nulage: source.nulage.doc, future: source.future.doc, gap: source.gap.doc },
      goals: source.goals.map((goal, index) => ({ id: driver.goalIds[index]!, doc: goal.doc, text: goal.text, target: goal.target ? { ...goal.target } : null })),
      actions: source.actions.map((action, index) => ({
        id: driver.actionIds[index]!,
        doc: action.doc,
        text: action.text,
        horizon: action.horizon,
        level: action.level,
        control: action.control,
        responsibleOrganisationIds: action.responsible.map((organisation) => organisationIds.get(organisation.id)!),
        collaboratingOrganisationIds: action.collaborating.map((organisation) => organisationIds.get(organisation.id)!),
      })),
    };
    return {
      driverId: driver.id,
      title: source.title,
      content,
      desiredFingerprint: desiredFingerprintOf(content),
      stances: source.stances.map((stance) => ({
        organisationId: organisationIds.get(stance.organisationId)!,
        organisationName: stance.organisationName,
        value: stance.value,
        reason: stance.reason,
        givenByName: stance.givenByName,
        givenAt: stance.givenAt,
        isCurrent: stance.isCurrent,
      })),
      gaps: source.goals.flatMap((goal, index) =>
        goal.gap && goal.target
          ? [
              {
                goalId: driver.goalIds[index]!,
                indicatorId: goal.target.indicatorId,
                regionCode: goal.target.regionCode,
                unit: goal.gap.unit,
                status: goal.gap.status,
                gap: goal.gap.gap,
                latestValue: goal.gap.latestValue,
                period: goal.gap.period,
                expected: goal.gap.expected,
                releaseId: goal.gap.releaseId,
              },
            ]
          : [],
      ),
    };
  });
  const content: AgreementContent = { version: AGREEMENT_CONTENT_VERSION, drivers: frozen };
  const note = goalSet.source.kind === "agreed" ? goalSet.source.note : "";
  const created = await insertAgreement(tx, {
    dialogueId,
    driverId: null,
    note,
    content: agreementContentSchema.parse(content),
    // The new dialogue has no release of its own yet; the releases the frozen gaps rest on are the file's.
    dataReleases: agreementReleasesSchema.parse({ latestReleaseId: 0, used: goalSet.dataReleases }),
    createdBy: actor.userId,
  });
  return created.id;
}
