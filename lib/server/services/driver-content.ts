/**
 * The indicators linked to a driver's nuläge and förväntad framtid (facilitators). The texts, goal statements
 * and gap actions are edited live in the driver's shared document (lib/collab/driver-doc.ts); the
 * collaboration server keeps their relational copy.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { listVisibleIndicators } from "@/db/queries/indicators";
import { driverIndicators } from "@/db/schema";
import { setDriverIndicatorsSchema } from "@/lib/model/driver-content";
import { fieldError, parseInput } from "@/lib/validation";
import { requireDriverAccess, type Actor } from "../access";
import { rawId } from "./raw-input";

/**
 * Replaces the indicators linked to nuläge or förväntad framtid, in the given order. Facilitators
 * only (`indicator.link`): the evidence a driver is argued on is part of framing the dialogue.
 */
export async function setDriverIndicators(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "indicator.link");
  const input = parseInput(setDriverIndicatorsSchema, raw);
  const ids = [...new Set(input.indicatorIds)];
  const db = getDb();
  await db.transaction(async (tx) => {
    if (ids.length) {
      // Only what this dialogue sees: public indicators and its own definitions.
      const known = await listVisibleIndicators(tx, access.dialogueId, ids);
      if (known.length !== ids.length) throw fieldError("indicatorIds", "invalidChoice");
    }
    await tx
      .delete(driverIndicators)
      .where(and(eq(driverIndicators.driverId, input.driverId), eq(driverIndicators.part, input.part)));
    if (ids.length) {
      await tx.insert(driverIndicators).values(
        ids.map((indicatorId, position) => ({ driverId: input.driverId, part: input.part, indicatorId, position })),
      );
    }
  });
}
