import { z } from 'zod';
import { slugSchema } from '../teams/schemas.ts';

export const createServiceInput = z.object({
  teamId: z.uuid(),
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  routingKey: slugSchema,
  description: z.string().max(2000).default(''),
  escalationPolicyId: z.uuid().nullable().default(null),
});

export const updateServiceInput = z.object({
  serviceId: z.uuid(),
  name: z.string().trim().min(1, 'name must not be empty').max(100).optional(),
  description: z.string().max(2000).optional(),
  escalationPolicyId: z.uuid().nullable().optional(),
});
