/**
 * Private writing and dot voting in a facilitated workshop (issue 9, parts 3 and 4): the inputs'
 * validation, the dot tally, and what each viewer of the workshop room is sent (`activity` in the
 * live state, lib/workshop/live-state.ts). Pure and shared by the browser and the server; tested
 * in tests/unit/workshop-activity.test.ts.
 *
 * Privacy is decided here, in one place, by projectActivity: before a prompt is revealed nobody
 * receives anyone else's answer (the facilitator gets the count only); after an anonymous reveal
 * no name or organisation reaches any client, the facilitator's included. A vote's results are
 * sent to participants only once revealed; the facilitator sees the turnout and the running tally
 * (marked as a preview) so the tally can be checked before it is shown to the room.
 */
import { z } from "zod";

export const PROMPT_STATUSES = ["open", "closed", "revealed"] as const;
export type PromptStatus = (typeof PROMPT_STATUSES)[number];
export const VOTE_STATUSES = ["open", "closed", "revealed"] as const;
export type VoteStatus = (typeof VOTE_STATUSES)[number];
/** What a vote is over: goal statements, actions or whole drivers. */
export const VOTE_TARGET_KINDS = ["goal", "action", "driver"] as const;
export type VoteTargetKind = (typeof VOTE_TARGET_KINDS)[number];
/** Whose dots: each participant's own, or one allocation per organisation (any of its members sets it). */
export const VOTE_MODES = ["participant", "organisation"] as const;
export type VoteMode = (typeof VOTE_MODES)[number];
/** What a revealed answer can become in one step. */
export const ANSWER_USES = ["goal", "action", "comment"] as const;
export type AnswerUse = (typeof ANSWER_USES)[number];

export const ACTIVITY_LIMITS = {
  questionLength: 500,
  answerLength: 2_000,
  voteTitleLength: 300,
  dotsMin: 1,
  dotsMax: 50,
  targetsMax: 100,
  labelLength: 300,
} as const;

const id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: "invalid" });
const optionalId = z
  .string()
  .trim()
  .optional()
  .nullable()
  .transform((value) => (value ? value : null))
  .pipe(id.nullable());

function text(max: number) {
  return z.string().trim().min(1, { message: "required" }).max(max, { message: "tooLong" });
}

// --- inputs ------------------------------------------------------------------------------------

export const openPromptSchema = z.object({
  question: text(ACTIVITY_LIMITS.questionLength),
  /** The driver the prompt is about (the focused one, usually); blank for none. */
  driverId: optionalId,
});

export const answerSchema = z.object({
  promptId: id,
  body: text(ACTIVITY_LIMITS.answerLength),
});

export const promptRefSchema = z.object({ promptId: id });

const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true" || value === "1");

export const revealPromptSchema = z.object({ promptId: id, anonymous: checkbox });

export const useAnswerSchema = z.object({
  answerId: id,
  use: z.enum(ANSWER_USES, { message: "invalidChoice" }),
  /** The driver the goal, action or thread goes to. */
  driverId: id,
});

/** A whole number typed in a form (or given as a number). */
function wholeNumber(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : value),
    z
      .number({ message: "notInteger" })
      .int({ message: "notInteger" })
      .min(min, { message: "tooSmall" })
      .max(max, { message: "tooBig" }),
  );
}

export const openVoteSchema = z.object({
  title: text(ACTIVITY_LIMITS.voteTitleLength),
  targetKind: z.enum(VOTE_TARGET_KINDS, { message: "invalidChoice" }),
  mode: z.enum(VOTE_MODES, { message: "invalidChoice" }).default("participant"),
  dotsPerVoter: wholeNumber(ACTIVITY_LIMITS.dotsMin, ACTIVITY_LIMITS.dotsMax),
  /** Only these drivers' goals or actions (or only these drivers); empty = the whole agenda. */
  driverIds: z.array(id).max(200).default([]),
});
export type OpenVoteInput = z.output<typeof openVoteSchema>;

export const voteRefSchema = z.object({ voteId: id });

/** One target of a vote, captured with its label when the vote was opened. */
export const voteTargetSchema = z.object({
  id: z.string().min(1).max(80),
  driverId: z.string(),
  label: z.string().max(ACTIVITY_LIMITS.labelLength),
  /** The driver's title, for goals and actions (what the label belongs to). */
  context: z.string().max(ACTIVITY_LIMITS.labelLength),
});
export type VoteTarget = z.infer<typeof voteTargetSchema>;

/** An allocation: dots per target id. */
export type Allocation = Record<string, number>;

export type AllocationError =
  | { code: "overAllocated"; total: number; max: number }
  | { code: "unknownTarget"; targetId: string }
  | { code: "invalidDots"; targetId: string };

/**
 * "My allocation is now X": validated against the vote's targets and dots. Zero entries are
 * dropped (a target with no dots is no row); the empty allocation withdraws every dot.
 */
