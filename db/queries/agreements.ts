/**
 * Agreed versions (issue 7). Only inserts and reads: the table's triggers refuse updates, deletes
 * and truncation (migration 0006), and nothing here tries. Every read is scoped by the dialogue.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { agreements, users } from "../schema";

export interface NewAgreementRow {
  dialogueId: string;
  driverId: string | null;
  note: string;
  content: unknown;
  dataReleases: unknown;
  createdBy: string;
}

/** Appends an agreement; the author's name is copied as it is now, like the audit log's. */
export async function insertAgreement(db: Executor, row: NewAgreementRow): Promise<{ id: string; createdAt: Date }> {
  const [created] = await db
    .insert(agreements)
    .values({
      ...row,
      createdByName: sql`coalesce((select coalesce(${users.name}, ${users.email}) from ${users} where ${users.id} = ${row.createdBy}), '')`,
    })
    .returning({ id: agreements.id, createdAt: agreements.createdAt });
  return created!;
}

const columns = {
  id: agreements.id,
  dialogueId: agreements.dialogueId,
  driverId: agreements.driverId,
  note: agreements.note,
  content: agreements.content,
  dataReleases: agreements.dataReleases,
  createdByName: agreements.createdByName,
  createdAt: agreements.createdAt,
};

/** The dialogue's agreements in the order they were made (oldest first). */
export function listAgreementsByDialogue(db: Executor, dialogueId: string) {
  return db.select(columns).from(agreements).where(eq(agreements.dialogueId, dialogueId)).orderBy(asc(agreements.createdAt), asc(agreements.id));
}

/** One agreement of the dialogue; null when it is another dialogue's or does not exist. */
export async function findAgreement(db: Executor, dialogueId: string, agreementId: string) {
  const [row] = await db
    .select(columns)
    .from(agreements)
    .where(and(eq(agreements.id, agreementId), eq(agreements.dialogueId, dialogueId)));
  return row ?? null;
}
