/**
 * What the collaboration server writes, on a real database: the update log's append
 * (db/queries/driver-docs.ts) and the relational copy's texts (db/queries/driver-content.ts). Both
 * are one fixed statement over arrays for any batch, so they must keep every value exactly.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { readStoredDriverContent, writeRelationalCopies } from "@/db/queries/driver-content";
import { appendDriverDocUpdates, insertInitialDriverDoc, loadDriverDocRows, type UpdateRow } from "@/db/queries/driver-docs";
import { docFromPlainText } from "@/lib/model/rich-text";
import { buildDialogue, buildDriver } from "../factories";

describe("appendDriverDocUpdates", () => {
  it("stores every row of batches of any size with its own bytes, driver and author, in batch order", async () => {
    const { dialogue, facilitator } = await buildDialogue();
    const drivers = [await buildDriver(dialogue.id), await buildDriver(dialogue.id)];
    for (const driver of drivers) await insertInitialDriverDoc(getDb(), driver.id, new Uint8Array([0, 0]));
    const expected = new Map<string, { update: string; userId: string | null }[]>(drivers.map((driver) => [driver.id, []]));
    // Sizes that change the batch shape: one row, many rows, a large update, bytes that need escaping.
    const batches = [1, 7, 1, 250].map((count, batch) =>
      Array.from({ length: count }, (_, index): UpdateRow => {
        const size = batch === 2 ? 300_000 : 1 + ((index * 37) % 200);
        const update = index % 5 === 0 ? new Uint8Array(size).fill(index % 2 ? 0x5c : 0x00) : randomBytes(size);
        return { driverId: drivers[index % 2]!.id, update, userId: index % 3 === 0 ? null : facilitator.id };
      }),
    );
    for (const rows of batches) {
      await appendDriverDocUpdates(getDb(), rows);
      for (const row of rows) expected.get(row.driverId)!.push({ update: Buffer.from(row.update).toString("hex"), userId: row.userId });
    }
    await appendDriverDocUpdates(getDb(), []);

    for (const driver of drivers) {
      const stored = await loadDriverDocRows(getDb(), driver.id);
      expect(stored!.updates.map((row) => Buffer.from(row.update).toString("hex"))).toEqual(expected.get(driver.id)!.map((row) => row.update));
      const ids = stored!.updates.map((row) => row.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
    const authors = await getDb().query.driverDocUpdates.findMany({ columns: { userId: true, driverId: true }, orderBy: (table, { asc }) => [asc(table.id)] });
    const ofFirst = authors.filter((row) => row.driverId === drivers[0]!.id).map((row) => row.userId);
    expect(ofFirst).toEqual(expected.get(drivers[0]!.id)!.map((row) => row.userId));
  });

  it("writes nothing when a row's driver does not exist", async () => {
    const { dialogue } = await buildDialogue();
    const driver = await buildDriver(dialogue.id);
    await insertInitialDriverDoc(getDb(), driver.id, new Uint8Array([0, 0]));
    const rows: UpdateRow[] = [
      { driverId: driver.id, update: new Uint8Array([1, 2, 3]), userId: null },
      { driverId: "00000000-0000-4000-8000-000000000000", update: new Uint8Array([4]), userId: null },
    ];
    await expect(appendDriverDocUpdates(getDb(), rows)).rejects.toThrow();
    expect((await loadDriverDocRows(getDb(), driver.id))!.updates).toEqual([]);
  });
});

describe("writeRelationalCopies", () => {
  it("stores texts that array literals would have to escape, for many drivers at once, and rewrites them", async () => {
    const { dialogue, facilitator } = await buildDialogue();
    const drivers = await Promise.all(Array.from({ length: 3 }, () => buildDriver(dialogue.id)));
    const awkward = ['Citat "så här", {klamrar}, komma', "Omvänt snedstreck \\ och \\\"", "NULL", "Rad ett\nRad två", "Åäö – 💬 ∑"];
    const write = (suffix: string) =>
      writeRelationalCopies(
        getDb(),
        drivers.map((driver, index) => ({
          driverId: driver.id,
          dialogueId: dialogue.id,
          content: { texts: { nulage: docFromPlainText(`${awkward[index]!} ${suffix}`), gap: docFromPlainText(awkward[index + 2]!) } },
          userId: index === 0 ? null : facilitator.id,
        })),
      );
    await write("första");
    await write("andra");
    for (const [index, driver] of drivers.entries()) {
      const stored = await readStoredDriverContent(getDb(), driver.id);
      expect(stored.texts.nulage).toEqual(docFromPlainText(`${awkward[index]!} andra`));
      expect(stored.texts.gap).toEqual(docFromPlainText(awkward[index + 2]!));
    }
    const rows = await getDb().query.driverTexts.findMany({ where: (table, { eq }) => eq(table.driverId, drivers[1]!.id) });
    expect(rows.map((row) => [row.part, row.plainText, row.updatedBy]).sort()).toEqual(
      [
        ["gap", "Rad ett\nRad två", facilitator.id],
        ["nulage", `${awkward[1]!} andra`, facilitator.id],
      ].sort(),
    );
  });
});
