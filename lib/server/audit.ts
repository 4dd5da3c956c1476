/**
 * The audit log (issue 7): services append what they did in the same transaction as the change,
 * so a record exists exactly when the change does; facilitators read it. Nothing here updates or
 * deletes, and the table's trigger refuses it from anywhere else too (migration 0006).
 */
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import type { AuditRecord } from "@/lib/model/audit";

/**
 * Appends one record. `actorId` null means the scheduler (a round opened or closed at its time).
 * The actor's name is copied as it is now: the log must read the same after they are renamed or gone.
 */
export async function recordAudit(db: Executor, actorId: string | null, record: AuditRecord): Promise<void> {
  await db.insert(auditEvents).values({
    dialogueId: record.dialogueId,
    actorId,
    actorName: actorId ? sql`(select coalesce(${users.name}, ${users.email}) from ${users} where ${users.id} = ${actorId})` : null,
    kind: record.kind,
    subject: record.subject,
  });
}
