/**
 * Suggestions (issue 7): in a suggestion round a participant proposes new wording for a goal
 * statement or an action; a facilitator accepts it (applied as a collaborative edit) or rejects it
 * with a reason.
 */
export const SUGGESTION_ITEM_KINDS = ["goal", "action"] as const;
export type SuggestionItemKind = (typeof SUGGESTION_ITEM_KINDS)[number];

export const SUGGESTION_STATUSES = ["pending", "accepted", "rejected"] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
