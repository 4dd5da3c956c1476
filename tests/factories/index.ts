/**
 * Real-database factories: each test builds the world it needs and asserts on that world only.
 * On PostgreSQL every test file of a run shares one database, so nothing here assumes an empty
 * table, and every unique value comes from `randomUUID()` (never from the clock, which repeats).
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  commentThreads,
  comments,
  compositeIndexes,
  dialogueMembers,
  dialogueOrganisations,
  dialogues,
  drivers,
  driverTexts,
  gapActionOrganisations,
  gapActions,
  goalStatements,
  indicators,
  indicatorValues,
  organisations,
  users,
  type CompositeIndex,
  type Dialogue,
  type Driver,
  type GapAction,
  type GoalStatement,
  type Organisation,
  type User,
} from "@/db/schema";
import type { MemberRole, TextPart } from "@/lib/model/enums";
import { docFromPlainText } from "@/lib/model/rich-text";
import type { Actor } from "@/lib/server/access";

type NewUser = typeof users.$inferInsert;
type NewOrganisation = typeof organisations.$inferInsert;
type NewDialogue = typeof dialogues.$inferInsert;
type NewDriver = typeof drivers.$inferInsert;
type NewIndicator = typeof indicators.$inferInsert;
type NewIndicatorValue = typeof indicatorValues.$inferInsert;
type NewGoalStatement = typeof goalStatements.$inferInsert;
type NewGapAction = typeof gapActions.$inferInsert;
type NewCompositeIndex = typeof compositeIndexes.$inferInsert;
export type Indicator = typeof indicators.$inferSelect;
export type IndicatorValue = typeof indicatorValues.$inferSelect;

/** A short unique token for names that must not collide with other tests' rows. */
export function uniqueToken(): string {
  return randomUUID();
}

/** The actor services expect for a user. */
export function actorOf(user: Pick<User, "id">): Actor {
  return { userId: user.id };
}

export async function buildUser(overrides: Partial<NewUser> = {}): Promise<User> {
  const token = uniqueToken();
  const [user] = await getDb()
    .insert(users)
    .values({ name: `Test User ${token}`, email: `user-${token}@test.samsyn.invalid`, ...overrides })
    .returning();
  return user!;
}

export async function buildOrganisation(overrides: Partial<NewOrganisation> = {}): Promise<Organisation> {
  const [organisation] = await getDb()
    .insert(organisations)
    .values({ name: `Test Organisation ${uniqueToken()}`, type: "region", ...overrides })
    .returning();
  return organisation!;
}

export interface BuiltDialogue {
  dialogue: Dialogue;
  /** The dialogue's facilitator (its creator). */
  facilitator: User;
  /** The organisation the facilitator speaks for; it takes part in the dialogue. */
  organisation: Organisation;
}

export interface BuildDialogueOptions extends Partial<NewDialogue> {
  facilitator?: User;
  organisation?: Organisation;
}

/** A dialogue with one facilitator, who speaks for an organisation taking part in it. */
export async function buildDialogue(options: BuildDialogueOptions = {}): Promise<BuiltDialogue> {
  const { facilitator: givenFacilitator, organisation: givenOrganisation, ...overrides } = options;
  const facilitator = givenFacilitator ?? (await buildUser());
  const organisation = givenOrganisation ?? (await buildOrganisation());
  const db = getDb();
  const [dialogue] = await db
    .insert(dialogues)
    .values({
      planningQuestion: `Planning question ${uniqueToken()}`,
      horizonFrom: 2025,
      horizonTo: 2035,
      status: "active",
      createdBy: facilitator.id,
      ...overrides,
    })
    .returning();
  await db.insert(dialogueOrganisations).values({ dialogueId: dialogue!.id, organisationId: organisation.id });
  await db.insert(dialogueMembers).values({
    dialogueId: dialogue!.id,
    userId: facilitator.id,
    organisationId: organisation.id,
    role: "facilitator",
  });
  return { dialogue: dialogue!, facilitator, organisation };
}

export interface BuiltMember {
  user: User;
  memberId: string;
  organisationId: string;
  role: MemberRole;
}

/**
 * Adds a member to a dialogue. Without `organisationId` a new organisation is made; either way the
 * organisation is linked to the dialogue, as the invitation flow does.
 */
export async function buildMember(
  dialogueId: string,
  options: { role: MemberRole; organisationId?: string; user?: User },
): Promise<BuiltMember> {
  const user = options.user ?? (await buildUser());
  const organisationId = options.organisationId ?? (await buildOrganisation()).id;
  const db = getDb();
  await db.insert(dialogueOrganisations).values({ dialogueId, organisationId }).onConflictDoNothing();
  const [member] = await db
    .insert(dialogueMembers)
    .values({ dialogueId, userId: user.id, organisationId, role: options.role })
    .returning({ id: dialogueMembers.id });
  return { user, memberId: member!.id, organisationId, role: options.role };
}

/** A driver at the end of its dialogue's list. */
export async function buildDriver(dialogueId: string, overrides: Partial<NewDriver> = {}): Promise<Driver> {
  const db = getDb();
  const existing = await db.select({ position: drivers.position }).from(drivers).where(eq(drivers.dialogueId, dialogueId));
  const nextPosition = existing.reduce((highest, row) => Math.max(highest, row.position + 1), 0);
  const [driver] = await db
    .insert(drivers)
    .values({
      dialogueId,
      title: `Driver ${uniqueToken()}`,
      whoClass: "predictable",
      position: nextPosition,
      ...overrides,
    })
    .returning();
  return driver!;
}

