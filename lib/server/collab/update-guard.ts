/**
 * Checks a client's Yjs update before it touches the shared document. Yjs itself validates
 * nothing, so a forged update could create unknown root types or sub-documents, and a malformed one
 * could throw half-way through being applied. Decoding the whole update first (structs and delete
 * set) means a frame either applies completely or not at all.
 */
import * as Y from "yjs";

export type UpdateVerdict = { ok: true; isEmpty: boolean } | { ok: false; reason: string };

export function checkUpdate(update: Uint8Array, allowedRoots: ReadonlySet<string>): UpdateVerdict {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { ok: false, reason: "undecodable update" };
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (typeof struct.parent === "string" && !allowedRoots.has(struct.parent)) {
      return { ok: false, reason: "unknown root type" };
    }
    if (struct.content instanceof Y.ContentDoc) return { ok: false, reason: "sub-document" };
  }
  return { ok: true, isEmpty: decoded.structs.length === 0 && decoded.ds.clients.size === 0 };
}