export function validateAllocation(raw: unknown, targetIds: readonly string[], max: number): { ok: true; allocation: Allocation; total: number } | { ok: false; error: AllocationError } {
  const known = new Set(targetIds);
  const allocation: Allocation = {};
  let total = 0;
  const entries = raw && typeof raw === "object" && !Array.isArray(raw) ? Object.entries(raw as Record<string, unknown>) : [];
  for (const [targetId, value] of entries) {
    if (!known.has(targetId)) return { ok: false, error: { code: "unknownTarget", targetId } };
    const dots = typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : value === "" || value === undefined || value === null ? 0 : value;
    if (typeof dots !== "number" || !Number.isInteger(dots) || dots < 0 || dots > max) return { ok: false, error: { code: "invalidDots", targetId } };
    if (dots === 0) continue;
    allocation[targetId] = dots;
    total += dots;
  }
  if (total > max) return { ok: false, error: { code: "overAllocated", total, max } };
  return { ok: true, allocation, total };
}

/** The form field holding a target's dots. */
export const dotsField = (targetId: string) => `dots.${targetId}`;

/** Reads `dots.<targetId>` fields (a form) or `allocation: {…}` (code) into a raw allocation. */
export function allocationFromInput(raw: Record<string, unknown>): Record<string, unknown> {
  if (raw.allocation && typeof raw.allocation === "object") return raw.allocation as Record<string, unknown>;
  const allocation: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (key.startsWith("dots.")) allocation[key.slice(5)] = value;
  return allocation;
}

// --- the tally ---------------------------------------------------------------------------------

export interface Ballot {
  /** A user's id, or an organisation's in organisation mode. */
  voter: string;
  allocation: Allocation;
}

export interface TallyRow {
  targetId: string;
  dots: number;
  /** How many voters put at least one dot on it. */
  voters: number;
  /** 1 = most dots; ties share a rank. */
  rank: number;
}

export interface Tally {
  rows: TallyRow[];
  /** Voters with at least one dot. */
  voters: number;
  dots: number;
}

/**
 * Counts the dots per target: every target listed (in the vote's order, then by dots), each
 * voter at most once (a later ballot of the same voter replaces an earlier one, as the database's
 * unique key does), dots on unknown targets ignored. Sorted by dots, ties in the targets' order.
 */
export function tallyVotes(targetIds: readonly string[], ballots: Iterable<Ballot>): Tally {
  const latest = new Map<string, Allocation>();
  for (const ballot of ballots) latest.set(ballot.voter, ballot.allocation);
  const known = new Map(targetIds.map((targetId, index) => [targetId, index]));
  const dots = new Map<string, number>();
  const voters = new Map<string, number>();
  let voterCount = 0;
  let total = 0;
  for (const allocation of latest.values()) {
    let counted = false;
    for (const [targetId, value] of Object.entries(allocation)) {
      if (!known.has(targetId) || !Number.isInteger(value) || value <= 0) continue;
      dots.set(targetId, (dots.get(targetId) ?? 0) + value);
      voters.set(targetId, (voters.get(targetId) ?? 0) + 1);
      total += value;
      counted = true;
    }
    if (counted) voterCount += 1;
  }
  const rows = targetIds.map((targetId) => ({ targetId, dots: dots.get(targetId) ?? 0, voters: voters.get(targetId) ?? 0, rank: 0 }));
  rows.sort((a, b) => b.dots - a.dots || known.get(a.targetId)! - known.get(b.targetId)!);
  rows.forEach((row, index) => {
    row.rank = index > 0 && rows[index - 1]!.dots === row.dots ? rows[index - 1]!.rank : index + 1;
  });
  return { rows, voters: voterCount, dots: total };
}

// --- what a viewer is sent ---------------------------------------------------------------------

const answerViewSchema = z.object({
  id: z.string(),
  body: z.string(),
  /** Null after an anonymous reveal: no name reaches any client. */
  author: z.object({ name: z.string(), organisation: z.string() }).nullable(),
  mine: z.boolean(),
  /** What it has become (goal, action, comment thread), on which driver. */
  uses: z.array(z.object({ use: z.enum(ANSWER_USES), driverId: z.string() })),
});
export type AnswerView = z.infer<typeof answerViewSchema>;

export const promptViewSchema = z.object({
  id: z.string(),
  question: z.string(),
  driverId: z.string().nullable(),
  driverTitle: z.string().nullable(),
  status: z.enum(PROMPT_STATUSES),
  anonymous: z.boolean(),
  /** How many have answered (never who, never what, before the reveal). */
  answered: z.number().int(),
  /** The viewer's own answer (null if none, or for a facilitator who has not written one). */
  myAnswer: z.string().nullable(),
  canAnswer: z.boolean(),
  /** Everyone's answers, only once revealed. */
  answers: z.array(answerViewSchema).nullable(),
});
export type PromptView = z.infer<typeof promptViewSchema>;

