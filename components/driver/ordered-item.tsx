"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { MoveButtons } from "@/components/ui/move-buttons";
import { SubmitButton } from "@/components/ui/submit-button";

export interface ItemLabels {
  moveUp: string;
  moveDown: string;
  moved: string;
  edit: string;
  saved: string;
  delete: string;
  deleted: string;
}

interface OrderedItemProps {
  driverRef: { dialogueId: string; driverId: string };
  itemId: string;
  /** The update form's name for the item id (the services name it per item type). */
  itemIdField: string;
  index: number;
  count: number;
  canEdit: boolean;
  labels: ItemLabels;
  actions: { move: FormAction; update: FormAction; remove: FormAction };
  summary: ReactNode;
  editFields: ReactNode;
}

/** One item of an ordered list on the driver page: summary, keyboard reorder, edit and delete. */
export function OrderedItem({ driverRef, itemId, itemIdField, index, count, canEdit, labels, actions, summary, editFields }: OrderedItemProps) {
  const tForms = useTranslations("forms");
  const hiddenRef = (
    <>
      <input type="hidden" name="dialogueId" value={driverRef.dialogueId} />
      <input type="hidden" name="driverId" value={driverRef.driverId} />
    </>
  );
  return (
    <li className="rounded border border-gray-300 bg-white p-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 flex-1">{summary}</div>
        {canEdit ? (
          <MoveButtons
            action={actions.move}
            fields={{ ...driverRef, itemId }}
            upLabel={labels.moveUp}
            downLabel={labels.moveDown}
            movedMessage={labels.moved}
            idPrefix={`move-${itemId}`}
            isFirst={index === 0}
            isLast={index === count - 1}
          />
        ) : null}
      </div>
      {canEdit ? (
        <div className="mt-2 flex flex-wrap items-start gap-3">
          <details className="flex-1">
            <summary className="cursor-pointer font-semibold text-brand-800 underline">{labels.edit}</summary>
            <ActionForm action={actions.update} successMessage={labels.saved} className="mt-3">
              {hiddenRef}
              <input type="hidden" name={itemIdField} value={itemId} />
              {editFields}
              <SubmitButton>{tForms("save")}</SubmitButton>
            </ActionForm>
          </details>
          <ActionForm action={actions.remove} successMessage={labels.deleted}>
            {hiddenRef}
            <input type="hidden" name="itemId" value={itemId} />
            <SubmitButton variant="danger">{labels.delete}</SubmitButton>
          </ActionForm>
        </div>
      ) : null}
    </li>
  );
}

/** The "add" form under an ordered list. */
export function AddItemSection({
  driverRef,
  title,
  action,
  addedMessage,
  children,
}: {
  driverRef: { dialogueId: string; driverId: string };
  title: string;
  action: FormAction;
  addedMessage: string;
  children: ReactNode;
}) {
  const headingId = `add-${title.replace(/\W+/g, "-")}-${driverRef.driverId}`;
  return (
    <section aria-labelledby={headingId} className="mt-4 rounded border border-gray-300 bg-gray-50 p-4">
      <h4 id={headingId} className="mb-3 font-semibold">
        {title}
      </h4>
      <ActionForm action={action} successMessage={addedMessage} resetOnSuccess>
        <input type="hidden" name="dialogueId" value={driverRef.dialogueId} />
        <input type="hidden" name="driverId" value={driverRef.driverId} />
        {children}
        <SubmitButton>{title}</SubmitButton>
      </ActionForm>
    </section>
  );
}
