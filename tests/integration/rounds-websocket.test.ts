/**
 * Round phases on the websocket (issue 7): a real collaboration server and real Yjs clients. When
 * a stance round opens on a driver, open sockets are re-authorized at once (4501) and reconnect
 * read-only, so nobody's edits are relayed or stored until it closes; in a comment round only the
 * facilitator's edits are; after the round the participant edits again.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { driverTexts, notifications } from "@/db/schema";
import { appendItem, GOALS } from "@/lib/collab/driver-doc";
import { CLOSE_CODES } from "@/lib/collab/protocol";
import { dateToStockholmLocal, type RoundKind } from "@/lib/model/round";
import { registerCollabHost } from "@/lib/server/collab/host";
import { closeRoundEarly, createRound } from "@/lib/server/services/rounds";
import { giveStance } from "@/lib/server/services/stances";
import { actorOf, buildDialogue, buildDriver, buildMember } from "../factories";
import {
  buildSession,
  connectClient,
  nulageText,
  startCollabServer,
  storedUpdateCount,
  typeInto,
  waitFor,
  whenSynced,
  type RunningCollabServer,
  type TestClient,
} from "../support/collab";

let running: RunningCollabServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  running = await startCollabServer({ upgradesPerMinute: 10_000 });
  registerCollabHost(running.server);
});

afterAll(async () => {
  registerCollabHost(undefined);
  for (const created of clients) created.destroy();
  await running.stop();
});

function client(driverId: string, token: string): TestClient {
  const created = connectClient(running.url, driverId, token);
  clients.push(created);
  return created;
}

async function world() {
  const { dialogue, facilitator } = await buildDialogue();
  const driver = await buildDriver(dialogue.id);
  const participant = await buildMember(dialogue.id, { role: "participant" });
  return {
    dialogueId: dialogue.id,
    driverId: driver.id,
    facilitator,
    participant,
    facilitatorToken: await buildSession(facilitator.id),
    participantToken: await buildSession(participant.user.id),
  };
}

async function openRoundNow(w: Awaited<ReturnType<typeof world>>, kind: RoundKind): Promise<string> {
  const now = new Date();
  const { id } = await createRound(actorOf(w.facilitator), {
    dialogueId: w.dialogueId,
    kind,
    title: `Runda ${kind}`,
    driverIds: [w.driverId],
    organisationIds: [w.participant.organisationId],
    opensAt: dateToStockholmLocal(new Date(now.getTime() - 60_000)),
    closesAt: dateToStockholmLocal(new Date(now.getTime() + 3 * 86_400_000)),
  });
  return id;
}

/** A client that has synced the driver document. */
async function connected(driverId: string, token: string): Promise<TestClient> {
  const created = client(driverId, token);
  await whenSynced(created);
  return created;
}

describe("round phases on the websocket", () => {
  it("a stance round re-authorizes open sockets at once and then stores and relays nobody's edits; closing it frees them", async () => {
    const w = await world();
    const participantBefore = await connected(w.driverId, w.participantToken);
    typeInto(participantBefore.doc, "före rundan");
    await waitFor(() => participantBefore.isSaved(), 5_000, "saved before the round");

    const roundId = await openRoundNow(w, "stance");
    await waitFor(() => participantBefore.closeEvents.some((event) => event.code === CLOSE_CODES.accessChanged), 2_000, "4501 on opening");

    const participant = await connected(w.driverId, w.participantToken);
    const facilitator = await connected(w.driverId, w.facilitatorToken);
    const stored = await storedUpdateCount(w.driverId);
    typeInto(participant.doc, "deltagaren under rundan");
    typeInto(facilitator.doc, "processledaren under rundan");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedUpdateCount(w.driverId), "nothing stored while the texts are locked for everyone").toBe(stored);
    const reader = await connected(w.driverId, w.facilitatorToken);
    expect(nulageText(reader.doc).trim()).toBe("före rundan");

    await closeRoundEarly(actorOf(w.facilitator), { dialogueId: w.dialogueId, roundId, confirm: "yes" });
    await waitFor(() => participant.closeEvents.some((event) => event.code === CLOSE_CODES.accessChanged), 2_000, "4501 on closing");
    const after = await connected(w.driverId, w.participantToken);
    typeInto(after.doc, "efter rundan");
    await waitFor(() => after.isSaved(), 5_000, "saved after the round");
    const fresh = await connected(w.driverId, w.facilitatorToken);
    expect(nulageText(fresh.doc)).toContain("efter rundan");
    expect(nulageText(fresh.doc)).not.toContain("under rundan");
  });

  it("in a comment round the facilitator's edits are stored and relayed, the participant's are not", async () => {
    const w = await world();
    await openRoundNow(w, "comment");
    const participant = await connected(w.driverId, w.participantToken);
    const facilitator = await connected(w.driverId, w.facilitatorToken);
    typeInto(participant.doc, "deltagarens ändring");
    typeInto(facilitator.doc, "processledarens ändring");
    await waitFor(() => facilitator.isSaved(), 5_000, "the facilitator's edit saved");
    await waitFor(() => nulageText(participant.doc).includes("processledarens ändring"), 5_000, "relayed to the participant");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fresh = await connected(w.driverId, w.facilitatorToken);
    expect(nulageText(fresh.doc)).toContain("processledarens ändring");
    expect(nulageText(fresh.doc)).not.toContain("deltagarens ändring");
  });

  it("a live edit of the goal statements makes the stances stale and asks the organisation again; a nuläge edit does not", async () => {
    const w = await world();
    const roundId = await openRoundNow(w, "stance");
    await giveStance(actorOf(w.participant.user), { dialogueId: w.dialogueId, driverId: w.driverId, value: "support" });
    await closeRoundEarly(actorOf(w.facilitator), { dialogueId: w.dialogueId, roundId, confirm: "yes" });
    const staleNotices = () =>
      getDb()
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.recipientId, w.participant.user.id), sql`${notifications.reason} = 'stance_stale'`));

    const facilitator = await connected(w.driverId, w.facilitatorToken);
    typeInto(facilitator.doc, "nuläget beskrivs");
    await waitFor(async () => {
      const [copy] = await getDb().select({ plainText: driverTexts.plainText }).from(driverTexts).where(and(eq(driverTexts.driverId, w.driverId), eq(driverTexts.part, "nulage")));
      return Boolean(copy?.plainText.includes("nuläget beskrivs"));
    }, 5_000, "the nuläge copy written");
    expect(await staleNotices(), "the önskat läge is unchanged").toHaveLength(0);

    appendItem(facilitator.doc, { list: GOALS, itemId: randomUUID(), text: "Fler specialistsjuksköterskor till 2030." });
    await waitFor(async () => (await staleNotices()).length === 1, 5_000, "the organisation asked again");
  });
});
