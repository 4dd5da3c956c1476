/**
 * Membership and organisations of a dialogue: facilitators invite people by e-mail into an
 * organisation and a role, change roles and remove members; the invitation link signs the
 * invited person in and joins them.
 */
import "server-only";
import { notifyAccessChanged } from "../collab/host";
import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listOrganisationsOfDialogue } from "@/db/queries/organisations";
import {
  dialogueMembers,
  dialogueOrganisations,
  dialogues,
  gapActionOrganisations,
  gapActions,
  drivers,
  invitations,
  organisations,
  users,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { MemberRole, OrganisationType } from "@/lib/model/enums";
import {
  addDialogueOrganisationSchema,
  changeMemberRoleSchema,
  createOrganisationSchema,
  inviteMemberSchema,
  removeMemberSchema,
} from "@/lib/model/organisation";
import { fieldError, parseInput } from "@/lib/validation";
import { requireDialogueAccess, type Actor } from "../access";
import { recordAudit } from "../audit";
import { getEnv } from "../env";
import { sendMail } from "../mail";
import { rawId } from "./raw-input";

export const INVITATION_DAYS = 14;

export interface MemberDto {
  id: string;
  userId: string;
  name: string | null;
  email: string;
  organisationId: string;
  organisationName: string;
  role: MemberRole;
}

export interface MembersPageData {
  members: MemberDto[];
  organisations: { id: string; name: string; type: OrganisationType; regionCode: string | null }[];
  otherOrganisations: { id: string; name: string; type: OrganisationType }[];
  pendingInvitations: { id: string; email: string; organisationName: string; role: MemberRole; expiresAt: Date }[];
  canManage: boolean;
}

export async function getMembersPage(actor: Actor, dialogueId: string): Promise<MembersPageData> {
  const access = await requireDialogueAccess(actor, dialogueId, "member.read");
  const canManage = access.abilities["member.manage"];
  const db = getDb();
  const [members, participating, allOrganisations, pending] = await Promise.all([
    db
      .select({
        id: dialogueMembers.id,
        userId: users.id,
        name: users.name,
        email: users.email,
        organisationId: organisations.id,
        organisationName: organisations.name,
        role: dialogueMembers.role,
      })
      .from(dialogueMembers)
      .innerJoin(users, eq(users.id, dialogueMembers.userId))
      .innerJoin(organisations, eq(organisations.id, dialogueMembers.organisationId))
      .where(eq(dialogueMembers.dialogueId, dialogueId))
      .orderBy(asc(organisations.name), asc(users.name)),
    listOrganisationsOfDialogue(db, dialogueId),
    canManage
      ? db.select({ id: organisations.id, name: organisations.name, type: organisations.type }).from(organisations).orderBy(asc(organisations.name))
      : Promise.resolve([]),
    canManage
      ? db
          .select({
            id: invitations.id,
            email: invitations.email,
            organisationName: organisations.name,
            role: invitations.role,
            expiresAt: invitations.expiresAt,
          })
          .from(invitations)
          .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
          .where(and(eq(invitations.dialogueId, dialogueId), isNull(invitations.acceptedAt), gt(invitations.expiresAt, new Date())))
          .orderBy(asc(invitations.email))
      : Promise.resolve([]),
  ]);
  const participatingIds = new Set(participating.map((organisation) => organisation.id));
  return {
    members,
    organisations: participating,
    otherOrganisations: allOrganisations.filter((organisation) => !participatingIds.has(organisation.id)),
    pendingInvitations: pending,
    canManage,
  };
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Invites a person (by e-mail) into an organisation of the dialogue with a role, and mails the link. */
export async function inviteMember(actor: Actor, raw: unknown): Promise<{ invitationId: string }> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "member.manage");
  const input = parseInput(inviteMemberSchema, raw);
  const db = getDb();
  const [organisation] = await db
    .select({ name: organisations.name })
    .from(dialogueOrganisations)
    .innerJoin(organisations, eq(organisations.id, dialogueOrganisations.organisationId))
    .where(and(eq(dialogueOrganisations.dialogueId, access.dialogueId), eq(dialogueOrganisations.organisationId, input.organisationId)));
  if (!organisation) throw fieldError("organisationId", "invalidChoice");

  const token = randomBytes(32).toString("base64url");
  const [[dialogue], [inviter]] = await Promise.all([
    db.select({ planningQuestion: dialogues.planningQuestion }).from(dialogues).where(eq(dialogues.id, access.dialogueId)),
    db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, actor.userId)),
  ]);
  const [created] = await db
    .insert(invitations)
    .values({
      dialogueId: access.dialogueId,
      email: input.email,
      organisationId: input.organisationId,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    })
    .returning({ id: invitations.id });
  if (input.name) {
    await db.insert(users).values({ email: input.email, name: input.name }).onConflictDoNothing();
  }
  const t = await getTranslations();
  const params = {
    inviter: inviter?.name ?? inviter?.email ?? "",
    dialogue: dialogue?.planningQuestion ?? "",
    role: t(`enums.role.${input.role}`),
    organisation: organisation.name,
  };
  await sendMail({
    to: input.email,
    subject: t("auth.invite.mailSubject", params),
    text: t("auth.invite.mailBody", { ...params, link: `${getEnv().appUrl}/invite/${token}`, days: INVITATION_DAYS }),
  });
  return { invitationId: created!.id };
}

