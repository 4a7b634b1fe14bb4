import { createEscalationPolicy } from '@pagefree/core/escalation-policies/create-policy';
import {
  getEscalationPolicy,
  listEscalationPolicies,
} from '@pagefree/core/escalation-policies/list-policies';
import {
  createEscalationPolicyInput,
  updateEscalationPolicyInput,
} from '@pagefree/core/escalation-policies/schemas';
import { updateEscalationPolicy } from '@pagefree/core/escalation-policies/update-policy';
import { z } from 'zod';
import { authedProcedure, callerOf, router } from '../trpc.ts';

const read = authedProcedure.meta({ scope: 'config:read' });
const write = authedProcedure.meta({ scope: 'config:write' });

export const escalationPoliciesRouter = router({
  list: read
    .input(z.object({ teamId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => listEscalationPolicies(ctx.deps.db, ctx.principal, input)),
  get: read
    .input(z.object({ policyId: z.uuid() }))
    .query(({ ctx, input }) => getEscalationPolicy(ctx.deps.db, ctx.principal, input.policyId)),
  create: write
    .input(createEscalationPolicyInput)
    .mutation(({ ctx, input }) => createEscalationPolicy(ctx.deps, callerOf(ctx), input)),
  update: write.input(updateEscalationPolicyInput).mutation(async ({ ctx, input }) => {
    await updateEscalationPolicy(ctx.deps, callerOf(ctx), input);
    return { ok: true };
  }),
});
