/**
 * Mentions in comment bodies (issue 6). A comment body is a safe Markdown subset; a mention is a
 * token in it that names a person or an organisation by ID and carries the name shown when it was
 * written:
 *
 *   @[Anna Berg](user:5f0c…)            @[Region Skåne](organisation:9a1e…)
 *
 * The name is escaped with backslashes (`\\`, `\[`, `\]`, `\(`, `\)` and `` \` ``), so no name can end
 * the token early, start another one or open a code span; line breaks and other control characters
 * in a name become spaces.
 * Only well-formed UUIDs count. Tokens inside Markdown code (inline code spans and fenced code
 * blocks) are text, not mentions, because the renderer shows code literally. Indented code blocks
 * (four spaces) are not recognised: a token there still counts. The renderer and the notification
 * service both use `findMentions`, so what is shown as a mention is exactly what notifies.
 *
 * Pure: no I/O, shared by the browser (the mention picker, the renderer) and the server.
 */
import { isUuid } from "./ids";

export const MENTION_KINDS = ["user", "organisation"] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

/** A name's characters: anything but brackets, parentheses and backslashes, or one of those escaped. */
const NAME = String.raw`(?:[^\[\]()\\\r\n]|\\[\\\[\]()\x60])+`;
const ID = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";

/**
 * The token's shape as a regular expression source: group 1 the escaped name, group 2 the kind,
 * group 3 the ID. Use `mentionPattern()` for a fresh global RegExp (a shared one keeps `lastIndex`).
 * A match is a mention only outside code and with a valid UUID: `findMentions` checks both.
 */
export const MENTION_PATTERN_SOURCE = String.raw`@\[(${NAME})\]\((user|organisation):(${ID})\)`;

/** A new global RegExp for mention tokens (see MENTION_PATTERN_SOURCE for its groups). */
export function mentionPattern(): RegExp {
  return new RegExp(MENTION_PATTERN_SOURCE, "g");
}

export interface MentionMatch {
  kind: MentionKind;
  /** The ID in lower case. */
  id: string;
  /** The name as written, unescaped: plain text, to be rendered as text (never as HTML). */
  name: string;
  /** Where the token starts and ends in the body (end exclusive), for renderers. */
  start: number;
  end: number;
}

/** Escapes a display name for a token: brackets, parentheses, backslashes and backticks; control characters become spaces. */
export function escapeMentionName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = name.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
  return (flat || "?").replace(/[\\[\]()`]/g, (char) => `\\${char}`);
}

/** The name of a token as written in it, without its escapes. */
export function unescapeMentionName(escaped: string): string {
  return escaped.replace(/\\([\\[\]()`])/g, "$1");
}

function token(kind: MentionKind, id: string, name: string): string {
  if (!isUuid(id)) throw new Error(`mention: not a UUID: ${JSON.stringify(id)}`);
  return `@[${escapeMentionName(name)}](${kind}:${id.toLowerCase()})`;
}

/** The token that mentions a person: `@[Name](user:<uuid>)`. Throws on an ID that is not a UUID. */
export function userMention(id: string, name: string): string {
  return token("user", id, name);
}

/** The token that mentions every member speaking for an organisation: `@[Name](organisation:<uuid>)`. */
export function organisationMention(id: string, name: string): string {
  return token("organisation", id, name);
}

/**
 * The body with its code blanked out (same length, line breaks kept), so positions found in the
 * result are positions in the body. Code is what CommonMark treats as code: fenced blocks (``` or
 * ~~~, closed by a fence of the same character at least as long, or by the end of the body) and
 * inline code spans (a run of n backticks up to the next run of exactly n, within one paragraph;
 * a backslash-escaped backtick opens nothing). Indented code blocks are not recognised.
 */
export function blankCode(body: string): string {
  const lines = body.split("\n");
  const out: string[] = [];
  let fence: { char: string; length: number } | null = null;
  let paragraph: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length) out.push(...blankCodeSpans(paragraph.join("\n")).split("\n"));
    paragraph = [];
  };
  for (const line of lines) {
    if (fence) {
      const closing = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (closing && closing[1]![0] === fence.char && closing[1]!.length >= fence.length) fence = null;
      out.push(blank(line));
      continue;
    }
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    // A backtick fence's info string may not contain a backtick (CommonMark 4.5).
    if (opening && !(opening[1]![0] === "`" && line.slice(opening[0].length).includes("`"))) {
      flushParagraph();
      fence = { char: opening[1]![0]!, length: opening[1]!.length };
      out.push(blank(line));
      continue;
    }
    if (line.trim() === "") {
      flushParagraph();
      out.push(line);
      continue;
    }
    paragraph.push(line);
  }
  flushParagraph();
  return out.join("\n");
}

function blank(text: string): string {
  return text.replace(/[^\n]/g, " ");
}

/** Blanks the inline code spans of one paragraph. */
function blankCodeSpans(text: string): string {
  let result = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === "\\" && index + 1 < text.length) {
      result += text.slice(index, index + 2);
      index += 2;
      continue;
    }
    if (char !== "`") {
      result += char;
      index++;
      continue;
    }
    const run = /^`+/.exec(text.slice(index))![0];
    const close = findClosingRun(text, index + run.length, run.length);
    if (close === -1) {
      // No closing run of the same length: the backticks are literal text.
      result += run;
      index += run.length;
      continue;
    }
    const end = close + run.length;
    result += blank(text.slice(index, end));
    index = end;
  }
  return result;
}

function findClosingRun(text: string, from: number, length: number): number {
  let index = from;
  while (index < text.length) {
    if (text[index] !== "`") {
      index++;
      continue;
    }
    const run = /^`+/.exec(text.slice(index))![0];
    if (run.length === length) return index;
    index += run.length;
  }
  return -1;
}

/** Every mention of a body in order, outside code and with a valid UUID. */
export function findMentions(body: string): MentionMatch[] {
  const visible = blankCode(body);
  const matches: MentionMatch[] = [];
  for (const match of visible.matchAll(mentionPattern())) {
    const id = match[3]!.toLowerCase();
    if (!isUuid(id)) continue;
    matches.push({
      kind: match[2] as MentionKind,
      id,
      name: unescapeMentionName(match[1]!),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return matches;
}

/** The people and organisations a body mentions, each once, in order of first mention. */
export function parseMentions(body: string): { userIds: string[]; organisationIds: string[] } {
  const userIds = new Set<string>();
  const organisationIds = new Set<string>();
  for (const mention of findMentions(body)) (mention.kind === "user" ? userIds : organisationIds).add(mention.id);
  return { userIds: [...userIds], organisationIds: [...organisationIds] };
}

/** The body with each mention written as `@Name`, for plain-text uses (excerpts, mails). */
export function mentionsAsText(body: string): string {
  let result = "";
  let last = 0;
  for (const mention of findMentions(body)) {
    result += body.slice(last, mention.start) + `@${mention.name}`;
    last = mention.end;
  }
  return result + body.slice(last);
}
