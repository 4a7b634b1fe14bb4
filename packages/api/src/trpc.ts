import { requirePlatformAdmin, requireScope } from '@pagefree/core/auth/permissions';
import type { ApiScope, Principal } from '@pagefree/core/auth/principal';
import { initTRPC, TRPCError } from '@trpc/server';
import type { ApiContext } from './context.ts';
import { toTrpcError, validationField } from './errors.ts';
import { rejectNulCharacters } from './nul-characters.ts';

export interface ProcedureMeta {
  /** The API key scope the procedure needs; sessions carry every scope. */
  scope?: ApiScope;
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      return { ...shape, data: { ...shape.data, field: validationField(error), stack: undefined } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// Maps domain errors thrown anywhere below to tRPC codes, in this one place.
const mapErrors = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTrpcError(result.error);
    if (mapped.code === 'INTERNAL_SERVER_ERROR') {
      ctx.logger.error({ err: result.error.cause ?? result.error, path }, 'Procedure failed');
    }
    throw mapped;
  }
  return result;
});

// Runs before input parsing, so a NUL anywhere in the input is a 400 naming its field.
const rejectNul = t.middleware(async ({ getRawInput, next }) => {
  // A body that is not JSON fails here too. The input parser reports it if the procedure
  // takes input, and a procedure without input (a bodyless logout) never reads it.
  const input = await getRawInput().catch(() => undefined);
  rejectNulCharacters(input);
  return next();
});

/** Reachable without signing in: only `auth.login` and `auth.session` use it. */
export const publicProcedure = t.procedure.use(mapErrors).use(rejectNul);

/**
 * Requires a principal (session or API key) and the scope in the procedure's meta.
 * Default deny: a procedure without a scope is reachable by sessions only.
 */
export const authedProcedure = publicProcedure.use(({ ctx, meta, next }) => {
  if (!ctx.principal) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'Sign in to continue; your session may have expired.',
    });
  }
  if (meta?.scope) {
    requireScope(ctx.principal, meta.scope);
  } else if (ctx.principal.via.kind !== 'session') {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'This operation is not available to API keys; sign in instead.',
    });
  }
  return next({ ctx: { ...ctx, principal: ctx.principal as Principal } });
});

export const platformAdminProcedure = authedProcedure.use(({ ctx, next }) => {
  requirePlatformAdmin(ctx.principal);
  return next();
});

/** The caller object that services take, built from the request context. */
export function callerOf(ctx: { principal: Principal; ip: string | null }) {
  return { principal: ctx.principal, ip: ctx.ip };
}
