"use client";

import { ActionForm, type FormAction } from "./action-form";
import { SubmitButton } from "./submit-button";

interface MoveButtonsProps {
  action: FormAction;
  /** Hidden inputs identifying the item (dialogueId, driverId, itemId…). */
  fields: Record<string, string>;
  upLabel: string;
  downLabel: string;
  movedMessage: string;
  idPrefix: string;
  isFirst: boolean;
  isLast: boolean;
}

/**
 * Keyboard reordering: "move up" / "move down" buttons. After a move the same button gets focus
 * back (the list re-renders) and the result is announced.
 */
export function MoveButtons({ action, fields, upLabel, downLabel, movedMessage, idPrefix, isFirst, isLast }: MoveButtonsProps) {
  const hidden = Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
  return (
    <div className="flex gap-1">
      {isFirst ? null : (
        <ActionForm action={action} successMessage={movedMessage} focusAfterSuccess={`${idPrefix}-up`}>
          {hidden}
          <input type="hidden" name="direction" value="up" />
          <SubmitButton variant="secondary" id={`${idPrefix}-up`} ariaLabel={upLabel}>
            <span aria-hidden="true">↑</span>
          </SubmitButton>
        </ActionForm>
      )}
      {isLast ? null : (
        <ActionForm action={action} successMessage={movedMessage} focusAfterSuccess={`${idPrefix}-down`}>
          {hidden}
          <input type="hidden" name="direction" value="down" />
          <SubmitButton variant="secondary" id={`${idPrefix}-down`} ariaLabel={downLabel}>
            <span aria-hidden="true">↓</span>
          </SubmitButton>
        </ActionForm>
      )}
    </div>
  );
}
