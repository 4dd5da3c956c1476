/**
 * The relational model (DOMAIN.md, seed 003). Column names are spelled out in snake_case so that
 * drizzle-kit, the Auth.js adapter and raw SQL all see the same names without a casing option.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  type AnyPgColumn,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  ACTION_CONTROLS,
  ACTION_HORIZONS,
  ACTION_LEVELS,
  COMMENT_ANCHOR_KINDS,
  COMMENT_REACTIONS,
  COMMENT_TEXT_PARTS,
  DIALOGUE_STATUSES,
  INDICATOR_DIRECTIONS,
  INDICATOR_PARTS,
  MEMBER_ROLES,
  ORGANISATION_TYPES,
  TARGET_DIRECTIONS,
  TEXT_PARTS,
  WHO_CLASSES,
} from "../lib/model/enums";
import { EMAIL_MODES, NOTIFICATION_LEVELS, NOTIFICATION_REASONS } from "../lib/model/notification";
import { ROUND_KINDS, STANCE_VALUES } from "../lib/model/round";
import { SUGGESTION_ITEM_KINDS, SUGGESTION_STATUSES } from "../lib/model/suggestion";
import type { CompositeIndexAspect } from "../lib/model/composite-index";
import { WORKSHOP_STATUSES } from "../lib/model/workshop";
import type { DriverPart, LockScope } from "../lib/workshop/live-state";
import type { AnswerUse, PromptStatus, VoteMode, VoteStatus, VoteTarget, VoteTargetKind } from "../lib/workshop/activity";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const organisationTypeEnum = pgEnum("organisation_type", ORGANISATION_TYPES);
export const dialogueStatusEnum = pgEnum("dialogue_status", DIALOGUE_STATUSES);
export const memberRoleEnum = pgEnum("member_role", MEMBER_ROLES);
export const whoClassEnum = pgEnum("who_class", WHO_CLASSES);
export const textPartEnum = pgEnum("text_part", TEXT_PARTS);
export const indicatorPartEnum = pgEnum("indicator_part", INDICATOR_PARTS);
export const indicatorDirectionEnum = pgEnum("indicator_direction", INDICATOR_DIRECTIONS);
export const targetDirectionEnum = pgEnum("target_direction", TARGET_DIRECTIONS);
export const actionHorizonEnum = pgEnum("action_horizon", ACTION_HORIZONS);
export const actionLevelEnum = pgEnum("action_level", ACTION_LEVELS);
export const actionControlEnum = pgEnum("action_control", ACTION_CONTROLS);
export const actionOrganisationRoleEnum = pgEnum("action_organisation_role", ["responsible", "collaborating"]);

// ---------------------------------------------------------------------------------------------
// Auth.js tables (the drizzle adapter reads these property names).

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name"),
  email: text("email").notNull().unique(),
  emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
  image: text("image"),
  locale: text("locale"),
  isDemo: boolean("is_demo").notNull().default(false),
  deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
  createdAt: createdAt(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.providerAccountId] }),
    index("accounts_user_id_idx").on(t.userId),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
    /** Start of the session: the absolute timeout counts from here, however active the user is. */
    createdAt: createdAt(),
    /** Last request seen; the idle timeout counts from here (updated at most once a minute). */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId)],
);

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/** Mails sent while no SMTP server is configured; readable by the admin (and the tests). */
export const outboxMails = pgTable("outbox_mails", {
  id: serial("id").primaryKey(),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  text: text("text").notNull(),
  createdAt: createdAt(),
});

// ---------------------------------------------------------------------------------------------
// Geography and indicators (loaded from shared/data).

export const regions = pgTable("regions", {
  code: text("code").primaryKey(),
  nameSv: text("name_sv").notNull(),
  regionGroupNo: integer("region_group_no"),
  regionGroup: text("region_group"),
});

/**
 * The catalogue. Rows without `dialogue_id` are the public NPS figures every dialogue sees; a row
 * with one was defined by an import into that dialogue and is visible there only.
 */
