/**
 * Notifications of comment activity against a real database (PGlite per file, or the run's
 * PostgreSQL database). Negatives first: who is never notified (the author, non-members, level
 * `none`, deactivated people), who cannot read or mark someone else's notifications, and what a
 * person who left a dialogue still sees (nothing). Then the recipients and their one notification
 * per comment with the strongest reason, the inbox, settings, mention candidates, and the mails:
 * immediate (exactly once, also when sent concurrently, released again when SMTP fails), the daily
 * digest (a fixed clock, run twice and concurrently), and the pg-boss runner end to end.
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDatabaseHandle, getDb } from "@/db/client";
import { comments, dialogueMembers, notificationSettings, notifications, outboxMails, users, type Driver, type User } from "@/db/schema";
import { organisationMention, userMention } from "@/lib/model/mention";
import type { EmailMode, NotificationLevel } from "@/lib/model/notification";
import { resetEnvCache } from "@/lib/server/env";
import { startJobRunner, type JobRunner } from "@/lib/server/jobs/runner";
import { deliverNotificationMail, runNotificationDigest, sweepUnmailedNotifications } from "@/lib/server/notifications/delivery";
import { createThread, replyToThread } from "@/lib/server/services/comments";
import {
  countUnread,
  getNotificationSettings,
  listInbox,
  listMentionCandidates,
  markRead,
  notifyCommentPosted,
  updateNotificationSettings,
} from "@/lib/server/services/notifications";
import { actorOf, buildCommentThread, buildDialogue, buildDriver, buildMember, buildOrganisation, buildUser } from "../factories";
import { expectAppError } from "../setup/assertions";

interface Person {
  user: User;
  organisationId: string;
}

interface World {
  dialogueId: string;
  driver: Driver;
  facilitator: Person;
  /** Two participants speaking for the same organisation. */
  anna: Person;
  bo: Person;
  /** A participant of another organisation, and an observer. */
  cecilia: Person;
  observer: Person;
  /** A member of another dialogue only. */
  outsider: Person;
  otherDialogueId: string;
}

async function buildWorld(): Promise<World> {
  const { dialogue, facilitator, organisation } = await buildDialogue();
  const driver = await buildDriver(dialogue.id, { title: `Kompetensförsörjning ${randomUUID()}` });
  const shared = await buildOrganisation({ name: `Region Test ${randomUUID()}` });
  const member = async (role: "participant" | "observer", organisationId?: string, name?: string): Promise<Person> => {
    const built = await buildMember(dialogue.id, { role, organisationId, user: name ? await buildUser({ name }) : undefined });
    return { user: built.user, organisationId: built.organisationId };
  };
  const other = await buildDialogue();
  const outsider = await buildMember(other.dialogue.id, { role: "participant" });
  return {
    dialogueId: dialogue.id,
    driver,
    facilitator: { user: facilitator, organisationId: organisation.id },
    anna: await member("participant", shared.id, `Anna ${randomUUID()}`),
    bo: await member("participant", shared.id, `Bo ${randomUUID()}`),
    cecilia: await member("participant", undefined, `Cecilia ${randomUUID()}`),
    observer: await member("observer"),
    outsider: { user: outsider.user, organisationId: outsider.organisationId },
    otherDialogueId: other.dialogue.id,
  };
}

/** A reply written directly, a second after now (so it is clearly later than the thread's first comment). */
async function buildReply(threadId: string, author: Person, body: string, secondsLater = 1): Promise<string> {
  const [row] = await getDb()
    .insert(comments)
    .values({ threadId, authorId: author.user.id, organisationId: author.organisationId, body, createdAt: sql`now() + make_interval(secs => ${secondsLater})` })
    .returning({ id: comments.id });
  return row!.id;
}

/** A thread on the driver with its first comment by `author`, and the notifications it makes. */
async function post(world: World, author: Person, body: string) {
  const thread = await buildCommentThread(world.driver, { userId: author.user.id, organisationId: author.organisationId }, body);
  const result = await notifyCommentPosted(actorOf(author.user), thread.commentId);
  return { ...thread, ...result };
}

