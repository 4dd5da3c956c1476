/**
 * The one rich-text configuration: the browser's editors and the server (seeding documents from
 * stored JSON, restoring versions) build the same ProseMirror schema from it, and
 * lib/model/rich-text.ts validates the same node and mark types.
 */
import { getSchema, type AnyExtension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";

/** `undoRedo` is off because the Collaboration extension brings its own (per-user) undo. */
export function richTextExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: { levels: [3] },
      code: false,
      codeBlock: false,
      strike: false,
      horizontalRule: false,
      link: false,
      underline: false,
      undoRedo: false,
    }),
  ];
}

let schema: ReturnType<typeof getSchema> | undefined;

export function richTextSchema(): ReturnType<typeof getSchema> {
  schema ??= getSchema(richTextExtensions());
  return schema;
}
