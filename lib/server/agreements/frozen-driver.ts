/**
 * A driver as it stands, frozen the way an agreement freezes it (issue 7): its content, the
 * fingerprint of its önskat läge, each organisation's latest stance and its targets' gaps on the
 * dialogue's figures now. Agreements store it; the goal-set export reads a draft through it, so a
 * draft and an agreed version are described alike. No access check: callers have made theirs.
 */
import "server-only";
import { inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { findLatestStances } from "@/db/queries/rounds";
import { organisations } from "@/db/schema";
import type { DriverDocContent } from "@/lib/collab/driver-doc";
import { gapKey } from "@/lib/gap/gap";
import { agreedGapOf, desiredFingerprintOf, type AgreedDriver, type AgreedGap, type AgreedStance } from "@/lib/model/agreement";
import { currentDriverContent } from "../collab/document-store";
import { loadGapContexts } from "../indicators/gap-contexts";

/** The gaps of these goals' targets on the dialogue's figures now (goals without figures are left out). */
export async function gapsOf(dialogueId: string, goals: DriverDocContent["goals"]): Promise<AgreedGap[]> {
  const targeted = goals.flatMap((goal) => (goal.target ? [{ goalId: goal.id, target: goal.target }] : []));
  if (!targeted.length) return [];
  const contexts = await loadGapContexts(
    dialogueId,
    targeted.map(({ target }) => ({ indicatorId: target.indicatorId, regionCode: target.regionCode ?? "00" })),
  );
  const byKey = new Map(contexts.map((context) => [gapKey(context.indicatorId, context.regionCode), context]));
  return targeted.flatMap(({ goalId, target }) => {
    const context = byKey.get(gapKey(target.indicatorId, target.regionCode));
    if (!context) return [];
    const latest = context.latest ? { value: context.latest.value, period: context.latest.period, releaseId: context.latest.release.id } : null;
    return [agreedGapOf(goalId, target, { unit: context.unit, direction: context.direction, latest, projection: context.projection })];
  });
}

async function stancesOf(driverId: string, agreedFingerprint: string): Promise<AgreedStance[]> {
  const latest = await findLatestStances(getDb(), [driverId]);
  if (!latest.length) return [];
  const names = await getDb()
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, latest.map((stance) => stance.organisationId)));
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  return latest
    .map((stance) => ({
      organisationId: stance.organisationId,
      organisationName: nameOf.get(stance.organisationId) ?? "",
      value: stance.value,
      reason: stance.reason,
      givenByName: stance.givenByName,
      givenAt: stance.createdAt.toISOString(),
      isCurrent: stance.desiredFingerprint === agreedFingerprint,
    }))
    .sort((a, b) => a.organisationName.localeCompare(b.organisationName, "sv"));
}

/**
 * The driver as it stands, frozen. The önskat läge's fingerprint is taken from the content read
 * here, not from the relational copy (findDesiredFingerprints), which follows the live document
 * only after the collaboration server's store delay: a goal typed just before "agree" would
 * otherwise make the fresh agreement look changed a moment later.
 */
export async function freezeDriver(dialogueId: string, driver: { id: string; title: string }): Promise<AgreedDriver> {
  const content = await currentDriverContent(getDb(), driver.id, dialogueId);
  const fingerprint = desiredFingerprintOf(content);
  const [stances, gaps] = await Promise.all([stancesOf(driver.id, fingerprint), gapsOf(dialogueId, content.goals)]);
  return { driverId: driver.id, title: driver.title, content, desiredFingerprint: fingerprint, stances, gaps };
}