async function notificationsOf(commentId: string) {
  const rows = await getDb()
    .select({ recipientId: notifications.recipientId, reason: notifications.reason })
    .from(notifications)
    .where(eq(notifications.commentId, commentId));
  return Object.fromEntries(rows.map((row) => [row.recipientId, row.reason]));
}

async function setSettings(person: Person, level: NotificationLevel, emailMode: EmailMode = "off") {
  await updateNotificationSettings(actorOf(person.user), { level, emailMode });
}

async function mailsTo(user: User) {
  return getDb().select().from(outboxMails).where(eq(outboxMails.to, user.email)).orderBy(outboxMails.id);
}

async function snapshotNotifications(userIds: string[]) {
  return (await getDb().select().from(notifications).where(inArray(notifications.recipientId, userIds)))
    .map((row) => JSON.stringify(row))
    .sort();
}

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});

describe("who is never notified", () => {
  it("the author, even when they mention themselves or their own organisation", async () => {
    const { commentId, notified } = await post(
      world,
      world.anna,
      `${userMention(world.anna.user.id, "Anna")} ${organisationMention(world.anna.organisationId, "Region")}`,
    );
    const rows = await notificationsOf(commentId);
    expect(rows[world.anna.user.id]).toBeUndefined();
    // The organisation mention still reaches Bo, who speaks for it too: the rule ran.
    expect(rows).toEqual({ [world.bo.user.id]: "mention" });
    expect(notified).toBe(1);
  });

  it("a mentioned person who is not a member of the dialogue", async () => {
    const { commentId } = await post(world, world.facilitator, `Hej ${userMention(world.outsider.user.id, "Utomstående")} och ${userMention(world.cecilia.user.id, "Cecilia")}`);
    expect(await notificationsOf(commentId)).toEqual({ [world.cecilia.user.id]: "mention" });
  });

  it("members of a mentioned organisation that takes no part in this dialogue: nobody", async () => {
    const { commentId } = await post(world, world.facilitator, organisationMention(world.outsider.organisationId, "Annan organisation"));
    expect(await notificationsOf(commentId)).toEqual({});
  });

  it("someone whose level is none, even when mentioned; and a deactivated member", async () => {
    const w = await buildWorld();
    await setSettings(w.cecilia, "none");
    await getDb().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, w.bo.user.id));
    const { commentId } = await post(w, w.facilitator, `${userMention(w.cecilia.user.id, "C")} ${userMention(w.bo.user.id, "B")} ${userMention(w.anna.user.id, "A")}`);
    expect(await notificationsOf(commentId)).toEqual({ [w.anna.user.id]: "mention" });
  });

  it("a comment whose author is not the actor notifies nobody (the call cannot be borrowed)", async () => {
    const thread = await buildCommentThread(world.driver, { userId: world.anna.user.id, organisationId: world.anna.organisationId }, userMention(world.bo.user.id, "Bo"));
    expect(await notifyCommentPosted(actorOf(world.cecilia.user), thread.commentId)).toEqual({ notified: 0 });
    expect(await notifyCommentPosted(actorOf(world.cecilia.user), "not-a-uuid")).toEqual({ notified: 0 });
    expect(await notifyCommentPosted(actorOf(world.cecilia.user), randomUUID())).toEqual({ notified: 0 });
    expect(await notificationsOf(thread.commentId)).toEqual({});
  });
});

