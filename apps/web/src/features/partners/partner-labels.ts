import type { RouterOutputs } from '../../lib/trpc.ts';

export type Partner = RouterOutputs['partners']['list'][number];
export type PartnerPage = RouterOutputs['partners']['pages']['list'][number];
export type Grant = RouterOutputs['partners']['grants']['list'][number];
export type AccessToken = RouterOutputs['partners']['tokens']['list'][number];
export type PartnerSession = RouterOutputs['partners']['sessions']['list'][number];
export type PartnerAuditEvent = RouterOutputs['partners']['audit']['list'][number];

/** Token and session states with the badge class that marks them; the text is always shown. */
export const STATE_BADGES: Record<string, { label: string; className: string }> = {
  active: { label: 'Active', className: 'badge badge-on' },
  expired: { label: 'Expired', className: 'badge badge-off' },
  revoked: { label: 'Revoked', className: 'badge badge-bad' },
  ended: { label: 'Ended', className: 'badge badge-off' },
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'sign_in.link_requested': 'Sign-in link requested',
  'sign_in.completed': 'Signed in',
  sign_out: 'Signed out',
  'page.accessed': 'Page read',
  'access.denied': 'Page request',
};

/** Reasons a partner was turned away, in the words the admin screens use. */
export const DENIAL_REASON_LABELS: Record<string, string> = {
  invalid_credential: 'unknown or signed-out credential',
  expired: 'credential expired',
  revoked: 'access revoked',
  other_page: 'credential for another page',
  route_not_allowed: 'not a reading route',
  rate_limited: 'over the rate limit',
  unknown_email: 'unknown email address',
  no_grant: 'no access to this page',
  partner_deactivated: 'partner deactivated',
  page_not_found: 'no such page',
  too_many_links: 'too many links requested',
  link_used: 'link already used',
  link_expired: 'link expired',
  invalid_link: 'invalid link',
};

export const SESSION_END_LABELS: Record<string, string> = {
  signed_out: 'signed out',
  replaced: 'signed in again',
  ended_by_admin: 'ended by an admin',
  grant_revoked: 'access revoked',
  partner_deactivated: 'partner deactivated',
};

/** Shortens a user agent to its product tokens for tables; the full value is in the title. */
export function shortUserAgent(userAgent: string | null): string {
  if (!userAgent) return '—';
  const browser = /(Firefox|Edg|Chrome|Safari|curl|python-requests|Go-http-client)\/[\d.]+/.exec(
    userAgent,
  );
  return browser ? browser[0] : userAgent.slice(0, 40);
}
