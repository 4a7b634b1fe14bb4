import type { Integration } from '@pagefree/db';

/** The integration as the console shows it; the ingestion URL is built from the public URL. */
export function toIntegrationView(
  integration: Integration & { service_name?: string },
  publicUrl: string,
) {
  const path = `/integrations/${integration.integration_key}/${integration.format}`;
  return {
    id: integration.id,
    serviceId: integration.service_id,
    serviceName: integration.service_name ?? null,
    name: integration.name,
    format: integration.format,
    integrationKey: integration.integration_key,
    ingestionUrl: `${publicUrl}${path}`,
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
