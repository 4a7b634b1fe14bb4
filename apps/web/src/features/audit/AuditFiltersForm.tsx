import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field.tsx';
import {
  type AuditFilters,
  EMPTY_AUDIT_FILTERS,
  KNOWN_ACTIONS,
  KNOWN_RESOURCE_TYPES,
} from './audit-filters.ts';

/** Filters applied on submit, so typing an id does not send a request per keystroke. */
export function AuditFiltersForm({
  initial,
  users,
  onApply,
}: {
  initial: AuditFilters;
  users: Array<{ id: string; name: string }>;
  onApply: (filters: AuditFilters) => void;
}) {
  const [draft, setDraft] = useState(initial);
  const set = (key: keyof AuditFilters) => (value: string) => setDraft({ ...draft, [key]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className="audit-filters" onSubmit={submit} aria-label="Filter audit events">
      <Field label="Actor">
        <select value={draft.actorId} onChange={(event) => set('actorId')(event.target.value)}>
          <option value="">Anyone</option>
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Action">
        <input
          list="audit-actions"
          value={draft.action}
          placeholder="e.g. incident.acknowledged"
          onChange={(event) => set('action')(event.target.value)}
        />
      </Field>
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <Field label="Resource type">
        <input
          list="audit-resource-types"
          value={draft.resourceType}
          placeholder="e.g. incident"
          onChange={(event) => set('resourceType')(event.target.value)}
        />
      </Field>
      <datalist id="audit-resource-types">
        {KNOWN_RESOURCE_TYPES.map((type) => (
          <option key={type} value={type} />
        ))}
      </datalist>
      <Field label="Resource id">
        <input
          value={draft.resourceId}
          onChange={(event) => set('resourceId')(event.target.value)}
        />
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
            setDraft(EMPTY_AUDIT_FILTERS);
            onApply(EMPTY_AUDIT_FILTERS);
          }}
        >
          Reset
        </button>
      </div>
    </form>
  );
}
