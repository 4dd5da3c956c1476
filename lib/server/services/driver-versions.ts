/**
 * Named versions of a driver: who saved which state when, with a note; reading one next to the
 * difference from now; restoring one as a new edit that everyone connected sees live.
 */
import "server-only";
import { getDb } from "@/db/client";
import { findDriverVersion, listDriverVersions } from "@/db/queries/driver-versions";
import { eq } from "drizzle-orm";
import { drivers, driverVersions } from "@/db/schema";
import type { DriverDocContent } from "@/lib/collab/driver-doc";
import { diffDriverContent, driverDocContentSchema, type DriverDiff } from "@/lib/collab/version-diff";
import { AppError } from "@/lib/errors";
import { restoreDriverVersionSchema, saveDriverVersionSchema } from "@/lib/model/driver-version";
import { isUuid } from "@/lib/model/ids";
import { parseInput } from "@/lib/validation";
import { requireDriverAccess, type Actor } from "../access";
import { collabHost } from "../collab/host";
import { currentDriverState, driverContentOf } from "../collab/document-store";
import { rawId } from "./raw-input";

export interface DriverVersionSummary {
  id: string;
  name: string;
  note: string;
  createdAt: Date;
  createdByName: string | null;
}

export interface DriverVersionDetails extends DriverVersionSummary {
  driverTitle: string;
  canEdit: boolean;
  content: DriverDocContent;
  diff: DriverDiff;
}

function currentState(driverId: string, dialogueId: string): Promise<Uint8Array> {
  return currentDriverState(getDb(), driverId, dialogueId);
}

export async function saveDriverVersion(actor: Actor, raw: unknown): Promise<{ id: string }> {
  const access = await requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "driverContent.update");
  const input = parseInput(saveDriverVersionSchema, raw);
  const state = await currentState(input.driverId, access.dialogueId);
  const [created] = await getDb()
    .insert(driverVersions)
    .values({
      driverId: input.driverId,
      name: input.name,
      note: input.note,
      createdBy: actor.userId,
      state,
      content: driverContentOf(state),
    })
    .returning({ id: driverVersions.id });
  return { id: created!.id };
}

export interface DriverVersionsPage {
  driverTitle: string;
  canEdit: boolean;
  versions: DriverVersionSummary[];
}

async function driverTitle(driverId: string): Promise<string> {
  const [row] = await getDb().select({ title: drivers.title }).from(drivers).where(eq(drivers.id, driverId));
  return row?.title ?? "";
}

export async function getDriverVersions(actor: Actor, dialogueId: string, driverId: string): Promise<DriverVersionsPage> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  const [title, versions] = await Promise.all([driverTitle(driverId), listDriverVersions(getDb(), driverId)]);
  return { driverTitle: title, canEdit: access.abilities["driverContent.update"], versions };
}

export async function getDriverVersion(
  actor: Actor,
  dialogueId: string,
  driverId: string,
  versionId: string,
): Promise<DriverVersionDetails> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  if (!isUuid(versionId)) throw new AppError("not_found");
  const version = await findDriverVersion(getDb(), driverId, versionId);
  if (!version) throw new AppError("not_found");
  const content = driverDocContentSchema.parse(version.content);
  const now = driverContentOf(await currentState(driverId, access.dialogueId));
  return {
    ...version,
    driverTitle: await driverTitle(driverId),
    canEdit: access.abilities["driverContent.update"],
    content,
    diff: diffDriverContent(content, now),
  };
}

/** Restores a version as one new edit (nothing is rewritten in history). */
export async function restoreDriverVersion(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "driverContent.update");
  const input = parseInput(restoreDriverVersionSchema, raw);
  const version = await findDriverVersion(getDb(), input.driverId, input.versionId);
  if (!version) throw new AppError("not_found");
  const host = collabHost();
  // Restoring must reach everyone editing live, which only the collaboration server can do.
  if (!host) throw new AppError("unavailable");
  const outcome = await host.replaceContent(input.driverId, access.dialogueId, driverDocContentSchema.parse(version.content), actor.userId);
  // A restore rewrites every part, so any part locked in a workshop stops it.
  if (outcome === "locked") throw new AppError("conflict", { reason: "part_locked" });
}
