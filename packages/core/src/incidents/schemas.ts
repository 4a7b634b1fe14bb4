import { incidentStatusSchema, prioritySchema } from '@pagefree/contracts';
import { z } from 'zod';

export const incidentIdInput = z.object({
  incidentId: z.uuid({ message: 'incidentId must be a UUID' }),
});

export const listIncidentsInput = z.object({
  status: z.array(incidentStatusSchema).max(3).optional(),
  teamId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  priority: z.array(prioritySchema).max(5).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});
export type ListIncidentsInput = z.input<typeof listIncidentsInput>;

export const reassignIncidentInput = incidentIdInput.extend({
  assigneeId: z.uuid({ message: 'assigneeId must be the UUID of a user' }),
});

export const changePriorityInput = incidentIdInput.extend({ priority: prioritySchema });

export const addNoteInput = incidentIdInput.extend({
  text: z
    .string()
    .trim()
    .min(1, 'text must not be empty')
    .max(10_000, 'text must be at most 10,000 characters; attach long logs as a link'),
});

export const bulkIncidentInput = z.object({
  incidentIds: z
    .array(z.uuid())
    .min(1, 'select at least one incident')
    .max(100, 'select at most 100 incidents'),
});
