"use client";

import { updateNotificationSettingsAction } from "@/app/(workspace)/settings/notifications/actions";
import { ActionForm } from "@/components/ui/action-form";
import { ChoiceGroup, type Option } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

interface NotificationSettingsFormProps {
  level: string;
  emailMode: string;
  levelLegend: string;
  levelOptions: Option[];
  emailLegend: string;
  emailOptions: Option[];
  emailHint: string;
  submitLabel: string;
  successMessage: string;
}

/** Two radio groups (fieldset and legend each), saved with a server action; success is announced politely. */
export function NotificationSettingsForm(props: NotificationSettingsFormProps) {
  return (
    <ActionForm action={updateNotificationSettingsAction} successMessage={props.successMessage} className="max-w-2xl">
      <ChoiceGroup type="radio" name="level" legend={props.levelLegend} options={props.levelOptions} defaultValues={[props.level]} />
      <ChoiceGroup
        type="radio"
        name="emailMode"
        legend={props.emailLegend}
        hint={props.emailHint}
        options={props.emailOptions}
        defaultValues={[props.emailMode]}
      />
      <SubmitButton>{props.submitLabel}</SubmitButton>
    </ActionForm>
  );
}
