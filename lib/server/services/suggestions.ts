/**
 * Suggestions (issue 7): in a suggestion round open on a driver, a member of an invited
 * organisation proposes new wording for one goal statement or action. A facilitator accepts it,
 * which writes the wording into the live document as an edit by the facilitator (everyone
 * connected sees it), or rejects it with a reason. Either way the suggester is notified and the
 * audit log names who suggested and who decided. Each suggestion has its own comment thread.
 */
import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { commentThreads, organisations, suggestions, users } from "@/db/schema";
import { ACTIONS, GOALS, type DriverDocContent } from "@/lib/collab/driver-doc";
import { diffText, type DiffSegment } from "@/lib/collab/version-diff";
import { AppError } from "@/lib/errors";
import type { CommentView } from "@/lib/model/comment";
import {
  createSuggestionSchema,
  decideSuggestionSchema,
  isSameWording,
  suggestionCommentSchema,
  type SuggestionItemKind,
  type SuggestionStatus,
} from "@/lib/model/suggestion";
import { fieldError, parseInput } from "@/lib/validation";
import { requireDriverAccess, type Actor, type DriverAccess } from "../access";
import { recordAudit } from "../audit";
import { currentDriverContent } from "../collab/document-store";
import { collabHost } from "../collab/host";
import { notifyEvent } from "../notifications/events";
import { createThread, listThreadComments, replyToThread } from "./comments";
import { rawId } from "./raw-input";

/** A goal statement or action as it reads now, numbered as the driver page shows it. */
export interface SuggestableItem {
  kind: SuggestionItemKind;
  id: string;
  number: number;
  text: string;
}

function suggestableItems(content: DriverDocContent): SuggestableItem[] {
  return [
    ...content.goals.map((goal, index) => ({ kind: "goal" as const, id: goal.id, number: index + 1, text: goal.text })),
    ...content.actions.map((action, index) => ({ kind: "action" as const, id: action.id, number: index + 1, text: action.text })),
  ];
}

/** The suggestion round open on the driver now, if the actor's organisation may suggest in it. */
function suggestionRoundFor(access: DriverAccess, now: Date) {
  const round = access.openRound;
  const isOpen = round !== null && round.kind === "suggestion" && round.closesAt.getTime() > now.getTime();
  return { round: isOpen ? round : null, isInvited: isOpen && round.invitedOrganisationIds.includes(access.organisationId) };
}

/** Proposes new wording for one of the driver's goal statements or actions. */
export async function createSuggestion(actor: Actor, raw: unknown, now: Date = new Date()): Promise<{ id: string }> {
  const access = await requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "suggestion.create");
  const { round, isInvited } = suggestionRoundFor(access, now);
  if (!round) throw new AppError("conflict", { reason: "round_not_open" });
  if (!isInvited) throw new AppError("forbidden", { reason: "not_invited" });
  const input = parseInput(createSuggestionSchema, raw);
  const driverId = rawId(raw, "driverId");
  // The base is what the document says now, not what the browser claims it said.
  const item = suggestableItems(await currentDriverContent(getDb(), driverId, access.dialogueId)).find((entry) => entry.kind === input.itemKind && entry.id === input.itemId);
  if (!item) throw fieldError("itemId", "invalidChoice");
  if (isSameWording(item.text, input.proposedText)) throw fieldError("proposedText", "unchangedWording");
  const [created] = await getDb()
    .insert(suggestions)
    .values({
      dialogueId: access.dialogueId,
      roundId: round.id,
      driverId,
      itemKind: input.itemKind,
      itemId: input.itemId,
      baseText: item.text,
      proposedText: input.proposedText,
      createdBy: actor.userId,
      organisationId: access.organisationId,
    })
    .returning({ id: suggestions.id });
  return { id: created!.id };
}

interface PendingSuggestion {
  id: string;
  itemKind: SuggestionItemKind;
  itemId: string;
  baseText: string;
  proposedText: string;
  createdBy: string | null;
  roundId: string;
}

/** The driver's suggestion, still undecided; another driver's or dialogue's is "not found". */
async function requirePendingSuggestion(access: DriverAccess, driverId: string, suggestionId: string): Promise<PendingSuggestion> {
  const [found] = await getDb()
    .select({
      id: suggestions.id,
      status: suggestions.status,
      itemKind: suggestions.itemKind,
      itemId: suggestions.itemId,
      baseText: suggestions.baseText,
      proposedText: suggestions.proposedText,
      createdBy: suggestions.createdBy,
      roundId: suggestions.roundId,
    })
    .from(suggestions)
    .where(and(eq(suggestions.id, suggestionId), eq(suggestions.driverId, driverId), eq(suggestions.dialogueId, access.dialogueId)))
    .limit(1);
  if (!found) throw new AppError("not_found");
  if (found.status !== "pending") throw new AppError("conflict", { reason: "suggestion_decided" });
  return found;
}

/**
 * Marks a pending suggestion decided. Conditional on it still being pending, so of two
 * facilitators deciding at once exactly one wins and the other hears it was decided.
 */
