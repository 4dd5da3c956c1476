/**
 * The workshop room (issue 9) on a real collaboration server with real websocket clients: the
 * upgrade's refusals, the push-only protocol, presence grouped by organisation, the session
 * commands (services → database → host.workshopChanged → every connection), and 150 clients
 * following the facilitator through the agenda.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, dialogueMembers } from "@/db/schema";
import { CLOSE_CODES } from "@/lib/collab/protocol";
import { timeboxField } from "@/lib/model/workshop";
import { registerCollabHost } from "@/lib/server/collab/host";
import { changeSessionStatus, controlTimer, listWorkshopEvents, setFocus } from "@/lib/server/services/workshop-session";
import { createWorkshop, setAgenda } from "@/lib/server/services/workshops";
import { DRIVER_PARTS, timerRemainingMs } from "@/lib/workshop/live-state";
import { actorOf, buildDialogue, buildDriver, buildMember, buildOrganisation, buildUser } from "../factories";
import { expectAppError } from "../setup/assertions";
import { buildSession, startCollabServer, waitFor, type RunningCollabServer } from "../support/collab";
import { connectRoom, type RoomClient } from "../support/workshop-client";

let running: RunningCollabServer;
const rooms: RoomClient[] = [];

beforeAll(async () => {
  running = await startCollabServer({ upgradesPerMinute: 10_000 });
  registerCollabHost(running.server);
});

afterAll(async () => {
  for (const room of rooms) room.close();
  registerCollabHost(undefined);
  await running.stop();
});

function join(workshopId: string, token: string | null, options: { origin?: string } = {}): RoomClient {
  const room = connectRoom(running.url, workshopId, token, options);
  rooms.push(room);
  return room;
}

async function buildWorkshop() {
  const built = await buildDialogue();
  const dialogueId = built.dialogue.id;
  const first = await buildDriver(dialogueId, { title: "Kompetensförsörjning" });
  const second = await buildDriver(dialogueId, { title: "Arbetsmiljö" });
  const facilitator = actorOf(built.facilitator);
  const { id: workshopId } = await createWorkshop(facilitator, { dialogueId, title: "Workshop" });
  await setAgenda(facilitator, { dialogueId, workshopId, driverIds: [first.id, second.id], [timeboxField(first.id)]: "10", [timeboxField(second.id)]: "20" });
  return { ...built, dialogueId, first, second, facilitator, workshopId };
}

describe("the upgrade", () => {
  it("lets members in and refuses non-members, unknown workshops, bad origins and missing sessions alike", async () => {
    const w = await buildWorkshop();
    const member = await buildMember(w.dialogueId, { role: "observer" });
    const outsider = await buildUser();
    const other = await buildWorkshop();

    const ok = join(w.workshopId, await buildSession(member.user.id));
    expect(await ok.opened).toBe(true);
    await waitFor(() => ok.states.length > 0, 5_000, "the first state");
    expect(ok.latest()!.workshop).toMatchObject({ id: w.workshopId, status: "planned" });
    expect(ok.latest()!.viewer).toEqual({ userId: member.user.id, facilitator: false });
    expect(ok.latest()!.activity).toEqual({ prompt: null, vote: null });

    const outsiderToken = await buildSession(outsider.id);
    const refused = [
      join(w.workshopId, outsiderToken),
      join("00000000-0000-4000-8000-000000000000", outsiderToken),
      join(other.workshopId, await buildSession(member.user.id)),
    ];
    for (const room of refused) {
      expect(await room.opened).toBe(false);
      expect(room.refusedWith).toBe(403);
      expect(room.states).toEqual([]);
    }
    const noSession = join(w.workshopId, null);
    expect(await noSession.opened).toBe(false);
    expect(noSession.refusedWith).toBe(401);
    const badOrigin = join(w.workshopId, await buildSession(member.user.id), { origin: "http://evil.test" });
    expect(await badOrigin.opened).toBe(false);
    expect(badOrigin.refusedWith).toBe(403);
  });

  it("closes a removed member's room socket", async () => {
    const w = await buildWorkshop();
    const member = await buildMember(w.dialogueId, { role: "participant" });
    const room = join(w.workshopId, await buildSession(member.user.id));
    await waitFor(() => room.states.length > 0);
    await getDb().delete(dialogueMembers).where(eq(dialogueMembers.id, member.memberId));
    await running.server.invalidateAccess({ dialogueId: w.dialogueId, userId: member.user.id });
    await waitFor(() => room.closed !== null, 3_000, "the close");
    expect(room.closed!.code).toBe(CLOSE_CODES.forbidden);
  });
});

describe("the protocol", () => {
  it("accepts awareness and the keepalive, and closes anything else as malformed", async () => {
    const w = await buildWorkshop();
    const token = await buildSession(w.facilitator.userId);
    const honest = join(w.workshopId, token);
    await waitFor(() => honest.states.length > 0);
    // An awareness update with one (empty) state, then the keepalive.
    honest.socket.send(Uint8Array.from([1, 6, 1, 7, 1, 2, 0x7b, 0x7d]));
    honest.socket.send(Uint8Array.from([3]));

    const bad: [string, Uint8Array | string][] = [
      ["a sync step 1", Uint8Array.from([0, 0, 1, 0])],
      ["a Yjs update", Uint8Array.from([0, 2, 2, 0, 0])],
      ["the server's own message", Uint8Array.from([102, 2, 0x7b, 0x7d])],
      ["an unknown type", Uint8Array.from([57])],
      ["a truncated awareness", Uint8Array.from([1, 9, 1])],
      ["trailing bytes", Uint8Array.from([3, 3])],
      ["a text frame", "hello"],
    ];
    for (const [what, frame] of bad) {
      const room = join(w.workshopId, token);
      await waitFor(() => room.states.length > 0, 5_000, `state before ${what}`);
      room.socket.send(frame);
      await waitFor(() => room.closed !== null, 3_000, `close after ${what}`);
      expect(room.closed!.code, what).toBe(CLOSE_CODES.malformed);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(honest.closed).toBeNull();
  });
});

describe("presence", () => {
  it("lists each person once, grouped by organisation, and follows joins and leaves", async () => {
    const w = await buildWorkshop();
    const region = await buildOrganisation({ name: "Region Uppsala" });
    const anna = await buildMember(w.dialogueId, { role: "participant", organisationId: region.id, user: await buildUser({ name: "Anna" }) });
    const bo = await buildMember(w.dialogueId, { role: "participant", organisationId: region.id, user: await buildUser({ name: "Bo" }) });
    const facilitatorRoom = join(w.workshopId, await buildSession(w.facilitator.userId));
    const annaTabs = [join(w.workshopId, await buildSession(anna.user.id)), join(w.workshopId, await buildSession(anna.user.id))];
    const boRoom = join(w.workshopId, await buildSession(bo.user.id));
    const names = () => facilitatorRoom.latest()?.presence.find((group) => group.organisation === "Region Uppsala")?.people.map((person) => person.name) ?? [];
    await waitFor(() => names().join() === "Anna,Bo", 5_000, "both in the list");
    const groups = facilitatorRoom.latest()!.presence;
    expect(groups.map((group) => group.organisation)).toEqual([...groups.map((group) => group.organisation)].sort((a, b) => a.localeCompare(b, "sv")));
    expect(groups.flatMap((group) => group.people).filter((person) => person.facilitator).map((person) => person.userId)).toEqual([w.facilitator.userId]);
    annaTabs[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(names()).toEqual(["Anna", "Bo"]);
    annaTabs[1]!.close();
    boRoom.close();
    await waitFor(() => names().length === 0, 5_000, "both gone");
  });
});

describe("the session", () => {
  it("starts, follows the focus and the timer, pauses, resumes and ends, recording each event", async () => {
    const w = await buildWorkshop();
    const participant = await buildMember(w.dialogueId, { role: "participant" });
    const room = join(w.workshopId, await buildSession(participant.user.id));
    await waitFor(() => room.states.length > 0);
    const base = { dialogueId: w.dialogueId, workshopId: w.workshopId };

    // Participants may not steer; nothing before the session starts.
    await expectAppError(changeSessionStatus(actorOf(participant.user), { ...base, command: "start" }), "forbidden");
    await expectAppError(setFocus(w.facilitator, { ...base, driverId: w.first.id, part: "nulage" }), "conflict");
    await expectAppError(changeSessionStatus(w.facilitator, { ...base, command: "pause" }), "conflict");

    await changeSessionStatus(w.facilitator, { ...base, command: "start" });
    await waitFor(() => room.latest()?.workshop.status === "running", 2_000, "running");
    await setFocus(w.facilitator, { ...base, driverId: w.second.id, part: "gap" });
    await waitFor(() => room.latest()?.focus?.driverId === w.second.id, 2_000, "the focus");
    expect(room.latest()!.focus).toEqual({ driverId: w.second.id, part: "gap" });
    expect(room.latest()!.timer).toMatchObject({ driverId: w.second.id, timeboxSeconds: 1200, elapsedMs: 0, runningSince: null });

    await controlTimer(w.facilitator, { ...base, timer: "start" });
    await waitFor(() => room.latest()?.timer.runningSince !== null, 2_000, "the timer running");
    const started = room.latest()!;
    expect(timerRemainingMs(started.timer, Date.parse(started.serverNow))).toBeLessThanOrEqual(1_200_000);
    await changeSessionStatus(w.facilitator, { ...base, command: "pause" });
    await waitFor(() => room.latest()?.workshop.status === "paused", 2_000, "paused");
    expect(room.latest()!.timer.runningSince).toBeNull();
    await expectAppError(controlTimer(w.facilitator, { ...base, timer: "start" }), "conflict");
    await changeSessionStatus(w.facilitator, { ...base, command: "resume" });
    await controlTimer(w.facilitator, { ...base, timer: "reset" });
    await changeSessionStatus(w.facilitator, { ...base, command: "end" });
    await waitFor(() => room.latest()?.workshop.status === "ended", 2_000, "ended");
    await expectAppError(changeSessionStatus(w.facilitator, { ...base, command: "start" }), "conflict");
    await expectAppError(setFocus(w.facilitator, { ...base, driverId: w.first.id, part: "nulage" }), "conflict");

    const events = await listWorkshopEvents(actorOf(participant.user), w.dialogueId, w.workshopId);
    expect(events.map((event) => event.kind)).toEqual(["started", "focus", "timer", "paused", "resumed", "timer", "ended"]);
    expect(events[1]!.payload).toEqual({ driverId: w.second.id, part: "gap" });
    const audit = await getDb().select({ kind: auditEvents.kind }).from(auditEvents).where(eq(auditEvents.dialogueId, w.dialogueId)).orderBy(auditEvents.id);
    expect(audit.map((row) => row.kind).filter((kind) => kind.startsWith("workshop.session"))).toEqual([
      "workshop.session_started",
      "workshop.session_paused",
      "workshop.session_resumed",
      "workshop.session_ended",
    ]);
    await expectAppError(listWorkshopEvents(actorOf(await buildUser()), w.dialogueId, w.workshopId), "not_found");
  });

  it("refuses a driver of another dialogue and malformed input", async () => {
    const w = await buildWorkshop();
    const other = await buildWorkshop();
    const base = { dialogueId: w.dialogueId, workshopId: w.workshopId };
    await changeSessionStatus(w.facilitator, { ...base, command: "start" });
    await expectAppError(setFocus(w.facilitator, { ...base, driverId: other.first.id, part: "nulage" }), "invalid_input");
    await expectAppError(setFocus(w.facilitator, { ...base, driverId: w.first.id, part: "everything" }), "invalid_input");
    await expectAppError(changeSessionStatus(w.facilitator, { ...base, command: "explode" }), "invalid_input");
    await expectAppError(changeSessionStatus(other.facilitator, { ...base, command: "end" }), "not_found");
  });
});

describe("150 followers", () => {
  it("every navigation of the facilitator reaches every one of 150 websocket clients", async () => {
    const w = await buildWorkshop();
    const organisations = await Promise.all(Array.from({ length: 10 }, (_, index) => buildOrganisation({ name: `Organisation ${String(index).padStart(2, "0")}` })));
    const members = await Promise.all(
      Array.from({ length: 150 }, (_, index) => buildMember(w.dialogueId, { role: "participant", organisationId: organisations[index % 10]!.id })),
    );
    const tokens = await Promise.all(members.map((member) => buildSession(member.user.id)));
    const followers = tokens.map((token) => join(w.workshopId, token));
    expect((await Promise.all(followers.map((room) => room.opened))).every(Boolean)).toBe(true);
    await waitFor(() => followers.every((room) => room.latest()?.presence.flatMap((group) => group.people).length === 150), 15_000, "everyone present");
    expect(followers[0]!.latest()!.presence).toHaveLength(10);
    const base = { dialogueId: w.dialogueId, workshopId: w.workshopId };
    await changeSessionStatus(w.facilitator, { ...base, command: "start" });
    const reloadsBefore = running.server.workshopRoom(w.workshopId)!.reloads;
    const route = [w.first.id, w.second.id].flatMap((driverId) => DRIVER_PARTS.map((part) => ({ driverId, part })));
    for (const focus of route) {
      await setFocus(w.facilitator, { ...base, ...focus });
      await waitFor(
        () => followers.every((room) => room.latest()?.focus?.driverId === focus.driverId && room.latest()?.focus?.part === focus.part),
        5_000,
        `everyone at ${focus.part}`,
      );
    }
    // A burst of changes is coalesced into a few reloads.
    const reloadsAfterRoute = running.server.workshopRoom(w.workshopId)!.reloads;
    expect(reloadsAfterRoute - reloadsBefore).toBeLessThanOrEqual(route.length + 2);
    for (let index = 0; index < 50; index++) running.server.workshopChanged(w.workshopId);
    await running.server.workshopRoom(w.workshopId)!.settled();
    expect(running.server.workshopRoom(w.workshopId)!.reloads - reloadsAfterRoute).toBeLessThanOrEqual(3);
    expect(followers.every((room) => room.closed === null)).toBe(true);
    for (const room of followers) room.close();
  }, 60_000);
});
