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
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { Editor } from "@tiptap/react";
import { useTranslations } from "next-intl";
import { useCallback, useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { LiveEditor } from "@/components/editor/live-editor";
import { buttonClass } from "@/components/ui/button-class";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { addItem, itemText, moveItem, moveItemTo, removeItem, type ItemList } from "@/lib/collab/driver-doc";
import type { DriverSession } from "./driver-session";
import { newItemId } from "./new-item-id";
import { PresenceScope } from "./presence-scope";
import type { LiveItem } from "./use-items";

/** Texts of one list, already translated (numbers are 1-based positions). */
export interface ItemListLabels {
  item: (number: number) => string;
  add: string;
  added: (number: number) => string;
  remove: (number: number) => string;
  removeTitle: (number: number) => string;
  removeBody: string;
  removed: (number: number) => string;
  moveUp: (number: number) => string;
  moveDown: (number: number) => string;
  moved: (position: number, count: number) => string;
  dragHandle: (number: number) => string;
}

interface LiveItemListProps<T> {
  session: DriverSession;
  list: ItemList;
  /** Awareness prefix: `goal` or `action`. */
  kind: "goal" | "action";
  items: LiveItem<T>[];
  isEditable: boolean;
  labels: ItemListLabels;
  emptyText: string;
  /** Shown in place of an item's empty text to those who cannot edit. */
  emptyItemText: string;
  /** The stored plain text of items the server rendered, shown until each editor exists. */
  storedTexts: ReadonlyMap<string, string>;
  /** The item's attributes: controls when editable, a summary otherwise. */
  renderDetails: (item: LiveItem<T>, number: number) => ReactNode;
}

/** Where focus should go after the list re-renders (a move, an add, a removal). */
type FocusRequest = { id: string; control: "up" | "down" | "editor" } | { id: null; control: "add" };

/**
 * Goals or actions as an ordered list, each with its live editor. Editors reorder with "move up /
 * move down" buttons that keep focus on the moved item, or by dragging the handle (mouse, or
 * space + arrows), add at the end and remove after a confirmation. Focus survives a re-order
 * made by someone else, too.
 */
export function LiveItemList<T>(props: LiveItemListProps<T>) {
  const { session, list, items, isEditable, labels } = props;
  const t = useTranslations("liveList");
  const idPrefix = useId();
  const [announcement, setAnnouncement] = useState("");
  const [removing, setRemoving] = useState<string | null>(null);
  const editors = useRef(new Map<string, Editor>());
  const focusRequest = useRef<FocusRequest | null>(null);
  const lastFocused = useRef<HTMLElement | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const order = items.map((item) => item.id);
  const numberOf = (id: string | number) => order.indexOf(String(id)) + 1;

  useLayoutEffect(() => {
    const request = focusRequest.current;
    // A new item's editor is created after this render; registerEditor focuses it then.
    if (request?.control === "editor" && !editors.current.has(request.id)) return;
    focusRequest.current = null;
    if (request) return focusAfter(request);
    // React moves list items by re-inserting their nodes, which drops focus: put it back.
    const element = lastFocused.current;
    if (element?.isConnected && (document.activeElement === document.body || document.activeElement === null)) element.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the order changes
  }, [order.join(",")]);

  function focusAfter(request: FocusRequest): void {
    if (request.control === "add") return addButton.current?.focus();
    if (request.control === "editor") return void editors.current.get(request.id)?.commands.focus("end");
    const other = request.control === "up" ? "down" : "up";
    const button = document.getElementById(`${idPrefix}-${request.id}-${request.control}`) ?? document.getElementById(`${idPrefix}-${request.id}-${other}`);
    button?.focus();
  }

  const registerEditor = useCallback((id: string, editor: Editor | null) => {
    if (editor) {
      editors.current.set(id, editor);
      if (focusRequest.current?.control === "editor" && focusRequest.current.id === id) {
        focusRequest.current = null;
        editor.commands.focus("end");
      }
    } else editors.current.delete(id);
  }, []);

  function add() {
    const id = newItemId();
    focusRequest.current = { id, control: "editor" };
    addItem(session.doc, list, id);
    setAnnouncement(labels.added(items.length + 1));
  }

  function move(id: string, direction: "up" | "down") {
    const target = numberOf(id) + (direction === "up" ? -1 : 1);
    focusRequest.current = { id, control: direction };
    if (moveItem(session.doc, list, id, direction)) setAnnouncement(labels.moved(target, items.length));
  }

  function confirmRemoval() {
    if (!removing) return;
    const number = numberOf(removing);
    focusRequest.current = { id: null, control: "add" };
    removeItem(session.doc, list, removing);
    setRemoving(null);
    setAnnouncement(labels.removed(number));
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const target = order.indexOf(String(over.id));
    if (moveItemTo(session.doc, list, String(active.id), target)) setAnnouncement(labels.moved(target + 1, items.length));
  }

  const announcements: Announcements = {
    onDragStart: ({ active }) => t("pickedUp", { item: labels.item(numberOf(active.id)), position: numberOf(active.id), count: order.length }),
    onDragOver: ({ active, over }) => (over ? t("over", { item: labels.item(numberOf(active.id)), position: numberOf(over.id), count: order.length }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t("dropped", { item: labels.item(numberOf(active.id)), position: numberOf(over.id), count: order.length }) : undefined),
    onDragCancel: ({ active }) => t("cancelled", { item: labels.item(numberOf(active.id)) }),
  };

  const listElement = (
    <ol
      className="space-y-4"
      onFocus={(event) => {
        lastFocused.current = event.target;
      }}
    >
      {items.map((item, index) => (
        <SortableItem key={item.id} id={item.id} isEditable={isEditable} handleLabel={labels.dragHandle(index + 1)}>
          <ItemBody
            {...props}
            item={item}
            number={index + 1}
            isLast={index === items.length - 1}
            idPrefix={idPrefix}
            onMove={move}
            onRemove={setRemoving}
            onEditor={registerEditor}
          />
        </SortableItem>
      ))}
    </ol>
  );

  return (
    <div>
      {items.length === 0 ? <p className="italic text-muted">{props.emptyText}</p> : null}
      {isEditable ? (
        <DndList order={order} onDragEnd={onDragEnd} announcements={announcements} instructions={t("instructions")} id={idPrefix}>
          {listElement}
        </DndList>
      ) : (
        listElement
      )}
      {isEditable ? (
        <button type="button" ref={addButton} onClick={add} className={`${buttonClass("secondary")} mt-4`}>
          {labels.add}
        </button>
      ) : null}
      <p role="status" className="sr-only">
        {announcement}
      </p>
      <ConfirmDialog
        isOpen={removing !== null}
        title={removing ? labels.removeTitle(numberOf(removing)) : ""}
        body={labels.removeBody}
        confirmLabel={t("confirmRemove")}
        cancelLabel={t("cancel")}
        onConfirm={confirmRemoval}
        onCancel={() => setRemoving(null)}
      />
    </div>
  );
}

function DndList({ id, order, onDragEnd, announcements, instructions, children }: { id: string; order: string[]; onDragEnd: (event: DragEndEvent) => void; announcements: Announcements; instructions: string; children: ReactNode }) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  return (
    <DndContext id={id} sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: { draggable: instructions } }}>
      <SortableContext items={order} strategy={verticalListSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}

function SortableItem({ id, isEditable, handleLabel, children }: { id: string; isEditable: boolean; handleLabel: string; children: ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id, disabled: !isEditable });
  return (
    <li
      ref={setNodeRef}
      data-item-id={id}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`flex gap-3 rounded border border-gray-300 bg-white p-3 ${isDragging ? "relative z-10 ring-2 ring-brand-700" : ""}`}
    >
      {isEditable ? (
        <button
          type="button"
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={handleLabel}
          className="min-h-11 min-w-11 shrink-0 cursor-grab touch-none self-start rounded border border-gray-400 text-lg text-muted hover:bg-brand-50"
        >
          <span aria-hidden="true">⠿</span>
        </button>
      ) : null}
      <div className="min-w-0 flex-1">{children}</div>
    </li>
  );
}