describe("recipients", () => {
  it("an organisation mention reaches every member speaking for it, observers included", async () => {
    const w = await buildWorld();
    const observerOrganisation = w.observer.organisationId;
    const { commentId } = await post(w, w.cecilia, `${organisationMention(w.anna.organisationId, "Region")} ${organisationMention(observerOrganisation, "Obs")}`);
    expect(await notificationsOf(commentId)).toEqual({
      [w.anna.user.id]: "mention",
      [w.bo.user.id]: "mention",
      [w.observer.user.id]: "mention",
    });
  });

  it("a reply notifies the thread's earlier authors and its opener; a new thread notifies nobody at the default level", async () => {
    const w = await buildWorld();
    const first = await post(w, w.anna, "Hur tänker vi här?");
    expect(first.notified).toBe(0);
    const boReply = await buildReply(first.threadId, w.bo, "Bra fråga", 1);
    await notifyCommentPosted(actorOf(w.bo.user), boReply);
    expect(await notificationsOf(boReply)).toEqual({ [w.anna.user.id]: "reply" });
    const ceciliaReply = await buildReply(first.threadId, w.cecilia, "Jag håller med", 2);
    await notifyCommentPosted(actorOf(w.cecilia.user), ceciliaReply);
    expect(await notificationsOf(ceciliaReply)).toEqual({ [w.anna.user.id]: "reply", [w.bo.user.id]: "reply" });
  });

  it("level all: every new comment in the dialogue, as activity", async () => {
    const w = await buildWorld();
    await setSettings(w.observer, "all");
    await setSettings(w.facilitator, "all");
    const { commentId } = await post(w, w.facilitator, "Ny tråd");
    expect(await notificationsOf(commentId)).toEqual({ [w.observer.user.id]: "activity" });
  });

  it("one notification per person and comment, with the strongest reason: mention > reply > activity", async () => {
    const w = await buildWorld();
    await setSettings(w.anna, "all");
    await setSettings(w.bo, "all");
    await setSettings(w.observer, "all");
    const first = await post(w, w.anna, "Öppnar tråden");
    const boReply = await buildReply(first.threadId, w.bo, "Svar", 1);
    await notifyCommentPosted(actorOf(w.bo.user), boReply);
    // Anna: opener (reply), mentioned by name and through her organisation, level all (activity).
    // Bo: he wrote earlier (reply) and his organisation is mentioned. The observer: activity only.
    const body = `${userMention(w.anna.user.id, "Anna")} ${organisationMention(w.anna.organisationId, "Region")} ${userMention(w.anna.user.id, "Anna igen")}`;
    const last = await buildReply(first.threadId, w.cecilia, body, 2);
    expect(await notifyCommentPosted(actorOf(w.cecilia.user), last)).toEqual({ notified: 3 });
    expect(await notificationsOf(last)).toEqual({
      [w.anna.user.id]: "mention",
      [w.bo.user.id]: "mention",
      [w.observer.user.id]: "activity",
    });
    // Called again (a retry): still one row each.
    await notifyCommentPosted(actorOf(w.cecilia.user), last);
    const [row] = await getDb().select({ n: count() }).from(notifications).where(eq(notifications.commentId, last));
    expect(row!.n).toBe(3);
  });

  it("createThread and replyToThread notify after they commit (the services are wired)", async () => {
    const w = await buildWorld();
    const { threadId, commentId } = await createThread(actorOf(w.anna.user), {
      dialogueId: w.dialogueId,
      driverId: w.driver.id,
      anchor: { kind: "driver" },
      body: `Vad säger ${userMention(w.cecilia.user.id, "Cecilia")}?`,
    });
    expect(await notificationsOf(commentId)).toEqual({ [w.cecilia.user.id]: "mention" });
    const reply = await replyToThread(actorOf(w.cecilia.user), { dialogueId: w.dialogueId, threadId, body: "Jag återkommer." });
    expect(await notificationsOf(reply.commentId)).toEqual({ [w.anna.user.id]: "reply" });
  });
});