export interface InvitationPreview {
  dialogue: string;
  organisation: string;
  role: MemberRole;
  inviter: string;
}

async function findOpenInvitation(token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const [row] = await getDb()
    .select({
      id: invitations.id,
      dialogueId: invitations.dialogueId,
      email: invitations.email,
      organisationId: invitations.organisationId,
      role: invitations.role,
      dialogue: dialogues.planningQuestion,
      organisation: organisations.name,
      inviterName: users.name,
      inviterEmail: users.email,
    })
    .from(invitations)
    .innerJoin(dialogues, eq(dialogues.id, invitations.dialogueId))
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, new Date())));
  return row;
}

/** What the invitation page shows before the click (a GET never consumes the invitation). */
export async function previewInvitation(token: string): Promise<InvitationPreview | null> {
  const row = await findOpenInvitation(token);
  if (!row) return null;
  return { dialogue: row.dialogue, organisation: row.organisation, role: row.role, inviter: row.inviterName ?? row.inviterEmail ?? "" };
}

/**
 * Accepts an invitation: creates the user when new, joins (or updates) the membership and marks
 * the invitation used, in one transaction. Returns the user and dialogue for the session.
 */
export async function acceptInvitation(token: string): Promise<{ userId: string; dialogueId: string }> {
  const invitation = await findOpenInvitation(token);
  if (!invitation) throw new AppError("not_found");
  return getDb().transaction(async (tx) => {
    const claimed = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (!claimed.length) throw new AppError("not_found");
    await tx.insert(users).values({ email: invitation.email, emailVerified: new Date() }).onConflictDoNothing();
    const [user] = await tx.select({ id: users.id, deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.email, invitation.email));
    if (!user || user.deactivatedAt) throw new AppError("forbidden");
    await tx
      .insert(dialogueMembers)
      .values({ dialogueId: invitation.dialogueId, userId: user.id, organisationId: invitation.organisationId, role: invitation.role })
      .onConflictDoUpdate({
        target: [dialogueMembers.dialogueId, dialogueMembers.userId],
        set: { organisationId: invitation.organisationId, role: invitation.role },
      });
    return { userId: user.id, dialogueId: invitation.dialogueId };
  });
}

/** A dialogue must keep at least one facilitator, or nobody could manage it again. */
async function assertOtherFacilitator(dialogueId: string, memberId: string): Promise<void> {
  const [row] = await getDb()
    .select({ total: count() })
    .from(dialogueMembers)
    .where(and(eq(dialogueMembers.dialogueId, dialogueId), eq(dialogueMembers.role, "facilitator"), ne(dialogueMembers.id, memberId)));
  if (!row || row.total === 0) throw new AppError("conflict", { reason: "last_facilitator" });
}

async function findMember(dialogueId: string, memberId: string) {
  const [member] = await getDb()
    .select({ id: dialogueMembers.id, role: dialogueMembers.role, userId: dialogueMembers.userId, name: sql<string>`coalesce(${users.name}, ${users.email})` })
    .from(dialogueMembers)
    .innerJoin(users, eq(users.id, dialogueMembers.userId))
    .where(and(eq(dialogueMembers.id, memberId), eq(dialogueMembers.dialogueId, dialogueId)));
  if (!member) throw new AppError("not_found");
  return member;
}

