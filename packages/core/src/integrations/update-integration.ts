import { type FieldMapping, withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller } from '../shared/caller.ts';
import type { IntegrationDeps } from './create-integration.ts';
import { toIntegrationView } from './integration-view.ts';
import { loadIntegrationForPrincipal } from './load-integration.ts';

export async function updateIntegration(
  deps: IntegrationDeps,
  caller: Caller,
  input: {
    integrationId: string;
    name?: string | undefined;
    enabled?: boolean | undefined;
    fieldMapping?: FieldMapping | null | undefined;
    signatureRequired?: boolean | undefined;
    signatureHeader?: string | undefined;
    signatureEncoding?: 'hex' | 'base64' | undefined;
    timestampHeader?: string | null | undefined;
  },
) {
  const integration = await loadIntegrationForPrincipal(
    deps.db,
    caller.principal,
    input.integrationId,
    {
      scope: 'config:write',
      role: 'TEAM_ADMIN',
    },
  );
  const now = deps.clock.now();

  return withTransaction(deps.db, async (trx) => {
    const updated = await trx
      .updateTable('integration')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.enabled !== undefined && { disabled_at: input.enabled ? null : now }),
        ...(input.fieldMapping !== undefined && {
          field_mapping: input.fieldMapping ? JSON.stringify(input.fieldMapping) : null,
        }),
        ...(input.signatureRequired !== undefined && {
          signature_required: input.signatureRequired,
        }),
        ...(input.signatureHeader !== undefined && { signature_header: input.signatureHeader }),
        ...(input.signatureEncoding !== undefined && {
          signature_encoding: input.signatureEncoding,
        }),
        ...(input.timestampHeader !== undefined && { timestamp_header: input.timestampHeader }),
        updated_at: now,
      })
      .where('id', '=', integration.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actorOf(caller.principal, caller.ip), {
      action: 'integration.updated',
      resourceType: 'integration',
      resourceId: integration.id,
      teamId: integration.team_id,
    });
    return toIntegrationView(
      { ...updated, service_name: integration.service_name },
      deps.publicUrl,
      { revealKey: true },
    );
  });
}
