import Markdown, { defaultUrlTransform, type Components } from "react-markdown";

/**
 * The Markdown subset comments may use: paragraphs, line breaks, emphasis, strong, inline code and
 * code blocks, quotes, lists, links, and mentions. react-markdown builds React elements (never
 * HTML strings), raw HTML in the text is dropped (`skipHtml`), anything outside the subset keeps
 * only its text (a heading becomes plain text, an image disappears), and a link keeps its address
 * only for http(s), mailto or a path on this site. Mentions are links to `user:<id>` or
 * `organisation:<id>` (lib/model/mention.ts) and render as a name, not a link.
 */
const ALLOWED_ELEMENTS = ["p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"];

const MENTION = /^(user|organisation):[0-9a-f-]{36}$/;

/** Addresses a comment may link to; everything else is removed (so `javascript:` never reaches an href). */
export function safeCommentUrl(url: string): string {
  if (MENTION.test(url)) return url;
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  const safe = defaultUrlTransform(url);
  return /^(https?:|mailto:)/i.test(safe) ? safe : "";
}

const components: Components = {
  a({ href, children }) {
    if (href && MENTION.test(href)) return <strong className="mention rounded bg-brand-50 px-1 text-brand-800">{children}</strong>;
    if (!href) return <>{children}</>;
    return (
      <a href={href} rel="nofollow noopener noreferrer ugc" className="underline">
        {children}
      </a>
    );
  },
};

export function CommentBody({ text }: { text: string }) {
  return (
    <div className="comment-body space-y-2 break-words [&_blockquote]:border-l-4 [&_blockquote]:border-gray-300 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:bg-gray-100 [&_code]:px-1 [&_ol]:list-decimal [&_ol]:pl-6 [&_pre]:overflow-x-auto [&_ul]:list-disc [&_ul]:pl-6">
      <Markdown allowedElements={ALLOWED_ELEMENTS} unwrapDisallowed skipHtml urlTransform={safeCommentUrl} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
