/**
 * Loading and compacting a driver's document in the database (PostgreSQL or PGlite). The
 * database is the source of truth: a document is its snapshot plus every stored update after it.
 */
import * as Y from "yjs";
import type { Executor } from "@/db/client";
import { readStoredDriverContent } from "@/db/queries/driver-content";
import { compactDriverDoc, insertInitialDriverDoc, loadDriverDocRows } from "@/db/queries/driver-docs";
import { driverDocFrom, readDriverDoc, type DriverDocContent } from "@/lib/collab/driver-doc";
import { collabHost } from "./host";

export interface LoadedDocument {
  doc: Y.Doc;
  /** Bytes stored for it (snapshot and tail): the starting point of the size limit. */
  storedBytes: number;
  tailLength: number;
  lastUpdateId: number;
  /** The stored snapshot when nothing follows it: already the full state, ready to send. */
  fullState: Uint8Array | null;
}

/**
 * The driver's document from the database. A driver stored before live editing has no document
 * yet: its relational content becomes the first snapshot (only one instance's snapshot is kept,
 * so every instance starts from the same history). Throws when the database fails; the caller
 * must then refuse the connection, never serve an empty document.
 */
export async function loadDocument(db: Executor, driverId: string): Promise<LoadedDocument> {
  let rows = await loadDriverDocRows(db, driverId);
  if (!rows) {
    const initial = driverDocFrom(await readStoredDriverContent(db, driverId));
    await insertInitialDriverDoc(db, driverId, Y.encodeStateAsUpdate(initial));
    initial.destroy();
    rows = await loadDriverDocRows(db, driverId);
    if (!rows) throw new Error(`driver ${driverId} has no document after creating it`);
  }
  const doc = new Y.Doc();
  Y.applyUpdate(doc, rows.state);
  if (rows.updates.length) Y.applyUpdate(doc, Y.mergeUpdates(rows.updates.map((row) => row.update)));
  return {
    doc,
    storedBytes: rows.updates.reduce((sum, row) => sum + row.update.byteLength, rows.state.byteLength),
    tailLength: rows.updates.length,
    lastUpdateId: rows.updates.at(-1)?.id ?? rows.lastUpdateId,
    fullState: rows.updates.length ? null : rows.state,
  };
}

/** Encodes snapshot + tail as one garbage-collected state (deleted content is dropped). */
export function mergeState(state: Uint8Array, updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}

export async function compactDocument(db: Executor, driverId: string): Promise<number> {
  const { folded } = await compactDriverDoc(db, driverId, mergeState);
  return folded;
}

/** The current state of a driver's document as stored (everything acknowledged is in it). */
export async function readStoredState(db: Executor, driverId: string): Promise<Uint8Array> {
  const loaded = await loadDocument(db, driverId);
  const state = Y.encodeStateAsUpdate(loaded.doc);
  loaded.doc.destroy();
  return state;
}

/**
 * The driver's current state, for services: from the collaboration server of this process when it
 * runs (what is in memory, once saved), else as stored.
 */
export async function currentDriverState(db: Executor, driverId: string, dialogueId: string): Promise<Uint8Array> {
  const host = collabHost();
  return host ? host.readState(driverId, dialogueId) : readStoredState(db, driverId);
}

/** A document state read as the driver's content (texts, goals, actions). */
export function driverContentOf(state: Uint8Array): DriverDocContent {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return readDriverDoc(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * The driver's current content, for services: what the collaboration server of this process holds
 * when it runs, else the relational copy it last stored (what stances' fingerprints and exports
 * read). A read never creates the stored document.
 */
export async function currentDriverContent(db: Executor, driverId: string, dialogueId: string): Promise<DriverDocContent> {
  const host = collabHost();
  return host ? driverContentOf(await host.readState(driverId, dialogueId)) : readStoredDriverContent(db, driverId);
}
