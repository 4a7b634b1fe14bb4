import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { type AccessToken, STATE_BADGES } from '../partner-labels.ts';
import { CreateTokenForm } from './CreateTokenForm.tsx';
import { TokenReveal } from './TokenReveal.tsx';

/** Access tokens of partners' tools: create (shown once), regenerate and revoke after a confirmation. */
export function TokensPanel() {
  const trpc = useTRPC();
  const [partnerId, setPartnerId] = useState('');
  const [creating, setCreating] = useState(false);
  const [regenerated, setRegenerated] = useState<
    RouterOutputs['partners']['tokens']['regenerate'] | null
  >(null);
  const partners = useQuery(trpc.partners.list.queryOptions({ includeDeactivated: true }));
  const tokens = useQuery(
    trpc.partners.tokens.list.queryOptions({
      partnerId: partnerId || undefined,
      includeInactive: true,
    }),
  );

  return (
    <section aria-labelledby="tokens-title">
      <div className="section-header">
        <h2 id="tokens-title">Access tokens</h2>
        <label className="inline-label">
          Partner
          <select value={partnerId} onChange={(event) => setPartnerId(event.target.value)}>
            <option value="">All partners</option>
            {(partners.data ?? []).map((partner) => (
              <option key={partner.id} value={partner.id}>
                {partner.name}
              </option>
            ))}
          </select>
        </label>
        {!creating ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New access token
          </button>
        ) : null}
      </div>
      {creating ? <CreateTokenForm onDone={() => setCreating(false)} /> : null}
      {regenerated ? (
        <TokenReveal
          result={regenerated}
          title={`New token for “${regenerated.accessToken.name}”; the old one no longer works.`}
          onDone={() => setRegenerated(null)}
        />
      ) : null}
      {tokens.isPending ? (
        <LoadingState label="Loading access tokens…" />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No access tokens yet.">
          <p>Issue one when a partner's dashboard or script needs to read a private page.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="table table-stack">
            <caption className="visually-hidden">Access tokens, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Partner and page</th>
                <th scope="col">State</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Uses</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <TokenRow key={token.id} token={token} onRegenerated={setRegenerated} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TokenRow({
  token,
  onRegenerated,
}: {
  token: AccessToken;
  onRegenerated: (result: RouterOutputs['partners']['tokens']['regenerate']) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState<'revoke' | 'regenerate' | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.partners.pathFilter());
  const revoke = useMutation(
    trpc.partners.tokens.revoke.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        toast.show('success', `Token “${token.name}” is revoked and no longer works.`);
      },
      onSettled: refresh,
    }),
  );
  const regenerate = useMutation(
    trpc.partners.tokens.regenerate.mutationOptions({
      onSuccess: (result) => {
        setConfirming(null);
        onRegenerated(result);
      },
      onSettled: refresh,
    }),
  );
  const badge = STATE_BADGES[token.state]!;

  return (
    <tr>
      <td data-label="Token">
        <div>
          <strong>{token.name}</strong>
          <div className="mono small">{token.prefix}…</div>
        </div>
      </td>
      <td data-label="Partner and page">
        <div>
          {token.partnerName}
          <div className="muted small">/{token.pageSlug}</div>
        </div>
      </td>
      <td data-label="State">
        <div>
          <span className={badge.className}>{badge.label}</span>
        </div>
      </td>
      <td className="nowrap" data-label="Expires">
        <time dateTime={token.expiresAt}>{formatDateTime(token.expiresAt)}</time>
      </td>
      <td data-label="Last used">
        {token.lastUsedAt ? (
          <time dateTime={token.lastUsedAt} title={formatDateTime(token.lastUsedAt)}>
            {formatRelative(token.lastUsedAt)}
          </time>
        ) : (
          'Never'
        )}
      </td>
      <td data-label="Uses">{token.useCount.toLocaleString()}</td>
      <td data-label="Actions">
        <div>
          <div className="item-actions partner-actions">
            {token.state !== 'revoked' ? (
              <>
                <button
                  type="button"
                  className="button"
                  onClick={() => setConfirming('regenerate')}
                >
                  Regenerate
                </button>
                <button type="button" className="button" onClick={() => setConfirming('revoke')}>
                  Revoke
                </button>
              </>
            ) : null}
          </div>
          <InlineError error={revoke.error ?? regenerate.error} />
          {confirming === 'revoke' ? (
            <ConfirmDialog
              title={`Revoke “${token.name}”?`}
              confirmLabel="Revoke token"
              busy={revoke.isPending}
              onConfirm={() => revoke.mutate({ tokenId: token.id })}
              onClose={() => setConfirming(null)}
            >
              <p>
                The old token stops working at once: {token.partnerName}'s tools get “access
                revoked” from their next request to /{token.pageSlug}. This cannot be undone.
              </p>
            </ConfirmDialog>
          ) : null}
          {confirming === 'regenerate' ? (
            <ConfirmDialog
              title={`Regenerate “${token.name}”?`}
              confirmLabel="Regenerate token"
              busy={regenerate.isPending}
              onConfirm={() => regenerate.mutate({ tokenId: token.id })}
              onClose={() => setConfirming(null)}
            >
              <p>
                A new token replaces this one, and the old token stops working at once. Update{' '}
                {token.partnerName}'s tools with the new token, which is shown only once.
              </p>
            </ConfirmDialog>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
