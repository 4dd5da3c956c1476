/**
 * Named versions (lib/server/services/driver-versions.ts) with a real collaboration server in the
 * process: negatives first (outsiders, other dialogues, observers, malformed IDs), then save, read
 * with the difference from now, and restore as a live edit that a connected client receives.
 */
import { eq } from "drizzle-orm";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { driverVersions } from "@/db/schema";
import { readDriverDoc, textFragment } from "@/lib/collab/driver-doc";
import { AppError } from "@/lib/errors";
import { registerCollabHost } from "@/lib/server/collab/host";
import { getDriverVersion, getDriverVersions, restoreDriverVersion, saveDriverVersion } from "@/lib/server/services/driver-versions";
import { actorOf, buildDialogue, buildDriver, buildMember, buildUser } from "../factories";
import { buildSession, connectClient, startCollabServer, waitFor, whenSynced, type RunningCollabServer, type TestClient } from "../support/collab";

let running: RunningCollabServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  running = await startCollabServer({ upgradesPerMinute: 10_000 });
  registerCollabHost(running.server);
});

afterAll(async () => {
  registerCollabHost(undefined);
  for (const client of clients) client.destroy();
  await running.stop();
});

function setNulage(doc: Y.Doc, text: string): void {
  const fragment = textFragment(doc, "nulage");
  doc.transact(() => {
    fragment.delete(0, fragment.length);
    const paragraph = new Y.XmlElement("paragraph");
    fragment.push([paragraph]);
    paragraph.insert(0, [new Y.XmlText(text)]);
  });
}

const nulageOf = (doc: Y.Doc) => readDriverDoc(doc).texts.nulage.content?.[0]?.content?.[0]?.text ?? "";

async function world() {
  const built = await buildDialogue();
  const driver = await buildDriver(built.dialogue.id);
  const observer = await buildMember(built.dialogue.id, { role: "observer" });
  const participant = await buildMember(built.dialogue.id, { role: "participant" });
  const editor = connectClient(running.url, driver.id, await buildSession(participant.user.id));
  clients.push(editor);
  await whenSynced(editor);
  const ref = { dialogueId: built.dialogue.id, driverId: driver.id };
  return { ...built, driver, observer, participant, editor, ref };
}

async function expectCode(promise: Promise<unknown>, code: AppError["code"]): Promise<void> {
  await expect(promise).rejects.toSatisfy((error: unknown) => error instanceof AppError && error.code === code);
}

describe("driver versions: refusals", () => {
  it("refuses outsiders, other dialogues' drivers and malformed IDs as not found, and observers as forbidden", async () => {
    const w = await world();
    const other = await buildDialogue();
    const otherDriver = await buildDriver(other.dialogue.id);
    const outsider = actorOf(await buildUser());
    await expectCode(saveDriverVersion(outsider, { ...w.ref, name: "x" }), "not_found");
    await expectCode(getDriverVersions(outsider, w.ref.dialogueId, w.ref.driverId), "not_found");
    await expectCode(getDriverVersions(actorOf(w.facilitator), w.ref.dialogueId, otherDriver.id), "not_found");
    await expectCode(getDriverVersions(actorOf(w.facilitator), "not-a-uuid", w.ref.driverId), "not_found");
    await expectCode(saveDriverVersion(actorOf(w.observer.user), { ...w.ref, name: "x" }), "forbidden");
    const { id } = await saveDriverVersion(actorOf(w.facilitator), { ...w.ref, name: "Första" });
    await expectCode(restoreDriverVersion(actorOf(w.observer.user), { ...w.ref, versionId: id }), "forbidden");
    await expectCode(getDriverVersion(actorOf(w.facilitator), other.dialogue.id, otherDriver.id, id), "not_found");
    await expectCode(getDriverVersion(actorOf(w.facilitator), w.ref.dialogueId, w.ref.driverId, "nope"), "not_found");
    const stored = await getDb().select().from(driverVersions).where(eq(driverVersions.driverId, w.driver.id));
    expect(stored).toHaveLength(1);
  });

  it("rejects a version without a name, naming the field", async () => {
    const w = await world();
    await expect(saveDriverVersion(actorOf(w.facilitator), { ...w.ref, name: "  " })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { name: expect.anything() },
    });
  });
});

describe("driver versions", () => {
  it("saves who and when, shows the difference from now and restores as a live edit", async () => {
    const w = await world();
    setNulage(w.editor.doc, "Bemanningen är god");
    await waitFor(() => w.editor.isSaved());
    const { id } = await saveDriverVersion(actorOf(w.participant.user), { ...w.ref, name: "Efter workshop 1", note: "Enighet" });

    setNulage(w.editor.doc, "Bemanningen är ansträngd");
    await waitFor(() => w.editor.isSaved());

    const listed = await getDriverVersions(actorOf(w.observer.user), w.ref.dialogueId, w.ref.driverId);
    expect(listed.versions).toMatchObject([{ id, name: "Efter workshop 1", note: "Enighet", createdByName: w.participant.user.name }]);
    const version = await getDriverVersion(actorOf(w.observer.user), w.ref.dialogueId, w.ref.driverId, id);
    expect(version.content.texts.nulage.content?.[0]?.content?.[0]?.text).toBe("Bemanningen är god");
    expect(version.diff.hasChanges).toBe(true);
    expect(version.diff.texts.nulage).toEqual(
      expect.arrayContaining([
        { kind: "removed", text: "god" },
        { kind: "added", text: "ansträngd" },
      ]),
    );

    await restoreDriverVersion(actorOf(w.facilitator), { ...w.ref, versionId: id });
    await waitFor(() => nulageOf(w.editor.doc) === "Bemanningen är god", 2_000, "the restore reaches the connected client");
    const after = await getDriverVersion(actorOf(w.facilitator), w.ref.dialogueId, w.ref.driverId, id);
    expect(after.diff.hasChanges).toBe(false);
  });
});
