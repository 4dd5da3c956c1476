"use client";

import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/errors";

export interface SortableDriverItem {
  /** The driver's id. */
  id: string;
  title: string;
  /** Server-rendered card content (title link, progress or timebox). */
  content: ReactNode;
  /** Server-rendered keyboard controls (move up / move down buttons). */
  controls: ReactNode;
}

interface SortableDriverListProps<Fields> {
  /** Unique on the page (dnd-kit's accessibility ids hang on it). */
  listId: string;
  items: SortableDriverItem[];
  canReorder: boolean;
  /** The server action that saves a whole new order: it gets `fields` and the driver ids in order. */
  saveOrder: (input: Fields & { driverIds: string[] }) => Promise<ActionResult<unknown>>;
  fields: Fields;
  /** The heading that names the list, when there is one. */
  labelledBy?: string;
}

/**
 * A reorderable list of drivers: a WHO group on the overview, a workshop's agenda. Facilitators
 * reorder by dragging a card's handle (or with the handle and the keyboard: space, arrows, space),
 * besides the move buttons; the new order is shown at once, saved, and the outcome announced; a
 * refused order is put back.
 */
export function SortableDriverList<Fields extends object>({ listId, items, canReorder, saveOrder, fields, labelledBy }: SortableDriverListProps<Fields>) {
  const t = useTranslations("dialogues.overview");
  const serverOrder = items.map((item) => item.id).join(",");
  const [order, setOrder] = useState(() => items.map((item) => item.id));
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const [, startTransition] = useTransition();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  useEffect(() => setOrder(serverOrder.split(",").filter(Boolean)), [serverOrder]);

  const byId = new Map(items.map((item) => [item.id, item]));
  const titleOf = (id: string | number) => byId.get(String(id))?.title ?? "";
  const positionOf = (id: string | number) => order.indexOf(String(id)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("drag.pickedUp", { title: titleOf(active.id), position: positionOf(active.id), count: order.length }),
    onDragOver: ({ active, over }) =>
      over ? t("drag.over", { title: titleOf(active.id), position: positionOf(over.id), count: order.length }) : undefined,
    onDragEnd: ({ active, over }) =>
      over ? t("drag.dropped", { title: titleOf(active.id), position: positionOf(over.id), count: order.length }) : undefined,
    onDragCancel: ({ active }) => t("drag.cancelled", { title: titleOf(active.id) }),
  };

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const previous = order;
    const next = arrayMove(order, order.indexOf(String(active.id)), order.indexOf(String(over.id)));
    setOrder(next);
    setOutcome(null);
    startTransition(async () => {
      const result = await saveOrder({ ...fields, driverIds: next });
      if (result.ok) {
        setOutcome({ ok: true, message: t("drag.saved") });
      } else {
        setOrder(previous);
        setOutcome({ ok: false, message: t("drag.failed") });
      }
    });
  }

  const list = (
    <ol className="space-y-3" aria-labelledby={labelledBy}>
      {order.map((id) => {
        const item = byId.get(id);
        return item ? <SortableCard key={id} item={item} canReorder={canReorder} handleLabel={t("drag.handle", { title: item.title })} /> : null;
      })}
    </ol>
  );
  if (!canReorder) return list;
  return (
    <>
      <DndContext
        id={listId}
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t("drag.instructions") } }}
      >
        <SortableContext items={order} strategy={verticalListSortingStrategy}>
          {list}
        </SortableContext>
      </DndContext>
      <p role="alert" className={outcome && !outcome.ok ? "mt-2 font-semibold text-danger" : "sr-only"}>
        {outcome && !outcome.ok ? outcome.message : ""}
      </p>
      <p role="status" className={outcome?.ok ? "mt-2 text-sm text-success" : "sr-only"}>
        {outcome?.ok ? outcome.message : ""}
      </p>
    </>
  );
}

function SortableCard({ item, canReorder, handleLabel }: { item: SortableDriverItem; canReorder: boolean; handleLabel: string }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: item.id,
    disabled: !canReorder,
  });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`flex flex-wrap items-start justify-between gap-3 rounded bg-white p-4 shadow-sm ${isDragging ? "relative z-10 ring-2 ring-brand-700" : ""}`}
    >
      {canReorder ? (
        <button
          type="button"
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={handleLabel}
          className="min-h-11 min-w-11 cursor-grab touch-none rounded border border-gray-400 text-lg text-muted hover:bg-brand-50"
        >
          <span aria-hidden="true">⠿</span>
        </button>
      ) : null}
      <div className="min-w-0 flex-1">{item.content}</div>
      {item.controls}
    </li>
  );
}
