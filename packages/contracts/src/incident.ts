import { z } from 'zod';

export const incidentStatusSchema = z.enum(['triggered', 'acknowledged', 'resolved']);
export const severitySchema = z.enum(['critical', 'error', 'warning', 'info']);
export const prioritySchema = z.enum(['P1', 'P2', 'P3', 'P4', 'P5']);

export const linkSchema = z.object({ href: z.string(), text: z.string() });

/** An incident as lists, sockets and the console show it. Dates are ISO 8601 strings. */
export const incidentSummarySchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  title: z.string(),
  status: incidentStatusSchema,
  severity: severitySchema,
  priority: prioritySchema,
  teamId: z.uuid(),
  service: z.object({ id: z.uuid(), name: z.string() }),
  assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  alertCount: z.number().int(),
  escalationLevel: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

export const timelineEntrySchema = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
