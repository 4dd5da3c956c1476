/**
 * One error type for expected failures. Services throw it; the edges (actions, route handlers,
 * the websocket) map it once to a status, an ActionResult or a close code.
 */
import type { FieldErrors } from "./validation";

export const ERROR_CODES = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 400,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Why a request conflicts with the stored state, when the code alone would mislead the user.
 * Rounds (issue 7): round_not_open — a stance or suggestion needs a round of its kind open on the
 * driver; not_invited — the round did not invite the actor's organisation; other_organisation — a
 * stance is given for one's own organisation only; round_closed — reopen it as a new round instead.
 * Suggestions: suggestion_decided — accepted or rejected already; suggestion_base_changed — the
 * text changed after the suggestion was written, so applying it would undo that change;
 * suggestion_item_missing — the goal or action was removed.
 * Workshops (issue 9): activity_not_open — the prompt or vote is closed to answers or dots;
 * not_revealed — an answer can be used only once the facilitator has revealed the answers;
 * part_locked — the driver's part a server-side edit (an answer used, a suggestion accepted, a version
 * restored) would change is locked in a workshop.
 */
export type ErrorReason =
  | "last_facilitator"
  | "organisation_in_use"
  | "round_not_open"
  | "not_invited"
  | "other_organisation"
  | "round_closed"
  | "suggestion_decided"
  | "suggestion_base_changed"
  | "suggestion_item_missing"
  | "workshop_status"
  | "workshop_not_live"
  | "workshop_no_timebox"
  | "activity_not_open"
  | "not_revealed"
  | "part_locked";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;
  readonly reason?: ErrorReason;

  constructor(code: ErrorCode, options: { fieldErrors?: FieldErrors; reason?: ErrorReason } = {}) {
    super(options.reason ?? code);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.reason = options.reason;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The result of a server action: data, or an error code (and field errors) the UI translates. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; fieldErrors?: FieldErrors; reason?: ErrorReason };
