import { listAuditEvents, listAuditEventsInput } from '@pagefree/core/audit/list-audit-events';
import { platformAdminProcedure, router } from '../trpc.ts';

export const auditRouter = router({
  list: platformAdminProcedure
    .input(listAuditEventsInput.default({ limit: 100 }))
    .query(({ ctx, input }) => listAuditEvents(ctx.deps.db, ctx.principal, input)),
});
