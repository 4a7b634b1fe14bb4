import { type FormEvent, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { AUDIT_ACTION_LABELS, type Partner, type PartnerPage } from '../partner-labels.ts';
import { EMPTY_PARTNER_AUDIT_FILTERS, type PartnerAuditFilters } from './partner-audit-filters.ts';

/** Filters applied on submit, like the main audit log's. */
export function PartnerAuditFiltersForm({
  initial,
  partners,
  pages,
  onApply,
}: {
  initial: PartnerAuditFilters;
  partners: Partner[];
  pages: PartnerPage[];
  onApply: (filters: PartnerAuditFilters) => void;
}) {
  const [draft, setDraft] = useState(initial);
  const set = (key: keyof PartnerAuditFilters) => (value: string) =>
    setDraft({ ...draft, [key]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className="audit-filters" onSubmit={submit} aria-label="Filter partner audit events">
      <Field label="Partner">
        <select value={draft.partnerId} onChange={(event) => set('partnerId')(event.target.value)}>
          <option value="">Anyone</option>
          {partners.map((partner) => (
            <option key={partner.id} value={partner.id}>
              {partner.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Status page">
        <select value={draft.pageId} onChange={(event) => set('pageId')(event.target.value)}>
          <option value="">Any page</option>
          {pages.map((page) => (
            <option key={page.id} value={page.id}>
              {page.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Outcome">
        <select value={draft.outcome} onChange={(event) => set('outcome')(event.target.value)}>
          <option value="">Any outcome</option>
          <option value="allowed">Allowed</option>
          <option value="denied">Denied</option>
        </select>
      </Field>
      <Field label="Event">
        <select value={draft.action} onChange={(event) => set('action')(event.target.value)}>
          <option value="">Any event</option>
          {Object.entries(AUDIT_ACTION_LABELS).map(([action, label]) => (
            <option key={action} value={action}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="IP address">
        <input value={draft.ip} onChange={(event) => set('ip')(event.target.value)} />
      </Field>
      <Field label="From">
        <input
          type="date"
          value={draft.fromDate}
          onChange={(event) => set('fromDate')(event.target.value)}
        />
      </Field>
      <Field label="To (inclusive)">
        <input
          type="date"
          value={draft.toDate}
          onChange={(event) => set('toDate')(event.target.value)}
        />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDraft(EMPTY_PARTNER_AUDIT_FILTERS);
            onApply(EMPTY_PARTNER_AUDIT_FILTERS);
          }}
        >
          Reset
        </button>
      </div>
    </form>
  );
}
