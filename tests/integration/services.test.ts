/**
 * The service layer against a real database (PGlite per file, or the run's PostgreSQL database).
 *
 * Negatives first: every exported service is listed in SERVICES with the policy action it needs
 * and the least role that may call it, and each one is attacked the same ways: by an outsider, by
 * a member of another dialogue, with a driver of another dialogue, with malformed IDs, and by each
 * role below its minimum. A denied call must also leave every row of both dialogues as it was.
 * A test fails when a service module exports a function the table does not list, so a new service
 * cannot skip these checks. Positive cases per use case follow.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import {
  commentReactions,
  commentRevisions,
  commentThreads,
  comments,
  compositeIndexes,
  dialogueMembers,
  dialogueOrganisations,
  dialogues,
  driverIndicators,
  driverTexts,
  drivers,
  gapActionOrganisations,
  gapActions,
  goalStatements,
  dataReleases,
  indicatorValues,
  projectionInputs,
  type User,
} from "@/db/schema";
import { can, type DialogueAction } from "@/lib/authz/policy";
import { MEMBER_ROLES, type DialogueStatus, type MemberRole } from "@/lib/model/enums";
import { docFromPlainText } from "@/lib/model/rich-text";
import type { Actor } from "@/lib/server/access";
import * as commentServices from "@/lib/server/services/comments";
import * as compositeIndexServices from "@/lib/server/services/composite-indexes";
import * as contentServices from "@/lib/server/services/driver-content";
import * as dialogueServices from "@/lib/server/services/dialogues";
import * as driverServices from "@/lib/server/services/drivers";
import * as importServices from "@/lib/server/services/indicator-import";
import * as panelServices from "@/lib/server/services/indicator-panels";
import * as indicatorServices from "@/lib/server/services/indicators";
import * as notificationServices from "@/lib/server/services/notifications";
import { saveDriverVersion } from "@/lib/server/services/driver-versions";
import {
  actorOf,
  buildCommentThread,
  buildCompositeIndex,
  buildDialogue,
  buildDriver,
  buildDriverText,
  buildGapAction,
  buildGoalStatement,
  buildIndicator,
  buildMember,
  buildOrganisation,
  buildUser,
} from "../factories";
import { expectAppError } from "../setup/assertions";

const {
  createDialogue,
  getDialogueDetails,
  getDialogueOverview,
  listDialogueOrganisations,
  listMyDialogues,
  updateDialogue,
} = dialogueServices;
const { createDriver, deleteDriver, getDriverPage, moveDriver, reorderDrivers, updateDriver } = driverServices;
const { setDriverIndicators } = contentServices;
const { commitIndicatorImport, getImportPage, listDataReleases, previewIndicatorImport } = importServices;
const { getCompositeIndex, getDataVersion, getDriverGapContexts, getDriverPanels, getGapContexts, getIndicatorComparison } = panelServices;
const { listIndicatorCatalogue } = indicatorServices;
const { createCompositeIndex, deleteCompositeIndex, getCompositeIndexResult, listCompositeIndexes, listScorableIndicators, updateCompositeIndex } =
  compositeIndexServices;
const {
  countOpenThreads,
  createThread,
  getCommentViewer,
  locateComment,
  deleteComment,
  editComment,
  listDriverThreads,
  listThreadComments,
  replyToThread,
  setThreadResolved,
  toggleReaction,
} = commentServices;
const { countUnread, getNotificationSettings, listInbox, listMentionCandidates, markRead, notifyCommentPosted, updateNotificationSettings } =
  notificationServices;

// ---------------------------------------------------------------------------------------------
// The world each test builds: a dialogue with every role, content to act on, and a second
// dialogue whose IDs an attacker might pass.

interface DialogueWorld {
  dialogueId: string;
  driverId: string;
  secondDriverId: string;
  statementId: string;
  actionId: string;
  /** The facilitator's organisation, which takes part in the dialogue. */
  organisationId: string;
  /** A saved composite index of the dialogue. */
  indexId: string;
  /** A comment thread on the driver, opened by the facilitator. */
  threadId: string;
  commentId: string;
  facilitator: User;
}

interface World extends DialogueWorld {
  /** A thread each commenting member opened themselves: edits, deletions and resolving are of one's own. */
  ownThreads: Record<string, { threadId: string; commentId: string }>;
  participant: User;
  participantOrganisationId: string;
  observer: User;
  /** Signed in, but a member of no dialogue. */
  outsider: User;
  indicatorId: string;
  /** Another dialogue, with its own facilitator, driver and content. */
  other: DialogueWorld;
}

async function buildDialogueWorld(status: DialogueStatus): Promise<DialogueWorld> {
  const { dialogue, facilitator, organisation } = await buildDialogue({ status });
  const driver = await buildDriver(dialogue.id);
  const secondDriver = await buildDriver(dialogue.id);
  const statement = await buildGoalStatement(driver.id);
  await buildGoalStatement(driver.id);
  const action = await buildGapAction(driver.id, { responsibleOrganisationIds: [organisation.id] });
  await buildGapAction(driver.id);
  await buildDriverText(driver.id, "nulage", "Nuläge");
  const index = await buildCompositeIndex(dialogue.id);
  const thread = await buildCommentThread(driver, { userId: facilitator.id, organisationId: organisation.id });
  return {
    dialogueId: dialogue.id,
    driverId: driver.id,
    secondDriverId: secondDriver.id,
    statementId: statement.id,
    actionId: action.id,
    organisationId: organisation.id,
    indexId: index.id,
    threadId: thread.threadId,
    commentId: thread.commentId,
    facilitator,
  };
}

async function buildWorld(options: { status?: DialogueStatus } = {}): Promise<World> {
  const main = await buildDialogueWorld(options.status ?? "active");
  const participant = await buildMember(main.dialogueId, { role: "participant" });
  const observer = await buildMember(main.dialogueId, { role: "observer" });
  const outsider = await buildUser();
  const { indicator } = await buildIndicator();
  const other = await buildDialogueWorld("active");
  const [driver] = await getDb().select().from(drivers).where(eq(drivers.id, main.driverId));
  const participantThread = await buildCommentThread(driver!, { userId: participant.user.id, organisationId: participant.organisationId });
  return {
    ...main,
    ownThreads: {
      [main.facilitator.id]: { threadId: main.threadId, commentId: main.commentId },
      [participant.user.id]: participantThread,
    },
    participant: participant.user,
    participantOrganisationId: participant.organisationId,
    observer: observer.user,
    outsider,
    indicatorId: indicator.id,
    other,
  };
}

function memberOf(world: World, role: MemberRole): User {
  if (role === "facilitator") return world.facilitator;
  return role === "participant" ? world.participant : world.observer;
}

/**
 * Every row that belongs to the given dialogues, table by table, in a stable order: comparing
 * two snapshots proves a call changed no row (counts and contents) of those dialogues.
 */
