import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import type { Grant, PartnerPage } from '../partner-labels.ts';

/** Access per status page: the partners' sign-in URL, sensitivity, and who has access. */
export function AccessPanel() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const pages = useQuery(trpc.partners.pages.list.queryOptions());

  if (pages.isPending) return <LoadingState label="Loading status pages…" />;
  if (pages.isError) return <ErrorState error={pages.error} onRetry={() => pages.refetch()} />;
  const page = pages.data.find((candidate) => candidate.id === params.get('page')) ?? pages.data[0];
  if (!page) {
    return (
      <EmptyState title="There are no status pages yet.">
        <p>Create a private status page first; partners get access to one page at a time.</p>
      </EmptyState>
    );
  }

  return (
    <section aria-labelledby="access-title">
      <div className="section-header">
        <h2 id="access-title">Access to a status page</h2>
        <label className="inline-label">
          Status page
          <select
            value={page.id}
            onChange={(event) => setParams({ page: event.target.value }, { replace: true })}
          >
            {pages.data.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} ({candidate.visibility})
              </option>
            ))}
          </select>
        </label>
      </div>
      <PageSettings page={page} />
      <GrantList page={page} />
    </section>
  );
}

function PageSettings({ page }: { page: PartnerPage }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const setSensitive = useMutation(
    trpc.partners.pages.setSensitive.mutationOptions({
      onSuccess: (result) =>
        toast.show(
          'success',
          result.sensitive
            ? `Tokens for this page now expire within 30 days${result.shortenedTokens ? `; ${result.shortenedTokens} longer tokens were shortened` : ''}.`
            : 'New tokens for this page may last 90 days.',
        ),
      onSettled: () => queryClient.invalidateQueries(trpc.partners.pathFilter()),
    }),
  );

  return (
    <article className="card" aria-label={`Partner settings of ${page.name}`}>
      <header className="card-header">
        <h3>{page.name}</h3>
        <span className={page.visibility === 'private' ? 'badge badge-now' : 'badge'}>
          {page.visibility === 'private' ? 'Private' : 'Public'}
        </span>
        {page.sensitive ? <span className="badge badge-bad">Sensitive</span> : null}
      </header>
      {page.visibility === 'public' ? (
        <p className="notice small">
          This page is public: everyone can read it without signing in. Partner access matters for
          private pages.
        </p>
      ) : null}
      {page.signInUrl ? (
        <div className="url-row">
          <span className="url-label">Partners sign in at</span>
          <code className="url-value">{page.signInUrl}</code>
          <CopyButton text={page.signInUrl} label="Copy URL" />
        </div>
      ) : (
        <p className="muted small">Set STATUS_PUBLIC_URL to show where partners sign in.</p>
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={page.sensitive}
          disabled={setSensitive.isPending}
          onChange={(event) =>
            setSensitive.mutate({ pageId: page.id, sensitive: event.target.checked })
          }
        />
        Sensitive page: access tokens expire after at most 30 days instead of 90
      </label>
      <p className="field-hint">
        Marking the page sensitive also shortens its existing tokens to 30 days from now.
      </p>
      <InlineError error={setSensitive.error} />
    </article>
  );
}

function GrantList({ page }: { page: PartnerPage }) {
  const trpc = useTRPC();
  const grants = useQuery(
    trpc.partners.grants.list.queryOptions({ pageId: page.id, includeRevoked: false }),
  );

  return (
    <section aria-labelledby="grants-title">
      <div className="section-header">
        <h3 id="grants-title">Partners with access</h3>
      </div>
      <GrantForm page={page} granted={grants.data ?? []} />
      {grants.isPending ? (
        <LoadingState label="Loading access…" />
      ) : grants.isError ? (
        <ErrorState error={grants.error} onRetry={() => grants.refetch()} />
      ) : grants.data.length === 0 ? (
        <EmptyState title="No partner has access to this page." />
      ) : (
        <ul className="item-list" aria-label={`Partners with access to ${page.name}`}>
          {grants.data.map((grant) => (
            <GrantItem key={grant.id} grant={grant} />
          ))}
        </ul>
      )}
    </section>
  );
}

function GrantItem({ grant }: { grant: Grant }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const revoke = useMutation(
    trpc.partners.grants.revoke.mutationOptions({
      onSuccess: () =>
        toast.show('success', `${grant.partnerName} no longer has access to ${grant.pageName}.`),
      onSettled: () => queryClient.invalidateQueries(trpc.partners.pathFilter()),
    }),
  );
  return (
    <li className="item">
      <div>
        <strong>{grant.partnerName}</strong>
        {grant.partnerActive ? null : <span className="badge badge-off">Deactivated</span>}
        <div className="muted small break">{grant.partnerEmail}</div>
        <div className="muted small">Since {formatDateTime(grant.createdAt)}</div>
      </div>
      <div className="item-actions">
        <InlineConfirm
          label="Revoke access"
          question="Their sessions end and their tokens for this page stop working at once."
          confirmLabel="Revoke access"
          tone="danger"
          disabled={revoke.isPending}
          onConfirm={() => revoke.mutate({ grantId: grant.id })}
        />
        <InlineError error={revoke.error} />
      </div>
    </li>
  );
}

function GrantForm({ page, granted }: { page: PartnerPage; granted: Grant[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const partners = useQuery(trpc.partners.list.queryOptions({ includeDeactivated: false }));
  const candidates = (partners.data ?? []).filter(
    (partner) => !granted.some((grant) => grant.partnerId === partner.id),
  );
  const [partnerId, setPartnerId] = useState('');
  const create = useMutation(
    trpc.partners.grants.create.mutationOptions({
      onSuccess: (grant) => {
        toast.show('success', `${grant.partnerName} can now sign in to ${grant.pageName}.`);
        setPartnerId('');
        void queryClient.invalidateQueries(trpc.partners.pathFilter());
      },
    }),
  );
  const chosen = candidates.find((partner) => partner.id === partnerId) ?? candidates[0];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen) create.mutate({ partnerId: chosen.id, pageId: page.id });
  }

  if (partners.isSuccess && candidates.length === 0) {
    return (
      <p className="muted small">
        Every active partner has access to this page. Create a partner on the Partners tab to add
        another.
      </p>
    );
  }
  return (
    <form className="control-row grant-form" onSubmit={submit} aria-label="Give a partner access">
      <select
        aria-label="Partner"
        value={chosen?.id ?? ''}
        onChange={(event) => setPartnerId(event.target.value)}
      >
        {candidates.map((partner) => (
          <option key={partner.id} value={partner.id}>
            {partner.name} ({partner.email})
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="button button-primary"
        disabled={!chosen || create.isPending}
      >
        Give access
      </button>
      <InlineError error={create.error} />
    </form>
  );
}
