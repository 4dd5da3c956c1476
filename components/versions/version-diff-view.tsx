import { getTranslations } from "next-intl/server";
import type { DiffSegment, DriverDiff, ItemDiff } from "@/lib/collab/version-diff";
import { TEXT_PARTS } from "@/lib/model/enums";

/**
 * The difference between a version and now. Added and removed words are marked with <ins> and
 * <del> (underline and strike-through, not colour alone) and named for screen readers.
 */
export async function VersionDiffView({ diff }: { diff: DriverDiff }) {
  const t = await getTranslations("versions");
  const tParts = await getTranslations("parts");
  if (!diff.hasChanges) return <p>{t("diff.none")}</p>;
  const labels = { added: t("diff.added"), removed: t("diff.removed") };
  return (
    <div className="space-y-6">
      {TEXT_PARTS.map((part) => (
        <section key={part} aria-labelledby={`diff-${part}`}>
          <h3 id={`diff-${part}`} className="text-lg font-semibold">
            {tParts(`${part}.title`)}
          </h3>
          <Segments segments={diff.texts[part]} labels={labels} empty={t("diff.empty")} />
        </section>
      ))}
      <ItemList title={tParts("desired.title")} id="diff-goals" items={diff.goals} />
      <ItemList title={t("diff.actions")} id="diff-actions" items={diff.actions} />
    </div>
  );
}

async function ItemList({ title, id, items }: { title: string; id: string; items: ItemDiff[] }) {
  const t = await getTranslations("versions");
  const labels = { added: t("diff.added"), removed: t("diff.removed") };
  const changed = items.filter((item) => item.change !== "same");
  return (
    <section aria-labelledby={id}>
      <h3 id={id} className="text-lg font-semibold">
        {title}
      </h3>
      {changed.length ? (
        <ul className="list-disc space-y-2 pl-6">
          {changed.map((item) => (
            <li key={item.id}>
              <span className="font-semibold">{t(`diff.item.${item.change as "added" | "removed" | "changed"}`)}: </span>
              <Segments segments={item.text} labels={labels} empty={t("diff.empty")} inline />
              {item.changedAttributes.length ? <span className="block text-sm text-muted">{t("diff.attributesChanged")}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("diff.noItemChanges")}</p>
      )}
    </section>
  );
}

export function Segments({ segments, labels, empty, inline }: { segments: DiffSegment[]; labels: { added: string; removed: string }; empty: string; inline?: boolean }) {
  const Wrapper = inline ? "span" : "p";
  if (!segments.some((segment) => segment.text.trim())) return <Wrapper className="italic text-muted">{empty}</Wrapper>;
  return (
    <Wrapper className="whitespace-pre-line">
      {segments.map((segment, index) => {
        if (segment.kind === "same") return <span key={index}>{segment.text}</span>;
        const Tag = segment.kind === "added" ? "ins" : "del";
        return (
          <Tag key={index} className={segment.kind === "added" ? "bg-green-100 text-green-900 underline" : "bg-red-100 text-red-900 line-through"}>
            <span className="sr-only">[{labels[segment.kind]}: </span>
            {segment.text}
            <span className="sr-only">]</span>
          </Tag>
        );
      })}
    </Wrapper>
  );
}
