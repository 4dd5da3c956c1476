"use client";

import { markAllNotificationsReadAction, markNotificationReadAction } from "@/app/(workspace)/inbox/actions";
import { ActionForm } from "@/components/ui/action-form";
import { SubmitButton } from "@/components/ui/submit-button";

/**
 * "Markera som läst" for one notification. The form stays where it is once the notification is
 * read (the button goes), so its outcome is still announced after the page re-renders; focus moves
 * to the notification's link.
 */
export function MarkReadForm({
  notificationId,
  isRead,
  label,
  namedLabel,
  successMessage,
  focusAfterSuccess,
}: {
  notificationId: string;
  isRead: boolean;
  label: string;
  /** The button's accessible name: the visible label and which notification. */
  namedLabel: string;
  successMessage: string;
  focusAfterSuccess: string;
}) {
  return (
    <ActionForm action={markNotificationReadAction} successMessage={successMessage} focusAfterSuccess={focusAfterSuccess}>
      <input type="hidden" name="notificationId" value={notificationId} />
      {isRead ? null : (
        <SubmitButton variant="secondary" ariaLabel={namedLabel}>
          {label}
        </SubmitButton>
      )}
    </ActionForm>
  );
}

/** "Markera alla som lästa": always in place, so its outcome is announced; the button only while something is unread. */
export function MarkAllReadForm({ hasUnread, label, successMessage }: { hasUnread: boolean; label: string; successMessage: string }) {
  return (
    <ActionForm action={markAllNotificationsReadAction} successMessage={successMessage} focusAfterSuccess="inbox-heading">
      {hasUnread ? <SubmitButton variant="secondary">{label}</SubmitButton> : null}
    </ActionForm>
  );
}
