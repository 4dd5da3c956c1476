import { getFormatter, getTranslations } from "next-intl/server";
import { CommentBody } from "@/components/comments/comment-body";
import { FocusAfterRefresh } from "@/components/ui/focus-after-refresh";
import { Segments } from "@/components/versions/version-diff-view";
import { loadPage } from "@/lib/server/page";
import { getDriverSuggestions, type SuggestableItem, type SuggestionView } from "@/lib/server/services/suggestions";
import type { SuggestionItemKind } from "@/lib/model/suggestion";
import { DecideForm, SuggestForm, SuggestionCommentForm } from "./suggestion-forms";

interface DriverRef {
  dialogueId: string;
  driverId: string;
}

type Translate = Awaited<ReturnType<typeof getTranslations<"suggestions">>>;

type ItemLabel = (kind: SuggestionItemKind, number: number | null) => string;

/** "Mål 2", "Åtgärd 1", or that the item is gone. */
async function itemLabeler(): Promise<ItemLabel> {
  const t = await getTranslations("suggestions.item");
  return (kind, number) => {
    if (kind === "goal") return number === null ? t("goalRemoved") : t("goal", { number });
    return number === null ? t("actionRemoved") : t("action", { number });
  };
}

/**
 * The driver's suggestions (issue 7): during a suggestion round, a form per goal statement and
 * action for invited members; for everyone, each suggestion as a difference from the text it was
 * written against, its status and its comments; for facilitators, accept and reject.
 */
export async function SuggestionsSection(ref: DriverRef) {
  const data = await loadPage((actor) => getDriverSuggestions(actor, ref.dialogueId, ref.driverId));
  if (!data.openSuggestionRound && !data.suggestions.length) return null;
  const t = await getTranslations("suggestions");
  const format = await getFormatter();
  return (
    <section id="suggestions" aria-labelledby="suggestions-title" className="mt-8 scroll-mt-4 rounded bg-white p-5 shadow-sm">
      <h2 id="suggestions-title" className="text-2xl font-bold">
        {t("title")}
      </h2>
      <p className="mb-4 text-muted">{t("intro")}</p>
      {data.openSuggestionRound ? (
        <p className="mb-4 rounded bg-brand-50 p-3">{t("roundOpen", { closesAt: format.dateTime(data.openSuggestionRound.closesAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
      ) : null}
      {data.canSuggest ? <SuggestList t={t} itemLabel={await itemLabeler()} items={data.items} {...ref} /> : null}
      <h3 className="mt-6 text-xl font-semibold">{t("list.heading")}</h3>
      {data.suggestions.length ? (
        <ul className="mt-2 space-y-4">
          {data.suggestions.map((suggestion) => (
            <li key={suggestion.id}>
              <SuggestionCard suggestion={suggestion} canDecide={data.canDecide} canComment={data.canComment} {...ref} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 italic text-muted">{t("list.none")}</p>
      )}
    </section>
  );
}

function SuggestList({ t, itemLabel, items, ...ref }: DriverRef & { t: Translate; itemLabel: ItemLabel; items: SuggestableItem[] }) {
  return (
    <>
      <h3 className="mt-6 text-xl font-semibold">{t("suggest.heading")}</h3>
      <ul className="mt-2 space-y-3">
        {items.map((item) => {
          const label = itemLabel(item.kind, item.number);
          return (
            <li key={item.id} className="rounded border border-gray-300 p-3">
              <p>
                <span className="font-semibold">{label}: </span>
                {item.text || <span className="italic text-muted">{t("diff.empty")}</span>}
              </p>
              <details className="mt-2">
                <summary className="cursor-pointer font-semibold text-brand-800 underline">
                  {t("suggest.toggle")}
                  <span className="sr-only"> ({label})</span>
                </summary>
                <div className="mt-2">
                  <SuggestForm itemKind={item.kind} itemId={item.id} itemLabel={label} currentText={item.text} {...ref} />
                </div>
              </details>
            </li>
          );
        })}
      </ul>
    </>
  );
}

async function SuggestionCard({ suggestion, canDecide, canComment, ...ref }: DriverRef & { suggestion: SuggestionView; canDecide: boolean; canComment: boolean }) {
  const t = await getTranslations("suggestions");
  const format = await getFormatter();
  const itemLabel = await itemLabeler();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  const title = t("card.title", { item: itemLabel(suggestion.itemKind, suggestion.itemNumber), name: suggestion.suggestedByName ?? t("unknownPerson") });
  const headingId = `suggestion-${suggestion.id}`;
  return (
    <article aria-labelledby={headingId} className="rounded border border-gray-300 p-4">
      <h4 id={headingId} tabIndex={-1} className="text-lg font-semibold">
        {title}
      </h4>
      <p className="text-sm text-muted">
        {suggestion.organisationName ? `${suggestion.organisationName} · ` : ""}
        {when(suggestion.createdAt)}
      </p>
      <p className="mt-2 text-sm font-semibold">{t("diff.label")}</p>
      <p className="rounded bg-gray-50 p-2">
        <Segments segments={suggestion.diff} labels={{ added: t("diff.added"), removed: t("diff.removed") }} empty={t("diff.empty")} inline />
      </p>
      <p className="mt-2">
        <span className="font-semibold">{t("status.label")}: </span>
        {suggestion.status === "pending"
          ? t("status.pending")
          : t(`status.${suggestion.status}`, { name: suggestion.decidedByName ?? t("unknownPerson"), date: when(suggestion.decidedAt!) })}
      </p>
      {suggestion.status === "rejected" ? <p>{t("status.reason", { reason: suggestion.decisionReason })}</p> : null}
      {suggestion.status !== "pending" ? <FocusAfterRefresh targetId={headingId} /> : null}
      {suggestion.isBaseChanged ? <p className="mt-2 rounded bg-brand-50 p-2">{t("baseChanged")}</p> : null}
      {canDecide && suggestion.status === "pending" ? (
        <div className="mt-3">
          <DecideForm suggestionId={suggestion.id} title={title} headingId={headingId} {...ref} />
        </div>
      ) : null}
      <SuggestionComments suggestion={suggestion} title={title} canComment={canComment} {...ref} />
    </article>
  );
}

async function SuggestionComments({ suggestion, title, canComment, ...ref }: DriverRef & { suggestion: SuggestionView; title: string; canComment: boolean }) {
  const t = await getTranslations("suggestions.comments");
  const visible = suggestion.comments.filter((comment) => !comment.isDeleted);
  return (
    <section aria-label={t("heading", { suggestion: title })} className="mt-4 border-t border-gray-200 pt-3">
      <h5 className="font-semibold">{t("title")}</h5>
      {visible.length ? (
        <ul className="mt-1 space-y-2">
          {visible.map((comment) => (
            // The id of the driver's comments (comment-item.tsx), so a notification's permalink
            // to a comment on a suggestion finds and focuses it like any other.
            <li key={comment.id} id={`comment-${comment.id}`} tabIndex={-1}>
              <p className="text-sm text-muted">{[comment.authorName, comment.organisationName].filter(Boolean).join(", ")}</p>
              <div className="whitespace-pre-line">
                <CommentBody text={comment.body} />
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm italic text-muted">{t("none")}</p>
      )}
      {canComment ? (
        <div className="mt-2">
          <SuggestionCommentForm suggestionId={suggestion.id} title={title} {...ref} />
        </div>
      ) : null}
    </section>
  );
}