describe("the inbox", () => {
  it("lists the actor's notifications with titles, author, organisation, a plain excerpt and the permalink", async () => {
    const w = await buildWorld();
    const { commentId, threadId } = await post(w, w.cecilia, `**Viktigt:** ${userMention(w.anna.user.id, "Anna B")} kan du titta på detta?`);
    const page = await listInbox(actorOf(w.anna.user));
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    const [item] = page.items;
    expect(item).toMatchObject({
      reason: "mention",
      isRead: false,
      dialogueId: w.dialogueId,
      driverId: w.driver.id,
      driverTitle: w.driver.title,
      commentId,
      authorName: w.cecilia.user.name,
      excerpt: "Viktigt: @Anna B kan du titta på detta?",
      isCommentDeleted: false,
      permalink: `/dialogues/${w.dialogueId}/drivers/${w.driver.id}?comment=${commentId}#comment-${commentId}`,
    });
    expect(item!.dialogueTitle).toMatch(/^Planning question /);
    expect(item!.organisationName).toMatch(/^Test Organisation /);
    expect(threadId).toBeTruthy();
    expect(await countUnread(actorOf(w.anna.user))).toBe(1);
    // Nobody else sees it.
    expect((await listInbox(actorOf(w.bo.user))).items).toEqual([]);
    expect(await countUnread(actorOf(w.outsider.user))).toBe(0);
  });

  it("pages newest first, each notification exactly once, and filters unread", async () => {
    const w = await buildWorld();
    const posted: string[] = [];
    for (let i = 0; i < 23; i++) posted.push((await post(w, w.cecilia, `${userMention(w.anna.user.id, "Anna")} nr ${i}`)).commentId);
    const anna = actorOf(w.anna.user);
    const first = await listInbox(anna);
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
    const second = await listInbox(anna, { cursor: first.nextCursor! });
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    const seen = [...first.items, ...second.items].map((item) => item.commentId);
    expect(new Set(seen).size).toBe(23);
    expect([...seen].sort()).toEqual([...posted].sort());
    const times = [...first.items, ...second.items].map((item) => item.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    await markRead(anna, [first.items[0]!.id, first.items[1]!.id]);
    expect(await countUnread(anna)).toBe(21);
    const unread = await listInbox(anna, { unreadOnly: true });
    expect(unread.items.map((item) => item.id)).not.toContain(first.items[0]!.id);
    expect(unread.items.every((item) => !item.isRead)).toBe(true);
    expect((await listInbox(anna, { unreadOnly: false })).items[0]).toMatchObject({ id: first.items[0]!.id, isRead: true });
  });

  it("refuses a malformed cursor or filter with field errors", async () => {
    await expectAppError(listInbox(actorOf(world.anna.user), { cursor: "yesterday_x" }), "invalid_input", { cursor: { key: "invalid" } });
    await expectAppError(listInbox(actorOf(world.anna.user), { unreadOnly: "ja" }), "invalid_input", { unreadOnly: { key: "invalid" } });
  });

  it("shows nothing from a dialogue the person no longer belongs to, and will not mark it", async () => {
    const w = await buildWorld();
    const { commentId } = await post(w, w.cecilia, userMention(w.bo.user.id, "Bo"));
    const bo = actorOf(w.bo.user);
    const [item] = (await listInbox(bo)).items;
    expect(item?.commentId).toBe(commentId);
    await getDb().delete(dialogueMembers).where(and(eq(dialogueMembers.dialogueId, w.dialogueId), eq(dialogueMembers.userId, w.bo.user.id)));
    expect((await listInbox(bo)).items).toEqual([]);
    expect(await countUnread(bo)).toBe(0);
    await expectAppError(markRead(bo, [item!.id]), "not_found");
    expect(await markRead(bo, "all")).toEqual({ marked: 0 });
    const [row] = await getDb().select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, item!.id));
    expect(row!.readAt).toBeNull();
  });
});

describe("marking read: only one's own", () => {
  it("another person's notification ID is not found, alone or mixed with one's own, and nothing changes", async () => {
    const w = await buildWorld();
    await post(w, w.cecilia, `${userMention(w.anna.user.id, "Anna")} ${userMention(w.bo.user.id, "Bo")}`);
    const [annas] = (await listInbox(actorOf(w.anna.user))).items;
    const [bos] = (await listInbox(actorOf(w.bo.user))).items;
    const before = await snapshotNotifications([w.anna.user.id, w.bo.user.id]);
    await expectAppError(markRead(actorOf(w.anna.user), [bos!.id]), "not_found");
    await expectAppError(markRead(actorOf(w.anna.user), [annas!.id, bos!.id]), "not_found");
    await expectAppError(markRead(actorOf(w.outsider.user), [bos!.id]), "not_found");
    await expectAppError(markRead(actorOf(w.anna.user), ["not-a-uuid"]), "not_found");
    await expectAppError(markRead(actorOf(w.anna.user), [randomUUID()]), "not_found");
    expect(await snapshotNotifications([w.anna.user.id, w.bo.user.id])).toEqual(before);
    // The same call with her own ID works, so the refusals above were about ownership.
    expect(await markRead(actorOf(w.anna.user), [annas!.id])).toEqual({ marked: 1 });
    expect(await countUnread(actorOf(w.bo.user))).toBe(1);
  });

  it('"all" marks only the actor\'s own', async () => {
    const w = await buildWorld();
    await post(w, w.cecilia, `${userMention(w.anna.user.id, "Anna")} ${userMention(w.bo.user.id, "Bo")}`);
    await post(w, w.cecilia, userMention(w.anna.user.id, "Anna"));
    expect(await markRead(actorOf(w.anna.user), "all")).toEqual({ marked: 2 });
    expect(await countUnread(actorOf(w.anna.user))).toBe(0);
    expect(await countUnread(actorOf(w.bo.user))).toBe(1);
  });

  it("refuses input that is neither IDs nor all", async () => {
    await expectAppError(markRead(actorOf(world.anna.user), "alla"), "invalid_input", { ids: { key: "invalid" } });
    await expectAppError(markRead(actorOf(world.anna.user), []), "invalid_input", { ids: { key: "required" } });
    await expectAppError(markRead(actorOf(world.anna.user), Array.from({ length: 101 }, randomUUID)), "invalid_input", { ids: { key: "tooManyChoices" } });
  });
});

