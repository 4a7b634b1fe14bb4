import { z } from 'zod';
import { validateTimeZone } from '../schedules/rotation.ts';

/** Paths the status site uses for itself, so no page may take them as its slug. */
export const RESERVED_SLUGS = new Set(['api', 'assets', 'healthz', 'readyz', 'status', 'static']);

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    'slug must be 1-63 lowercase letters, digits or hyphens, and not start or end with a hyphen',
  )
  .refine((value) => !RESERVED_SLUGS.has(value), {
    message: `slug must not be one of ${[...RESERVED_SLUGS].join(', ')}`,
  });

const timeZone = z.string().refine(validateTimeZone, {
  message: 'timeZone must be an IANA time zone name such as Europe/Berlin',
});

/**
 * A CSP source for frame-ancestors: an http(s) origin, optionally with a `*.` wildcard
 * subdomain. Anything else (paths, spaces, semicolons, quotes) is rejected, because the
 * value is copied into a response header.
 */
const frameOrigin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/,
    'frameAncestors entries must be origins such as https://example.com or https://*.example.com',
  );

const name = z.string().trim().min(1, 'name must not be empty').max(120);
const title = z.string().trim().min(1, 'title must not be empty').max(200);
const markdown = z.string().trim().max(20_000, 'the text must be at most 20,000 characters');
const isoInstant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with offset',
});

export const statusIncidentStatusSchema = z.enum([
  'investigating',
  'identified',
  'monitoring',
  'resolved',
]);
export const statusImpactSchema = z.enum(['none', 'minor', 'major', 'critical']);
export const incidentComponentStatusSchema = z.enum([
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
]);

const componentImpacts = z
  .array(z.object({ componentId: z.uuid(), status: incidentComponentStatusSchema }))
  .max(100)
  .refine((list) => new Set(list.map((item) => item.componentId)).size === list.length, {
    message: 'components must not list a component twice',
  });

export const pageIdInput = z.object({ pageId: z.uuid() });

export const createPageInput = z.object({
  teamId: z.uuid(),
  slug,
  name,
  description: z.string().trim().max(1_000).default(''),
  visibility: z.enum(['public', 'private']).default('public'),
  timeZone: timeZone.default('UTC'),
  frameAncestors: z.array(frameOrigin).max(20).default([]),
  supportUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
});

export const updatePageInput = z.object({
  pageId: z.uuid(),
  slug: slug.optional(),
  name: name.optional(),
  description: z.string().trim().max(1_000).optional(),
  visibility: z.enum(['public', 'private']).optional(),
  timeZone: timeZone.optional(),
  frameAncestors: z.array(frameOrigin).max(20).optional(),
  supportUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
});

export const createSectionInput = z.object({
  pageId: z.uuid(),
  name,
  position: z.number().int().min(0).max(10_000).optional(),
});

export const updateSectionInput = z.object({
  sectionId: z.uuid(),
  name: name.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export const sectionIdInput = z.object({ sectionId: z.uuid() });

const serviceIds = z.array(z.uuid()).max(50);

export const createComponentInput = z.object({
  pageId: z.uuid(),
  sectionId: z.uuid().nullable().default(null),
  name,
  description: z.string().trim().max(1_000).default(''),
  position: z.number().int().min(0).max(10_000).optional(),
  showUptime: z.boolean().default(true),
  serviceIds: serviceIds.default([]),
});

export const updateComponentInput = z.object({
  componentId: z.uuid(),
  sectionId: z.uuid().nullable().optional(),
  name: name.optional(),
  description: z.string().trim().max(1_000).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  showUptime: z.boolean().optional(),
  /** Replaces the mapping when given. */
  serviceIds: serviceIds.optional(),
});

export const componentIdInput = z.object({ componentId: z.uuid() });

export const createStatusIncidentInput = z.object({
  pageId: z.uuid(),
  /** Fills title, body and status that the input leaves out. */
  templateId: z.uuid().optional(),
  title: title.optional(),
  status: statusIncidentStatusSchema.optional(),
  body: markdown.optional(),
  /** Derived from the worst component impact when left out. */
  impact: statusImpactSchema.optional(),
  components: componentImpacts.default([]),
  /** Internal incidents this status incident reports on; they are never shown on the page. */
  linkedIncidentIds: z.array(z.uuid()).max(50).default([]),
  notifySubscribers: z.boolean().default(true),
});

export const addStatusIncidentUpdateInput = z.object({
  statusIncidentId: z.uuid(),
  status: statusIncidentStatusSchema,
  body: markdown.min(1, 'body must not be empty'),
  /** Replaces the stated component impacts when given. */
  components: componentImpacts.optional(),
  impact: statusImpactSchema.optional(),
  notifySubscribers: z.boolean().default(true),
});

export const updateStatusIncidentInput = z.object({
  statusIncidentId: z.uuid(),
  title: title.optional(),
  impact: statusImpactSchema.optional(),
  linkedIncidentIds: z.array(z.uuid()).max(50).optional(),
});

export const statusIncidentIdInput = z.object({ statusIncidentId: z.uuid() });

export const listStatusIncidentsInput = z.object({
  pageId: z.uuid(),
  unresolvedOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});

export const createTemplateInput = z.object({
  pageId: z.uuid(),
  name,
  title,
  body: markdown,
  status: statusIncidentStatusSchema.default('investigating'),
});

export const updateTemplateInput = z.object({
  templateId: z.uuid(),
  name: name.optional(),
  title: title.optional(),
  body: markdown.optional(),
  status: statusIncidentStatusSchema.optional(),
});

export const templateIdInput = z.object({ templateId: z.uuid() });

const recurrence = z
  .object({
    frequency: z.enum(['daily', 'weekly', 'monthly']),
    interval: z.number().int().min(1).max(52).default(1),
    /** No occurrence starts after this instant. */
    until: isoInstant.nullable().default(null),
  })
  .nullable()
  .default(null);

export const createMaintenanceInput = z.object({
  pageId: z.uuid(),
  title,
  body: markdown.default(''),
  /** Zone whose wall-clock time recurrences keep; defaults to the page's. */
  timeZone: timeZone.optional(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  recurrence,
  notifyMinutesBefore: z.number().int().min(0).max(10_080).default(60),
  componentIds: z.array(z.uuid()).max(100).default([]),
  notifySubscribers: z.boolean().default(true),
});

export const updateMaintenanceInput = z.object({
  maintenanceId: z.uuid(),
  title: title.optional(),
  body: markdown.optional(),
  timeZone: timeZone.optional(),
  startsAt: isoInstant.optional(),
  endsAt: isoInstant.optional(),
  recurrence: recurrence.optional(),
  notifyMinutesBefore: z.number().int().min(0).max(10_080).optional(),
  componentIds: z.array(z.uuid()).max(100).optional(),
});

export const maintenanceIdInput = z.object({ maintenanceId: z.uuid() });

export const listMaintenancesInput = z.object({
  pageId: z.uuid(),
  includeFinished: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});

export const listSubscribersInput = z.object({
  pageId: z.uuid(),
  limit: z.number().int().min(1).max(500).default(100),
  /** The `createdAt` of the last subscriber of the previous page. */
  before: isoInstant.optional(),
});

export const subscriberIdInput = z.object({ subscriberId: z.uuid() });