interface ItemBodyProps<T> extends LiveItemListProps<T> {
  item: LiveItem<T>;
  number: number;
  isLast: boolean;
  idPrefix: string;
  onMove: (id: string, direction: "up" | "down") => void;
  onRemove: (id: string) => void;
  onEditor: (id: string, editor: Editor | null) => void;
}

function ItemBody<T>({ session, kind, item, number, isLast, isEditable, labels, emptyItemText, storedTexts, idPrefix, renderDetails, onMove, onRemove, onEditor }: ItemBodyProps<T>) {
  const headingId = `${idPrefix}-${item.id}-heading`;
  const fragment = itemText(item.map);
  const handleEditor = useCallback((editor: Editor | null) => onEditor(item.id, editor), [onEditor, item.id]);
  const stored = storedTexts.get(item.id);
  return (
    <PresenceScope session={session} editing={`${kind}:${item.id}`}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h4 id={headingId} className="font-semibold">
          {labels.item(number)}
        </h4>
        {isEditable ? (
          <div className="flex flex-wrap gap-1">
            {number > 1 ? (
              <button type="button" id={`${idPrefix}-${item.id}-up`} aria-label={labels.moveUp(number)} onClick={() => onMove(item.id, "up")} className={buttonClass("secondary")}>
                <span aria-hidden="true">↑</span>
              </button>
            ) : null}
            {!isLast ? (
              <button type="button" id={`${idPrefix}-${item.id}-down`} aria-label={labels.moveDown(number)} onClick={() => onMove(item.id, "down")} className={buttonClass("secondary")}>
                <span aria-hidden="true">↓</span>
              </button>
            ) : null}
            <button type="button" onClick={() => onRemove(item.id)} className={buttonClass("danger")}>
              {labels.remove(number)}
            </button>
          </div>
        ) : null}
      </div>
      {fragment ? (
        <LiveEditor
          session={session}
          fragment={fragment}
          labelId={headingId}
          isEditable={isEditable}
          fallback={<p className="whitespace-pre-line">{stored ?? ""}</p>}
          emptyText={emptyItemText}
          onEditor={handleEditor}
          commentPart={{ part: kind, itemId: item.id }}
        />
      ) : null}
      <div className="mt-3">{renderDetails(item, number)}</div>
    </PresenceScope>
  );
}
