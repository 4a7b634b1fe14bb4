import { z } from 'zod';

export const passwordSchema = z
  .string()
  .min(12, 'password must be at least 12 characters')
  .max(1024, 'password must be at most 1024 characters');

export const createUserInput = z.object({
  email: z.email({ message: 'email must be an email address' }).max(320),
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  password: passwordSchema,
  platformRole: z.enum(['PLATFORM_ADMIN', 'USER']).default('USER'),
});

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: passwordSchema,
});
