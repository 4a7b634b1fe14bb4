import { randomBytes } from 'node:crypto';
import { type FieldMapping, type IntegrationFormat, withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requireScope, requireTeamRole } from '../auth/permissions.ts';
import { actorOf } from '../auth/principal.ts';
import type { EncryptionKeys } from '../crypto/secret-box.ts';
import type { Caller, ConfigDeps } from '../shared/caller.ts';
import { NotFoundError } from '../shared/errors.ts';
import { toIntegrationView } from './integration-view.ts';
import { addSigningSecret } from './signing-secrets.ts';

export interface IntegrationDeps extends ConfigDeps {
  encryptionKeys: EncryptionKeys;
  publicUrl: string;
}

/**
 * Creates an integration with a random key (it is the ingestion URL's credential) and a
 * signing secret. The secret is returned only here; later reads never include it.
 */
export async function createIntegration(
  deps: IntegrationDeps,
  caller: Caller,
  input: {
    serviceId: string;
    name: string;
    format: IntegrationFormat;
    fieldMapping: FieldMapping | null;
    signatureRequired: boolean;
    signatureHeader: string;
    signatureEncoding: 'hex' | 'base64';
    timestampHeader: string | null;
  },
) {
  requireScope(caller.principal, 'config:write');
  const service = await deps.db
    .selectFrom('service')
    .select(['id', 'team_id', 'name'])
    .where('id', '=', input.serviceId)
    .executeTakeFirst();
  if (!service) throw new NotFoundError('Service', input.serviceId);
  await requireTeamRole(deps.db, caller.principal, service.team_id, 'TEAM_ADMIN');
  const actor = actorOf(caller.principal, caller.ip);

  return withTransaction(deps.db, async (trx) => {
    const integration = await trx
      .insertInto('integration')
      .values({
        service_id: input.serviceId,
        name: input.name,
        format: input.format,
        integration_key: randomBytes(24).toString('base64url'),
        field_mapping: input.fieldMapping ? JSON.stringify(input.fieldMapping) : null,
        signature_required: input.signatureRequired,
        signature_header: input.signatureHeader,
        signature_encoding: input.signatureEncoding,
        timestamp_header: input.timestampHeader,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const signingSecret = await addSigningSecret(trx, deps.encryptionKeys, integration.id);
    await recordAuditEvent(trx, actor, {
      action: 'integration.created',
      resourceType: 'integration',
      resourceId: integration.id,
      teamId: service.team_id,
      metadata: { format: input.format, serviceId: input.serviceId },
    });
    return {
      integration: toIntegrationView(
        { ...integration, service_name: service.name },
        deps.publicUrl,
        { revealKey: true },
      ),
      signingSecret,
    };
  });
}
