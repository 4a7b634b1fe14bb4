import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import type { Partner } from '../partner-labels.ts';
import { PartnerForm } from './PartnerForm.tsx';

/** Partner accounts: create, edit, deactivate or reactivate, and delete. */
export function PartnersPanel() {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const partners = useQuery(
    trpc.partners.list.queryOptions({
      search: search.trim() || undefined,
      includeDeactivated: true,
    }),
  );

  return (
    <section aria-labelledby="partners-title">
      <div className="section-header">
        <h2 id="partners-title">Partner accounts</h2>
        <label className="inline-label partner-search">
          Search
          <input
            type="search"
            value={search}
            placeholder="Name, email or organisation"
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        {!creating ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New partner
          </button>
        ) : null}
      </div>
      {creating ? <PartnerForm onDone={() => setCreating(false)} /> : null}
      {partners.isPending ? (
        <LoadingState label="Loading partners…" />
      ) : partners.isError ? (
        <ErrorState error={partners.error} onRetry={() => partners.refetch()} />
      ) : partners.data.length === 0 ? (
        <EmptyState title={search ? 'No partner matches this search.' : 'No partners yet.'}>
          <p>Create a partner, then give them access to a private status page.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="table table-stack">
            <caption className="visually-hidden">Partner accounts, by name</caption>
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col">Organisation</th>
                <th scope="col">Status</th>
                <th scope="col">Pages</th>
                <th scope="col">Tokens</th>
                <th scope="col">Sessions</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {partners.data.map((partner) => (
                <PartnerRow key={partner.id} partner={partner} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PartnerRow({ partner }: { partner: Partner }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.partners.pathFilter());
  const setActive = useMutation(
    trpc.partners.setActive.mutationOptions({
      onSuccess: (saved) =>
        toast.show(
          'success',
          saved.active
            ? `${saved.name} is active again; their unexpired tokens work again.`
            : `${saved.name} is deactivated; their sessions ended and their tokens stopped working.`,
        ),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.partners.delete.mutationOptions({
      onSuccess: () => toast.show('success', `${partner.name} was deleted.`),
      onSettled: refresh,
    }),
  );

  if (editing) {
    return (
      <tr>
        <td colSpan={7}>
          <PartnerForm partner={partner} onDone={() => setEditing(false)} />
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <td data-label="Partner">
        <div>
          <strong>{partner.name}</strong>
          <div className="muted small break">{partner.email}</div>
        </div>
      </td>
      <td data-label="Organisation">{partner.organisation || '—'}</td>
      <td data-label="Status">
        <div>
          <span className={partner.active ? 'badge badge-on' : 'badge badge-off'}>
            {partner.active ? 'Active' : 'Deactivated'}
          </span>
        </div>
      </td>
      <td data-label="Pages">{partner.activeGrants}</td>
      <td data-label="Tokens">{partner.activeTokens}</td>
      <td data-label="Sessions">{partner.activeSessions}</td>
      <td data-label="Actions">
        <div className="item-actions partner-actions">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit
          </button>
          {partner.active ? (
            <InlineConfirm
              label="Deactivate"
              question="Their sessions end now and their tokens stop working until you reactivate them."
              confirmLabel="Deactivate"
              tone="danger"
              disabled={setActive.isPending}
              onConfirm={() => setActive.mutate({ partnerId: partner.id, active: false })}
            />
          ) : (
            <button
              type="button"
              className="button"
              disabled={setActive.isPending}
              onClick={() => setActive.mutate({ partnerId: partner.id, active: true })}
            >
              Reactivate
            </button>
          )}
          <InlineConfirm
            label="Delete"
            question={`Delete ${partner.name} with their access and tokens? This cannot be undone.`}
            confirmLabel="Delete partner"
            tone="danger"
            disabled={remove.isPending}
            onConfirm={() => remove.mutate({ partnerId: partner.id })}
          />
          <InlineError error={setActive.error ?? remove.error} />
        </div>
      </td>
    </tr>
  );
}
