/**
 * Server-side session and membership checks (db/queries/sessions.ts and membership.ts, used by HTTP
 * and the websocket) on real rows. The tests call the queries with an explicit token and clock; the
 * cookie-reading wrappers need a Next.js request and are exercised by the end-to-end tests.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { deactivateUserByEmail, deleteExpiredSessions, endAllSessionsOf } from "@/db/queries/users";
import { sessions, users, type User } from "@/db/schema";
import { findMembership, findMemberships, membershipKey } from "@/db/queries/membership";
import { findSessionUser as findSessionUserIn, findSessionUsers as findSessionUsersIn } from "@/db/queries/sessions";
import { sessionLimits } from "@/lib/server/auth/session";
import { getEnv, resetEnvCache } from "@/lib/server/env";
import { buildDialogue, buildMember, buildUser } from "../factories";

const MINUTE = 60_000;

/** The query as both edges call it: this database, the configured limits. */
const findSessionUser = (token: string, now?: Date) => findSessionUserIn(getDb(), token, sessionLimits(), now);
const HOUR = 60 * MINUTE;

let idleMs: number;
let maxAgeMs: number;

beforeAll(() => {
  // The documented defaults (30 minutes idle, 12 hours in all) unless the environment overrides them.
  resetEnvCache();
  idleMs = getEnv().SESSION_IDLE_MINUTES * MINUTE;
  maxAgeMs = getEnv().SESSION_MAX_HOURS * HOUR;
});

/** A session row as Auth.js and startSession write it, with the times the test needs. */
async function insertSession(
  user: User,
  times: { now: Date; createdAgoMs?: number; lastSeenAgoMs?: number; expiresInMs?: number },
): Promise<string> {
  const sessionToken = randomBytes(32).toString("hex");
  await getDb()
    .insert(sessions)
    .values({
      sessionToken,
      userId: user.id,
      createdAt: new Date(times.now.getTime() - (times.createdAgoMs ?? 0)),
      lastSeenAt: new Date(times.now.getTime() - (times.lastSeenAgoMs ?? 0)),
      expires: new Date(times.now.getTime() + (times.expiresInMs ?? maxAgeMs)),
    });
  return sessionToken;
}

async function sessionRow(sessionToken: string) {
  const [row] = await getDb().select().from(sessions).where(eq(sessions.sessionToken, sessionToken));
  return row;
}

describe("findSessionUser", () => {
  it("returns the session's user without internal fields", async () => {
    const user = await buildUser({ locale: "en", isDemo: true });
    const now = new Date();
    const token = await insertSession(user, { now });
    expect(await findSessionUser(token, now)).toEqual({
      id: user.id,
      name: user.name,
      email: user.email,
      locale: "en",
      isDemo: true,
    });
    expect(await sessionRow(token)).toBeDefined();
  });

  it("returns null for an unknown token", async () => {
    expect(await findSessionUser(randomBytes(32).toString("hex"))).toBeNull();
  });

  it("records activity at most once a minute", async () => {
    const user = await buildUser();
    const now = new Date();
    const recent = await insertSession(user, { now, lastSeenAgoMs: 30_000 });
    const older = await insertSession(user, { now, lastSeenAgoMs: 5 * MINUTE });
    expect(await findSessionUser(recent, now)).not.toBeNull();
    expect(await findSessionUser(older, now)).not.toBeNull();
    expect((await sessionRow(recent))!.lastSeenAt.getTime()).toBe(now.getTime() - 30_000);
    expect((await sessionRow(older))!.lastSeenAt.getTime()).toBe(now.getTime());
  });

  it("accepts a session idle for just under the idle timeout", async () => {
    const user = await buildUser();
    const now = new Date();
    const token = await insertSession(user, { now, lastSeenAgoMs: idleMs - 1_000 });
    expect((await findSessionUser(token, now))?.id).toBe(user.id);
  });

  it("ends a session idle for the idle timeout: null, and the row is deleted", async () => {
    const user = await buildUser();
    const now = new Date();
    const token = await insertSession(user, { now, lastSeenAgoMs: idleMs });
    const otherToken = await insertSession(user, { now });
    expect(await findSessionUser(token, now)).toBeNull();
    expect(await sessionRow(token)).toBeUndefined();
    // Only that session ends; the user's other session is untouched.
    expect(await sessionRow(otherToken)).toBeDefined();
  });

  it("ends an active session once it is older than the absolute timeout", async () => {
    const user = await buildUser();
    const now = new Date();
    const withinToken = await insertSession(user, { now, createdAgoMs: maxAgeMs - MINUTE, lastSeenAgoMs: 10_000 });
    const tooOldToken = await insertSession(user, { now, createdAgoMs: maxAgeMs + 1_000, lastSeenAgoMs: 10_000 });
    expect((await findSessionUser(withinToken, now))?.id).toBe(user.id);
    expect(await findSessionUser(tooOldToken, now)).toBeNull();
    expect(await sessionRow(tooOldToken)).toBeUndefined();
  });

  it("ends a session past its expiry date", async () => {
    const user = await buildUser();
    const now = new Date();
    const token = await insertSession(user, { now, expiresInMs: -1_000 });
    expect(await findSessionUser(token, now)).toBeNull();
    expect(await sessionRow(token)).toBeUndefined();
  });

  it("ends the session of a deactivated user at once: null, and the row is deleted", async () => {
    const user = await buildUser();
    const now = new Date();
    const token = await insertSession(user, { now });
    expect(await findSessionUser(token, now)).not.toBeNull();
    await getDb().update(users).set({ deactivatedAt: now }).where(eq(users.id, user.id));
    expect(await findSessionUser(token, now)).toBeNull();
    expect(await sessionRow(token)).toBeUndefined();
  });
});

