import { asc, eq } from "drizzle-orm";
import type { Executor } from "../client";
import { dialogueOrganisations, organisations } from "../schema";

/**
 * The organisations taking part in a dialogue, by name. Unchecked: only services that have passed
 * the access checkpoint for this dialogue call it.
 */
export function listOrganisationsOfDialogue(db: Executor, dialogueId: string) {
  return db
    .select({ id: organisations.id, name: organisations.name, type: organisations.type, regionCode: organisations.regionCode })
    .from(dialogueOrganisations)
    .innerJoin(organisations, eq(organisations.id, dialogueOrganisations.organisationId))
    .where(eq(dialogueOrganisations.dialogueId, dialogueId))
    .orderBy(asc(organisations.name));
}
