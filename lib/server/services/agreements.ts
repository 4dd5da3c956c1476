/**
 * Agreed versions (issue 7): a facilitator marks a driver, or the whole goal set, as agreed. The
 * agreement freezes the texts, goals with their targets, actions, each organisation's latest
 * stance, and the indicator figures (with their data releases) each target's gap was computed on.
 * Later edits are a new draft: the driver shows its difference from the agreed version. When a
 * newer data release changes the gap of an agreed goal, the facilitators are notified.
 *
 * There is no update or delete here, by design: an agreement is replaced only by a newer one, and
 * the table's triggers refuse anything else (migration 0006).
 */
import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { findAgreement, insertAgreement, listAgreementsByDialogue } from "@/db/queries/agreements";
import { getLatestReleaseId } from "@/db/queries/indicators";
import { dataReleases, dialogues, drivers, organisations } from "@/db/schema";
import { AppError } from "@/lib/errors";
import {
  agreementContentSchema,
  agreementReleasesSchema,
  AGREEMENT_CONTENT_VERSION,
  changedGaps,
  createAgreementSchema,
  desiredFingerprintOf,
  diffAgreedDriver,
  gapIdentity,
  latestAgreementByDriver,
  type AgreedDriver,
  type AgreedDriverDiff,
  type AgreedRelease,
  type AgreementContent,
  type GapChange,
} from "@/lib/model/agreement";
import { isUuid } from "@/lib/model/ids";
import { parseInput } from "@/lib/validation";
import { requireDialogueAccess, requireDriverAccess, type Actor, type DialogueAccess } from "../access";
import { recordAudit } from "../audit";
import { freezeDriver, gapsOf } from "../agreements/frozen-driver";
import { currentDriverContent } from "../collab/document-store";
import { logError } from "../log";
import { notifyEvent } from "../notifications/events";
import { findFacilitators } from "../rounds/answers";
import { rawId } from "./raw-input";

export interface AgreementSummary {
  id: string;
  /** Null: the whole goal set. */
  driverId: string | null;
  /** The driver's title as agreed (null for the whole goal set). */
  driverTitle: string | null;
  note: string;
  createdByName: string;
  createdAt: Date;
  driverCount: number;
  /** The dialogue's newest data release when agreed (0: none imported yet). */
  latestReleaseId: number;
}

type AgreementRow = Awaited<ReturnType<typeof listAgreementsByDialogue>>[number];

interface ParsedAgreement extends AgreementSummary {
  content: AgreementContent;
  releases: AgreedRelease[];
  driverIds: string[];
}

function parseAgreement(row: AgreementRow): ParsedAgreement {
  const content = agreementContentSchema.parse(row.content);
  const releases = agreementReleasesSchema.parse(row.dataReleases);
  return {
    id: row.id,
    driverId: row.driverId,
    driverTitle: row.driverId ? (content.drivers[0]?.title ?? null) : null,
    note: row.note,
    createdByName: row.createdByName,
    createdAt: row.createdAt,
    driverCount: content.drivers.length,
    latestReleaseId: releases.latestReleaseId,
    content,
    releases: releases.used,
    driverIds: content.drivers.map((driver) => driver.driverId),
  };
}

function summaryOf({ content: _content, releases: _releases, driverIds: _driverIds, ...summary }: ParsedAgreement): AgreementSummary {
  return summary;
}

/** The releases the frozen gaps rest on, as they are described now (they never change). */
async function releasesUsed(dialogueId: string, frozen: AgreedDriver[]): Promise<AgreedRelease[]> {
  const ids = [...new Set(frozen.flatMap((driver) => driver.gaps.map((gap) => gap.releaseId)))];
  const imported = ids.filter((id): id is number => id !== null);
  const rows = imported.length
    ? await getDb()
        .select({ id: dataReleases.id, fileName: dataReleases.fileName, createdAt: dataReleases.createdAt })
        .from(dataReleases)
        .where(and(eq(dataReleases.dialogueId, dialogueId), inArray(dataReleases.id, imported)))
    : [];
  const described = rows.map((row) => ({ id: row.id, fileName: row.fileName, createdAt: row.createdAt.toISOString() }));
  const seed = ids.includes(null) ? [{ id: null, fileName: null, createdAt: null }] : [];
  return [...seed, ...described.sort((a, b) => a.id - b.id)];
}

// --- creating -------------------------------------------------------------------------------------

async function accessFor(actor: Actor, raw: unknown): Promise<DialogueAccess> {
  const dialogueId = rawId(raw, "dialogueId");
  const driverId = rawId(raw, "driverId");
  return driverId ? requireDriverAccess(actor, dialogueId, driverId, "agreement.create") : requireDialogueAccess(actor, dialogueId, "agreement.create");
}

/**
 * Marks one driver (`driverId`) or the whole goal set (no `driverId`) as agreed: a new, immutable
 * agreement. Facilitators only. A goal set without drivers cannot be agreed (conflict).
 */
