import { randomBytes } from 'node:crypto';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import { parseAlerts } from '../ingestion/formats/index.ts';
import { type IngestDeps, ingestAlerts } from '../ingestion/ingest-alerts.ts';
import type { Caller } from '../shared/caller.ts';
import { ConflictError } from '../shared/errors.ts';
import { loadIntegrationForPrincipal } from './load-integration.ts';
import { buildTestAlertPayload } from './test-alert-payload.ts';

/**
 * Sends a synthetic firing alert through the integration: the payload is built in the
 * integration's format, parsed by the same parser, and stored by `ingestAlerts`, so it opens
 * a real incident that escalates and pages like any other. The HTTP signature check is the
 * one step skipped, because the caller is a signed-in team admin rather than a sender.
 */
export async function sendTestAlert(
  deps: IngestDeps,
  caller: Caller,
  input: { integrationId: string },
) {
  const integration = await loadIntegrationForPrincipal(
    deps.db,
    caller.principal,
    input.integrationId,
    { scope: 'config:write', role: 'TEAM_ADMIN' },
  );
  if (integration.disabled_at) {
    throw new ConflictError(
      `Integration "${integration.name}" is disabled; enable it before sending a test alert.`,
    );
  }

  const now = deps.clock.now();
  const key = `pagefree-test-${randomBytes(6).toString('hex')}`;
  const body = buildTestAlertPayload(
    integration.format,
    integration.field_mapping,
    {
      key,
      title: `Test alert from PageFree (${integration.name})`,
      description: 'Sent from the integration page to check that alerts open incidents and page.',
    },
    now,
  );
  const alerts = parseAlerts(body, {
    format: integration.format,
    fieldMapping: integration.field_mapping,
  });
  const rawBytes = Buffer.byteLength(JSON.stringify(body));

  const result = await ingestAlerts(deps, {
    integration,
    alerts,
    ip: caller.ip,
    bodyBytes: rawBytes,
  });
  await recordAuditEvent(deps.db, actorOf(caller.principal, caller.ip), {
    action: 'integration.test_alert_sent',
    resourceType: 'integration',
    resourceId: integration.id,
    teamId: integration.team_id,
    metadata: { deliveryId: result.deliveryId },
  });

  const first = result.alerts[0];
  return {
    deliveryId: result.deliveryId,
    dedupKey: key,
    incidentId: first?.incidentId ?? null,
    incidentNumber: first?.incidentNumber ?? null,
  };
}