async function snapshotDialogues(dialogueIds: string[]) {
  const db = getDb();
  const driverRows = await db.select().from(drivers).where(inArray(drivers.dialogueId, dialogueIds));
  const driverIds = driverRows.map((row) => row.id);
  const actionRows = driverIds.length
    ? await db.select().from(gapActions).where(inArray(gapActions.driverId, driverIds))
    : [];
  const actionIds = actionRows.map((row) => row.id);
  const sorted = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
  return {
    dialogues: sorted(await db.select().from(dialogues).where(inArray(dialogues.id, dialogueIds))),
    dialogueMembers: sorted(await db.select().from(dialogueMembers).where(inArray(dialogueMembers.dialogueId, dialogueIds))),
    dialogueOrganisations: sorted(
      await db.select().from(dialogueOrganisations).where(inArray(dialogueOrganisations.dialogueId, dialogueIds)),
    ),
    drivers: sorted(driverRows),
    driverTexts: sorted(driverIds.length ? await db.select().from(driverTexts).where(inArray(driverTexts.driverId, driverIds)) : []),
    driverIndicators: sorted(
      driverIds.length ? await db.select().from(driverIndicators).where(inArray(driverIndicators.driverId, driverIds)) : [],
    ),
    goalStatements: sorted(
      driverIds.length ? await db.select().from(goalStatements).where(inArray(goalStatements.driverId, driverIds)) : [],
    ),
    gapActions: sorted(actionRows),
    compositeIndexes: sorted(await db.select().from(compositeIndexes).where(inArray(compositeIndexes.dialogueId, dialogueIds))),
    ...(await snapshotComments(dialogueIds)),
    dataReleases: sorted(await db.select().from(dataReleases).where(inArray(dataReleases.dialogueId, dialogueIds))),
    indicatorValues: sorted(await db.select().from(indicatorValues).where(inArray(indicatorValues.dialogueId, dialogueIds))),
    projectionInputs: sorted(await db.select().from(projectionInputs).where(inArray(projectionInputs.dialogueId, dialogueIds))),
    gapActionOrganisations: sorted(
      actionIds.length
        ? await db.select().from(gapActionOrganisations).where(inArray(gapActionOrganisations.actionId, actionIds))
        : [],
    ),
  };
}

/** The comment tables' rows of the given dialogues (threads, comments, revisions, reactions). */
async function snapshotComments(dialogueIds: string[]) {
  const db = getDb();
  const sorted = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
  const threadRows = await db.select().from(commentThreads).where(inArray(commentThreads.dialogueId, dialogueIds));
  const commentRows = threadRows.length ? await db.select().from(comments).where(inArray(comments.threadId, threadRows.map((row) => row.id))) : [];
  const commentIds = commentRows.map((row) => row.id);
  return {
    commentThreads: sorted(threadRows),
    comments: sorted(commentRows),
    commentRevisions: sorted(commentIds.length ? await db.select().from(commentRevisions).where(inArray(commentRevisions.commentId, commentIds)) : []),
    commentReactions: sorted(commentIds.length ? await db.select().from(commentReactions).where(inArray(commentReactions.commentId, commentIds)) : []),
  };
}

/** "resolved", or the error a call failed with (so a failing test shows the error, not just "threw"). */
async function outcomeOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => "resolved",
    (error: unknown) => error,
  );
}

/** Runs a call that must be refused with `code`, and checks that no row of either dialogue changed. */
async function expectDeniedWithoutChange(world: World, code: "not_found" | "forbidden", call: () => Promise<unknown>) {
  const before = await snapshotDialogues([world.dialogueId, world.other.dialogueId]);
  await expectAppError(call, code);
  const after = await snapshotDialogues([world.dialogueId, world.other.dialogueId]);
  expect(after).toEqual(before);
  // The snapshot must see the world, or "unchanged" would prove nothing.
  expect(before.drivers.length).toBeGreaterThanOrEqual(4);
  expect(before.compositeIndexes.length).toBeGreaterThanOrEqual(2);
  expect(before.commentThreads.length).toBeGreaterThanOrEqual(3);
}

// ---------------------------------------------------------------------------------------------
// The table of services.

/** The IDs a call acts on; attacks swap some of them for another dialogue's. */
interface Target {
  dialogueId: string;
  driverId: string;
  /** Every driver of the dialogue's one WHO group, in their current order. */
  groupDriverIds: string[];
  statementId: string;
  actionId: string;
  organisationId: string;
  indicatorId: string;
  /** A saved composite index of the dialogue. */
  indexId: string;
  /** A comment thread of the dialogue and its first comment. */
  threadId: string;
  commentId: string;
  /** Each commenting member's own thread; an attack empties it so that only the IDs above count. */
  ownThreads: Record<string, { threadId: string; commentId: string }>;
}

function targetOf(world: World): Target {
  return {
    dialogueId: world.dialogueId,
    driverId: world.driverId,
    groupDriverIds: [world.driverId, world.secondDriverId],
    statementId: world.statementId,
    actionId: world.actionId,
    organisationId: world.organisationId,
    indicatorId: world.indicatorId,
    indexId: world.indexId,
    threadId: world.threadId,
    commentId: world.commentId,
    ownThreads: world.ownThreads,
  };
}

/** The actor's own thread when they have one, else the target's (which is then someone else's). */
function ownThread(actor: Actor, target: Target): { threadId: string; commentId: string } {
  return target.ownThreads[actor.userId] ?? { threadId: target.threadId, commentId: target.commentId };
}

interface ServiceEntry {
  /**
   * `actor`: acts only on the actor's own data (no dialogue IDs to attack); `dialogue`: takes a
   * dialogue ID; `driver`: takes a dialogue ID and a driver ID of that dialogue; `compositeIndex`:
   * a dialogue ID and the ID of one of its saved composite indexes; `thread` and `comment`: a
   * dialogue ID and one of its comment threads or comments.
   */
  scope: "actor" | "dialogue" | "driver" | "compositeIndex" | "thread" | "comment";
  /** The policy action the service must ask for; null for `actor` services. */
  action: DialogueAction | null;
  /** The least role allowed; null for `actor` services. */
  minimumRole: MemberRole | null;
  /** A call with valid input, so that only authorization can refuse it. */
  call: (actor: Actor, target: Target) => Promise<unknown>;
  /** The same call with input that fails validation, for services that parse raw input. */
  callWithInvalidInput?: (actor: Actor, target: Target) => Promise<unknown>;
}

const ids = (target: Target) => ({ dialogueId: target.dialogueId, driverId: target.driverId });

const dialogueInput = (target: Target) => ({
  dialogueId: target.dialogueId,
  planningQuestion: "Hur möter vi behovet av specialistsjuksköterskor?",
  description: "Uppdaterad",
  regionCodes: ["01"],
  horizonFrom: 2026,
  horizonTo: 2036,
  status: "active",
});