describe("settings", () => {
  it("default to mentions and replies, mailed at once; saved per person with the interface language", async () => {
    const person = await buildUser({ locale: "sv" });
    expect(await getNotificationSettings(actorOf(person))).toEqual({ level: "mentions_and_replies", emailMode: "immediate" });
    expect(await updateNotificationSettings(actorOf(person), { level: "all", emailMode: "daily_digest", locale: "en" })).toEqual({
      level: "all",
      emailMode: "daily_digest",
    });
    expect(await getNotificationSettings(actorOf(person))).toEqual({ level: "all", emailMode: "daily_digest" });
    const [row] = await getDb().select({ locale: users.locale }).from(users).where(eq(users.id, person.id));
    expect(row!.locale).toBe("en");
    // Someone else's settings are untouched.
    expect(await getNotificationSettings(actorOf(world.bo.user))).toEqual({ level: "mentions_and_replies", emailMode: "immediate" });
  });

  it("refuses unknown values at their fields and stores nothing", async () => {
    const person = await buildUser();
    await expectAppError(updateNotificationSettings(actorOf(person), { level: "sometimes", emailMode: "hourly", locale: "de" }), "invalid_input", {
      level: { key: "invalidChoice" },
      emailMode: { key: "invalidChoice" },
      locale: { key: "invalidChoice" },
    });
    await expectAppError(updateNotificationSettings(actorOf(person), {}), "invalid_input", { level: { key: "invalidChoice" }, emailMode: { key: "invalidChoice" } });
    const rows = await getDb().select().from(notificationSettings).where(eq(notificationSettings.userId, person.id));
    expect(rows).toEqual([]);
  });

  it("an actor without a user row is not found, before validation", async () => {
    await expectAppError(updateNotificationSettings({ userId: randomUUID() }, { level: "x" }), "not_found");
    await expectAppError(getNotificationSettings({ userId: "not-a-uuid" }), "not_found");
  });
});

describe("mention candidates", () => {
  it("members but the actor, with their organisation, then the organisations with members", async () => {
    const candidates = await listMentionCandidates(actorOf(world.anna.user), world.dialogueId);
    const people = candidates.filter((candidate) => candidate.kind === "user");
    expect(people.map((person) => person.id).sort()).toEqual(
      [world.facilitator, world.bo, world.cecilia, world.observer].map((person) => person.user.id).sort(),
    );
    expect(people.find((person) => person.id === world.bo.user.id)?.detail).toMatch(/^Region Test /);
    const groups = candidates.filter((candidate) => candidate.kind === "organisation").map((group) => group.id);
    expect(groups.sort()).toEqual(
      [...new Set([world.facilitator, world.anna, world.cecilia, world.observer].map((person) => person.organisationId))].sort(),
    );
    // People first, then organisations.
    expect(candidates.findIndex((candidate) => candidate.kind === "organisation")).toBe(people.length);
  });

  it("is not found for non-members, other dialogues' members and malformed IDs", async () => {
    await expectAppError(listMentionCandidates(actorOf(world.outsider.user), world.dialogueId), "not_found");
    await expectAppError(listMentionCandidates(actorOf(world.anna.user), world.otherDialogueId), "not_found");
    await expectAppError(listMentionCandidates(actorOf(world.anna.user), "not-a-uuid"), "not_found");
  });
});

