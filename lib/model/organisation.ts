import { z } from "zod";
import { requiredText } from "../validation";
import { MEMBER_ROLES, ORGANISATION_TYPES, REGION_CODES } from "./enums";
import { idSchema } from "./ids";

export const createOrganisationSchema = z.object({
  dialogueId: idSchema,
  name: requiredText(200),
  type: z.enum(ORGANISATION_TYPES),
  regionCode: z.preprocess((value) => (value === "" ? undefined : value), z.enum(REGION_CODES).optional()),
});
export type CreateOrganisationInput = z.infer<typeof createOrganisationSchema>;

export const addDialogueOrganisationSchema = z.object({ dialogueId: idSchema, organisationId: idSchema });

export const inviteMemberSchema = z.object({
  dialogueId: idSchema,
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().max(200).default(""),
  organisationId: idSchema,
  role: z.enum(MEMBER_ROLES),
});
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const changeMemberRoleSchema = z.object({
  dialogueId: idSchema,
  memberId: idSchema,
  role: z.enum(MEMBER_ROLES),
});
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleSchema>;

export const removeMemberSchema = z.object({ dialogueId: idSchema, memberId: idSchema });
