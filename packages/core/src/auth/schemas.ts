import { z } from 'zod';
import { API_SCOPES } from './principal.ts';

export const loginInput = z.object({
  email: z.email({ message: 'email must be an email address' }).max(320),
  password: z
    .string()
    .min(1, 'password must not be empty')
    .max(1024, 'password must be at most 1024 characters'),
});

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  scopes: z.array(z.enum(API_SCOPES)).min(1, 'choose at least one scope').max(API_SCOPES.length),
  expiresInDays: z.number().int().min(1).max(365).nullable().default(90),
});