async function claimDecision(suggestionId: string, status: Exclude<SuggestionStatus, "pending">, reason: string, actor: Actor, now: Date): Promise<void> {
  const claimed = await getDb()
    .update(suggestions)
    .set({ status, decisionReason: reason, decidedBy: actor.userId, decidedAt: now })
    .where(and(eq(suggestions.id, suggestionId), eq(suggestions.status, "pending")))
    .returning({ id: suggestions.id });
  if (!claimed.length) throw new AppError("conflict", { reason: "suggestion_decided" });
}

/** Undoes a claim whose edit could not be applied, so the suggestion can still be decided. */
async function releaseDecision(suggestionId: string): Promise<void> {
  await getDb()
    .update(suggestions)
    .set({ status: "pending", decisionReason: "", decidedBy: null, decidedAt: null })
    .where(eq(suggestions.id, suggestionId));
}

/**
 * Writes the proposed wording into the live document as the facilitator's edit, if the item still
 * reads as it did when the suggestion was written.
 */
async function applyToDocument(actor: Actor, dialogueId: string, driverId: string, suggestion: PendingSuggestion): Promise<void> {
  const host = collabHost();
  // Accepting must reach everyone editing live, which only the collaboration server can do.
  if (!host) throw new AppError("unavailable");
  const outcome = await host.replaceItemText(
    driverId,
    dialogueId,
    { list: suggestion.itemKind === "goal" ? GOALS : ACTIONS, itemId: suggestion.itemId, expectedText: suggestion.baseText, proposedText: suggestion.proposedText },
    actor.userId,
  );
  if (outcome === "locked") throw new AppError("conflict", { reason: "part_locked" });
  if (outcome === "changed") throw new AppError("conflict", { reason: "suggestion_base_changed" });
  if (outcome === "missing") throw new AppError("conflict", { reason: "suggestion_item_missing" });
}

/** Accepts (applying the wording) or rejects (with a reason) a pending suggestion. */
export async function decideSuggestion(actor: Actor, raw: unknown, now: Date = new Date()): Promise<void> {
  const access = await requireDriverAccess(actor, rawId(raw, "dialogueId"), rawId(raw, "driverId"), "suggestion.decide");
  const input = parseInput(decideSuggestionSchema, raw);
  const driverId = rawId(raw, "driverId");
  const suggestion = await requirePendingSuggestion(access, driverId, input.suggestionId);
  const status = input.decision === "accept" ? "accepted" : "rejected";
  // Claimed before the edit, so a concurrent rejection cannot leave an applied text "rejected".
  await claimDecision(suggestion.id, status, input.reason, actor, now);
  if (status === "accepted") {
    try {
      await applyToDocument(actor, access.dialogueId, driverId, suggestion);
    } catch (error) {
      await releaseDecision(suggestion.id);
      throw error;
    }
  }
  await recordDecision(actor, access.dialogueId, driverId, suggestion, status, input.reason);
}

/**
 * The audit record (who suggested, who decided, both wordings) and the suggester's notification.
 * Not in one transaction with the claim: the notification may enqueue a mail job, which on PGlite
 * (one connection) must not wait behind a transaction of our own.
 */
async function recordDecision(actor: Actor, dialogueId: string, driverId: string, suggestion: PendingSuggestion, status: "accepted" | "rejected", reason: string): Promise<void> {
  const db = getDb();
  await recordAudit(db, actor.userId, {
    dialogueId,
    kind: status === "accepted" ? "suggestion.accepted" : "suggestion.rejected",
    subject: {
      suggestionId: suggestion.id,
      roundId: suggestion.roundId,
      driverId,
      itemKind: suggestion.itemKind,
      itemId: suggestion.itemId,
      suggestedBy: suggestion.createdBy,
      baseText: suggestion.baseText,
      proposedText: suggestion.proposedText,
      reason,
    },
  });
  if (!suggestion.createdBy || suggestion.createdBy === actor.userId) return;
  await notifyEvent(db, [suggestion.createdBy], {
    dialogueId,
    reason: "suggestion_decided",
    dedupeKey: `suggestion_decided:${suggestion.id}`,
    suggestionId: suggestion.id,
    driverId,
  });
}

/** Comments on a suggestion: the first starts its thread, later ones reply in it. */
export async function commentOnSuggestion(actor: Actor, raw: unknown): Promise<{ commentId: string }> {
  const dialogueId = rawId(raw, "dialogueId");
  const driverId = rawId(raw, "driverId");
  const access = await requireDriverAccess(actor, dialogueId, driverId, "comment.create");
  const input = parseInput(suggestionCommentSchema, raw);
  const [suggestion] = await getDb()
    .select({ id: suggestions.id })
    .from(suggestions)
    .where(and(eq(suggestions.id, input.suggestionId), eq(suggestions.driverId, driverId), eq(suggestions.dialogueId, access.dialogueId)))
    .limit(1);
  if (!suggestion) throw new AppError("not_found");
  const threadId = await suggestionThreadId(suggestion.id);
  if (threadId) return replyToThread(actor, { dialogueId, threadId, body: input.body });
  const { commentId } = await createThread(actor, { dialogueId, driverId, anchor: { kind: "driver" }, body: input.body }, { suggestionId: suggestion.id });
  return { commentId };
}