export const indicators = pgTable(
  "indicators",
  {
    id: text("id").primaryKey(),
    nameSv: text("name_sv").notNull(),
    nameEn: text("name_en").notNull(),
    /** The unit most values carry; each value keeps its own (the seeds vary the wording). */
    unit: text("unit").notNull(),
    direction: indicatorDirectionEnum("direction").notNull(),
    definition: text("definition"),
    source: text("source"),
    sourceRef: text("source_ref"),
    dialogueId: uuid("dialogue_id").references((): AnyPgColumn => dialogues.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [index("indicators_dialogue_id_idx").on(t.dialogueId)],
);

export const releaseKindEnum = pgEnum("release_kind", ["values", "projection"]);

/**
 * One committed import (issue 5): who, when, which file, what it did. Every value and projection
 * input it wrote points back here; a later release wins for the same key, so the history stays.
 */
export const dataReleases = pgTable(
  "data_releases",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references((): AnyPgColumn => dialogues.id, { onDelete: "cascade" }),
    kind: releaseKindEnum("kind").notNull(),
    fileName: text("file_name").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    rowCount: integer("row_count").notNull(),
    newCount: integer("new_count").notNull(),
    changedCount: integer("changed_count").notNull(),
    definedCount: integer("defined_count").notNull(),
  },
  (t) => [index("data_releases_dialogue_id_idx").on(t.dialogueId, t.id)],
);

export const indicatorValues = pgTable(
  "indicator_values",
  {
    id: serial("id").primaryKey(),
    indicatorId: text("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    /** County code, `00` = riket; null for groups that are not regions (its label says which). */
    regionCode: text("region_code"),
    regionLabel: text("region_label").notNull(),
    /** `YYYY` or `YYYY-YYYY`; null when the source gives no year. */
    period: text("period"),
    /** Null when the source suppresses or omits the value: never shown as 0. */
    value: doublePrecision("value"),
    unit: text("unit").notNull(),
    source: text("source").notNull(),
    sourceRef: text("source_ref").notNull(),
    /** The release that wrote the row; null for the NPS figures loaded at start-up. */
    releaseId: bigint("release_id", { mode: "number" }).references(() => dataReleases.id, { onDelete: "cascade" }),
    /**
     * The dialogue whose import wrote it (null for the public figures): a copy of the release's
     * dialogue for filtering. No foreign key of its own: deleting the dialogue deletes its releases,
     * and they delete their values; a third check per row would cost an import of 100 000 values
     * about a second on PGlite.
     */
    dialogueId: uuid("dialogue_id"),
  },
  (t) => [
    // One value per key and release (the public figures: release null). Leading with the release,
    // it also serves the release's cascade; the newest release a dialogue sees gives the value shown.
    unique("indicator_values_release_key").on(t.releaseId, t.indicatorId, t.regionLabel, t.period).nullsNotDistinct(),
    index("indicator_values_indicator_id_idx").on(t.indicatorId, t.dialogueId),
  ],
);

export const indicatorFacts = pgTable(
  "indicator_facts",
  {
    id: serial("id").primaryKey(),
    indicatorId: text("indicator_id").notNull(),
    nameSv: text("name_sv").notNull(),
    nameEn: text("name_en").notNull(),
    regionCode: text("region_code"),
    regionLabel: text("region_label").notNull(),
    period: text("period"),
    value: text("value"),
    unit: text("unit").notNull(),
    direction: indicatorDirectionEnum("direction").notNull(),
    source: text("source").notNull(),
    sourceRef: text("source_ref").notNull(),
  },
  (t) => [index("indicator_facts_indicator_id_idx").on(t.indicatorId)],
);

// ---------------------------------------------------------------------------------------------
// Organisations, dialogues and membership.

export const organisations = pgTable("organisations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  type: organisationTypeEnum("type").notNull(),
  regionCode: text("region_code").references(() => regions.code),
  createdAt: createdAt(),
});

export const dialogues = pgTable("dialogues", {
  id: uuid("id").primaryKey().defaultRandom(),
  planningQuestion: text("planning_question").notNull(),
  description: text("description").notNull().default(""),
  regionCodes: text("region_codes").array().notNull().default(sql`'{}'::text[]`),
  horizonFrom: integer("horizon_from").notNull(),
  horizonTo: integer("horizon_to").notNull(),
  status: dialogueStatusEnum("status").notNull().default("draft"),
  isDemo: boolean("is_demo").notNull().default(false),
  /** Observers read every thread; they comment only where the facilitators allow it (issue 6). */
  observersMayComment: boolean("observers_may_comment").notNull().default(false),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const dialogueOrganisations = pgTable(
  "dialogue_organisations",
  {
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.dialogueId, t.organisationId] }),
    index("dialogue_organisations_organisation_id_idx").on(t.organisationId),
  ],
);

