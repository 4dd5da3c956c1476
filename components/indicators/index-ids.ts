/**
 * Element ids the comparison page and its client components share for focus moves: plain
 * functions, so Server Components may call them (a "use client" module's exports are references).
 */

/** The heading of an opened index (focused after it is saved or opened). */
export function indexTitleId(indexId: string): string {
  return `index-${indexId}-title`;
}

/** The heading of the list of saved indexes (focused after one is deleted). */
export const SAVED_INDEXES_TITLE_ID = "saved-indexes-title";