/** A suggestion's thread: the oldest, should two first comments have raced. */
async function suggestionThreadId(suggestionId: string): Promise<string | null> {
  const [thread] = await getDb()
    .select({ id: commentThreads.id })
    .from(commentThreads)
    .where(eq(commentThreads.suggestionId, suggestionId))
    .orderBy(asc(commentThreads.createdAt), asc(commentThreads.id))
    .limit(1);
  return thread?.id ?? null;
}

// --- reading ------------------------------------------------------------------------------------

export interface SuggestionView {
  id: string;
  itemKind: SuggestionItemKind;
  itemId: string;
  /** The item's number in its list now; null once the item is gone. */
  itemNumber: number | null;
  baseText: string;
  proposedText: string;
  /** Word-level difference from the text the suggestion was written against. */
  diff: DiffSegment[];
  /** A pending suggestion whose item has been edited since (it can no longer be applied as is). */
  isBaseChanged: boolean;
  status: SuggestionStatus;
  decisionReason: string;
  suggestedByName: string | null;
  organisationName: string | null;
  decidedByName: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  threadId: string | null;
  comments: CommentView[];
}

export interface DriverSuggestions {
  suggestions: SuggestionView[];
  /** The goal statements and actions as they read now, to suggest new wording for. */
  items: SuggestableItem[];
  openSuggestionRound: { id: string; closesAt: Date } | null;
  canSuggest: boolean;
  canDecide: boolean;
  canComment: boolean;
}

const suggesters = alias(users, "suggesters");
const deciders = alias(users, "deciders");

/** The driver's suggestions, newest first, with their comments, for every member to read. */
export async function getDriverSuggestions(actor: Actor, dialogueId: string, driverId: string, now: Date = new Date()): Promise<DriverSuggestions> {
  const access = await requireDriverAccess(actor, dialogueId, driverId, "dialogue.read");
  const { round, isInvited } = suggestionRoundFor(access, now);
  const db = getDb();
  const rows = await db
    .select({
      id: suggestions.id,
      itemKind: suggestions.itemKind,
      itemId: suggestions.itemId,
      baseText: suggestions.baseText,
      proposedText: suggestions.proposedText,
      status: suggestions.status,
      decisionReason: suggestions.decisionReason,
      suggesterName: suggesters.name,
      suggesterEmail: suggesters.email,
      organisationName: organisations.name,
      deciderName: deciders.name,
      deciderEmail: deciders.email,
      createdAt: suggestions.createdAt,
      decidedAt: suggestions.decidedAt,
    })
    .from(suggestions)
    .leftJoin(suggesters, eq(suggesters.id, suggestions.createdBy))
    .leftJoin(deciders, eq(deciders.id, suggestions.decidedBy))
    .leftJoin(organisations, eq(organisations.id, suggestions.organisationId))
    .where(and(eq(suggestions.driverId, driverId), eq(suggestions.dialogueId, access.dialogueId)))
    .orderBy(desc(suggestions.createdAt), desc(suggestions.id));
  const items = rows.length || round ? suggestableItems(await currentDriverContent(getDb(), driverId, access.dialogueId)) : [];
  const threads = await threadsOf(rows.map((row) => row.id));
  const views = await Promise.all(
    rows.map(async ({ suggesterName, suggesterEmail, deciderName, deciderEmail, ...row }): Promise<SuggestionView> => {
      const item = items.find((entry) => entry.kind === row.itemKind && entry.id === row.itemId);
      const threadId = threads.get(row.id) ?? null;
      return {
        ...row,
        itemNumber: item?.number ?? null,
        diff: diffText(row.baseText, row.proposedText),
        isBaseChanged: row.status === "pending" && (!item || !isSameWording(item.text, row.baseText)),
        suggestedByName: suggesterName ?? suggesterEmail,
        decidedByName: deciderName ?? deciderEmail,
        threadId,
        comments: threadId ? (await listThreadComments(actor, access.dialogueId, threadId)).comments : [],
      };
    }),
  );
  return {
    suggestions: views,
    items: round ? items : [],
    openSuggestionRound: round ? { id: round.id, closesAt: round.closesAt } : null,
    canSuggest: isInvited && access.abilities["suggestion.create"],
    canDecide: access.abilities["suggestion.decide"],
    canComment: access.abilities["comment.create"],
  };
}

/** Each suggestion's thread (the oldest, as suggestionThreadId). */
async function threadsOf(suggestionIds: string[]): Promise<Map<string, string>> {
  if (!suggestionIds.length) return new Map();
  const rows = await getDb()
    .select({ id: commentThreads.id, suggestionId: commentThreads.suggestionId })
    .from(commentThreads)
    .where(inArray(commentThreads.suggestionId, suggestionIds))
    .orderBy(desc(commentThreads.createdAt), desc(commentThreads.id));
  // Newest first, so the oldest is written last and wins.
  return new Map(rows.map((row) => [row.suggestionId!, row.id]));
}
