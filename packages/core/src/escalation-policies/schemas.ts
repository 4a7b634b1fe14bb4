import { z } from 'zod';

export const escalationTargetInput = z.object({
  type: z.enum(['user', 'schedule', 'team'], { message: 'type must be user, schedule or team' }),
  id: z.uuid({ message: 'id must be the UUID of the user, schedule or team' }),
});

export const escalationLevelInput = z.object({
  delayMinutes: z
    .number()
    .int()
    .min(1, 'delayMinutes must be at least 1 minute')
    .max(1440, 'delayMinutes must be at most 1440 (24 hours)'),
  targets: z.array(escalationTargetInput).min(1, 'each level needs at least one target').max(20),
});

const policyFields = {
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  description: z.string().max(2000).default(''),
  repeatCount: z.number().int().min(0).max(9, 'repeatCount must be between 0 and 9').default(0),
  levels: z
    .array(escalationLevelInput)
    .min(1, 'a policy needs at least one level')
    .max(10, 'a policy has at most 10 levels'),
};

export const createEscalationPolicyInput = z.object({ teamId: z.uuid(), ...policyFields });
export const updateEscalationPolicyInput = z.object({ policyId: z.uuid(), ...policyFields });

export type EscalationPolicyFields = {
  name: string;
  description: string;
  repeatCount: number;
  levels: z.output<typeof escalationLevelInput>[];
};
