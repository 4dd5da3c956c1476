/**
 * Reading the audit log (issue 7): facilitators page through a dialogue's records, newest first,
 * optionally one kind only. Writing is lib/server/audit.ts; nothing here or anywhere changes a record.
 */
import "server-only";
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditEvents, drivers, organisations } from "@/db/schema";
import { AUDIT_KINDS, type AuditKind } from "@/lib/model/audit";
import { isUuid } from "@/lib/model/ids";
import { requireDialogueAccess, type Actor } from "../access";

const AUDIT_PAGE_SIZE = 50;

const filterSchema = z.object({
  kind: z.enum(AUDIT_KINDS).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export interface AuditEntry {
  id: number;
  kind: AuditKind;
  actorName: string | null;
  /** Null: done by the scheduler, not by a person. */
  actorId: string | null;
  createdAt: Date;
  subject: Record<string, unknown>;
  /** Names of what the subject's IDs point at, as they are now (when it still exists). */
  driverTitle: string | null;
  organisationName: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  kind: AuditKind | null;
  /** Pass as `before` for the next, older page; null on the last page. */
  olderThan: number | null;
}

/** A page of the dialogue's audit log. Unknown filter values read as "no filter". */
export async function listAuditEvents(actor: Actor, dialogueId: string, rawFilter: unknown): Promise<AuditPage> {
  const access = await requireDialogueAccess(actor, dialogueId, "audit.read");
  const filter = filterSchema.parse(rawFilter ?? {});
  const db = getDb();
  const rows = await db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.dialogueId, access.dialogueId),
        filter.kind ? eq(auditEvents.kind, filter.kind) : undefined,
        filter.before ? lt(auditEvents.id, filter.before) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const subjects = page.map((row) => row.subject as Record<string, unknown>);
  const driverTitles = await namesById(subjects, "driverId", (ids) =>
    db.select({ id: drivers.id, name: drivers.title }).from(drivers).where(and(eq(drivers.dialogueId, access.dialogueId), inArray(drivers.id, ids))),
  );
  const organisationNames = await namesById(subjects, "organisationId", (ids) =>
    db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids)),
  );
  return {
    entries: page.map((row, index) => {
      const subject = subjects[index]!;
      return {
        id: row.id,
        kind: row.kind as AuditKind,
        actorId: row.actorId,
        actorName: row.actorName,
        createdAt: row.createdAt,
        subject,
        driverTitle: driverTitles.get(String(subject.driverId)) ?? null,
        organisationName: organisationNames.get(String(subject.organisationId)) ?? null,
      };
    }),
    kind: filter.kind ?? null,
    olderThan: rows.length > AUDIT_PAGE_SIZE ? page.at(-1)!.id : null,
  };
}

async function namesById(
  subjects: Record<string, unknown>[],
  field: string,
  load: (ids: string[]) => Promise<{ id: string; name: string }[]>,
): Promise<Map<string, string>> {
  const ids = [...new Set(subjects.map((subject) => subject[field]).filter(isUuid))];
  if (!ids.length) return new Map();
  return new Map((await load(ids)).map((row) => [row.id, row.name]));
}