describe("immediate mails", () => {
  afterEach(() => {
    delete process.env.SMTP_URL;
    resetEnvCache();
  });

  it("one mail per notification in the recipient's language, with an absolute link, exactly once", async () => {
    const w = await buildWorld();
    await getDb().update(users).set({ locale: "en" }).where(eq(users.id, w.bo.user.id));
    const { commentId } = await post(w, w.cecilia, `${userMention(w.anna.user.id, "Anna")} ${userMention(w.bo.user.id, "Bo")} se *detta*`);
    const ids = await getDb().select({ id: notifications.id, recipientId: notifications.recipientId }).from(notifications).where(eq(notifications.commentId, commentId));
    for (const { id } of ids) expect(await deliverNotificationMail(id)).toBe("sent");
    const [sv] = await mailsTo(w.anna.user);
    const [en] = await mailsTo(w.bo.user);
    const link = `http://localhost:3000/dialogues/${w.dialogueId}/drivers/${w.driver.id}?comment=${commentId}#comment-${commentId}`;
    expect(sv!.subject).toBe(`${w.cecilia.user.name} nämnde dig: ${w.driver.title}`);
    expect(sv!.text).toContain(`${w.cecilia.user.name} (`);
    expect(sv!.text).toContain("nämnde dig i en kommentar om drivkraften");
    expect(sv!.text).toContain("  @Anna @Bo se detta");
    expect(sv!.text).toContain(`Öppna kommentaren: ${link}`);
    expect(sv!.text).toContain("http://localhost:3000/settings/notifications");
    expect(en!.subject).toBe(`${w.cecilia.user.name} mentioned you: ${w.driver.title}`);
    expect(en!.text).toContain(`Open the comment: ${link}`);
    // Again: nothing more.
    for (const { id } of ids) expect(await deliverNotificationMail(id)).toBe("already_sent");
    expect(await mailsTo(w.anna.user)).toHaveLength(1);
    expect(await mailsTo(w.bo.user)).toHaveLength(1);
  });

  it("sent concurrently by five senders: one mail", async () => {
    const w = await buildWorld();
    const { commentId } = await post(w, w.cecilia, userMention(w.anna.user.id, "Anna"));
    const [row] = await getDb().select({ id: notifications.id }).from(notifications).where(eq(notifications.commentId, commentId));
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => deliverNotificationMail(row!.id)));
    expect(outcomes.filter((outcome) => outcome === "sent")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "already_sent")).toHaveLength(4);
    expect(await mailsTo(w.anna.user)).toHaveLength(1);
  });

  it("not for people who chose the digest or no mail, nor after they left the dialogue", async () => {
    const w = await buildWorld();
    await setSettings(w.anna, "mentions_and_replies", "daily_digest");
    await setSettings(w.bo, "mentions_and_replies", "off");
    const { commentId } = await post(w, w.facilitator, `${userMention(w.anna.user.id, "A")} ${userMention(w.bo.user.id, "B")} ${userMention(w.cecilia.user.id, "C")}`);
    await getDb().delete(dialogueMembers).where(and(eq(dialogueMembers.dialogueId, w.dialogueId), eq(dialogueMembers.userId, w.cecilia.user.id)));
    const rows = await getDb().select({ id: notifications.id }).from(notifications).where(eq(notifications.commentId, commentId));
    expect(rows).toHaveLength(3);
    for (const { id } of rows) expect(await deliverNotificationMail(id)).toBe("not_wanted");
    for (const person of [w.anna, w.bo, w.cecilia]) expect(await mailsTo(person.user)).toEqual([]);
    const unmailed = await getDb().select({ emailedAt: notifications.emailedAt }).from(notifications).where(eq(notifications.commentId, commentId));
    expect(unmailed.every((row) => row.emailedAt === null)).toBe(true);
  });

  it("a failing SMTP server: the claim is released, the job fails for a retry, and the comment stays", async () => {
    const w = await buildWorld();
    const { commentId } = await post(w, w.cecilia, userMention(w.anna.user.id, "Anna"));
    const [row] = await getDb().select({ id: notifications.id }).from(notifications).where(eq(notifications.commentId, commentId));
    process.env.SMTP_URL = "smtp://127.0.0.1:9/?connectionTimeout=2000";
    resetEnvCache();
    await expect(deliverNotificationMail(row!.id)).rejects.toThrow();
    const [after] = await getDb().select({ emailedAt: notifications.emailedAt }).from(notifications).where(eq(notifications.id, row!.id));
    expect(after!.emailedAt).toBeNull();
    expect(await getDb().select({ id: comments.id }).from(comments).where(eq(comments.id, commentId))).toHaveLength(1);
  });

  it("the sweep mails what no job carried, through the same claim", async () => {
    const w = await buildWorld();
    const { commentId } = await post(w, w.cecilia, userMention(w.anna.user.id, "Anna"));
    const later = new Date(Date.now() + 10 * 60_000);
    expect(await sweepUnmailedNotifications({ now: later })).toBeGreaterThanOrEqual(1);
    expect(await mailsTo(w.anna.user)).toHaveLength(1);
    await sweepUnmailedNotifications({ now: later });
    expect(await mailsTo(w.anna.user)).toHaveLength(1);
    expect(commentId).toBeTruthy();
  });

  it("names and bodies with markup stay inert plain text in the mail", async () => {
    const evil = `<img src=x onerror=alert(1)> "><svg onload=alert(1)> <script>alert(1)</script>`;
    const w = await buildWorld();
    await getDb().update(users).set({ name: `Eve ${evil}` }).where(eq(users.id, w.cecilia.user.id));
    const body = `${userMention(w.anna.user.id, "Anna")} ${evil} [klicka](javascript:alert(1))`;
    const { commentId } = await post(w, w.cecilia, body);
    const [row] = await getDb().select({ id: notifications.id }).from(notifications).where(eq(notifications.commentId, commentId));
    await deliverNotificationMail(row!.id);
    const [mail] = await mailsTo(w.anna.user);
    expect(Object.keys(mail!).sort()).toEqual(["createdAt", "id", "subject", "text", "to"]);
    expect(mail!.subject).toBe(`Eve ${evil} nämnde dig: ${w.driver.title}`);
    expect(mail!.text).toContain(`@Anna ${evil} klicka`);
    expect(mail!.text).not.toContain("javascript:");
  });
});