export async function changeMemberRole(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "member.manage");
  const input = parseInput(changeMemberRoleSchema, raw);
  const member = await findMember(access.dialogueId, input.memberId);
  if (member.role === "facilitator" && input.role !== "facilitator") {
    await assertOtherFacilitator(access.dialogueId, member.id);
  }
  await getDb().transaction(async (tx) => {
    await tx.update(dialogueMembers).set({ role: input.role }).where(eq(dialogueMembers.id, member.id));
    await recordAudit(tx, actor.userId, {
      dialogueId: access.dialogueId,
      kind: "member.role_changed",
      subject: { userId: member.userId, name: member.name, from: member.role, to: input.role },
    });
  });
  await notifyAccessChanged({ dialogueId: access.dialogueId, userId: member.userId });
}

export async function removeMember(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "member.manage");
  const input = parseInput(removeMemberSchema, raw);
  const member = await findMember(access.dialogueId, input.memberId);
  if (member.role === "facilitator") await assertOtherFacilitator(access.dialogueId, member.id);
  await getDb().transaction(async (tx) => {
    await tx.delete(dialogueMembers).where(eq(dialogueMembers.id, member.id));
    await recordAudit(tx, actor.userId, { dialogueId: access.dialogueId, kind: "member.removed", subject: { userId: member.userId, name: member.name, role: member.role } });
  });
  await notifyAccessChanged({ dialogueId: access.dialogueId, userId: member.userId });
}

/** Creates an organisation (aktör) and adds it to the dialogue. */
export async function createOrganisation(actor: Actor, raw: unknown): Promise<{ id: string }> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "organisation.manage");
  const input = parseInput(createOrganisationSchema, raw);
  return getDb().transaction(async (tx) => {
    const [created] = await tx
      .insert(organisations)
      .values({ name: input.name, type: input.type, regionCode: input.regionCode ?? null })
      .onConflictDoNothing()
      .returning({ id: organisations.id });
    if (!created) throw fieldError("name", "duplicate");
    await tx.insert(dialogueOrganisations).values({ dialogueId: access.dialogueId, organisationId: created.id });
    return { id: created.id };
  });
}

export async function addDialogueOrganisation(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "organisation.manage");
  const input = parseInput(addDialogueOrganisationSchema, raw);
  const [known] = await getDb().select({ id: organisations.id }).from(organisations).where(eq(organisations.id, input.organisationId));
  if (!known) throw fieldError("organisationId", "invalidChoice");
  await getDb().insert(dialogueOrganisations).values({ dialogueId: access.dialogueId, organisationId: known.id }).onConflictDoNothing();
}

/** Removes an organisation from the dialogue, unless members or actions still refer to it. */
export async function removeDialogueOrganisation(actor: Actor, raw: unknown): Promise<void> {
  const access = await requireDialogueAccess(actor, rawId(raw, "dialogueId"), "organisation.manage");
  const input = parseInput(addDialogueOrganisationSchema, raw);
  const db = getDb();
  await db.transaction(async (tx) => {
    const [members] = await tx
      .select({ total: count() })
      .from(dialogueMembers)
      .where(and(eq(dialogueMembers.dialogueId, access.dialogueId), eq(dialogueMembers.organisationId, input.organisationId)));
    const [actions] = await tx
      .select({ total: count() })
      .from(gapActionOrganisations)
      .innerJoin(gapActions, eq(gapActions.id, gapActionOrganisations.actionId))
      .innerJoin(drivers, eq(drivers.id, gapActions.driverId))
      .where(and(eq(drivers.dialogueId, access.dialogueId), eq(gapActionOrganisations.organisationId, input.organisationId)));
    if ((members?.total ?? 0) > 0 || (actions?.total ?? 0) > 0) {
      throw new AppError("conflict", { reason: "organisation_in_use" });
    }
    await tx
      .delete(dialogueOrganisations)
      .where(and(eq(dialogueOrganisations.dialogueId, access.dialogueId), eq(dialogueOrganisations.organisationId, input.organisationId)));
  });
}
