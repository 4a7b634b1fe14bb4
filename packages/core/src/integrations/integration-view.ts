import type { Integration } from '@pagefree/db';

/**
 * The integration as the console shows it. The key is the ingestion URL's credential (it
 * can trigger, acknowledge and resolve incidents), so only callers allowed to manage the
 * integration (`revealKey`) get the key and the URL; everyone else sees null.
 */
export function toIntegrationView<Reveal extends boolean>(
  integration: Integration & { service_name?: string },
  publicUrl: string,
  options: { revealKey: Reveal },
) {
  type Secret = Reveal extends true ? string : string | null;
  const path = `/integrations/${integration.integration_key}/${integration.format}`;
  return {
    id: integration.id,
    serviceId: integration.service_id,
    serviceName: integration.service_name ?? null,
    name: integration.name,
    format: integration.format,
    integrationKey: (options.revealKey ? integration.integration_key : null) as Secret,
    ingestionUrl: (options.revealKey ? `${publicUrl}${path}` : null) as Secret,
    eventsApiUrl: integration.format === 'pagerduty' ? `${publicUrl}/v2/enqueue` : null,
    signatureRequired: integration.signature_required,
    signatureHeader: integration.signature_header,
    signatureEncoding: integration.signature_encoding,
    timestampHeader: integration.timestamp_header,
    fieldMapping: integration.field_mapping,
    enabled: integration.disabled_at === null,
    createdAt: integration.created_at.toISOString(),
  };
}
