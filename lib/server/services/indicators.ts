import "server-only";
import { getDb } from "@/db/client";
import { listVisibleIndicators } from "@/db/queries/indicators";
import { requireDialogueAccess, type Actor } from "../access";

export interface IndicatorOption {
  id: string;
  nameSv: string;
  nameEn: string;
  unit: string;
}

/**
 * The indicator catalogue a dialogue may link and target: the public NPS figures plus the
 * indicators its own imports defined (never another dialogue's).
 */
export async function listIndicatorCatalogue(actor: Actor, dialogueId: string): Promise<IndicatorOption[]> {
  const access = await requireDialogueAccess(actor, dialogueId, "dialogue.read");
  const rows = await listVisibleIndicators(getDb(), access.dialogueId);
  return rows.map(({ id, nameSv, nameEn, unit }) => ({ id, nameSv, nameEn, unit }));
}
