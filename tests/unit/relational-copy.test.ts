/**
 * The relational copier (lib/server/collab/relational-copy.ts): long documents are written in
 * several transactions, every changed document is written exactly once per flush, in driver order,
 * and a failed transaction is retried with the documents after it.
 */
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import type { RelationalCopyInput } from "@/db/queries/driver-content";
import { DRIVER_DOC_ROOTS, GOALS, textFragment } from "@/lib/collab/driver-doc";
import { RelationalCopier, type CopySource, type WrittenCopy } from "@/lib/server/collab/relational-copy";

function source(driverId: string, chars: number): CopySource {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  textFragment(doc, "nulage").insert(0, [paragraph]);
  paragraph.insert(0, [new Y.XmlText("x".repeat(chars))]);
  return { driverId, dialogueId: "dialogue", doc };
}

function copier(write: (inputs: RelationalCopyInput[]) => Promise<void>, afterWrite?: (written: WrittenCopy[]) => Promise<void>) {
  return new RelationalCopier({ write, isMissingDriver: () => false, log: () => {}, delayMs: 60_000, afterWrite });
}

describe("relational copier", () => {
  it("writes small documents in one transaction", async () => {
    const batches: string[][] = [];
    const copy = copier(async (inputs) => void batches.push(inputs.map((input) => input.driverId)));
    for (const id of ["c", "a", "b"]) copy.markChanged(source(id, 100), ["nulage"]);
    await copy.flush();
    expect(batches).toEqual([["a", "b", "c"]]);
  });

  it("splits long documents over several transactions, each document once, and follows up once", async () => {
    const batches: string[][] = [];
    const followed: string[][] = [];
    const copy = copier(
      async (inputs) => void batches.push(inputs.map((input) => input.driverId)),
      async (written) => void followed.push(written.map((each) => each.source.driverId)),
    );
    const ids = Array.from({ length: 8 }, (_, index) => `d${index}`);
    for (const id of ids) copy.markChanged(source(id, 30_000), ["nulage"]);
    await copy.flush();
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(ids);
    expect(followed).toEqual([ids]);
  });

  it("tries a failed transaction again, with the documents after it", async () => {
    let failures = 1;
    const written: string[] = [];
    const copy = copier(async (inputs) => {
      if (failures-- > 0) throw new Error("database unavailable");
      written.push(...inputs.map((input) => input.driverId));
    });
    const ids = Array.from({ length: 6 }, (_, index) => `d${index}`);
    for (const id of ids) copy.markChanged(source(id, 30_000), ["nulage"]);
    await copy.flush();
    expect(written).toEqual([]);
    for (const id of ids) expect(copy.isPending(id)).toBe(true);
    await copy.flush();
    expect(written).toEqual(ids);
  });

  it("tells the follow-up which parts it rewrote: every part the first time, then only the changed ones", async () => {
    const followed: string[][] = [];
    const copy = copier(async () => {}, async (written) => void followed.push(written.flatMap(({ roots }) => [...roots].sort())));
    const doc = source("d", 10);
    copy.markChanged(doc, ["nulage"]);
    await copy.flush();
    expect(followed.pop()).toEqual([...DRIVER_DOC_ROOTS].sort());
    textFragment(doc.doc, "nulage").insert(0, [new Y.XmlElement("paragraph")]);
    copy.markChanged(doc, ["nulage", GOALS]);
    await copy.flush();
    expect(followed.pop(), "the goals are unchanged").toEqual(["nulage"]);
    copy.markChanged(doc, [GOALS]);
    await copy.flush();
    expect(followed, "nothing differed: nothing written, nothing followed up").toEqual([]);
  });
});
