import { createService } from '@pagefree/core/services/create-service';
import { listServices } from '@pagefree/core/services/list-services';
import { createServiceInput, updateServiceInput } from '@pagefree/core/services/schemas';
import { updateService } from '@pagefree/core/services/update-service';
import { z } from 'zod';
import { authedProcedure, callerOf, router } from '../trpc.ts';

export const servicesRouter = router({
  list: authedProcedure
    .meta({ scope: 'config:read' })
    .input(z.object({ teamId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => listServices(ctx.deps.db, ctx.principal, input)),
  create: authedProcedure
    .meta({ scope: 'config:write' })
    .input(createServiceInput)
    .mutation(({ ctx, input }) => createService(ctx.deps, callerOf(ctx), input)),
  update: authedProcedure
    .meta({ scope: 'config:write' })
    .input(updateServiceInput)
    .mutation(({ ctx, input }) => updateService(ctx.deps, callerOf(ctx), input)),
});
