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
import { reorderAgendaAction } from "@/app/(workspace)/dialogues/[dialogueId]/workshops/actions";

export interface SortableAgendaItem {
  /** The driver's id. */
  id: string;
  title: string;
  /** Server-rendered content (place, title link, timebox). */
  content: ReactNode;
  /** Server-rendered keyboard controls (move up / move down buttons). */
  controls: ReactNode;
}

interface SortableAgendaProps {
  dialogueId: string;
  workshopId: string;
  items: SortableAgendaItem[];
  canReorder: boolean;
}

/**
 * A workshop's agenda, as the overview's driver groups (components/dialogue/sortable-driver-group.tsx):
 * facilitators reorder by dragging an item's handle (or with the handle and the keyboard: space,
 * arrows, space), besides the move buttons; the new order is shown at once, saved in one
 * transaction, and the outcome announced; a refused order is put back.
 */
export function SortableAgenda({ dialogueId, workshopId, items, canReorder }: SortableAgendaProps) {
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
      const result = await reorderAgendaAction({ dialogueId, workshopId, driverIds: next });
      if (result.ok) {
        setOutcome({ ok: true, message: t("drag.saved") });
      } else {
        setOrder(previous);
        setOutcome({ ok: false, message: t("drag.failed") });
      }
    });
  }

  const list = (
    <ol className="space-y-3" aria-labelledby="agenda-title">
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
        id={`agenda-${workshopId}`}
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

function SortableCard({ item, canReorder, handleLabel }: { item: SortableAgendaItem; canReorder: boolean; handleLabel: string }) {
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