export async function createAgreement(actor: Actor, raw: unknown): Promise<{ id: string }> {
  const access = await accessFor(actor, raw);
  const input = parseInput(createAgreementSchema, raw);
  const db = getDb();
  const chosen = await db
    .select({ id: drivers.id, title: drivers.title })
    .from(drivers)
    .where(and(eq(drivers.dialogueId, access.dialogueId), input.driverId ? eq(drivers.id, input.driverId) : undefined))
    .orderBy(asc(drivers.position), asc(drivers.id));
  if (!chosen.length) throw new AppError("conflict");
  const frozen = await Promise.all(chosen.map((driver) => freezeDriver(access.dialogueId, driver)));
  const content: AgreementContent = { version: AGREEMENT_CONTENT_VERSION, drivers: frozen };
  const releases = { latestReleaseId: await getLatestReleaseId(db, access.dialogueId), used: await releasesUsed(access.dialogueId, frozen) };
  return db.transaction(async (tx) => {
    const created = await insertAgreement(tx, {
      dialogueId: access.dialogueId,
      driverId: input.driverId ?? null,
      note: input.note,
      content: agreementContentSchema.parse(content),
      dataReleases: agreementReleasesSchema.parse(releases),
      createdBy: actor.userId,
    });
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: "agreement.created",
      subject: { agreementId: created.id, driverId: input.driverId ?? null, driverIds: chosen.map((driver) => driver.id), latestReleaseId: releases.latestReleaseId },
    });
    return { id: created.id };
  });
}

// --- reading --------------------------------------------------------------------------------------

async function planningQuestion(dialogueId: string): Promise<string> {
  const [row] = await getDb().select({ planningQuestion: dialogues.planningQuestion }).from(dialogues).where(eq(dialogues.id, dialogueId));
  return row?.planningQuestion ?? "";
}

export interface AgreementsPage {
  planningQuestion: string;
  canCreate: boolean;
  driverCount: number;
  /** Newest first. */
  agreements: AgreementSummary[];
}

export async function listAgreements(actor: Actor, dialogueId: string): Promise<AgreementsPage> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const db = getDb();
  const [rows, driverRows, question] = await Promise.all([
    listAgreementsByDialogue(db, access.dialogueId),
    db.select({ id: drivers.id }).from(drivers).where(eq(drivers.dialogueId, access.dialogueId)),
    planningQuestion(access.dialogueId),
  ]);
  return {
    planningQuestion: question,
    canCreate: access.abilities["agreement.create"],
    driverCount: driverRows.length,
    agreements: rows.map((row) => summaryOf(parseAgreement(row))).reverse(),
  };
}

async function requireAgreement(actor: Actor, dialogueId: string, agreementId: string): Promise<{ access: DialogueAccess; agreement: ParsedAgreement }> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const row = isUuid(agreementId) ? await findAgreement(getDb(), access.dialogueId, agreementId) : null;
  if (!row) throw new AppError("not_found");
  return { access, agreement: parseAgreement(row) };
}

/** The driver now, compared with how it was agreed; null once the driver has been deleted. */
async function diffWithNow(dialogueId: string, agreed: AgreedDriver): Promise<AgreedDriverDiff | null> {
  const [exists] = await getDb()
    .select({ id: drivers.id })
    .from(drivers)
    .where(and(eq(drivers.id, agreed.driverId), eq(drivers.dialogueId, dialogueId)));
  if (!exists) return null;
  const [content, gaps] = await Promise.all([currentDriverContent(getDb(), agreed.driverId, dialogueId), gapsOf(dialogueId, agreed.content.goals)]);
  return diffAgreedDriver(agreed, { content, desiredFingerprint: desiredFingerprintOf(content), gaps });
}

export interface AgreementDetails extends AgreementSummary {
  planningQuestion: string;
  releases: AgreedRelease[];
  /** Each agreed driver as frozen; `status` says whether it has changed since. */
  drivers: (AgreedDriver & { status: "unchanged" | "changed" | "deleted" })[];
  /** The organisations the frozen actions name, by id (names as they are now). */
  organisationNames: Record<string, string>;
}

export async function getAgreement(actor: Actor, dialogueId: string, agreementId: string): Promise<AgreementDetails> {
  const { access, agreement } = await requireAgreement(actor, dialogueId, agreementId);
  const diffs = await Promise.all(agreement.content.drivers.map((driver) => diffWithNow(access.dialogueId, driver)));
  return {
    ...summaryOf(agreement),
    planningQuestion: await planningQuestion(access.dialogueId),
    releases: agreement.releases,
    drivers: agreement.content.drivers.map((driver, index) => {
      const diff = diffs[index];
      return { ...driver, status: diff === null ? "deleted" : diff?.hasChanges ? "changed" : "unchanged" };
    }),
    organisationNames: await organisationNamesOf(agreement.content.drivers),
  };
}

