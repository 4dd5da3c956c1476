import type { ReactNode } from "react";

/** The server-rendered copy of a list, laid out like the live one so the swap hardly moves anything. */
export function StoredList({ items, itemLabel, emptyText }: { items: { id: string; text: string; details: ReactNode }[]; itemLabel: (number: number) => string; emptyText: string }) {
  if (items.length === 0) return <p className="italic text-muted">{emptyText}</p>;
  return (
    <ol className="space-y-4">
      {items.map((item, index) => (
        <li key={item.id} className="rounded border border-gray-300 bg-white p-3">
          <h4 className="mb-2 font-semibold">{itemLabel(index + 1)}</h4>
          <p className="whitespace-pre-line">{item.text}</p>
          <div className="mt-3">{item.details}</div>
        </li>
      ))}
    </ol>
  );
}
