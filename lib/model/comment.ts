/**
 * Inputs for comment threads (issue 6): a thread on a driver, on a passage of its text, or on an
 * indicator data point; replies, edits, deletions, reactions and resolving. Whether the driver,
 * the goal or action, the passage's positions and the indicator exist, only the server knows;
 * lib/server/services/comments.ts checks those.
 */
import { z } from "zod";
import { requiredText } from "../validation";
import { COMMENT_REACTIONS, COMMENT_TEXT_PARTS, REGION_CODES } from "./enums";
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
