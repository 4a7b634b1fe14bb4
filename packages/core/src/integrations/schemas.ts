import { z } from 'zod';

const headerName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]{1,64}$/, 'must be an HTTP header name such as x-signature');

const dotPath = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\s]+$/, 'must be a dot path such as alert.labels.service');

export const fieldMappingSchema = z
  .object({
    dedupKey: dotPath.optional(),
    title: dotPath.optional(),
    description: dotPath.optional(),
    severity: dotPath.optional(),
    status: dotPath.optional(),
    resolvedValues: z.array(z.string().max(50)).max(20).optional(),
    acknowledgedValues: z.array(z.string().max(50)).max(20).optional(),
    source: dotPath.optional(),
    link: dotPath.optional(),
  })
  .strict();

const signatureFields = {
  signatureRequired: z.boolean().default(false),
  signatureHeader: headerName.default('x-pagefree-signature'),
  signatureEncoding: z.enum(['hex', 'base64']).default('hex'),
  timestampHeader: headerName.nullable().default(null),
};

export const createIntegrationInput = z.object({
  serviceId: z.uuid(),
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  format: z.enum(['alertmanager', 'grafana', 'pagerduty', 'datadog', 'newrelic', 'generic'], {
    message: 'format must be alertmanager, grafana, pagerduty, datadog, newrelic or generic',
  }),
  fieldMapping: fieldMappingSchema.nullable().default(null),
  ...signatureFields,
});

export const updateIntegrationInput = z.object({
  integrationId: z.uuid(),
  name: z.string().trim().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
  fieldMapping: fieldMappingSchema.nullable().optional(),
  signatureRequired: z.boolean().optional(),
  signatureHeader: headerName.optional(),
  signatureEncoding: z.enum(['hex', 'base64']).optional(),
  timestampHeader: headerName.nullable().optional(),
});

export const rotateSecretInput = z.object({
  integrationId: z.uuid(),
  /** How long the previous secret keeps verifying, so senders can switch without losing alerts. */
  overlapHours: z
    .number()
    .int()
    .min(0)
    .max(168, 'overlapHours must be at most 168 (7 days)')
    .default(24),
});
