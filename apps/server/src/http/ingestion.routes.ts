import type { IngestResult } from '@pagefree/core/ingestion/ingest-alerts';
import { IngestRejectedError } from '@pagefree/core/ingestion/ingest-rejected-error';
import { type ReceiveWebhookDeps, receiveWebhook } from '@pagefree/core/ingestion/receive-webhook';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { readBodyWithLimit } from './read-body.ts';

/**
 * Monitoring webhooks: `POST /integrations/{integrationKey}/{format}` and the PagerDuty
 * Events API v2 compatible `POST /v2/enqueue`. Both answer 202 only after the alerts are
 * committed; refusals are thrown and rendered by the error handler.
 */
export function ingestionRoutes(deps: ReceiveWebhookDeps, options: { maxBodyBytes: number }) {
  const app = new Hono<AppEnv>();

  app.post('/integrations/:integrationKey/:format', async (c) => {
    const body = await readBodyWithLimit(c.req.raw, options.maxBodyBytes);
    const result = await receiveWebhook(deps, {
      integrationKey: c.req.param('integrationKey'),
      format: c.req.param('format'),
      rawBody: body.bytes,
      headers: c.req.raw.headers,
      ip: c.get('ip'),
      ...(body.tooLarge && { bodyTooLarge: { limitBytes: options.maxBodyBytes } }),
    });
    return c.json(acceptedBody(result), 202);
  });

  app.post('/v2/enqueue', async (c) => {
    const body = await readBodyWithLimit(c.req.raw, options.maxBodyBytes);
    if (body.tooLarge) {
      throw new IngestRejectedError(
        'payload_too_large',
        `The body exceeds ${options.maxBodyBytes} bytes.`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.bytes));
    } catch {
      throw new IngestRejectedError('invalid_json', 'The body is not valid JSON.');
    }
    const routingKey = (parsed as { routing_key?: unknown } | null)?.routing_key;
    if (typeof routingKey !== 'string' || routingKey.length === 0) {
      throw new IngestRejectedError(
        'invalid_payload',
        'routing_key: is missing; set it to the integration key.',
        'routing_key',
      );
    }

    const result = await receiveWebhook(deps, {
      integrationKey: routingKey,
      format: null,
      rawBody: body.bytes,
      headers: c.req.raw.headers,
      ip: c.get('ip'),
      parsedBody: parsed,
    });
    const first = result.alerts[0];
    return c.json(
      {
        status: 'success',
        message: 'Event processed',
        dedup_key: first?.dedupKey ?? null,
        incident_id: first?.incidentId ?? null,
        incident_number: first?.incidentNumber ?? null,
      },
      202,
    );
  });

  return app;
}

function acceptedBody(result: IngestResult) {
  const first = result.alerts[0];
  return {
    status: 'accepted',
    deliveryId: result.deliveryId,
    dedupKey: first?.dedupKey ?? null,
    incidentId: first?.incidentId ?? null,
    alerts: result.alerts.map((alert) => ({
      alertId: alert.alertId,
      action: alert.action,
      dedupKey: alert.dedupKey,
      incidentId: alert.incidentId,
      incidentNumber: alert.incidentNumber,
      opened: alert.opened,
    })),
  };
}
