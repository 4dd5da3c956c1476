"use client";

import { useTranslations } from "next-intl";
import {
  addDialogueOrganisationAction,
  changeMemberRoleAction,
  createOrganisationAction,
  inviteMemberAction,
  removeDialogueOrganisationAction,
  removeMemberAction,
} from "@/app/(workspace)/dialogues/[dialogueId]/actions";
import { ActionForm } from "@/components/ui/action-form";
import { SelectField, TextField, type Option } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function ChangeRoleForm({ dialogueId, memberId, name, role, roleOptions }: { dialogueId: string; memberId: string; name: string; role: string; roleOptions: Option[] }) {
  const t = useTranslations("members");
  return (
    <ActionForm action={changeMemberRoleAction} successMessage={t("roleChanged")} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="memberId" value={memberId} />
      <SelectField name="role" label={t("changeRole", { name })} options={roleOptions} defaultValue={role} />
      <div className="mb-4">
        <SubmitButton variant="secondary">{t("changeRoleSubmit")}</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function RemoveMemberForm({ dialogueId, memberId, name }: { dialogueId: string; memberId: string; name: string }) {
  const t = useTranslations("members");
  return (
    <ActionForm action={removeMemberAction} successMessage={t("removed")}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="memberId" value={memberId} />
      <SubmitButton variant="danger">{t("remove", { name })}</SubmitButton>
    </ActionForm>
  );
}

export function InviteForm({ dialogueId, organisationOptions, roleOptions }: { dialogueId: string; organisationOptions: Option[]; roleOptions: Option[] }) {
  const t = useTranslations("members.invite");
  const tMembers = useTranslations("members");
  const tForms = useTranslations("forms");
  return (
    <ActionForm action={inviteMemberAction} successMessage={t("sent")} resetOnSuccess>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField name="email" type="email" label={t("email")} autoComplete="off" required />
        <TextField name="name" label={t("name")} autoComplete="off" maxLength={200} />
        <SelectField name="organisationId" label={tMembers("organisation")} options={organisationOptions} emptyLabel={tForms("noneSelected")} required />
        <SelectField name="role" label={tMembers("role")} options={roleOptions} defaultValue="participant" required />
      </div>
      <SubmitButton>{t("submit")}</SubmitButton>
    </ActionForm>
  );
}

export function AddOrganisationForm({ dialogueId, organisationOptions }: { dialogueId: string; organisationOptions: Option[] }) {
  const t = useTranslations("members.organisations");
  const tForms = useTranslations("forms");
  return (
    <ActionForm action={addDialogueOrganisationAction} successMessage={t("added")} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <div className="min-w-64 flex-1">
        <SelectField name="organisationId" label={t("add")} options={organisationOptions} emptyLabel={tForms("noneSelected")} required />
      </div>
      <div className="mb-4">
        <SubmitButton variant="secondary">{t("addSubmit")}</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function CreateOrganisationForm({ dialogueId, typeOptions, regionOptions }: { dialogueId: string; typeOptions: Option[]; regionOptions: Option[] }) {
  const t = useTranslations("members.organisations");
  const tForms = useTranslations("forms");
  return (
    <ActionForm action={createOrganisationAction} successMessage={t("created")} resetOnSuccess>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <div className="grid gap-x-4 sm:grid-cols-3">
        <TextField name="name" label={t("name")} required maxLength={200} />
        <SelectField name="type" label={t("type")} options={typeOptions} emptyLabel={tForms("noneSelected")} required />
        <SelectField name="regionCode" label={t("regionCode")} options={regionOptions} emptyLabel={tForms("noneSelected")} />
      </div>
      <SubmitButton variant="secondary">{t("createSubmit")}</SubmitButton>
    </ActionForm>
  );
}

export function RemoveOrganisationForm({ dialogueId, organisationId, name }: { dialogueId: string; organisationId: string; name: string }) {
  const t = useTranslations("members.organisations");
  return (
    <ActionForm action={removeDialogueOrganisationAction} successMessage={t("removed")}>
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="organisationId" value={organisationId} />
      <SubmitButton variant="quiet">{t("remove", { name })}</SubmitButton>
    </ActionForm>
  );
}
