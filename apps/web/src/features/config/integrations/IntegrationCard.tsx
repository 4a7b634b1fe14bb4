import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { InlineConfirm } from '../../../components/InlineConfirm.tsx';
import { SecretReveal } from '../../../components/SecretReveal.tsx';
import { InlineError } from '../../../components/States.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { type RouterOutputs, useTRPC } from '../../../lib/trpc.ts';
import { DeliveriesTable } from './DeliveriesTable.tsx';
import { FORMAT_LABELS } from './formats.ts';

type Integration = RouterOutputs['integrations']['list'][number];

/** Overlap after a rotation during which the previous secret still verifies, in hours. */
const ROTATION_OVERLAP_HOURS = 24;

/**
 * Shows one integration with its ingestion URL to copy, its signature settings and the admin
 * actions: enable or disable, rotate the signing secret, send a test alert, recent deliveries.
 */
export function IntegrationCard({ integration }: { integration: Integration }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [rotated, setRotated] = useState<{ secret: string; previousValidUntil: string } | null>(
    null,
  );
  const [showDeliveries, setShowDeliveries] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.integrations.pathFilter());

  const setEnabled = useMutation(
    trpc.integrations.update.mutationOptions({
      onSuccess: (updated) =>
        toast.show('success', `${updated.name} is ${updated.enabled ? 'enabled' : 'disabled'}.`),
      onSettled: refresh,
    }),
  );
  const rotate = useMutation(
    trpc.integrations.rotateSecret.mutationOptions({
      onSuccess: (result) =>
        setRotated({ secret: result.signingSecret, previousValidUntil: result.previousValidUntil }),
    }),
  );
  const testAlert = useMutation(
    trpc.integrations.sendTestAlert.mutationOptions({
      onSuccess: (result) => {
        toast.show(
          'success',
          `Test alert accepted${result.incidentNumber ? `; it opened incident #${result.incidentNumber}` : ''}.`,
        );
        void queryClient.invalidateQueries(trpc.integrations.deliveries.pathFilter());
      },
    }),
  );

  return (
    <article className="card integration-card" aria-labelledby={`integration-${integration.id}`}>
      <header className="card-header">
        <h3 id={`integration-${integration.id}`}>{integration.name}</h3>
        <span className="badge">{FORMAT_LABELS[integration.format]}</span>
        <span className={`badge ${integration.enabled ? 'badge-on' : 'badge-off'}`}>
          <span aria-hidden="true">{integration.enabled ? '✓ ' : '○ '}</span>
          {integration.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </header>

      {integration.ingestionUrl ? (
        <div className="url-row">
          <span className="url-label">Ingestion URL</span>
          <code className="url-value">{integration.ingestionUrl}</code>
          <CopyButton text={integration.ingestionUrl} label="Copy URL" />
        </div>
      ) : (
        <p className="muted small">
          The ingestion URL contains the integration key, so only admins of this team can see it.
        </p>
      )}
      {integration.eventsApiUrl ? (
        <div className="url-row">
          <span className="url-label">Events API v2</span>
          <code className="url-value">{integration.eventsApiUrl}</code>
          <CopyButton text={integration.eventsApiUrl} label="Copy URL" />
        </div>
      ) : null}
      <p className="muted small">
        {integration.signatureRequired
          ? `Requires an HMAC-SHA256 signature (${integration.signatureEncoding}) in ${integration.signatureHeader}${integration.timestampHeader ? `, over "<timestamp>:<body>" with the timestamp in ${integration.timestampHeader}` : ''}.`
          : 'Signatures are not required; the key in the URL is the credential.'}
      </p>

      {rotated ? (
        <SecretReveal
          title="New signing secret."
          secret={rotated.secret}
          note={`The previous secret keeps working until ${formatDateTime(rotated.previousValidUntil)}; switch the sender over before then.`}
          onDone={() => setRotated(null)}
        />
      ) : null}

      <div className="card-actions">
        <InlineConfirm
          label="Send test alert"
          question="This opens a real, low-priority incident and pages whoever is on call. Send it?"
          confirmLabel="Send test alert"
          disabled={testAlert.isPending || !integration.enabled}
          onConfirm={() => testAlert.mutate({ integrationId: integration.id })}
        />
        <InlineConfirm
          label="Rotate signing secret"
          question={`Issue a new secret? The current one stays valid for ${ROTATION_OVERLAP_HOURS} hours.`}
          confirmLabel="Rotate"
          disabled={rotate.isPending}
          onConfirm={() =>
            rotate.mutate({ integrationId: integration.id, overlapHours: ROTATION_OVERLAP_HOURS })
          }
        />
        {integration.enabled ? (
          <InlineConfirm
            label="Disable"
            question="Alerts sent to it will be rejected with 403. Disable?"
            confirmLabel="Disable"
            tone="danger"
            disabled={setEnabled.isPending}
            onConfirm={() => setEnabled.mutate({ integrationId: integration.id, enabled: false })}
          />
        ) : (
          <button
            type="button"
            className="button"
            disabled={setEnabled.isPending}
            onClick={() => setEnabled.mutate({ integrationId: integration.id, enabled: true })}
          >
            Enable
          </button>
        )}
        <button
          type="button"
          className="button button-quiet"
          aria-expanded={showDeliveries}
          onClick={() => setShowDeliveries((value) => !value)}
        >
          {showDeliveries ? 'Hide recent deliveries' : 'Recent deliveries'}
        </button>
      </div>
      {testAlert.data?.incidentId ? (
        <p className="small">
          <Link to={`/incidents/${testAlert.data.incidentId}`}>Open the test incident</Link>
        </p>
      ) : null}
      <InlineError error={testAlert.error ?? rotate.error ?? setEnabled.error} />
      {showDeliveries ? <DeliveriesTable integrationId={integration.id} /> : null}
    </article>
  );
}