async function organisationNamesOf(agreed: AgreedDriver[]): Promise<Record<string, string>> {
  const ids = [...new Set(agreed.flatMap((driver) => driver.content.actions.flatMap((action) => [...action.responsibleOrganisationIds, ...action.collaboratingOrganisationIds])))];
  if (!ids.length) return {};
  const rows = await getDb().select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids));
  return Object.fromEntries(rows.map((row) => [row.id, row.name]));
}

export interface AgreedDriverComparison {
  agreement: AgreementSummary;
  driverTitle: string;
  agreed: AgreedDriver;
  diff: AgreedDriverDiff;
}

/** One driver of an agreement next to the driver now: "agreed vs now". */
export async function getAgreedDriverDiff(actor: Actor, dialogueId: string, agreementId: string, driverId: string): Promise<AgreedDriverComparison> {
  await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  const { access, agreement } = await requireAgreement(actor, dialogueId, agreementId);
  const agreed = agreement.content.drivers.find((driver) => driver.driverId === driverId);
  if (!agreed) throw new AppError("not_found");
  const diff = await diffWithNow(access.dialogueId, agreed);
  if (!diff) throw new AppError("not_found");
  const [driver] = await getDb()
    .select({ title: drivers.title })
    .from(drivers)
    .where(and(eq(drivers.id, driverId), eq(drivers.dialogueId, access.dialogueId)));
  return { agreement: summaryOf(agreement), driverTitle: driver?.title ?? agreed.title, agreed, diff };
}

export interface DriverAgreementStatus {
  canCreate: boolean;
  /** The newest agreement covering the driver, and whether the driver has changed since. */
  latest: (AgreementSummary & { hasChanges: boolean }) | null;
}

/** What the driver page's status line shows. */
export async function getDriverAgreementStatus(actor: Actor, dialogueId: string, driverId: string): Promise<DriverAgreementStatus> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  const rows = (await listAgreementsByDialogue(getDb(), access.dialogueId)).map(parseAgreement);
  const latest = latestAgreementByDriver(rows).get(driverId);
  const canCreate = access.abilities["agreement.create"];
  if (!latest) return { canCreate, latest: null };
  const agreed = latest.content.drivers.find((driver) => driver.driverId === driverId)!;
  const diff = await diffWithNow(access.dialogueId, agreed);
  return { canCreate, latest: { ...summaryOf(latest), hasChanges: diff?.hasChanges ?? true } };
}

// --- a newer data release -------------------------------------------------------------------------

/** Names the gaps as they now stand, so one state is reported once however often it is checked. */
function gapStateKey(changes: GapChange[]): string {
  const state = JSON.stringify(changes.map((change) => [change.goalId, change.now ? gapIdentity(change.now) : null]));
  return createHash("sha256").update(state).digest("hex").slice(0, 32);
}

/**
 * After a data release: for each driver's newest agreement, the agreed targets' gaps are computed
 * on the figures now; where one differs from the agreed gap, the dialogue's facilitators are
 * notified (reason agreed_gap_changed). The key names the agreement, the driver and the gaps' new
 * state, so a repeated check (or a release that changes nothing there) notifies nobody again.
 * Returns how many notifications were created.
 */
export async function notifyAgreedGapChanges(db: Executor, dialogueId: string): Promise<number> {
  const rows = (await listAgreementsByDialogue(db, dialogueId)).map(parseAgreement);
  const facilitators = await findFacilitators(db, dialogueId);
  const existing = new Set((await db.select({ id: drivers.id }).from(drivers).where(eq(drivers.dialogueId, dialogueId))).map((row) => row.id));
  let notified = 0;
  for (const [driverId, agreement] of latestAgreementByDriver(rows)) {
    // A deleted driver's agreement stays, but there is nothing left to notify about.
    if (!existing.has(driverId)) continue;
    const agreed = agreement.content.drivers.find((driver) => driver.driverId === driverId)!;
    if (!agreed.gaps.length) continue;
    const changes = changedGaps(agreed.gaps, await gapsOf(dialogueId, agreed.content.goals));
    if (!changes.length) continue;
    notified += await notifyEvent(db, facilitators, {
      dialogueId,
      reason: "agreed_gap_changed",
      dedupeKey: `agreement:${agreement.id}:driver:${driverId}:gaps:${gapStateKey(changes)}`,
      driverId,
      agreementId: agreement.id,
    });
  }
  return notified;
}

/** The same after an import has committed; a failure is logged and never undoes the import. */
export async function notifyAgreedGapChangesSafely(dialogueId: string): Promise<void> {
  try {
    await notifyAgreedGapChanges(getDb(), dialogueId);
  } catch (error) {
    logError("agreements.gap_check_failed", error, { dialogueId });
  }
}
