import type { RouterInputs } from '../../../lib/trpc.ts';

export interface PartnerAuditFilters {
  partnerId: string;
  pageId: string;
  outcome: '' | 'allowed' | 'denied';
  action: string;
  ip: string;
  /** `YYYY-MM-DD` in the browser's time zone; the whole day is included. */
  fromDate: string;
  toDate: string;
}

export const EMPTY_PARTNER_AUDIT_FILTERS: PartnerAuditFilters = {
  partnerId: '',
  pageId: '',
  outcome: '',
  action: '',
  ip: '',
  fromDate: '',
  toDate: '',
};

/** Events per page of the partner audit log. */
export const PARTNER_AUDIT_PAGE_SIZE = 100;

/** Builds the `partners.audit.list` input; dates become local-midnight bounds. */
export function toPartnerAuditInput(
  filters: PartnerAuditFilters,
): NonNullable<RouterInputs['partners']['audit']['list']> {
  const startOfDay = (date: string) => new Date(`${date}T00:00:00`);
  const nextDay = (date: string) => {
    const day = startOfDay(date);
    day.setDate(day.getDate() + 1);
    return day;
  };
  return {
    partnerId: filters.partnerId || undefined,
    pageId: filters.pageId || undefined,
    outcome: filters.outcome || undefined,
    action: filters.action || undefined,
    ip: filters.ip.trim() || undefined,
    from: filters.fromDate ? startOfDay(filters.fromDate).toISOString() : undefined,
    to: filters.toDate ? nextDay(filters.toDate).toISOString() : undefined,
    limit: PARTNER_AUDIT_PAGE_SIZE,
  };
}