export const dialogueMembers = pgTable(
  "dialogue_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    role: memberRoleEnum("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("dialogue_members_dialogue_user_idx").on(t.dialogueId, t.userId),
    index("dialogue_members_user_id_idx").on(t.userId),
    index("dialogue_members_organisation_id_idx").on(t.organisationId),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    role: memberRoleEnum("role").notNull(),
    /** SHA-256 of the token in the mailed link; the token itself is never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_dialogue_id_idx").on(t.dialogueId)],
);

// ---------------------------------------------------------------------------------------------
// Drivers and their four parts.

export const drivers = pgTable(
  "drivers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    whoClass: whoClassEnum("who_class").notNull(),
    careAreas: text("care_areas").array().notNull().default(sql`'{}'::text[]`),
    changePerspectives: text("change_perspectives").array().notNull().default(sql`'{}'::text[]`),
    position: integer("position").notNull(),
    sourceRef: text("source_ref"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("drivers_dialogue_id_idx").on(t.dialogueId, t.position)],
);

/** Rich text of nuläge, förväntad framtid and the gap narrative: Tiptap JSON plus plain text. */
export const driverTexts = pgTable(
  "driver_texts",
  {
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    part: textPartEnum("part").notNull(),
    doc: jsonb("doc").notNull(),
    plainText: text("plain_text").notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.driverId, t.part] })],
);

export const driverIndicators = pgTable(
  "driver_indicators",
  {
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    part: indicatorPartEnum("part").notNull(),
    indicatorId: text("indicator_id").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.driverId, t.part, t.indicatorId] }),
    index("driver_indicators_indicator_id_idx").on(t.indicatorId),
  ],
);

export const goalStatements = pgTable(
  "goal_statements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    text: text("text").notNull(),
    targetIndicatorId: text("target_indicator_id").references(() => indicators.id, {
      onDelete: "set null",
    }),
    targetRegionCode: text("target_region_code").references(() => regions.code),
    targetValue: doublePrecision("target_value"),
    targetYear: integer("target_year"),
    targetDirection: targetDirectionEnum("target_direction"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("goal_statements_driver_id_idx").on(t.driverId, t.position)],
);

export const gapActions = pgTable(
  "gap_actions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    text: text("text").notNull(),
    horizon: actionHorizonEnum("horizon").notNull(),
    level: actionLevelEnum("level").notNull(),
    control: actionControlEnum("control").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("gap_actions_driver_id_idx").on(t.driverId, t.position)],
);

export const gapActionOrganisations = pgTable(
  "gap_action_organisations",
  {
    actionId: uuid("action_id")
      .notNull()
      .references(() => gapActions.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    role: actionOrganisationRoleEnum("role").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.actionId, t.organisationId] }),
    index("gap_action_organisations_organisation_id_idx").on(t.organisationId),
  ],
);

export type User = typeof users.$inferSelect;
export type Dialogue = typeof dialogues.$inferSelect;
export type Driver = typeof drivers.$inferSelect;
export type Organisation = typeof organisations.$inferSelect;
export type GoalStatement = typeof goalStatements.$inferSelect;
export type GapAction = typeof gapActions.$inferSelect;

/** Yjs updates and snapshots: postgres.js returns a Buffer, PGlite a Uint8Array; both are bytes. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

/**
 * The live document of a driver (lib/collab/driver-doc.ts) is its snapshot plus every update stored
 * after `last_update_id`. The collaboration server appends one row per accepted update and reports
 * it saved only after the row committed; compaction folds the tail into the snapshot.
 */
export const driverDocs = pgTable("driver_docs", {
  driverId: uuid("driver_id")
    .primaryKey()
    .references(() => drivers.id, { onDelete: "cascade" }),
  state: bytea("state").notNull(),
  lastUpdateId: bigint("last_update_id", { mode: "number" }).notNull().default(0),
  updatedAt: updatedAt(),
});

export const driverDocUpdates = pgTable(
  "driver_doc_updates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    update: bytea("update").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("driver_doc_updates_driver_id_idx").on(t.driverId, t.id)],
);

/** A named version of a driver: the encoded document and its readable content at that moment. */
export const driverVersions = pgTable(
  "driver_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    note: text("note").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    state: bytea("state").notNull(),
    content: jsonb("content").notNull(),
  },
  (t) => [index("driver_versions_driver_id_idx").on(t.driverId, t.createdAt)],
);

/**
 * Inputs of the expected future (seed 003 Bilaga 2) imported into a dialogue: projected population
 * per region, year and age band, and each indicator's base-year consumption per inhabitant.
 */
