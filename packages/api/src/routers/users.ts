import { createUser } from '@pagefree/core/users/create-user';
import { changePassword, getProfile, listUsers } from '@pagefree/core/users/profile';
import { changePasswordInput, createUserInput } from '@pagefree/core/users/schemas';
import { z } from 'zod';
import { authedProcedure, callerOf, router } from '../trpc.ts';

export const usersRouter = router({
  me: authedProcedure
    .meta({ scope: 'config:read' })
    .query(({ ctx }) => getProfile(ctx.deps.db, ctx.principal)),
  list: authedProcedure
    .meta({ scope: 'config:read' })
    .input(
      z
        .object({
          search: z.string().trim().max(100).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => listUsers(ctx.deps.db, ctx.principal, input)),
  create: authedProcedure
    .meta({ scope: 'config:write' })
    .input(createUserInput)
    .mutation(({ ctx, input }) => createUser(ctx.deps, callerOf(ctx), input)),
  /** Sessions only: an API key must not be able to change its owner's password. */
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await changePassword(ctx.deps, callerOf(ctx), input);
    return { ok: true };
  }),
});
