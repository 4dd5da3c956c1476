/**
 * Which roots of a driver document a client's update touches, so that an update touching a part
 * locked during a workshop (lib/workshop/live-state.ts, ROOT_PARTS) can be refused before it is
 * applied.
 *
 * An update names a root only for items placed directly in it; nested items (text inside a goal's
 * fragment, attributes of an action's map) carry their parent's ID, or only their neighbours'
 * (origin/rightOrigin) when they are inserted next to one. Each such ID is resolved to the root of
 * the item it names: in the server's document, or among the update's own items (which may refer
 * to one another in any order, so the lookup repeats until nothing more resolves). Deletions are
 * resolved through the delete set the same way. What is already in the document (a duplicate
 * struct, a deletion of a deleted item) changes nothing and is ignored; what cannot be resolved
 * (an item whose dependencies the server lacks) counts as UNKNOWN_ROOT, which a lock refuses.
 */
import * as Y from "yjs";

export const UNKNOWN_ROOT = "?";

type AnyType = Y.Doc["share"] extends Map<string, infer T> ? T : never;

interface LocalRange {
  clock: number;
  length: number;
  root: string | null | undefined;
  item: Y.Item;
}

function rootNameOf(type: AnyType | null): string | null {
  if (!type) return null;
  let root = type;
  while (root._item) {
    const parent = root._item.parent as AnyType | null;
    if (!parent) return null;
    root = parent;
  }
  return Y.findRootTypeKey(root);
}

function storeStruct(doc: Y.Doc, client: number, clock: number): Y.Item | Y.GC | null {
  const structs = doc.store.clients.get(client) as (Y.Item | Y.GC)[] | undefined;
  if (!structs?.length) return null;
  const last = structs[structs.length - 1]!;
  if (clock >= last.id.clock + last.length) return null;
  return structs[Y.findIndexSS(structs as never, clock)] ?? null;
}

export function touchedRoots(update: Uint8Array, doc: Y.Doc): Set<string> {
  const decoded = Y.decodeUpdate(update);
  const touched = new Set<string>();
  const local = new Map<number, LocalRange[]>();
  const pending: LocalRange[] = [];

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    // Already known here: applying it again changes nothing.
    if (storeStruct(doc, struct.id.client, struct.id.clock)) continue;
    const range: LocalRange = { clock: struct.id.clock, length: struct.length, root: undefined, item: struct };
    if (typeof struct.parent === "string") range.root = struct.parent;
    const list = local.get(struct.id.client) ?? [];
    list.push(range);
    local.set(struct.id.client, list);
    pending.push(range);
  }

  /** The root of the item with this ID: undefined while not (yet) resolvable, null for garbage. */
  const rootOfId = (id: Y.ID): string | null | undefined => {
    const known = storeStruct(doc, id.client, id.clock);
    if (known) return known instanceof Y.Item ? rootNameOf(known.parent as AnyType | null) : null;
    const range = local.get(id.client)?.find((candidate) => id.clock >= candidate.clock && id.clock < candidate.clock + candidate.length);
    return range?.root;
  };

  let progress = true;
  while (progress) {
    progress = false;
    for (const range of pending) {
      if (range.root !== undefined) continue;
      const { item } = range;
      const reference = item.parent instanceof Y.ID ? item.parent : (item.origin ?? item.rightOrigin);
      if (!reference) continue;
      const root = rootOfId(reference);
      if (root !== undefined) {
        range.root = root;
        progress = true;
      }
    }
  }
  for (const range of pending) {
    if (range.root === undefined) touched.add(UNKNOWN_ROOT);
    else if (range.root !== null) touched.add(range.root);
  }

  for (const [client, deletions] of decoded.ds.clients) {
    for (const deletion of deletions) {
      const end = deletion.clock + deletion.len;
      let clock = deletion.clock;
      while (clock < end) {
        const known = storeStruct(doc, client, clock);
        if (known) {
          if (known instanceof Y.Item && !known.deleted) {
            const root = rootNameOf(known.parent as AnyType | null);
            if (root) touched.add(root);
          }
          clock = known.id.clock + known.length;
          continue;
        }
        const range = local.get(client)?.find((candidate) => clock >= candidate.clock && clock < candidate.clock + candidate.length);
        if (range) {
          if (range.root === undefined) touched.add(UNKNOWN_ROOT);
          else if (range.root !== null) touched.add(range.root);
          clock = range.clock + range.length;
          continue;
        }
        // A deletion of something this server has never seen: it would wait, pending, in Yjs.
        touched.add(UNKNOWN_ROOT);
        break;
      }
    }
  }
  return touched;
}

/** Whether the update touches any of `locked` (roots), or something that cannot be told apart. */
export function touchesLocked(update: Uint8Array, doc: Y.Doc, locked: ReadonlySet<string>): boolean {
  if (!locked.size) return false;
  for (const root of touchedRoots(update, doc)) if (root === UNKNOWN_ROOT || locked.has(root)) return true;
  return false;
}
