import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { enumOptions, regionOptions } from "@/components/forms/options";
import {
  AddOrganisationForm,
  ChangeRoleForm,
  CreateOrganisationForm,
  InviteForm,
  RemoveMemberForm,
  RemoveOrganisationForm,
} from "@/components/members/member-forms";
import { MEMBER_ROLES, ORGANISATION_TYPES } from "@/lib/model/enums";
import { loadPage } from "@/lib/server/page";
import { getDialogueDetails } from "@/lib/server/services/dialogues";
import { getMembersPage } from "@/lib/server/services/members";

type Params = { params: Promise<{ dialogueId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("members"))("title") };
}

export default async function MembersPage({ params }: Params) {
  const { dialogueId } = await params;
  const [details, data, user] = await loadPage(async (actor) =>
    Promise.all([getDialogueDetails(actor, dialogueId), getMembersPage(actor, dialogueId), Promise.resolve(actor)]),
  );
  const t = await getTranslations("members");
  const tEnums = await getTranslations("enums");
  const format = await getFormatter();
  const roleOptions = await enumOptions("role", MEMBER_ROLES);
  const participatingOptions = data.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }));
  return (
    <>
      <p className="mb-2">
        <Link href={`/dialogues/${dialogueId}`}>{details.dialogue.planningQuestion}</Link>
      </p>
      <h1 className="mb-6 text-3xl font-bold">{t("title")}</h1>

      <section aria-labelledby="members-title" className="rounded bg-white p-5 shadow-sm">
        <h2 id="members-title" className="mb-3 text-2xl font-bold">
          {t("membersTitle")}
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left">
            <thead>
              <tr className="bg-brand-50">
                <th scope="col" className="border border-gray-300 p-2">{t("name")}</th>
                <th scope="col" className="border border-gray-300 p-2">{t("organisation")}</th>
                <th scope="col" className="border border-gray-300 p-2">{t("role")}</th>
                {data.canManage ? <th scope="col" className="border border-gray-300 p-2">{t("actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.members.map((member) => {
                const name = member.name ?? member.email;
                return (
                  <tr key={member.id}>
                    <th scope="row" className="border border-gray-300 p-2 font-normal">
                      {name} {member.userId === user.userId ? t("you") : null}
                      {data.canManage ? <span className="block text-sm text-muted">{member.email}</span> : null}
                    </th>
                    <td className="border border-gray-300 p-2">{member.organisationName}</td>
                    <td className="border border-gray-300 p-2">{tEnums(`role.${member.role}`)}</td>
                    {data.canManage ? (
                      <td className="border border-gray-300 p-2">
                        <ChangeRoleForm dialogueId={dialogueId} memberId={member.id} name={name} role={member.role} roleOptions={roleOptions} />
                        <RemoveMemberForm dialogueId={dialogueId} memberId={member.id} name={name} />
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      {data.canManage ? (
        <>
          <section aria-labelledby="invite-title" className="mt-6 rounded bg-white p-5 shadow-sm">
            <h2 id="invite-title" className="mb-3 text-2xl font-bold">
              {t("invite.title")}
            </h2>
            <InviteForm dialogueId={dialogueId} organisationOptions={participatingOptions} roleOptions={roleOptions} />
            <h3 className="mb-2 mt-6 text-lg font-semibold">{t("pending")}</h3>
            {data.pendingInvitations.length === 0 ? <p>{t("pendingNone")}</p> : null}
            <ul className="list-disc pl-6">
              {data.pendingInvitations.map((invitation) => (
                <li key={invitation.id}>
                  {invitation.email} – {invitation.organisationName}, {tEnums(`role.${invitation.role}`)} (
                  {t("expires", { date: format.dateTime(invitation.expiresAt, { dateStyle: "medium" }) })})
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}

      <section aria-labelledby="organisations-title" className="mt-6 rounded bg-white p-5 shadow-sm">
        <h2 id="organisations-title" className="mb-3 text-2xl font-bold">
          {t("organisations.title")}
        </h2>
        <ul className="mb-4 space-y-1">
          {data.organisations.map((organisation) => (
            <li key={organisation.id} className="flex flex-wrap items-center justify-between gap-2 border-b border-gray-200 py-1">
              <span>
                {organisation.name} <span className="text-sm text-muted">({tEnums(`organisationType.${organisation.type}`)})</span>
              </span>
              {data.canManage ? <RemoveOrganisationForm dialogueId={dialogueId} organisationId={organisation.id} name={organisation.name} /> : null}
            </li>
          ))}
        </ul>
        {data.canManage ? (
          <>
            <AddOrganisationForm
              dialogueId={dialogueId}
              organisationOptions={data.otherOrganisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
            />
            <h3 className="mb-2 mt-4 text-lg font-semibold">{t("organisations.create")}</h3>
            <CreateOrganisationForm
              dialogueId={dialogueId}
              typeOptions={await enumOptions("organisationType", ORGANISATION_TYPES)}
              regionOptions={await regionOptions({ includeNational: false })}
            />
          </>
        ) : null}
      </section>
    </>
  );
}
