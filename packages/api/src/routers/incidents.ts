import { incidentSummarySchema, timelineEntrySchema } from '@pagefree/contracts';
import { acknowledgeIncident } from '@pagefree/core/incidents/acknowledge';
import { addIncidentNote } from '@pagefree/core/incidents/add-note';
import { changeIncidentPriority } from '@pagefree/core/incidents/change-priority';
import { getIncident, getIncidentAlerts, getIncidentTimeline } from '@pagefree/core/incidents/get';
import { listIncidents } from '@pagefree/core/incidents/list';
import { reassignIncident } from '@pagefree/core/incidents/reassign';
import { resolveIncident } from '@pagefree/core/incidents/resolve';
import {
  addNoteInput,
  bulkIncidentInput,
  changePriorityInput,
  incidentIdInput,
  listIncidentsInput,
  reassignIncidentInput,
} from '@pagefree/core/incidents/schemas';
import { DomainError } from '@pagefree/core/shared/errors';
import { z } from 'zod';
import { authedProcedure, callerOf, router } from '../trpc.ts';

const read = authedProcedure.meta({ scope: 'incidents:read' });
const write = authedProcedure.meta({ scope: 'incidents:write' });

export const incidentsRouter = router({
  list: read
    .input(listIncidentsInput.default({ limit: 50 }))
    .output(z.object({ items: z.array(incidentSummarySchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listIncidents(ctx.deps.db, ctx.principal, input)),

  get: read
    .input(incidentIdInput)
    .query(({ ctx, input }) => getIncident(ctx.deps.db, ctx.principal, input.incidentId)),

  timeline: read
    .input(incidentIdInput)
    .output(z.array(timelineEntrySchema))
    .query(({ ctx, input }) => getIncidentTimeline(ctx.deps.db, ctx.principal, input.incidentId)),

  alerts: read
    .input(incidentIdInput.extend({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => getIncidentAlerts(ctx.deps.db, ctx.principal, input)),

  acknowledge: write
    .input(incidentIdInput)
    .output(incidentSummarySchema)
    .mutation(({ ctx, input }) => acknowledgeIncident(ctx.deps, callerOf(ctx), input.incidentId)),

  /** Acknowledges each triggered incident; reports per incident instead of failing the batch. */
  acknowledgeMany: write.input(bulkIncidentInput).mutation(async ({ ctx, input }) => {
    const results = [];
    for (const incidentId of input.incidentIds) {
      try {
        const incident = await acknowledgeIncident(ctx.deps, callerOf(ctx), incidentId);
        results.push({ incidentId, ok: true as const, incident });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ incidentId, ok: false as const, error: error.message });
      }
    }
    return results;
  }),

  resolve: write
    .input(incidentIdInput)
    .output(incidentSummarySchema)
    .mutation(({ ctx, input }) => resolveIncident(ctx.deps, callerOf(ctx), input.incidentId)),

  reassign: write
    .input(reassignIncidentInput)
    .output(incidentSummarySchema)
    .mutation(({ ctx, input }) => reassignIncident(ctx.deps, callerOf(ctx), input)),

  changePriority: write
    .input(changePriorityInput)
    .output(incidentSummarySchema)
    .mutation(({ ctx, input }) => changeIncidentPriority(ctx.deps, callerOf(ctx), input)),

  addNote: write.input(addNoteInput).mutation(async ({ ctx, input }) => {
    await addIncidentNote(ctx.deps, callerOf(ctx), input);
    return { ok: true };
  }),
});