export interface BuiltIndicator {
  indicator: Indicator;
  values: IndicatorValue[];
}

/**
 * An indicator with a unique id and, unless `values` says otherwise, two values: the country and
 * one region (a suppressed value is stored as null, never 0).
 */
export async function buildIndicator(
  overrides: Partial<NewIndicator> = {},
  values?: Omit<NewIndicatorValue, "indicatorId">[],
): Promise<BuiltIndicator> {
  const token = uniqueToken();
  const db = getDb();
  const [indicator] = await db
    .insert(indicators)
    .values({
      id: `test_indicator_${token.replaceAll("-", "_")}`,
      nameSv: `Testindikator ${token}`,
      nameEn: `Test indicator ${token}`,
      unit: "antal",
      direction: "higher_is_better",
      ...overrides,
    })
    .returning();
  const valueRows = values ?? [
    { regionCode: "00", regionLabel: "Riket", period: "2024", value: 12.5, unit: "antal", source: "Test", sourceRef: "test" },
    { regionCode: "01", regionLabel: "Stockholm", period: "2024", value: null, unit: "antal", source: "Test", sourceRef: "test" },
  ];
  const inserted = valueRows.length
    ? await db
        .insert(indicatorValues)
        .values(valueRows.map((value) => ({ ...value, indicatorId: indicator!.id })))
        .returning()
    : [];
  return { indicator: indicator!, values: inserted };
}

/** A text part of a driver as plain paragraphs, as the relational copy of the live document holds it. */
export async function buildDriverText(driverId: string, part: TextPart, plainText: string): Promise<void> {
  await getDb()
    .insert(driverTexts)
    .values({ driverId, part, doc: docFromPlainText(plainText), plainText: plainText.trim() });
}

/** A goal statement at the end of its driver's list. */
export async function buildGoalStatement(
  driverId: string,
  overrides: Partial<NewGoalStatement> = {},
): Promise<GoalStatement> {
  const db = getDb();
  const existing = await db
    .select({ position: goalStatements.position })
    .from(goalStatements)
    .where(eq(goalStatements.driverId, driverId));
  const [statement] = await db
    .insert(goalStatements)
    .values({
      driverId,
      position: existing.reduce((highest, row) => Math.max(highest, row.position + 1), 0),
      text: `Goal ${uniqueToken()}`,
      ...overrides,
    })
    .returning();
  return statement!;
}

/** A gap action at the end of its driver's list, optionally with responsible and collaborating organisations. */
export async function buildGapAction(
  driverId: string,
  overrides: Partial<NewGapAction> & { responsibleOrganisationIds?: string[]; collaboratingOrganisationIds?: string[] } = {},
): Promise<GapAction> {
  const { responsibleOrganisationIds = [], collaboratingOrganisationIds = [], ...columns } = overrides;
  const db = getDb();
  const existing = await db.select({ position: gapActions.position }).from(gapActions).where(eq(gapActions.driverId, driverId));
  const [action] = await db
    .insert(gapActions)
    .values({
      driverId,
      position: existing.reduce((highest, row) => Math.max(highest, row.position + 1), 0),
      text: `Action ${uniqueToken()}`,
      horizon: "short",
      level: "regional",
      control: "own",
      ...columns,
    })
    .returning();
  const links = [
    ...responsibleOrganisationIds.map((organisationId) => ({ actionId: action!.id, organisationId, role: "responsible" as const })),
    ...collaboratingOrganisationIds.map((organisationId) => ({ actionId: action!.id, organisationId, role: "collaborating" as const })),
  ];
  if (links.length) await db.insert(gapActionOrganisations).values(links);
  return action!;
}

/**
 * A saved composite index, written directly (no service checks): by default one aspect of one
 * indicator id that need not exist, which the computation reports as left out.
 */
export async function buildCompositeIndex(
  dialogueId: string,
  overrides: Partial<Omit<NewCompositeIndex, "dialogueId">> = {},
): Promise<CompositeIndex> {
  const [index] = await getDb()
    .insert(compositeIndexes)
    .values({ dialogueId, name: `Index ${uniqueToken()}`, aspects: [{ name: "Aspekt", indicatorIds: [`test_indicator_${uniqueToken()}`] }], ...overrides })
    .returning();
  return index!;
}

export interface BuiltCommentThread {
  threadId: string;
  commentId: string;
}

/** A thread on the driver as a whole with its first comment, written directly (no service checks). */
export async function buildCommentThread(
  driver: Pick<Driver, "id" | "dialogueId">,
  author: { userId: string; organisationId: string },
  body = `Kommentar ${uniqueToken()}`,
): Promise<BuiltCommentThread> {
  const db = getDb();
  const [thread] = await db
    .insert(commentThreads)
    .values({ dialogueId: driver.dialogueId, driverId: driver.id, anchorKind: "driver", createdBy: author.userId })
    .returning({ id: commentThreads.id });
  const [comment] = await db
    .insert(comments)
    .values({ threadId: thread!.id, authorId: author.userId, organisationId: author.organisationId, body })
    .returning({ id: comments.id });
  return { threadId: thread!.id, commentId: comment!.id };
}
