import { z } from 'zod';

export const teamRoleSchema = z.enum(['TEAM_ADMIN', 'RESPONDER', 'OBSERVER'], {
  message: 'role must be TEAM_ADMIN, RESPONDER or OBSERVER',
});

export const slugSchema = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'must be lowercase letters, digits and single hyphens, e.g. payments-api',
  );

export const createTeamInput = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  slug: slugSchema,
});

export const setTeamMemberInput = z.object({
  teamId: z.uuid(),
  userId: z.uuid(),
  role: teamRoleSchema,
});

export const removeTeamMemberInput = z.object({ teamId: z.uuid(), userId: z.uuid() });

export const setDefaultPolicyInput = z.object({
  teamId: z.uuid(),
  escalationPolicyId: z.uuid().nullable(),
});