const tallyRowSchema = z.object({ targetId: z.string(), dots: z.number().int(), voters: z.number().int(), rank: z.number().int() });

export const voteViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  targetKind: z.enum(VOTE_TARGET_KINDS),
  mode: z.enum(VOTE_MODES),
  dotsPerVoter: z.number().int(),
  status: z.enum(VOTE_STATUSES),
  targets: z.array(voteTargetSchema),
  /** The viewer's allocation (their organisation's in organisation mode); null for those who cannot vote. */
  myAllocation: z.record(z.string(), z.number().int()).nullable(),
  canVote: z.boolean(),
  /** Voters so far (the facilitator's live turnout; everyone's once revealed), else null. */
  turnout: z.object({ voters: z.number().int(), dots: z.number().int() }).nullable(),
  /** The tally: for participants only once revealed; for the facilitator always (`preview` until revealed). */
  results: z.object({ rows: z.array(tallyRowSchema), preview: z.boolean() }).nullable(),
});
export type VoteView = z.infer<typeof voteViewSchema>;

export const workshopActivitySchema = z.object({ prompt: promptViewSchema.nullable(), vote: voteViewSchema.nullable() });
export type WorkshopActivity = z.infer<typeof workshopActivitySchema>;

/** Everything the server knows of the current prompt and vote, private parts included (never sent as is). */
export interface ActivitySource {
  prompt: {
    id: string;
    question: string;
    driverId: string | null;
    driverTitle: string | null;
    status: PromptStatus;
    anonymous: boolean;
    answers: { id: string; authorId: string; authorName: string; organisation: string; body: string; uses: { use: AnswerUse; driverId: string }[] }[];
  } | null;
  vote: {
    id: string;
    title: string;
    targetKind: VoteTargetKind;
    mode: VoteMode;
    dotsPerVoter: number;
    status: VoteStatus;
    targets: VoteTarget[];
    ballots: Ballot[];
  } | null;
}

export interface ActivityViewer {
  userId: string;
  organisationId: string;
  isFacilitator: boolean;
  /** May answer and vote (facilitators and participants; observers only watch). */
  canParticipate?: boolean;
}

/** Anonymous answers are listed in an order that says nothing about who wrote when: by their text. */
function anonymousOrder(a: { body: string; id: string }, b: { body: string; id: string }): number {
  return a.body.localeCompare(b.body, "sv") || (a.id < b.id ? -1 : 1);
}

/** The one place deciding what a viewer may see (see the module's comment). */
export function projectActivity(source: ActivitySource, viewer: ActivityViewer): WorkshopActivity {
  const canParticipate = viewer.canParticipate ?? true;
  let prompt: PromptView | null = null;
  if (source.prompt) {
    const p = source.prompt;
    const mine = p.answers.find((answer) => answer.authorId === viewer.userId) ?? null;
    let answers: AnswerView[] | null = null;
    if (p.status === "revealed") {
      const list = p.answers.map((answer) => ({
        id: answer.id,
        body: answer.body,
        author: p.anonymous ? null : { name: answer.authorName, organisation: answer.organisation },
        // Even "this one is mine" would tell a participant's neighbour who wrote what on a shared screen; anonymous means anonymous.
        mine: p.anonymous ? false : answer.authorId === viewer.userId,
        uses: answer.uses,
      }));
      answers = p.anonymous
        ? list.sort(anonymousOrder)
        : list.sort((a, b) => a.author!.organisation.localeCompare(b.author!.organisation, "sv") || a.author!.name.localeCompare(b.author!.name, "sv") || (a.id < b.id ? -1 : 1));
    }
    prompt = {
      id: p.id,
      question: p.question,
      driverId: p.driverId,
      driverTitle: p.driverTitle,
      status: p.status,
      anonymous: p.anonymous,
      answered: p.answers.length,
      myAnswer: mine?.body ?? null,
      canAnswer: canParticipate && p.status === "open",
      answers,
    };
  }
  let vote: VoteView | null = null;
  if (source.vote) {
    const v = source.vote;
    const voterKey = v.mode === "organisation" ? viewer.organisationId : viewer.userId;
    const own = v.ballots.find((ballot) => ballot.voter === voterKey);
    const revealed = v.status === "revealed";
    const showTally = revealed || viewer.isFacilitator;
    const tally = showTally || viewer.isFacilitator ? tallyVotes(v.targets.map((target) => target.id), v.ballots) : null;
    vote = {
      id: v.id,
      title: v.title,
      targetKind: v.targetKind,
      mode: v.mode,
      dotsPerVoter: v.dotsPerVoter,
      status: v.status,
      targets: v.targets,
      myAllocation: canParticipate ? { ...(own?.allocation ?? {}) } : null,
      canVote: canParticipate && v.status === "open",
      turnout: tally && showTally ? { voters: tally.voters, dots: tally.dots } : null,
      results: tally && showTally ? { rows: tally.rows, preview: !revealed } : null,
    };
  }
  return { prompt, vote };
}
