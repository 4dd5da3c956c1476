/**
 * Inputs for comment threads (issue 6): a thread on a driver, on a passage of its text, or on an
 * indicator data point; replies, edits, deletions, reactions and resolving. Whether the driver,
 * the goal or action, the passage's positions and the indicator exist, only the server knows;
 * lib/server/services/comments.ts checks those.
 */
import { z } from "zod";
import { requiredText } from "../validation";
import { COMMENT_REACTIONS, COMMENT_TEXT_PARTS, REGION_CODES, type CommentReaction, type CommentTextPart } from "./enums";
import { idSchema } from "./ids";

/** The limits the schemas enforce and the forms state. */
export const COMMENT_LIMITS = {
  bodyLength: 5_000,
  quoteLength: 2_000,
  /** An encoded Yjs relative position is a few dozen bytes; this leaves room and nothing more. */
  positionBytes: 256,
  pageSize: 50,
} as const;

/** A Yjs relative position as it travels (base64 of `Y.encodeRelativePosition`). */
const encodedPosition = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/)
  .max(Math.ceil(COMMENT_LIMITS.positionBytes / 3) * 4);

const driverAnchorSchema = z.object({ kind: z.literal("driver") });

const textAnchorSchema = z
  .object({
    kind: z.literal("text"),
    part: z.enum(COMMENT_TEXT_PARTS),
    /** The goal statement or action the passage is in; absent for the three text parts. */
    itemId: idSchema.optional(),
    start: encodedPosition,
    end: encodedPosition,
    quote: requiredText(COMMENT_LIMITS.quoteLength),
  })
  .superRefine((anchor, context) => {
    const needsItem = anchor.part === "goal" || anchor.part === "action";
    if (needsItem !== (anchor.itemId !== undefined)) context.addIssue({ code: "custom", message: "invalidChoice", path: ["itemId"] });
  });

const dataPointAnchorSchema = z.object({
  kind: z.literal("data_point"),
  indicatorId: requiredText(120),
  regionCode: z.enum(REGION_CODES),
  /** The period as the panel shows it; empty for a figure without one. */
  period: z.string().trim().max(40).default(""),
});

export const commentAnchorSchema = z.discriminatedUnion("kind", [driverAnchorSchema, textAnchorSchema, dataPointAnchorSchema]);
export type CommentAnchorInput = z.infer<typeof commentAnchorSchema>;

const bodySchema = requiredText(COMMENT_LIMITS.bodyLength);

export const createThreadSchema = z.object({
  dialogueId: idSchema,
  driverId: idSchema,
  anchor: commentAnchorSchema,
  body: bodySchema,
});

export const replySchema = z.object({ dialogueId: idSchema, threadId: idSchema, body: bodySchema });

export const editCommentSchema = z.object({ dialogueId: idSchema, commentId: idSchema, body: bodySchema });

export const commentRefSchema = z.object({ dialogueId: idSchema, commentId: idSchema });

export const reactionSchema = z.object({ dialogueId: idSchema, commentId: idSchema, reaction: z.enum(COMMENT_REACTIONS) });

export const resolveThreadSchema = z.object({ dialogueId: idSchema, threadId: idSchema, resolved: z.boolean() });

/** Which threads a list shows: open ones by default, resolved ones one filter away. */
export const THREAD_FILTERS = ["open", "resolved", "all"] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number];
export const threadFilterSchema = z.object({ filter: z.enum(THREAD_FILTERS).default("open") });

// --- views: what the services return and realtime events carry --------------------------------

/** Where a thread is anchored, as threads show it. */
export type CommentAnchor =
  | { kind: "driver" }
  | {
      kind: "text";
      part: CommentTextPart;
      itemId: string | null;
      /** The passage's ends as the editor sent them (base64 Yjs relative positions), to find it in the live text. */
      start: string;
      end: string;
      quote: string;
      isDetached: boolean;
    }
  | { kind: "data_point"; indicatorId: string; regionCode: string; period: string };

/**
 * A comment as threads show it; a deleted first comment keeps its place with no text. The same for
 * every viewer (times as ISO strings, reactions with who gave them), so one realtime event serves
 * everyone watching and each page works out "mine" itself.
 */
export interface CommentView {
  id: string;
  threadId: string;
  authorId: string | null;
  authorName: string | null;
  organisationName: string | null;
  body: string;
  createdAt: string;
  editedAt: string | null;
  isDeleted: boolean;
  reactions: { reaction: CommentReaction; userIds: string[] }[];
}

export interface ThreadView {
  id: string;
  driverId: string;
  anchor: CommentAnchor;
  createdBy: string | null;
  createdAt: string;
  lastActivityAt: string;
  isResolved: boolean;
  resolvedAt: string | null;
  /** The comment that opened the thread. */
  first: CommentView;
  replyCount: number;
}

export interface CommentPage {
  comments: CommentView[];
  /** Pass as `after` for the next page; null on the last. */
  nextCursor: string | null;
}

/** Who is looking at threads, for what the UI offers (the services decide again on every write). */
export interface CommentViewer {
  userId: string;
  /** `comment.create` in this dialogue now. */
  mayComment: boolean;
  /** `comment.moderate`: facilitators resolve any thread. */
  mayModerate: boolean;
}

/** What a viewer may do with a thread: the rule the services enforce, for the buttons shown. */
export function threadAbilities(thread: Pick<ThreadView, "createdBy" | "isResolved">, viewer: CommentViewer) {
  return {
    canReply: viewer.mayComment && !thread.isResolved,
    canResolve: viewer.mayComment && (viewer.mayModerate || thread.createdBy === viewer.userId),
  };
}

/**
 * What the collaboration socket tells everyone viewing a driver when its threads change
 * (lib/collab/protocol.ts, MESSAGE_COMMENTS). Each event carries the changed thread or comment
 * whole, so viewers apply it without asking the server again.
 */
export type CommentEvent =
  | { type: "thread"; thread: ThreadView; isNew: boolean }
  | { type: "thread-removed"; threadId: string }
  | { type: "comment"; comment: CommentView; isNew: boolean }
  | { type: "comment-removed"; threadId: string; commentId: string };
