import { recordAuditEvent } from '@pagefree/core/audit/record-audit-event';
import { createApiKey, listApiKeys, revokeApiKey } from '@pagefree/core/auth/api-keys';
import { login } from '@pagefree/core/auth/login';
import { actorOf } from '@pagefree/core/auth/principal';
import { createApiKeyInput, loginInput } from '@pagefree/core/auth/schemas';
import { revokeSession, SESSION_COOKIE } from '@pagefree/core/auth/sessions';
import { getProfile } from '@pagefree/core/users/profile';
import { z } from 'zod';
import { serializeCookie } from '../cookies.ts';
import { authedProcedure, callerOf, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  /** Signs in with email and password and sets the session cookie. */
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const result = await login(
      {
        db: ctx.deps.db,
        now: ctx.deps.clock.now(),
        sessionTtlHours: ctx.deps.sessionTtlHours,
        ...(ctx.deps.loginThrottle && { throttle: ctx.deps.loginThrottle }),
      },
      { email: input.email, password: input.password, ip: ctx.ip, userAgent: ctx.userAgent },
    );
    ctx.setCookie(
      serializeCookie(SESSION_COOKIE, result.token, {
        expires: result.expiresAt,
        secure: ctx.deps.secureCookies,
      }),
    );
    return { user: result.user, expiresAt: result.expiresAt.toISOString() };
  }),

  /** The signed-in user, or null; the console calls this to decide whether to show sign-in. */
  session: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.principal || ctx.principal.via.kind !== 'session') return null;
    return getProfile(ctx.deps.db, ctx.principal);
  }),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    if (ctx.principal.via.kind === 'session') {
      const sessionId = ctx.principal.via.sessionId;
      await revokeSession(ctx.deps.db, sessionId, ctx.deps.clock.now());
      await recordAuditEvent(ctx.deps.db, actorOf(ctx.principal, ctx.ip), {
        action: 'auth.logout',
        resourceType: 'session',
        resourceId: sessionId,
      });
      ctx.deps.onSessionEnded(sessionId);
    }
    ctx.setCookie(
      serializeCookie(SESSION_COOKIE, '', { expires: new Date(0), secure: ctx.deps.secureCookies }),
    );
    return { ok: true };
  }),

  apiKeys: router({
    list: authedProcedure.query(({ ctx }) => listApiKeys(ctx.deps.db, ctx.principal.userId)),
    create: authedProcedure.input(createApiKeyInput).mutation(({ ctx, input }) =>
      createApiKey(ctx.deps.db, actorOf(ctx.principal, ctx.ip), {
        userId: ctx.principal.userId,
        name: input.name,
        scopes: input.scopes,
        expiresInDays: input.expiresInDays,
        now: ctx.deps.clock.now(),
      }),
    ),
    revoke: authedProcedure
      .input(z.object({ apiKeyId: z.uuid() }))
      .mutation(async ({ ctx, input }) => {
        const caller = callerOf(ctx);
        await revokeApiKey(ctx.deps.db, actorOf(caller.principal, caller.ip), {
          userId: ctx.principal.userId,
          apiKeyId: input.apiKeyId,
          now: ctx.deps.clock.now(),
        });
        return { ok: true };
      }),
  }),
});