describe("the daily digest", () => {
  /** Notifications for `person` at fixed times, written directly. */
  async function notificationsAt(w: World, person: Person, times: Date[]) {
    const ids: string[] = [];
    for (const [index, time] of times.entries()) {
      const thread = await buildCommentThread(w.driver, { userId: w.cecilia.user.id, organisationId: w.cecilia.organisationId }, `Digest ${index} ${userMention(person.user.id, "X")}`);
      const [row] = await getDb()
        .insert(notifications)
        .values({ recipientId: person.user.id, dialogueId: w.dialogueId, driverId: w.driver.id, threadId: thread.threadId, commentId: thread.commentId, reason: "mention", createdAt: time })
        .returning({ id: notifications.id });
      ids.push(row!.id);
    }
    return ids;
  }

  const NOW = new Date("2031-03-14T06:00:00.000Z"); // 07:00 in Stockholm
  const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

  it("mails each digest person one list of the last day's unmailed notifications, and never again", async () => {
    const w = await buildWorld();
    await setSettings(w.anna, "mentions_and_replies", "daily_digest");
    await setSettings(w.bo, "mentions_and_replies", "daily_digest");
    await getDb().update(users).set({ locale: "en" }).where(eq(users.id, w.bo.user.id));
    const [recent1, recent2, old] = await notificationsAt(w, w.anna, [hoursBefore(2), hoursBefore(20), hoursBefore(30)]);
    const [future] = await notificationsAt(w, w.anna, [new Date(NOW.getTime() + 60_000)]);
    await notificationsAt(w, w.bo, [hoursBefore(1)]);
    // Someone with immediate mails is not in the digest.
    await notificationsAt(w, w.cecilia, [hoursBefore(1)]);

    const first = await runNotificationDigest({ now: NOW });
    expect(first.mails).toBeGreaterThanOrEqual(2);
    const [annaMail, ...more] = await mailsTo(w.anna.user);
    expect(more).toEqual([]);
    expect(annaMail!.subject).toBe("2 nya aviseringar i Samsyn");
    expect(annaMail!.text).toContain("(2 aviseringar)");
    expect(annaMail!.text.match(/\/dialogues\/[^\s]+#comment-/g)).toHaveLength(2);
    const [boMail] = await mailsTo(w.bo.user);
    expect(boMail!.subject).toBe("1 new notification in Samsyn");
    expect(await mailsTo(w.cecilia.user)).toEqual([]);

    const emailed = await getDb().select({ id: notifications.id, emailedAt: notifications.emailedAt }).from(notifications).where(inArray(notifications.id, [recent1!, recent2!, old!, future!]));
    const byId = new Map(emailed.map((row) => [row.id, row.emailedAt?.toISOString() ?? null]));
    expect(byId.get(recent1!)).toBe(NOW.toISOString());
    expect(byId.get(recent2!)).toBe(NOW.toISOString());
    expect(byId.get(old!)).toBeNull();
    expect(byId.get(future!)).toBeNull();

    await runNotificationDigest({ now: NOW });
    await runNotificationDigest({ now: new Date(NOW.getTime() + 1000) });
    expect(await mailsTo(w.anna.user)).toHaveLength(1);
    expect(await mailsTo(w.bo.user)).toHaveLength(1);
  });

  it("run twice at once: each person still gets one mail", async () => {
    const w = await buildWorld();
    await setSettings(w.anna, "mentions_and_replies", "daily_digest");
    await setSettings(w.bo, "mentions_and_replies", "daily_digest");
    await notificationsAt(w, w.anna, [hoursBefore(3), hoursBefore(4), hoursBefore(5)]);
    await notificationsAt(w, w.bo, [hoursBefore(3)]);
    await Promise.all([runNotificationDigest({ now: NOW }), runNotificationDigest({ now: NOW }), runNotificationDigest({ now: NOW })]);
    const annas = await mailsTo(w.anna.user);
    expect(annas).toHaveLength(1);
    expect(annas[0]!.subject).toBe("3 nya aviseringar i Samsyn");
    expect(await mailsTo(w.bo.user)).toHaveLength(1);
  });

  it("leaves out dialogues the person left", async () => {
    const w = await buildWorld();
    await setSettings(w.anna, "mentions_and_replies", "daily_digest");
    await notificationsAt(w, w.anna, [hoursBefore(3)]);
    await getDb().delete(dialogueMembers).where(and(eq(dialogueMembers.dialogueId, w.dialogueId), eq(dialogueMembers.userId, w.anna.user.id)));
    await runNotificationDigest({ now: NOW });
    expect(await mailsTo(w.anna.user)).toEqual([]);
  });
});

describe("the pg-boss runner", () => {
  let runner: JobRunner | undefined;
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
  });

  it("starts on this database, mails a new mention through the notification-mail queue, and stops", async () => {
    runner = await startJobRunner(getDatabaseHandle(), { schedule: false, pollingIntervalSeconds: getDatabaseHandle().kind === "pglite" ? 2 : 0.5 });
    const w = await buildWorld();
    await createThread(actorOf(w.cecilia.user), {
      dialogueId: w.dialogueId,
      driverId: w.driver.id,
      anchor: { kind: "driver" },
      body: `Kan du svara, ${userMention(w.anna.user.id, "Anna")}?`,
    });
    const deadline = Date.now() + 20_000;
    let mails = await mailsTo(w.anna.user);
    while (mails.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      mails = await mailsTo(w.anna.user);
    }
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("nämnde dig");
    const [row] = await getDb().select({ emailedAt: notifications.emailedAt }).from(notifications).where(eq(notifications.recipientId, w.anna.user.id));
    expect(row!.emailedAt).not.toBeNull();
  }, 40_000);
});
