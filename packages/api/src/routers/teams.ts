import { setTeamDefaultPolicy } from '@pagefree/core/escalation-policies/update-policy';
import { createTeam } from '@pagefree/core/teams/create-team';
import { listTeamMembers, listTeams } from '@pagefree/core/teams/list-teams';
import { removeTeamMember, setTeamMember } from '@pagefree/core/teams/members';
import {
  createTeamInput,
  removeTeamMemberInput,
  setDefaultPolicyInput,
  setTeamMemberInput,
} from '@pagefree/core/teams/schemas';
import { z } from 'zod';
import { authedProcedure, callerOf, router } from '../trpc.ts';

const read = authedProcedure.meta({ scope: 'config:read' });
const write = authedProcedure.meta({ scope: 'config:write' });

export const teamsRouter = router({
  list: read.query(({ ctx }) => listTeams(ctx.deps.db, ctx.principal)),
  members: read
    .input(z.object({ teamId: z.uuid() }))
    .query(({ ctx, input }) => listTeamMembers(ctx.deps.db, ctx.principal, input.teamId)),
  create: write
    .input(createTeamInput)
    .mutation(({ ctx, input }) => createTeam(ctx.deps, callerOf(ctx), input)),
  setMember: write.input(setTeamMemberInput).mutation(async ({ ctx, input }) => {
    await setTeamMember(ctx.deps, callerOf(ctx), input);
    return { ok: true };
  }),
  removeMember: write.input(removeTeamMemberInput).mutation(async ({ ctx, input }) => {
    await removeTeamMember(ctx.deps, callerOf(ctx), input);
    return { ok: true };
  }),
  setDefaultEscalationPolicy: write
    .input(setDefaultPolicyInput)
    .mutation(async ({ ctx, input }) => {
      await setTeamDefaultPolicy(ctx.deps, callerOf(ctx), input);
      return { ok: true };
    }),
});