const driverInput = (target: Target) => ({
  ...ids(target),
  title: "Digitalisering",
  description: "Nya arbetssätt",
  whoClass: "uncertain",
  careAreas: ["sjukvard"],
  changePerspectives: ["struktur", "tankesatt"],
});

/** A valid one-value import for the target dialogue (the world's indicator has the unit `antal`). */
const importInput = (target: Target) => ({
  dialogueId: target.dialogueId,
  fileName: "values.csv",
  bytes: new TextEncoder().encode(
    `indicator_id,region_code,period,value,unit,source\n${target.indicatorId},03,2023,"4,5",antal,Källa: test`,
  ),
});

/** A valid index over the world's indicator (public, higher is better); a fresh name each time. */
const compositeIndexInput = (target: Target) => ({
  dialogueId: target.dialogueId,
  name: `Index ${randomUUID()}`,
  aspects: [{ name: "Bemanning", indicatorIds: [target.indicatorId] }],
});

const SERVICES: Record<string, ServiceEntry> = {
  // dialogues.ts
  listMyDialogues: { scope: "actor", action: null, minimumRole: null, call: (actor) => listMyDialogues(actor) },
  createDialogue: {
    scope: "actor",
    action: null,
    minimumRole: null,
    call: (actor, target) =>
      createDialogue(actor, {
        organisationId: target.organisationId,
        planningQuestion: "Ny dialog",
        regionCodes: [],
        horizonFrom: 2025,
        horizonTo: 2030,
        status: "draft",
      }),
  },
  getDialogueDetails: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getDialogueDetails(actor, target.dialogueId),
  },
  getDialogueOverview: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getDialogueOverview(actor, target.dialogueId),
  },
  listDialogueOrganisations: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => listDialogueOrganisations(actor, target.dialogueId),
  },
  updateDialogue: {
    scope: "dialogue",
    action: "dialogue.update",
    minimumRole: "facilitator",
    call: (actor, target) => updateDialogue(actor, dialogueInput(target)),
    callWithInvalidInput: (actor, target) => updateDialogue(actor, { ...dialogueInput(target), horizonTo: 1990 }),
  },
  // drivers.ts
  createDriver: {
    scope: "dialogue",
    action: "driver.create",
    minimumRole: "facilitator",
    call: (actor, target) => createDriver(actor, driverInput(target)),
    callWithInvalidInput: (actor, target) => createDriver(actor, { ...driverInput(target), title: " " }),
  },
  updateDriver: {
    scope: "driver",
    action: "driver.update",
    minimumRole: "facilitator",
    call: (actor, target) => updateDriver(actor, driverInput(target)),
    callWithInvalidInput: (actor, target) => updateDriver(actor, { ...driverInput(target), whoClass: "sometimes" }),
  },
  deleteDriver: {
    scope: "driver",
    action: "driver.delete",
    minimumRole: "facilitator",
    call: (actor, target) => deleteDriver(actor, { ...ids(target), confirm: "yes" }),
    callWithInvalidInput: (actor, target) => deleteDriver(actor, ids(target)),
  },
  moveDriver: {
    scope: "driver",
    action: "driver.reorder",
    minimumRole: "facilitator",
    call: (actor, target) => moveDriver(actor, { ...ids(target), direction: "down" }),
    callWithInvalidInput: (actor, target) => moveDriver(actor, { ...ids(target), direction: "sideways" }),
  },
  reorderDrivers: {
    scope: "dialogue",
    action: "driver.reorder",
    minimumRole: "facilitator",
    call: (actor, target) => reorderDrivers(actor, { dialogueId: target.dialogueId, driverIds: [...target.groupDriverIds].reverse() }),
    callWithInvalidInput: (actor, target) => reorderDrivers(actor, { dialogueId: target.dialogueId, driverIds: [target.driverId, target.driverId] }),
  },
  getDriverPage: {
    scope: "driver",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getDriverPage(actor, target.dialogueId, target.driverId),
  },
  // driver-content.ts
  setDriverIndicators: {
    scope: "driver",
    action: "indicator.link",
    minimumRole: "facilitator",
    call: (actor, target) => setDriverIndicators(actor, { ...ids(target), part: "nulage", indicatorIds: [target.indicatorId] }),
    callWithInvalidInput: (actor, target) => setDriverIndicators(actor, { ...ids(target), part: "gap", indicatorIds: [] }),
  },
  // indicators.ts, indicator-panels.ts, indicator-import.ts
  listIndicatorCatalogue: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => listIndicatorCatalogue(actor, target.dialogueId),
  },
  getDriverPanels: {
    scope: "driver",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getDriverPanels(actor, target.dialogueId, target.driverId),
  },
  getDriverGapContexts: {
    scope: "driver",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getDriverGapContexts(actor, target.dialogueId, target.driverId),
  },
  getGapContexts: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getGapContexts(actor, target.dialogueId, [{ indicatorId: target.indicatorId, regionCode: "00" }]),
  },
  getIndicatorComparison: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getIndicatorComparison(actor, target.dialogueId, target.indicatorId),
  },
  getCompositeIndex: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getCompositeIndex(actor, target.dialogueId, [[target.indicatorId]]),
  },
  getDataVersion: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getDataVersion(actor, target.dialogueId),
  },
  listDataReleases: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => listDataReleases(actor, target.dialogueId),
  },
  getImportPage: {
    scope: "dialogue",
    action: "indicator.import",
    minimumRole: "facilitator",
    call: (actor, target) => getImportPage(actor, target.dialogueId),
  },
  previewIndicatorImport: {
    scope: "dialogue",
    action: "indicator.import",
    minimumRole: "facilitator",
    call: (actor, target) => previewIndicatorImport(actor, importInput(target)),
    callWithInvalidInput: (actor, target) => previewIndicatorImport(actor, { ...importInput(target), fileName: "" }),
  },
  commitIndicatorImport: {
    scope: "dialogue",
    action: "indicator.import",
    minimumRole: "facilitator",
    call: (actor, target) => commitIndicatorImport(actor, importInput(target)),
    callWithInvalidInput: (actor, target) => commitIndicatorImport(actor, { ...importInput(target), bytes: "not bytes" }),
  },
  // composite-indexes.ts
  listCompositeIndexes: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => listCompositeIndexes(actor, target.dialogueId),
  },
  listScorableIndicators: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => listScorableIndicators(actor, target.dialogueId),
  },
  getCompositeIndexResult: {
    scope: "compositeIndex",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getCompositeIndexResult(actor, target.dialogueId, target.indexId),
  },
  createCompositeIndex: {
    scope: "dialogue",
    action: "compositeIndex.manage",
    minimumRole: "facilitator",
    call: (actor, target) => createCompositeIndex(actor, compositeIndexInput(target)),
    callWithInvalidInput: (actor, target) => createCompositeIndex(actor, { ...compositeIndexInput(target), name: " " }),
  },
  updateCompositeIndex: {
    scope: "compositeIndex",
    action: "compositeIndex.manage",
    minimumRole: "facilitator",
    call: (actor, target) => updateCompositeIndex(actor, { ...compositeIndexInput(target), indexId: target.indexId }),
    callWithInvalidInput: (actor, target) => updateCompositeIndex(actor, { ...compositeIndexInput(target), indexId: target.indexId, aspects: [] }),
  },
  deleteCompositeIndex: {
    scope: "compositeIndex",
    action: "compositeIndex.manage",
    minimumRole: "facilitator",
    call: (actor, target) => deleteCompositeIndex(actor, { dialogueId: target.dialogueId, indexId: target.indexId }),
  },
  // comments.ts
  listDriverThreads: {
    scope: "driver",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => listDriverThreads(actor, target.dialogueId, target.driverId, "all"),
  },
  listThreadComments: {
    scope: "thread",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => listThreadComments(actor, target.dialogueId, target.threadId),
  },
  countOpenThreads: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => countOpenThreads(actor, target.dialogueId),
  },
  locateComment: {
    scope: "comment",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => locateComment(actor, target.dialogueId, target.commentId),
  },
  getCommentViewer: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => getCommentViewer(actor, target.dialogueId),
  },
  createThread: {
    scope: "driver",
    action: "comment.create",
    minimumRole: "participant",
    call: (actor, target) => createThread(actor, { dialogueId: target.dialogueId, driverId: target.driverId, anchor: { kind: "driver" }, body: "Ny tråd" }),
    callWithInvalidInput: (actor, target) => createThread(actor, { dialogueId: target.dialogueId, driverId: target.driverId, anchor: { kind: "driver" }, body: " " }),
  },
  replyToThread: {
    scope: "thread",
    action: "comment.create",
    minimumRole: "participant",
    call: (actor, target) => replyToThread(actor, { dialogueId: target.dialogueId, threadId: target.threadId, body: "Ett svar" }),
    callWithInvalidInput: (actor, target) => replyToThread(actor, { dialogueId: target.dialogueId, threadId: target.threadId, body: "" }),
  },
  editComment: {
    scope: "comment",
    action: "comment.create",
    minimumRole: "participant",
    call: (actor, target) => editComment(actor, { dialogueId: target.dialogueId, commentId: ownThread(actor, target).commentId, body: "Ändrad" }),
    callWithInvalidInput: (actor, target) => editComment(actor, { dialogueId: target.dialogueId, commentId: ownThread(actor, target).commentId, body: "x".repeat(6_000) }),
  },
  deleteComment: {
    scope: "comment",
    action: "comment.create",
    minimumRole: "participant",
    call: (actor, target) => deleteComment(actor, { dialogueId: target.dialogueId, commentId: ownThread(actor, target).commentId }),
  },
  toggleReaction: {
    scope: "comment",
    action: "comment.create",
    minimumRole: "participant",
    call: (actor, target) => toggleReaction(actor, { dialogueId: target.dialogueId, commentId: target.commentId, reaction: "heart" }),
    callWithInvalidInput: (actor, target) => toggleReaction(actor, { dialogueId: target.dialogueId, commentId: target.commentId, reaction: "skull" }),
  },
  setThreadResolved: {
    scope: "thread",
    action: "comment.create",
    minimumRole: "participant",
    call: (actor, target) => setThreadResolved(actor, { dialogueId: target.dialogueId, threadId: ownThread(actor, target).threadId, resolved: true }),
    callWithInvalidInput: (actor, target) => setThreadResolved(actor, { dialogueId: target.dialogueId, threadId: ownThread(actor, target).threadId, resolved: "yes" }),
  },
  // notifications.ts: the actor's own inbox and settings (tests/integration/notifications.test.ts
  // attacks them with other people's IDs), and the dialogue's mention candidates.
  notifyCommentPosted: { scope: "actor", action: null, minimumRole: null, call: (actor, target) => notifyCommentPosted(actor, ownThread(actor, target).commentId) },
  listInbox: { scope: "actor", action: null, minimumRole: null, call: (actor) => listInbox(actor) },
  countUnread: { scope: "actor", action: null, minimumRole: null, call: (actor) => countUnread(actor) },
  markRead: { scope: "actor", action: null, minimumRole: null, call: (actor) => markRead(actor, "all") },
  getNotificationSettings: { scope: "actor", action: null, minimumRole: null, call: (actor) => getNotificationSettings(actor) },
  updateNotificationSettings: {
    scope: "actor",
    action: null,
    minimumRole: null,
    call: (actor) => updateNotificationSettings(actor, { level: "all", emailMode: "off" }),
  },
  listMentionCandidates: {
    scope: "dialogue",
    action: "dialogue.read",
    minimumRole: "observer",
    call: (actor, target) => listMentionCandidates(actor, target.dialogueId),
  },
};