export const projectionInputs = pgTable(
  "projection_inputs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    releaseId: bigint("release_id", { mode: "number" })
      .notNull()
      .references(() => dataReleases.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    indicatorId: text("indicator_id"),
    regionCode: text("region_code").notNull(),
    year: integer("year").notNull(),
    ageBand: text("age_band").notNull(),
    value: doublePrecision("value").notNull(),
    source: text("source").notNull(),
    sourceRef: text("source_ref").notNull(),
  },
  (t) => [
    uniqueIndex("projection_inputs_release_key_idx").on(
      t.releaseId,
      t.kind,
      sql`coalesce(${t.indicatorId}, '')`,
      t.regionCode,
      t.year,
      t.ageBand,
    ),
    index("projection_inputs_dialogue_id_idx").on(t.dialogueId, t.regionCode, t.releaseId),
  ],
);

export type DataRelease = typeof dataReleases.$inferSelect;

/**
 * A composite index a facilitator built and saved for the dialogue (seed 003 Bilaga 3): its named
 * aspects, each a list of indicator ids. Only the definition is stored; the scores are computed from
 * the figures the dialogue sees when the index is opened, so a new data release is reflected at
 * once. The ids have no foreign key (indicators are public or the dialogue's own): an id that is no
 * longer visible is reported as left out, never scored. Names are unique per dialogue, whatever the
 * case, so the list tells indexes apart.
 */
export const compositeIndexes = pgTable(
  "composite_indexes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    aspects: jsonb("aspects").$type<CompositeIndexAspect[]>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // Leading with the dialogue, it also serves the foreign key's cascade and the dialogue's list.
  (t) => [uniqueIndex("composite_indexes_dialogue_name_idx").on(t.dialogueId, sql`lower(${t.name})`)],
);

export type CompositeIndex = typeof compositeIndexes.$inferSelect;

export const commentAnchorKindEnum = pgEnum("comment_anchor_kind", COMMENT_ANCHOR_KINDS);
export const commentTextPartEnum = pgEnum("comment_text_part", COMMENT_TEXT_PARTS);
export const commentReactionEnum = pgEnum("comment_reaction", COMMENT_REACTIONS);

/**
 * A comment thread on a driver (issue 6), attached to one of three things:
 *
 * - the driver as a whole (`driver`);
 * - a passage of text (`text`): the part, the goal or action it is in (`anchor_item_id`), the
 *   passage's ends as encoded Yjs relative positions (they follow the text through concurrent
 *   edits), and the quoted original, kept for when the passage is deleted (`detached_at`);
 * - an indicator data point (`data_point`): indicator, region and period. As in
 *   composite_indexes, the indicator id has no foreign key: indicators are public or the
 *   dialogue's own, and a thread outlives a figure.
 *
 * The check constraint keeps each kind's columns filled and the others empty. Resolving records who
 * and when; reopening clears both.
 */
export const commentThreads = pgTable(
  "comment_threads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    anchorKind: commentAnchorKindEnum("anchor_kind").notNull(),
    anchorPart: commentTextPartEnum("anchor_part"),
    anchorItemId: uuid("anchor_item_id"),
    anchorStart: bytea("anchor_start"),
    anchorEnd: bytea("anchor_end"),
    quote: text("quote"),
    detachedAt: timestamp("detached_at", { withTimezone: true }),
    indicatorId: text("indicator_id"),
    regionCode: text("region_code"),
    period: text("period"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "set null" }),
    /** A thread about a suggestion (issue 7) rather than about the driver's text. */
    suggestionId: uuid("suggestion_id").references((): AnyPgColumn => suggestions.id, { onDelete: "cascade" }),
  },
  (t) => [
    index("comment_threads_suggestion_idx").on(t.suggestionId),
    index("comment_threads_driver_idx").on(t.driverId, t.lastActivityAt),
    index("comment_threads_dialogue_open_idx").on(t.dialogueId, t.driverId).where(sql`${t.resolvedAt} is null`),
    check(
      "comment_threads_anchor_check",
      sql`case ${t.anchorKind}
        when 'driver' then ${t.anchorPart} is null and ${t.anchorItemId} is null and ${t.anchorStart} is null and ${t.anchorEnd} is null and ${t.quote} is null and ${t.indicatorId} is null and ${t.regionCode} is null and ${t.period} is null
        when 'text' then ${t.anchorPart} is not null and ${t.anchorStart} is not null and ${t.anchorEnd} is not null and ${t.quote} is not null and (${t.anchorItemId} is not null) = (${t.anchorPart} in ('goal', 'action')) and ${t.indicatorId} is null and ${t.regionCode} is null and ${t.period} is null
        when 'data_point' then ${t.indicatorId} is not null and ${t.regionCode} is not null and ${t.anchorPart} is null and ${t.anchorItemId} is null and ${t.anchorStart} is null and ${t.anchorEnd} is null and ${t.quote} is null
      end`,
    ),
    check("comment_threads_resolved_check", sql`${t.resolvedBy} is null or ${t.resolvedAt} is not null`),
  ],
);

