import type { Partner } from '@pagefree/db';

/** A partner account as the admin API returns it. */
export function toPartnerView(row: Partner) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    organisation: row.organisation,
    active: row.deactivated_at === null,
    deactivatedAt: row.deactivated_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export type PartnerView = ReturnType<typeof toPartnerView>;

/** Returns the partners' sign-in URL of a status page, e.g. https://status.example.com/acme/partner/sign-in. */
export function signInUrl(statusSiteUrl: string | null, slug: string): string | null {
  return statusSiteUrl ? `${statusSiteUrl}/${slug}/partner/sign-in` : null;
}

/** State of an access token or session at `now`; `revoked` covers every withdrawal. */
export function credentialState(
  row: { expires_at: Date; revoked_at: Date | null },
  now: Date,
): 'active' | 'expired' | 'revoked' {
  if (row.revoked_at) return 'revoked';
  return row.expires_at <= now ? 'expired' : 'active';
}
