import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dialogueMembers, dialogues, organisations, users } from "@/db/schema";
import type { MemberRole } from "@/lib/model/enums";

export interface DemoUser {
  id: string;
  name: string;
  organisationName: string;
  role: MemberRole;
}

const ROLE_ORDER: Record<MemberRole, number> = { facilitator: 0, participant: 1, observer: 2 };

/** The demo dialogue's users for one-click sign-in; callers show it only in demo mode. */
export async function listDemoUsers(): Promise<DemoUser[]> {
  const rows = await getDb()
    .select({ id: users.id, name: users.name, email: users.email, organisationName: organisations.name, role: dialogueMembers.role })
    .from(users)
    .innerJoin(dialogueMembers, eq(dialogueMembers.userId, users.id))
    .innerJoin(dialogues, and(eq(dialogues.id, dialogueMembers.dialogueId), eq(dialogues.isDemo, true)))
    .innerJoin(organisations, eq(organisations.id, dialogueMembers.organisationId))
    .where(and(eq(users.isDemo, true), isNull(users.deactivatedAt)))
    .orderBy(asc(users.name));
  return rows
    .map((row) => ({ id: row.id, name: row.name ?? row.email, organisationName: row.organisationName, role: row.role }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
}