export type CommentThread = typeof commentThreads.$inferSelect;

/**
 * A comment in a thread, oldest first; the thread's first comment opens it. The author's
 * organisation is the one they spoke for in the dialogue when they wrote it. Editing keeps the
 * replaced text in comment_revisions ("redigerad"); deleting a first comment that has replies
 * leaves a placeholder (`deleted_at`, the text emptied).
 */
export const comments = pgTable(
  "comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => commentThreads.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("comments_thread_idx").on(t.threadId, t.createdAt, t.id), index("comments_author_idx").on(t.authorId)],
);

export type Comment = typeof comments.$inferSelect;

/** Every text a comment had before an edit, with when it was replaced. */
export const commentRevisions = pgTable(
  "comment_revisions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    commentId: uuid("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    replacedAt: timestamp("replaced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("comment_revisions_comment_idx").on(t.commentId, t.id)],
);

/** One of each reaction per person and comment. */
export const commentReactions = pgTable(
  "comment_reactions",
  {
    commentId: uuid("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reaction: commentReactionEnum("reaction").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId, t.reaction] }), index("comment_reactions_user_idx").on(t.userId)],
);

// ---------------------------------------------------------------------------------------------
// Notifications of comment activity (issue 6): a person's inbox and how they want to be told.

export const notificationReasonEnum = pgEnum("notification_reason", NOTIFICATION_REASONS);
export const notificationLevelEnum = pgEnum("notification_level", NOTIFICATION_LEVELS);
export const notificationEmailModeEnum = pgEnum("notification_email_mode", EMAIL_MODES);

/**
 * One notification per recipient and comment (the unique key), with the strongest reason that
 * applies. `emailed_at` is set by whichever sender claims the row (an immediate mail or the daily
 * digest), in the same statement that decides to send it, so a row is never mailed twice.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    driverId: uuid("driver_id").references(() => drivers.id, { onDelete: "cascade" }),
    threadId: uuid("thread_id").references(() => commentThreads.id, { onDelete: "cascade" }),
    commentId: uuid("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    /** Round notifications (issue 7): opened, a reminder, closed, a stance gone stale. */
    roundId: uuid("round_id").references(() => rounds.id, { onDelete: "cascade" }),
    suggestionId: uuid("suggestion_id").references(() => suggestions.id, { onDelete: "cascade" }),
    agreementId: uuid("agreement_id").references(() => agreements.id, { onDelete: "cascade" }),
    /**
     * For notifications not about a comment: what makes one unique for its recipient (e.g.
     * `round:<id>:reminder:48`), so a retried job or a second instance never notifies twice.
     */
    dedupeKey: text("dedupe_key"),
    reason: notificationReasonEnum("reason").notNull(),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
  },
  (t) => [
    unique("notifications_recipient_comment_key").on(t.recipientId, t.commentId),
    unique("notifications_recipient_dedupe_key").on(t.recipientId, t.dedupeKey),
    index("notifications_recipient_idx").on(t.recipientId, t.createdAt, t.id),
    index("notifications_unread_idx").on(t.recipientId).where(sql`${t.readAt} is null`),
    index("notifications_unmailed_idx").on(t.recipientId, t.createdAt).where(sql`${t.emailedAt} is null`),
    index("notifications_dialogue_idx").on(t.dialogueId),
    index("notifications_driver_idx").on(t.driverId),
    index("notifications_thread_idx").on(t.threadId),
    index("notifications_comment_idx").on(t.commentId),
    index("notifications_round_idx").on(t.roundId),
    index("notifications_suggestion_idx").on(t.suggestionId),
    index("notifications_agreement_idx").on(t.agreementId),
    // A comment's notification names its comment; any other names what makes it unique.
    check(
      "notifications_subject_check",
      sql`case when ${t.reason} in ('mention', 'reply', 'activity', 'resolved')
        then ${t.commentId} is not null and ${t.threadId} is not null and ${t.driverId} is not null
        else ${t.dedupeKey} is not null end`,
    ),
  ],
);

export type Notification = typeof notifications.$inferSelect;

/** A person's notification settings; no row means the defaults (lib/model/notification.ts). */
export const notificationSettings = pgTable("notification_settings", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  level: notificationLevelEnum("level").notNull().default("mentions_and_replies"),
  emailMode: notificationEmailModeEnum("email_mode").notNull().default("immediate"),
  updatedAt: updatedAt(),
});