describe("findSessionUsers (many sessions at once)", () => {
  it("answers for each live session, leaves out unknown and ended ones, deletes the ended and renews only stale activity", async () => {
    const [first, second, deactivated] = [await buildUser(), await buildUser(), await buildUser()];
    const now = new Date();
    const live = await insertSession(first, { now, lastSeenAgoMs: 5 * MINUTE });
    const recent = await insertSession(second, { now, lastSeenAgoMs: 30_000 });
    const idle = await insertSession(first, { now, lastSeenAgoMs: idleMs });
    const old = await insertSession(second, { now, createdAgoMs: maxAgeMs });
    const ofDeactivated = await insertSession(deactivated, { now });
    await getDb().update(users).set({ deactivatedAt: now }).where(eq(users.id, deactivated.id));
    const unknown = randomBytes(32).toString("hex");

    const found = await findSessionUsersIn(getDb(), [live, recent, live, idle, old, ofDeactivated, unknown, "", "x".repeat(201)], sessionLimits(), now);

    expect([...found.keys()].sort()).toEqual([live, recent].sort());
    expect(found.get(live)?.id).toBe(first.id);
    expect(found.get(recent)).toEqual({ id: second.id, name: second.name, email: second.email, locale: second.locale, isDemo: second.isDemo });
    for (const ended of [idle, old, ofDeactivated]) expect(await sessionRow(ended), ended).toBeUndefined();
    expect((await sessionRow(live))!.lastSeenAt.getTime()).toBe(now.getTime());
    expect((await sessionRow(recent))!.lastSeenAt.getTime()).toBe(now.getTime() - 30_000);
  });

  it("reads nothing for no sessions", async () => {
    expect((await findSessionUsersIn(getDb(), [], sessionLimits())).size).toBe(0);
  });
});

describe("findMemberships (many users and dialogues at once)", () => {
  it("answers exactly the pairs asked, not every asked user in every asked dialogue", async () => {
    const [one, two] = [await buildDialogue(), await buildDialogue()];
    const alice = await buildMember(one.dialogue.id, { role: "participant" });
    const bob = await buildMember(two.dialogue.id, { role: "observer" });
    // Each is a member of the other dialogue too, which nobody asks about.
    await buildMember(two.dialogue.id, { role: "facilitator", user: alice.user });
    await buildMember(one.dialogue.id, { role: "facilitator", user: bob.user });
    const stranger = await buildUser();

    const found = await findMemberships(getDb(), [
      { userId: alice.user.id, dialogueId: one.dialogue.id },
      { userId: bob.user.id, dialogueId: two.dialogue.id },
      { userId: stranger.id, dialogueId: one.dialogue.id },
    ]);

    expect([...found.keys()].sort()).toEqual([membershipKey(alice.user.id, one.dialogue.id), membershipKey(bob.user.id, two.dialogue.id)].sort());
    expect(found.get(membershipKey(alice.user.id, one.dialogue.id))).toMatchObject({ dialogueId: one.dialogue.id, role: "participant", organisationId: alice.organisationId });
    expect(found.get(membershipKey(bob.user.id, two.dialogue.id))).toMatchObject({ dialogueId: two.dialogue.id, role: "observer" });
    expect(await findMembership(getDb(), bob.user.id, one.dialogue.id)).toMatchObject({ role: "facilitator" });
    expect(await findMembership(getDb(), stranger.id, one.dialogue.id)).toBeNull();
  });
});

describe("endAllSessionsOf and deleteExpiredSessions", () => {
  it("endAllSessionsOf ends every session of that user and no one else's", async () => {
    const [user, bystander] = [await buildUser(), await buildUser()];
    const now = new Date();
    const tokens = [await insertSession(user, { now }), await insertSession(user, { now })];
    const bystanderToken = await insertSession(bystander, { now });
    await endAllSessionsOf(user.id, getDb());
    for (const token of tokens) expect(await sessionRow(token)).toBeUndefined();
    expect(await sessionRow(bystanderToken)).toBeDefined();
  });

  it("deleteExpiredSessions drops rows past their expiry and keeps live ones", async () => {
    const user = await buildUser();
    const now = new Date();
    const expired = await insertSession(user, { now, expiresInMs: -HOUR });
    const live = await insertSession(user, { now });
    await deleteExpiredSessions(getDb(), now);
    expect(await sessionRow(expired)).toBeUndefined();
    expect(await sessionRow(live)).toBeDefined();
  });
});

describe("deactivateUserByEmail (npm run user:deactivate)", () => {
  it("deactivates the user, ends all their sessions at once and leaves others alone", async () => {
    const user = await buildUser();
    const other = await buildUser();
    const now = new Date();
    const expires = new Date(now.getTime() + 3_600_000);
    const tokens = [randomUUID(), randomUUID()];
    await getDb().insert(sessions).values([
      { sessionToken: tokens[0]!, userId: user.id, expires },
      { sessionToken: tokens[1]!, userId: other.id, expires },
    ]);

    expect(await deactivateUserByEmail(getDb(), ` ${user.email.toUpperCase()} `)).toBe(true);

    const [stored] = await getDb().select().from(users).where(eq(users.id, user.id));
    expect(stored!.deactivatedAt).not.toBeNull();
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await findSessionUser(tokens[1]!)).toMatchObject({ id: other.id });
    expect(await deactivateUserByEmail(getDb(), `nobody-${randomUUID()}@example.se`)).toBe(false);
  });
});

