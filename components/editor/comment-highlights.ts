import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

/** A passage to highlight, in editor positions. */
export interface Highlight {
  threadId: string;
  from: number;
  to: number;
}

export const commentHighlightsKey = new PluginKey<DecorationSet>("commentHighlights");

/**
 * Marks the passages that open comment threads. The positions are worked out outside (from the
 * Yjs document, once it and the editor agree) and handed in with `setCommentHighlights`; between
 * two hand-ins the marks move with the edits. Only a background: the thread list names the passage
 * in words, so nothing is announced twice.
 */
export const CommentHighlights = Extension.create({
  name: "commentHighlights",
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: commentHighlightsKey,
        state: {
          init: () => DecorationSet.empty,
          apply(transaction, decorations) {
            const given = transaction.getMeta(commentHighlightsKey) as Highlight[] | undefined;
            if (given) {
              return DecorationSet.create(
                transaction.doc,
                given.map((highlight) => Decoration.inline(highlight.from, highlight.to, { class: "comment-anchor", "data-thread-id": highlight.threadId })),
              );
            }
            return decorations.map(transaction.mapping, transaction.doc);
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state),
        },
      }),
    ];
  },
});