// ---------------------------------------------------------------------------------------------
// Asynchronous rounds, stances, suggestions, agreed versions and the audit log (issue 7).

export const roundKindEnum = pgEnum("round_kind", ROUND_KINDS);
export const stanceValueEnum = pgEnum("stance_value", STANCE_VALUES);
export const suggestionItemKindEnum = pgEnum("suggestion_item_kind", SUGGESTION_ITEM_KINDS);
export const suggestionStatusEnum = pgEnum("suggestion_status", SUGGESTION_STATUSES);

/**
 * A round over some drivers of a dialogue, planned for `opens_at`–`closes_at`. `opened_at` and
 * `closed_at` are when the scheduler (or a facilitator closing early, `closed_by`) actually did it:
 * the phase is read from them (lib/model/round.ts). Reopening makes a new round that names the one
 * it follows (`previous_round_id`).
 */
export const rounds = pgTable(
  "rounds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    kind: roundKindEnum("kind").notNull(),
    title: text("title").notNull(),
    instructions: text("instructions").notNull().default(""),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    previousRoundId: uuid("previous_round_id").references((): AnyPgColumn => rounds.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("rounds_dialogue_idx").on(t.dialogueId, t.opensAt),
    index("rounds_due_open_idx").on(t.opensAt).where(sql`${t.openedAt} is null and ${t.closedAt} is null`),
    index("rounds_due_close_idx").on(t.closesAt).where(sql`${t.closedAt} is null`),
    check("rounds_schedule_check", sql`${t.closesAt} > ${t.opensAt}`),
    check("rounds_closed_check", sql`${t.closedBy} is null or ${t.closedAt} is not null`),
  ],
);

export type Round = typeof rounds.$inferSelect;

export const roundDrivers = pgTable(
  "round_drivers",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.driverId] }), index("round_drivers_driver_idx").on(t.driverId)],
);

/** The organisations invited to a round: each is expected to answer on every driver of it. */
export const roundOrganisations = pgTable(
  "round_organisations",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.organisationId] }), index("round_organisations_organisation_idx").on(t.organisationId)],
);

/**
 * An organisation's stance on a driver, given in a stance round by one of its members. Rows are
 * only ever added (a trigger refuses updates): the latest per driver and organisation is the
 * stance, the earlier ones its history. `desired_fingerprint` identifies the önskat läge the stance
 * was given on; when the driver's goal statements no longer match it, the stance is stale.
 */
export const stances = pgTable(
  "stances",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    value: stanceValueEnum("value").notNull(),
    reason: text("reason").notNull().default(""),
    givenBy: uuid("given_by").references(() => users.id, { onDelete: "set null" }),
    desiredFingerprint: text("desired_fingerprint").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("stances_driver_org_idx").on(t.driverId, t.organisationId, t.createdAt),
    index("stances_round_idx").on(t.roundId, t.driverId, t.organisationId),
    check("stances_reason_check", sql`${t.value} <> 'object' or length(${t.reason}) > 0`),
  ],
);

export type Stance = typeof stances.$inferSelect;

/**
 * New wording proposed for a goal statement or an action in a suggestion round. `item_id` is the
 * item's id in the live document; `base_text` the wording it was proposed against (the diff is
 * shown against it). A facilitator accepts it (applied as a collaborative edit) or rejects it with
 * a reason. Its comments are comment threads whose `suggestion_id` names it.
 */
