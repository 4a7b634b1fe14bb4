import { z } from 'zod';
import { TOKEN_DEFAULT_DAYS } from './partner-tokens.ts';

const name = z.string().trim().min(1, 'name must not be empty').max(120);
const email = z
  .string()
  .trim()
  .max(254, 'email must be at most 254 characters')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email must be an address such as name@example.com');
const organisation = z.string().trim().max(120);
const isoInstant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with offset',
});

export const partnerIdInput = z.object({ partnerId: z.uuid() });
export const grantIdInput = z.object({ grantId: z.uuid() });
export const tokenIdInput = z.object({ tokenId: z.uuid() });
export const sessionIdInput = z.object({ sessionId: z.uuid() });

export const listPartnersInput = z.object({
  search: z.string().trim().max(100).optional(),
  includeDeactivated: z.boolean().default(true),
});

export const createPartnerInput = z.object({
  name,
  email,
  organisation: organisation.default(''),
});

export const updatePartnerInput = z.object({
  partnerId: z.uuid(),
  name: name.optional(),
  email: email.optional(),
  organisation: organisation.optional(),
});

export const setPartnerActiveInput = z.object({ partnerId: z.uuid(), active: z.boolean() });

export const setPageSensitiveInput = z.object({ pageId: z.uuid(), sensitive: z.boolean() });

export const createGrantInput = z.object({ partnerId: z.uuid(), pageId: z.uuid() });

export const listGrantsInput = z.object({
  partnerId: z.uuid().optional(),
  pageId: z.uuid().optional(),
  includeRevoked: z.boolean().default(false),
});

export const createTokenInput = z.object({
  grantId: z.uuid(),
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  /** Defaults to the longest the page allows: 90 days, or 30 for a sensitive page. */
  expiresInDays: z.number().int().min(1).max(TOKEN_DEFAULT_DAYS).optional(),
});

export const listTokensInput = z.object({
  partnerId: z.uuid().optional(),
  pageId: z.uuid().optional(),
  /** Also list revoked and expired tokens. */
  includeInactive: z.boolean().default(true),
});

export const listSessionsInput = z.object({
  partnerId: z.uuid().optional(),
  pageId: z.uuid().optional(),
  activeOnly: z.boolean().default(true),
  limit: z.number().int().min(1).max(500).default(200),
});

export const listPartnerAuditInput = z.object({
  partnerId: z.uuid().optional(),
  pageId: z.uuid().optional(),
  outcome: z.enum(['allowed', 'denied']).optional(),
  action: z.string().trim().max(100).optional(),
  ip: z.string().trim().max(100).optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** The `id` of the last event of the previous page. */
  beforeId: z
    .string()
    .regex(/^\d{1,18}$/, 'beforeId must be the id of a partner audit event')
    .optional(),
});
