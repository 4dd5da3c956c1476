/**
 * Suggestions (issue 7): in a suggestion round a participant proposes new wording for a goal
 * statement or an action; a facilitator accepts it (applied as a collaborative edit) or rejects it
 * with a reason.
 */
import { z } from "zod";
import { isUuid } from "./ids";

export const SUGGESTION_ITEM_KINDS = ["goal", "action"] as const;
export type SuggestionItemKind = (typeof SUGGESTION_ITEM_KINDS)[number];

export const SUGGESTION_STATUSES = ["pending", "accepted", "rejected"] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];


export const SUGGESTION_LIMITS = {
  /** Goal statements and actions are a sentence or a short paragraph, not an essay. */
  textLength: 2_000,
  reasonLength: 5_000,
  commentLength: 5_000,
} as const;

const id = z.string().refine(isUuid, { message: "invalid" });

/** New wording for one goal statement or action; the current text is read on the server. */
export const createSuggestionSchema = z.object({
  itemKind: z.enum(SUGGESTION_ITEM_KINDS),
  itemId: id,
  proposedText: z.string().trim().min(1, { message: "required" }).max(SUGGESTION_LIMITS.textLength, { message: "tooLong" }),
});
export type CreateSuggestionInput = z.output<typeof createSuggestionSchema>;

export const SUGGESTION_DECISIONS = ["accept", "reject"] as const;
export type SuggestionDecision = (typeof SUGGESTION_DECISIONS)[number];

/** A facilitator's decision; rejecting needs a reason, so the suggester learns why. */
export const decideSuggestionSchema = z
  .object({
    suggestionId: id,
    decision: z.enum(SUGGESTION_DECISIONS),
    reason: z.string().trim().max(SUGGESTION_LIMITS.reasonLength, { message: "tooLong" }).default(""),
  })
  .superRefine((input, context) => {
    if (input.decision === "reject" && input.reason.length === 0) {
      context.addIssue({ code: "custom", path: ["reason"], message: "reasonRequired" });
    }
  });
export type DecideSuggestionInput = z.output<typeof decideSuggestionSchema>;

export const suggestionCommentSchema = z.object({
  suggestionId: id,
  body: z.string().trim().min(1, { message: "required" }).max(SUGGESTION_LIMITS.commentLength, { message: "tooLong" }),
});

/**
 * Texts are compared as people read them: runs of white space (a trailing space, a line break the
 * editor turned into a paragraph) do not make two wordings different.
 */
export function normalizeSuggestionText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function isSameWording(a: string, b: string): boolean {
  return normalizeSuggestionText(a) === normalizeSuggestionText(b);
}