export const suggestions = pgTable(
  "suggestions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    itemKind: suggestionItemKindEnum("item_kind").notNull(),
    itemId: uuid("item_id").notNull(),
    baseText: text("base_text").notNull(),
    proposedText: text("proposed_text").notNull(),
    status: suggestionStatusEnum("status").notNull().default("pending"),
    decisionReason: text("decision_reason").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    index("suggestions_driver_idx").on(t.driverId, t.status, t.createdAt),
    index("suggestions_round_idx").on(t.roundId),
    check("suggestions_decision_check", sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`),
    check("suggestions_reason_check", sql`${t.status} <> 'rejected' or length(${t.decisionReason}) > 0`),
  ],
);

export type Suggestion = typeof suggestions.$inferSelect;

/**
 * An agreed version: a driver (`driver_id`) or the whole goal set (`driver_id` null) as the
 * facilitators marked it agreed, frozen with its texts, targets, stances and the indicator data
 * releases it rests on. A trigger refuses every update, and deletes other than with the dialogue.
 * The driver id has no foreign key: the agreement is a record and outlives a deleted driver.
 */
export const agreements = pgTable(
  "agreements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    driverId: uuid("driver_id"),
    note: text("note").notNull().default(""),
    content: jsonb("content").notNull(),
    dataReleases: jsonb("data_releases").notNull(),
    createdBy: uuid("created_by"),
    createdByName: text("created_by_name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("agreements_dialogue_idx").on(t.dialogueId, t.driverId, t.createdAt)],
);

export type Agreement = typeof agreements.$inferSelect;

/**
 * The audit log: rounds, stances, suggestions decided, agreements and role changes, appended by
 * the services in the same transaction as what they record. No foreign keys (the record outlives
 * what it names) and a trigger refuses updates, deletes and truncation: nothing in the app can
 * alter it. `kind` is one of AUDIT_KINDS (lib/model/audit.ts); `subject` its details.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    dialogueId: uuid("dialogue_id").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name"),
    kind: text("kind").notNull(),
    subject: jsonb("subject").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_dialogue_idx").on(t.dialogueId, t.createdAt, t.id), index("audit_events_kind_idx").on(t.dialogueId, t.kind, t.createdAt)],
);

export type AuditEvent = typeof auditEvents.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Facilitated workshops (issue 9).

export const workshopStatusEnum = pgEnum("workshop_status", WORKSHOP_STATUSES);

/**
 * A facilitated workshop of a dialogue: its title, when it is planned (Swedish time in the forms)
 * and its status. Only `planned` is used by the agenda; the live session moves it to running,
 * paused and ended.
 */
export const workshops = pgTable(
  "workshops",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dialogueId: uuid("dialogue_id")
      .notNull()
      .references(() => dialogues.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    plannedFor: timestamp("planned_for", { withTimezone: true }),
    status: workshopStatusEnum("status").notNull().default("planned"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    // The live session (part 2): what the facilitator points everyone at, and the shared timer of
    // the agenda item under discussion (runningSince is null while the timer is stopped).
    focusDriverId: uuid("focus_driver_id").references(() => drivers.id, { onDelete: "set null" }),
    focusPart: text("focus_part").$type<DriverPart>(),
    timerDriverId: uuid("timer_driver_id").references(() => drivers.id, { onDelete: "set null" }),
    timerElapsedMs: integer("timer_elapsed_ms").notNull().default(0),
    timerRunningSince: timestamp("timer_running_since", { withTimezone: true }),
  },
  (t) => [
    index("workshops_dialogue_idx").on(t.dialogueId, t.createdAt),
    check("workshops_focus_part_check", sql`${t.focusPart} is null or ${t.focusPart} in ('nulage', 'future', 'desired', 'gap')`),
  ],
);

export type Workshop = typeof workshops.$inferSelect;

/** The agenda: the workshop's drivers in order, each with its timebox in minutes (1–240). */
export const workshopAgendaItems = pgTable(
  "workshop_agenda_items",
  {
    workshopId: uuid("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    timeboxMinutes: integer("timebox_minutes").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workshopId, t.driverId] }),
    index("workshop_agenda_items_order_idx").on(t.workshopId, t.position),
    index("workshop_agenda_items_driver_idx").on(t.driverId),
    check("workshop_agenda_items_timebox_check", sql`${t.timeboxMinutes} between 1 and 240`),
  ],
);

export type WorkshopAgendaItem = typeof workshopAgendaItems.$inferSelect;

/**
 * A lock set during a workshop (part 5): a whole driver (`all`) or one part of it is closed to
 * edits until the facilitator unlocks it; the collaboration server refuses updates touching it.
 */
export const workshopLocks = pgTable(
  "workshop_locks",
  {
    workshopId: uuid("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    driverId: uuid("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    scope: text("scope").$type<LockScope>().notNull(),
    lockedBy: uuid("locked_by").references(() => users.id, { onDelete: "set null" }),
    lockedAt: timestamp("locked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workshopId, t.driverId, t.scope] }),
    index("workshop_locks_driver_idx").on(t.driverId),
    check("workshop_locks_scope_check", sql`${t.scope} in ('all', 'nulage', 'future', 'desired', 'gap')`),
  ],
);

export type WorkshopLockRow = typeof workshopLocks.$inferSelect;

/**
 * What happened in a live session (started, paused, resumed, ended, focus, timer, locks), in
 * order: the session record is built from it.
 */
export const workshopEvents = pgTable(
  "workshop_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workshopId: uuid("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb("payload").notNull(),
  },
  (t) => [index("workshop_events_workshop_idx").on(t.workshopId, t.id)],
);

export type WorkshopEventRow = typeof workshopEvents.$inferSelect;
// --- private writing and dot voting (issue 9, parts 3 and 4) -----------------------------------

/**
 * A prompt for private writing: open (answers are written and edited, each seen only by its
 * writer), closed (no more edits), revealed (everyone sees every answer, without names when
 * `anonymous`). The workshop's current prompt is its newest.
 */
export const workshopPrompts = pgTable(
  "workshop_prompts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workshopId: uuid("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    question: text("question").notNull(),
    driverId: uuid("driver_id").references(() => drivers.id, { onDelete: "set null" }),
    status: text("status").$type<PromptStatus>().notNull().default("open"),
    anonymous: boolean("anonymous").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    revealedAt: timestamp("revealed_at", { withTimezone: true }),
  },
  (t) => [
    index("workshop_prompts_workshop_idx").on(t.workshopId, t.createdAt),
    check("workshop_prompts_status_check", sql`${t.status} in ('open', 'closed', 'revealed')`),
  ],
);

/** One answer per person per prompt (the unique key makes "save my answer" an upsert). */
export const workshopAnswers = pgTable(
  "workshop_answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    promptId: uuid("prompt_id")
      .notNull()
      .references(() => workshopPrompts.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("workshop_answers_prompt_author_key").on(t.promptId, t.authorId)],
);

/**
 * A dot vote. Its targets (goal statements, actions or drivers) are captured with their labels
 * when it is opened, so the record reads the same after the texts change. `mode` decides whose
 * dots: each participant's (`voter` = a user) or each organisation's (`voter` = an organisation).
 */
export const workshopVotes = pgTable(
  "workshop_votes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workshopId: uuid("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    targetKind: text("target_kind").$type<VoteTargetKind>().notNull(),
    mode: text("mode").$type<VoteMode>().notNull(),
    dotsPerVoter: integer("dots_per_voter").notNull(),
    targets: jsonb("targets").$type<VoteTarget[]>().notNull(),
    status: text("status").$type<VoteStatus>().notNull().default("open"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    revealedAt: timestamp("revealed_at", { withTimezone: true }),
  },
  (t) => [
    index("workshop_votes_workshop_idx").on(t.workshopId, t.createdAt),
    check("workshop_votes_status_check", sql`${t.status} in ('open', 'closed', 'revealed')`),
    check("workshop_votes_mode_check", sql`${t.mode} in ('participant', 'organisation')`),
    check("workshop_votes_target_kind_check", sql`${t.targetKind} in ('goal', 'action', 'driver')`),
    check("workshop_votes_dots_check", sql`${t.dotsPerVoter} between 1 and 50`),
  ],
);

/**
 * A voter's ballot: one row per (vote, voter), whatever the number of tabs and reconnects. Saving
 * an allocation locks this row (an upsert), replaces the voter's dots and commits as one
 * transaction, so concurrent saves of the same voter serialise and the last one wins whole.
 */
export const workshopBallots = pgTable(
  "workshop_ballots",
  {
    voteId: uuid("vote_id")
      .notNull()
      .references(() => workshopVotes.id, { onDelete: "cascade" }),
    voter: uuid("voter").notNull(),
    castBy: uuid("cast_by").references(() => users.id, { onDelete: "set null" }),
    dots: integer("dots").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.voter] })],
);

export const workshopBallotDots = pgTable(
  "workshop_ballot_dots",
  {
    voteId: uuid("vote_id").notNull(),
    voter: uuid("voter").notNull(),
    targetId: text("target_id").notNull(),
    dots: integer("dots").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.voteId, t.voter, t.targetId] }),
    foreignKey({ columns: [t.voteId, t.voter], foreignColumns: [workshopBallots.voteId, workshopBallots.voter] }).onDelete("cascade"),
    check("workshop_ballot_dots_positive", sql`${t.dots} > 0`),
  ],
);

/** What a revealed answer became (a goal statement, an action or a comment thread), and who made it so. */
export const workshopCreatedItems = pgTable(
  "workshop_created_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workshopId: uuid("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    answerId: uuid("answer_id").references(() => workshopAnswers.id, { onDelete: "set null" }),
    use: text("use").$type<AnswerUse>().notNull(),
    driverId: uuid("driver_id").references(() => drivers.id, { onDelete: "set null" }),
    /** The goal's or action's id in the driver document, or the comment thread's id. */
    itemId: text("item_id").notNull(),
    text: text("text").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("workshop_created_items_workshop_idx").on(t.workshopId, t.createdAt),
    index("workshop_created_items_answer_idx").on(t.answerId),
    check("workshop_created_items_use_check", sql`${t.use} in ('goal', 'action', 'comment')`),
  ],
);