const ROLE_RANK: Record<MemberRole, number> = { observer: 0, participant: 1, facilitator: 2 };

/** Scopes below the dialogue: the target's ID each one takes, attacked like the dialogue's. */
const CHILD_SCOPES = {
  driver: { key: "driverId", label: "driver" },
  compositeIndex: { key: "indexId", label: "composite index" },
  thread: { key: "threadId", label: "thread" },
  comment: { key: "commentId", label: "comment" },
} as const;

const SCOPED_SERVICES = Object.entries(SERVICES)
  .filter(([, entry]) => entry.scope !== "actor")
  .map(([name, entry]) => ({ name, ...entry, action: entry.action!, minimumRole: entry.minimumRole! }));
const DRIVER_SERVICES = SCOPED_SERVICES.filter((entry) => entry.scope === "driver");
const VALIDATING_SERVICES = SCOPED_SERVICES.filter((entry) => entry.callWithInvalidInput);
/** Writes to a driver's content or evidence: frozen for participants once the dialogue closes, never for facilitators. */
const CONTENT_SERVICES = SCOPED_SERVICES.filter(
  (entry) => entry.action === "driverContent.update" || entry.action === "indicator.link" || entry.action === "comment.create",
);

describe("the service table", () => {
  it("lists every function the service modules export, and nothing else", () => {
    const exported = Object.entries({
      ...dialogueServices,
      ...driverServices,
      ...contentServices,
      ...importServices,
      ...panelServices,
      ...indicatorServices,
      ...compositeIndexServices,
      ...commentServices,
      ...notificationServices,
    })
      .filter(([, value]) => typeof value === "function")
      .map(([name]) => name)
      .sort();
    expect(exported).toEqual(Object.keys(SERVICES).sort());
  });

  it.each(SCOPED_SERVICES)("$name: its minimum role is exactly what the policy grants for $action", ({ action, minimumRole }) => {
    for (const role of MEMBER_ROLES) {
      const isAtLeastMinimum = ROLE_RANK[role] >= ROLE_RANK[minimumRole];
      expect(can(role, action, { dialogueStatus: "active" }), role).toBe(isAtLeastMinimum);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Negatives.

describe.each(SCOPED_SERVICES)("$name refuses", ({ scope, call, callWithInvalidInput, minimumRole }) => {
  it("a signed-in user who is not a member: not_found", async () => {
    const world = await buildWorld();
    await expectDeniedWithoutChange(world, "not_found", () => call(actorOf(world.outsider), targetOf(world)));
  });

  it("an actor whose user does not exist: not_found", async () => {
    const world = await buildWorld();
    await expectDeniedWithoutChange(world, "not_found", () => call({ userId: randomUUID() }, targetOf(world)));
  });

  it("a facilitator of another dialogue passing this dialogue's IDs: not_found", async () => {
    const world = await buildWorld();
    await expectDeniedWithoutChange(world, "not_found", () => call(actorOf(world.other.facilitator), targetOf(world)));
  });

  it("a malformed or unknown dialogue ID: not_found", async () => {
    const world = await buildWorld();
    for (const dialogueId of ["not-a-uuid", "", randomUUID()]) {
      await expectDeniedWithoutChange(world, "not_found", () =>
        call(actorOf(world.facilitator), { ...targetOf(world), dialogueId }),
      );
    }
  });

  const rolesBelowMinimum = MEMBER_ROLES.filter((role) => ROLE_RANK[role] < ROLE_RANK[minimumRole]);
  if (rolesBelowMinimum.length) {
    it.each(rolesBelowMinimum)("a member with the role %s: forbidden", async (role) => {
      const world = await buildWorld();
      await expectDeniedWithoutChange(world, "forbidden", () => call(actorOf(memberOf(world, role)), targetOf(world)));
    });
  }

  const child = scope in CHILD_SCOPES ? CHILD_SCOPES[scope as keyof typeof CHILD_SCOPES] : null;
  if (child) {
    // `ownThreads: {}`: a call that would act on the actor's own thread uses only the ID under attack.
    const { key, label } = child;
    it(`its own dialogue's ID with a ${label} of another dialogue: not_found`, async () => {
      const world = await buildWorld();
      await expectDeniedWithoutChange(world, "not_found", () =>
        call(actorOf(world.facilitator), { ...targetOf(world), [key]: world.other[key], ownThreads: {} }),
      );
    });

    it(`a facilitator of another dialogue passing their dialogue's ID with this dialogue's ${label}: not_found`, async () => {
      const world = await buildWorld();
      await expectDeniedWithoutChange(world, "not_found", () =>
        call(actorOf(world.other.facilitator), { ...targetOf(world), dialogueId: world.other.dialogueId, ownThreads: {} }),
      );
    });

    it(`a malformed or unknown ${label} ID: not_found`, async () => {
      const world = await buildWorld();
      for (const id of ["not-a-uuid", "", randomUUID()]) {
        await expectDeniedWithoutChange(world, "not_found", () => call(actorOf(world.facilitator), { ...targetOf(world), [key]: id, ownThreads: {} }));
      }
    });
  }

  if (callWithInvalidInput) {
    it("an outsider's invalid input with not_found, not with validation errors (authorization runs first)", async () => {
      const world = await buildWorld();
      await expectDeniedWithoutChange(world, "not_found", () => callWithInvalidInput(actorOf(world.outsider), targetOf(world)));
      // The same input from the facilitator is indeed invalid, so the check above means something.
      await expectAppError(callWithInvalidInput(actorOf(world.facilitator), targetOf(world)), "invalid_input");
    });
  }
});

describe.each(SCOPED_SERVICES)("$name lets every role from $minimumRole up through", ({ call, minimumRole }) => {
  it.each(MEMBER_ROLES.filter((role) => ROLE_RANK[role] >= ROLE_RANK[minimumRole]))("%s", async (role) => {
    const world = await buildWorld();
    expect(await outcomeOf(call(actorOf(memberOf(world, role)), targetOf(world)))).toBe("resolved");
  });
});

describe.each(CONTENT_SERVICES)("$name in a closed dialogue", ({ call }) => {
  it("is forbidden to a participant and changes nothing", async () => {
    const world = await buildWorld({ status: "closed" });
    await expectDeniedWithoutChange(world, "forbidden", () => call(actorOf(world.participant), targetOf(world)));
  });

  it("is still allowed to the facilitator", async () => {
    const world = await buildWorld({ status: "closed" });
    expect(await outcomeOf(call(actorOf(world.facilitator), targetOf(world)))).toBe("resolved");
  });
});

describe.each(VALIDATING_SERVICES)("$name with invalid input from an allowed member", ({ callWithInvalidInput }) => {
  it("fails with invalid_input and changes nothing", async () => {
    const world = await buildWorld();
    const before = await snapshotDialogues([world.dialogueId, world.other.dialogueId]);
    const error = await expectAppError(callWithInvalidInput!(actorOf(world.facilitator), targetOf(world)), "invalid_input");
    expect(Object.keys(error.fieldErrors ?? {}).length).toBeGreaterThan(0);
    expect(await snapshotDialogues([world.dialogueId, world.other.dialogueId])).toEqual(before);
  });
});

describe("services acting on the actor's own data", () => {
  it("listMyDialogues shows an outsider nothing of another dialogue", async () => {
    const world = await buildWorld();
    expect(await listMyDialogues(actorOf(world.outsider))).toEqual([]);
  });

  it("createDialogue by an outsider makes them a member of the new dialogue only", async () => {
    const world = await buildWorld();
    const organisation = await buildOrganisation();
    const before = await snapshotDialogues([world.dialogueId, world.other.dialogueId]);
    const { id } = await createDialogue(actorOf(world.outsider), {
      organisationId: organisation.id,
      planningQuestion: "Egen dialog",
      regionCodes: [],
      horizonFrom: 2025,
      horizonTo: 2030,
      status: "draft",
    });
    expect((await listMyDialogues(actorOf(world.outsider))).map((row) => row.id)).toEqual([id]);
    expect(await snapshotDialogues([world.dialogueId, world.other.dialogueId])).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Positive cases.

const validDialogueInput = (organisationId: string) => ({
  organisationId,
  planningQuestion: "  Hur säkrar vi vårdens kompetensförsörjning till 2035?  ",
  description: "Regional dialog",
  regionCodes: ["01", "03"],
  horizonFrom: "2025",
  horizonTo: "2035",
  status: "draft",
});

describe("createDialogue", () => {
  it("stores the dialogue and makes its creator the facilitator for the chosen organisation", async () => {
    const creator = await buildUser();
    const organisation = await buildOrganisation();
    const { id } = await createDialogue(actorOf(creator), validDialogueInput(organisation.id));

    const [stored] = await getDb().select().from(dialogues).where(eq(dialogues.id, id));
    expect(stored).toMatchObject({
      planningQuestion: "Hur säkrar vi vårdens kompetensförsörjning till 2035?",
      description: "Regional dialog",
      regionCodes: ["01", "03"],
      horizonFrom: 2025,
      horizonTo: 2035,
      status: "draft",
      createdBy: creator.id,
    });
    const members = await getDb()
      .select({ userId: dialogueMembers.userId, role: dialogueMembers.role, organisationId: dialogueMembers.organisationId })
      .from(dialogueMembers)
      .where(eq(dialogueMembers.dialogueId, id));
    expect(members).toEqual([{ userId: creator.id, role: "facilitator", organisationId: organisation.id }]);
    expect(await listDialogueOrganisations(actorOf(creator), id)).toEqual([
      { id: organisation.id, name: organisation.name, type: organisation.type, regionCode: organisation.regionCode },
    ]);
    const details = await getDialogueDetails(actorOf(creator), id);
    expect(details.role).toBe("facilitator");
    expect(details.abilities["dialogue.update"]).toBe(true);
  });

  it("rejects an unknown organisation at organisationId and creates nothing", async () => {
    const creator = await buildUser();
    await expectAppError(createDialogue(actorOf(creator), validDialogueInput(randomUUID())), "invalid_input", {
      organisationId: { key: "invalidChoice" },
    });
    expect(await getDb().select().from(dialogues).where(eq(dialogues.createdBy, creator.id))).toEqual([]);
  });

  it("rejects a horizon that ends before it starts, at horizonTo", async () => {
    const creator = await buildUser();
    const organisation = await buildOrganisation();
    await expectAppError(
      createDialogue(actorOf(creator), { ...validDialogueInput(organisation.id), horizonFrom: 2035, horizonTo: 2030 }),
      "invalid_input",
      { horizonTo: { key: "horizonOrder" } },
    );
    expect(await getDb().select().from(dialogues).where(eq(dialogues.createdBy, creator.id))).toEqual([]);
  });
});

describe("updateDialogue", () => {
  it("stores the new fields and bumps updatedAt", async () => {
    const world = await buildWorld();
    const [before] = await getDb().select().from(dialogues).where(eq(dialogues.id, world.dialogueId));
    await updateDialogue(actorOf(world.facilitator), { ...dialogueInput(targetOf(world)), status: "closed" });
    const [after] = await getDb().select().from(dialogues).where(eq(dialogues.id, world.dialogueId));
    expect(after).toMatchObject({
      planningQuestion: "Hur möter vi behovet av specialistsjuksköterskor?",
      description: "Uppdaterad",
      regionCodes: ["01"],
      horizonFrom: 2026,
      horizonTo: 2036,
      status: "closed",
    });
    expect(after!.updatedAt.getTime()).toBeGreaterThanOrEqual(before!.updatedAt.getTime());
    // The other dialogue is untouched.
    const [other] = await getDb().select().from(dialogues).where(eq(dialogues.id, world.other.dialogueId));
    expect(other!.status).toBe("active");
  });

  it("closing the dialogue freezes content for participants from then on", async () => {
    const world = await buildWorld();
    // Saving a named version is the participant's content write that is a service call (texts go through the live document).
    const save = (name: string) => saveDriverVersion(actorOf(world.participant), { ...ids(targetOf(world)), name, note: "" });
    await save("Före stängning");
    await updateDialogue(actorOf(world.facilitator), { ...dialogueInput(targetOf(world)), status: "closed" });
    await expectAppError(save("Efter stängning"), "forbidden");
    const overview = await getDialogueOverview(actorOf(world.participant), world.dialogueId);
    expect(overview.abilities["driverContent.update"]).toBe(false);
  });
});

/** The dialogue's drivers as [id, position], in position order. */
async function driverOrder(dialogueId: string): Promise<{ id: string; position: number }[]> {
  return getDb()
    .select({ id: drivers.id, position: drivers.position })
    .from(drivers)
    .where(eq(drivers.dialogueId, dialogueId))
    .orderBy(asc(drivers.position));
}

describe("drivers", () => {
  it("createDriver appends drivers at contiguous positions with their fields", async () => {
    const { dialogue, facilitator } = await buildDialogue();
    const created: string[] = [];
    for (const title of ["Demografi", "Teknik", "Arbetsmiljö"]) {
      const { id } = await createDriver(actorOf(facilitator), {
        dialogueId: dialogue.id,
        title: ` ${title} `,
        whoClass: "within",
        careAreas: ["halsovard"],
        changePerspectives: ["relationer"],
      });
      created.push(id);
    }
    expect(await driverOrder(dialogue.id)).toEqual(created.map((id, position) => ({ id, position })));
    const [stored] = await getDb().select().from(drivers).where(eq(drivers.id, created[0]!));
    expect(stored).toMatchObject({
      title: "Demografi",
      description: "",
      whoClass: "within",
      careAreas: ["halsovard"],
      changePerspectives: ["relationer"],
    });
  });

  it("moveDriver swaps with the neighbour and does nothing at either end", async () => {
    const { dialogue, facilitator } = await buildDialogue();
    const [first, second, third] = [
      await buildDriver(dialogue.id),
      await buildDriver(dialogue.id),
      await buildDriver(dialogue.id),
    ];
    const actor = actorOf(facilitator);
    const move = (driverId: string, direction: "up" | "down") => moveDriver(actor, { dialogueId: dialogue.id, driverId, direction });

    await move(first!.id, "down");
    expect((await driverOrder(dialogue.id)).map((row) => row.id)).toEqual([second!.id, first!.id, third!.id]);
    await move(third!.id, "up");
    expect((await driverOrder(dialogue.id)).map((row) => row.id)).toEqual([second!.id, third!.id, first!.id]);
    await move(second!.id, "up");
    await move(first!.id, "down");
    const order = await driverOrder(dialogue.id);
    expect(order.map((row) => row.id)).toEqual([second!.id, third!.id, first!.id]);
    expect(order.map((row) => row.position)).toEqual([0, 1, 2]);
  });

  it("reorderDrivers puts one WHO group in the given order and leaves the other group's positions", async () => {
    const { dialogue, facilitator } = await buildDialogue();
    const [a, b, c] = [await buildDriver(dialogue.id), await buildDriver(dialogue.id), await buildDriver(dialogue.id)];
    const other = await buildDriver(dialogue.id, { whoClass: "within" });
    const actor = actorOf(facilitator);
    await reorderDrivers(actor, { dialogueId: dialogue.id, driverIds: [c!.id, a!.id, b!.id] });
    const order = await driverOrder(dialogue.id);
    expect(order.map((row) => row.id)).toEqual([c!.id, a!.id, b!.id, other.id]);
    expect(order.map((row) => row.position)).toEqual([0, 1, 2, 3]);

    const before = await driverOrder(dialogue.id);
    // Incomplete group, a driver of another group, an unknown id: refused, nothing changes.
    for (const driverIds of [[a!.id, b!.id], [a!.id, b!.id, c!.id, other.id], [a!.id, b!.id, randomUUID()]]) {
      await expectAppError(reorderDrivers(actor, { dialogueId: dialogue.id, driverIds }), "invalid_input");
    }
    expect(await driverOrder(dialogue.id)).toEqual(before);
  });

  it("keeps positions unique and contiguous under any sequence of moves", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ index: fc.nat({ max: 3 }), direction: fc.constantFrom("up" as const, "down" as const) }), {
          maxLength: 12,
        }),
        async (moves) => {
          const { dialogue, facilitator } = await buildDialogue();
          const model: string[] = [];
          for (let count = 0; count < 4; count += 1) model.push((await buildDriver(dialogue.id)).id);
          for (const { index, direction } of moves) {
            const driverId = model[index]!;
            await moveDriver(actorOf(facilitator), { dialogueId: dialogue.id, driverId, direction });
            const target = direction === "up" ? index - 1 : index + 1;
            if (target >= 0 && target < model.length) [model[index], model[target]] = [model[target]!, model[index]!];
          }
          const order = await driverOrder(dialogue.id);
          expect(order.map((row) => row.id)).toEqual(model);
          expect(order.map((row) => row.position)).toEqual([0, 1, 2, 3]);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("updateDriver stores the new fields of that driver only", async () => {
    const world = await buildWorld();
    await updateDriver(actorOf(world.facilitator), driverInput(targetOf(world)));
    const [updated] = await getDb().select().from(drivers).where(eq(drivers.id, world.driverId));
    expect(updated).toMatchObject({
      title: "Digitalisering",
      description: "Nya arbetssätt",
      whoClass: "uncertain",
      careAreas: ["sjukvard"],
      changePerspectives: ["struktur", "tankesatt"],
    });
    const [sibling] = await getDb().select().from(drivers).where(eq(drivers.id, world.secondDriverId));
    expect(sibling!.title).not.toBe("Digitalisering");
  });

  it("deleteDriver removes the driver with its content, and nothing of its siblings", async () => {
    const world = await buildWorld();
    await buildGoalStatement(world.secondDriverId);
    await deleteDriver(actorOf(world.facilitator), { ...ids(targetOf(world)), confirm: "yes" });
    expect((await driverOrder(world.dialogueId)).map((row) => row.id)).toEqual([world.secondDriverId]);
    const db = getDb();
    expect(await db.select().from(goalStatements).where(eq(goalStatements.driverId, world.driverId))).toEqual([]);
    expect(await db.select().from(gapActions).where(eq(gapActions.driverId, world.driverId))).toEqual([]);
    expect(await db.select().from(driverTexts).where(eq(driverTexts.driverId, world.driverId))).toEqual([]);
    expect(await db.select().from(gapActionOrganisations).where(eq(gapActionOrganisations.actionId, world.actionId))).toEqual([]);
    expect(await db.select().from(goalStatements).where(eq(goalStatements.driverId, world.secondDriverId))).toHaveLength(1);
  });

  it("getDriverPage returns the driver's parts, its neighbours and the reader's abilities", async () => {
    const world = await buildWorld();
    await setDriverIndicators(actorOf(world.facilitator), {
      ...ids(targetOf(world)),
      part: "future",
      indicatorIds: [world.indicatorId],
    });
    const page = await getDriverPage(actorOf(world.observer), world.dialogueId, world.driverId);
    expect(page.role).toBe("observer");
    expect(page.abilities["driverContent.update"]).toBe(false);
    expect(page.driver.id).toBe(world.driverId);
    expect(page.previousDriverId).toBeNull();
    expect(page.nextDriverId).toBe(world.secondDriverId);
    expect(page.texts.nulage).toEqual(docFromPlainText("Nuläge"));
    expect(page.indicators.nulage).toEqual([]);
    expect(page.indicators.future.map((indicator) => indicator.id)).toEqual([world.indicatorId]);
    // The figures come with the panels, read through the same dialogue (suppressed stays null, never 0).
    const panels = await getDriverPanels(actorOf(world.observer), world.dialogueId, world.driverId);
    expect(panels.parts.future[0]!.values.map((value) => value.value)).toEqual([12.5, null]);
    expect(page.goalStatements).toHaveLength(2);
    expect(page.gapActions[0]).toMatchObject({ id: world.actionId, responsibleOrganisationIds: [world.organisationId] });
    expect(page.organisations.map((organisation) => organisation.id).sort()).toEqual(
      [world.organisationId, world.participantOrganisationId, ...(await observerOrganisationIds(world))].sort(),
    );
    // The reader as presence shows them: their name and the organisation they speak for here.
    const [observerOrganisationId] = await observerOrganisationIds(world);
    expect(page.viewer).toEqual({
      userId: world.observer.id,
      name: world.observer.name ?? world.observer.email,
      organisationName: page.organisations.find((organisation) => organisation.id === observerOrganisationId)!.name,
    });
    const next = await getDriverPage(actorOf(world.observer), world.dialogueId, world.secondDriverId);
    expect(next.previousDriverId).toBe(world.driverId);
    expect(next.nextDriverId).toBeNull();
  });
});

async function observerOrganisationIds(world: World): Promise<string[]> {
  const rows = await getDb()
    .select({ organisationId: dialogueMembers.organisationId })
    .from(dialogueMembers)
    .where(and(eq(dialogueMembers.dialogueId, world.dialogueId), eq(dialogueMembers.userId, world.observer.id)));
  return rows.map((row) => row.organisationId);
}

describe("setDriverIndicators", () => {
  async function linked(driverId: string, part: "nulage" | "future") {
    return getDb()
      .select({ indicatorId: driverIndicators.indicatorId, position: driverIndicators.position })
      .from(driverIndicators)
      .where(and(eq(driverIndicators.driverId, driverId), eq(driverIndicators.part, part)))
      .orderBy(asc(driverIndicators.position));
  }

  it("links indicators in the given order without duplicates, per part, and replaces the list", async () => {
    const world = await buildWorld();
    const second = (await buildIndicator()).indicator.id;
    const actor = actorOf(world.facilitator);
    await setDriverIndicators(actor, { ...ids(targetOf(world)), part: "nulage", indicatorIds: [second, world.indicatorId, second] });
    expect(await linked(world.driverId, "nulage")).toEqual([
      { indicatorId: second, position: 0 },
      { indicatorId: world.indicatorId, position: 1 },
    ]);
    await setDriverIndicators(actor, { ...ids(targetOf(world)), part: "future", indicatorIds: [world.indicatorId] });
    await setDriverIndicators(actor, { ...ids(targetOf(world)), part: "nulage", indicatorIds: [world.indicatorId] });
    expect(await linked(world.driverId, "nulage")).toEqual([{ indicatorId: world.indicatorId, position: 0 }]);
    expect(await linked(world.driverId, "future")).toEqual([{ indicatorId: world.indicatorId, position: 0 }]);
    await setDriverIndicators(actor, { ...ids(targetOf(world)), part: "nulage", indicatorIds: [] });
    expect(await linked(world.driverId, "nulage")).toEqual([]);
  });

  it("is the facilitator's: a participant (who may edit the driver's texts) and an observer are refused and no link changes", async () => {
    const world = await buildWorld();
    await setDriverIndicators(actorOf(world.facilitator), { ...ids(targetOf(world)), part: "nulage", indicatorIds: [world.indicatorId] });
    const second = (await buildIndicator()).indicator.id;
    const before = { nulage: await linked(world.driverId, "nulage"), future: await linked(world.driverId, "future") };
    for (const user of [world.participant, world.observer]) {
      for (const [part, indicatorIds] of [["nulage", [second]], ["nulage", []], ["future", [second, world.indicatorId]]] as const) {
        await expectDeniedWithoutChange(world, "forbidden", () => setDriverIndicators(actorOf(user), { ...ids(targetOf(world)), part, indicatorIds: [...indicatorIds] }));
      }
    }
    expect({ nulage: await linked(world.driverId, "nulage"), future: await linked(world.driverId, "future") }).toEqual(before);
    expect(before.nulage).toEqual([{ indicatorId: world.indicatorId, position: 0 }]);
    // The abilities the page shows follow the same rule, so the linking form is offered to the facilitator only.
    const asParticipant = await getDriverPage(actorOf(world.participant), world.dialogueId, world.driverId);
    const asFacilitator = await getDriverPage(actorOf(world.facilitator), world.dialogueId, world.driverId);
    expect([asParticipant.abilities["driverContent.update"], asParticipant.abilities["indicator.link"]]).toEqual([true, false]);
    expect(asFacilitator.abilities["indicator.link"]).toBe(true);
  });

  it("rejects an unknown indicator at indicatorIds and keeps the previous links", async () => {
    const world = await buildWorld();
    const actor = actorOf(world.facilitator);
    await setDriverIndicators(actor, { ...ids(targetOf(world)), part: "nulage", indicatorIds: [world.indicatorId] });
    await expectAppError(
      setDriverIndicators(actor, {
        ...ids(targetOf(world)),
        part: "nulage",
        indicatorIds: [world.indicatorId, `unknown-${randomUUID()}`],
      }),
      "invalid_input",
      { indicatorIds: { key: "invalidChoice" } },
    );
    expect(await linked(world.driverId, "nulage")).toEqual([{ indicatorId: world.indicatorId, position: 0 }]);
  });
});

describe("getDialogueOverview", () => {
  it("reports each driver's progress, in order, with the reader's role and abilities", async () => {
    const { dialogue, facilitator } = await buildDialogue();
    const participant = await buildMember(dialogue.id, { role: "participant" });
    const actor = actorOf(participant.user);
    const complete = await buildDriver(dialogue.id, { title: "Komplett" });
    const partial = await buildDriver(dialogue.id, { title: "Delvis" });
    const empty = await buildDriver(dialogue.id, { title: "Tom" });
    const { indicator } = await buildIndicator();
    const on = (driverId: string) => ({ dialogueId: dialogue.id, driverId });

    // The content as the collaboration server's relational copy stores it.
    await buildDriverText(complete.id, "nulage", "Nuläge");
    await setDriverIndicators(actorOf(facilitator), { ...on(complete.id), part: "future", indicatorIds: [indicator.id] });
    await buildGoalStatement(complete.id, { text: "Mål" });
    await buildDriverText(complete.id, "gap", "Gapet");
    await buildGapAction(complete.id, { text: "Åtgärd" });
    // A gap narrative without an action does not fill the gap; an empty document fills nothing.
    await buildDriverText(partial.id, "gap", "Bara text");
    await buildDriverText(partial.id, "nulage", "  ");
    await setDriverIndicators(actorOf(facilitator), { ...on(partial.id), part: "nulage", indicatorIds: [indicator.id] });

    const overview = await getDialogueOverview(actor, dialogue.id);
    expect(overview.role).toBe("participant");
    expect(overview.abilities["driverContent.update"]).toBe(true);
    expect(overview.abilities["driver.create"]).toBe(false);
    expect(overview.dialogue.id).toBe(dialogue.id);
    expect(overview.drivers.map((driver) => [driver.title, driver.progress])).toEqual([
      ["Komplett", { nulage: true, future: true, desired: true, gap: true, filled: 4, total: 4 }],
      ["Delvis", { nulage: true, future: false, desired: false, gap: false, filled: 1, total: 4 }],
      ["Tom", { nulage: false, future: false, desired: false, gap: false, filled: 0, total: 4 }],
    ]);
    expect(overview.drivers.map((driver) => driver.id)).toEqual([complete.id, partial.id, empty.id]);
    expect(overview.organisations.map((organisation) => organisation.id).sort()).toEqual(
      [participant.organisationId, ...(await facilitatorOrganisation(dialogue.id, facilitator.id))].sort(),
    );
  });
});

async function facilitatorOrganisation(dialogueId: string, userId: string): Promise<string[]> {
  const rows = await getDb()
    .select({ organisationId: dialogueMembers.organisationId })
    .from(dialogueMembers)
    .where(and(eq(dialogueMembers.dialogueId, dialogueId), eq(dialogueMembers.userId, userId)));
  return rows.map((row) => row.organisationId);
}

describe("listMyDialogues", () => {
  let user: User;
  let ownDialogueIds: string[];

  beforeAll(async () => {
    user = await buildUser();
    const asFacilitator = await buildDialogue({ facilitator: user, planningQuestion: `A ${randomUUID()}` });
    const asObserver = await buildDialogue({ planningQuestion: `B ${randomUUID()}` });
    await buildMember(asObserver.dialogue.id, { role: "observer", user });
    await buildDriver(asObserver.dialogue.id);
    await buildDriver(asObserver.dialogue.id);
    await buildDialogue({ planningQuestion: `C ${randomUUID()}` });
    ownDialogueIds = [asFacilitator.dialogue.id, asObserver.dialogue.id];
  });

  it("lists exactly the actor's dialogues, sorted, with role, organisation and driver count", async () => {
    const mine = await listMyDialogues(actorOf(user));
    expect(mine.map((row) => row.id)).toEqual(ownDialogueIds);
    expect(mine.map((row) => [row.role, row.driverCount])).toEqual([
      ["facilitator", 0],
      ["observer", 2],
    ]);
    expect(mine.every((row) => row.organisationName.startsWith("Test Organisation "))).toBe(true);
  });
});
