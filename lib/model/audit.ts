/**
 * The audit log's vocabulary (issue 7): what is recorded, append-only, for facilitators to read.
 * Each kind's `subject` is plain JSON naming what it concerns (IDs and the names as they were).
 */
export const AUDIT_KINDS = [
  "round.created",
  "round.opened",
  "round.extended",
  "round.closed",
  "round.reopened",
  "stance.given",
  "suggestion.accepted",
  "suggestion.rejected",
  "agreement.created",
  "member.role_changed",
  "member.removed",
  "goalSet.imported",
  "workshop.created",
  "workshop.agenda_set",
  "workshop.agenda_reordered",
  "workshop.session_started",
  "workshop.session_paused",
  "workshop.session_resumed",
  "workshop.session_ended",
  "workshop.locked",
  "workshop.unlocked",
  "workshop.prompt_revealed",
  "workshop.vote_revealed",
  "workshop.answer_used",
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** One record as the services append it; who and when are added by the audit service. */
export interface AuditRecord {
  dialogueId: string;
  kind: AuditKind;
  subject: Record<string, unknown>;
}
