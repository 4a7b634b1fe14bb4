import { createIntegration } from '@pagefree/core/integrations/create-integration';
import {
  listIntegrations,
  listRecentDeliveries,
} from '@pagefree/core/integrations/list-integrations';
import { rotateSigningSecret } from '@pagefree/core/integrations/rotate-signing-secret';
import {
  createIntegrationInput,
  rotateSecretInput,
  updateIntegrationInput,
} from '@pagefree/core/integrations/schemas';
import { sendTestAlert } from '@pagefree/core/integrations/send-test-alert';
import { updateIntegration } from '@pagefree/core/integrations/update-integration';
import { z } from 'zod';
import { authedProcedure, callerOf, router } from '../trpc.ts';

const read = authedProcedure.meta({ scope: 'config:read' });
const write = authedProcedure.meta({ scope: 'config:write' });

export const integrationsRouter = router({
  list: read.input(z.object({ serviceId: z.uuid() })).query(({ ctx, input }) =>
    listIntegrations(ctx.deps.db, ctx.principal, {
      serviceId: input.serviceId,
      publicUrl: ctx.deps.publicUrl,
    }),
  ),
  /** Returns the signing secret once; no later call includes it. */
  create: write
    .input(createIntegrationInput)
    .mutation(({ ctx, input }) => createIntegration(ctx.deps, callerOf(ctx), input)),
  update: write
    .input(updateIntegrationInput)
    .mutation(({ ctx, input }) => updateIntegration(ctx.deps, callerOf(ctx), input)),
  rotateSecret: write
    .input(rotateSecretInput)
    .mutation(({ ctx, input }) => rotateSigningSecret(ctx.deps, callerOf(ctx), input)),
  deliveries: read
    .input(
      z.object({ integrationId: z.uuid(), limit: z.number().int().min(1).max(200).default(50) }),
    )
    .query(({ ctx, input }) => listRecentDeliveries(ctx.deps.db, ctx.principal, input)),
  /** Opens a real, low-priority incident through the integration's parser; it pages on-call. */
  sendTestAlert: write
    .input(z.object({ integrationId: z.uuid() }))
    .mutation(({ ctx, input }) => sendTestAlert(ctx.deps, callerOf(ctx), input)),
});
