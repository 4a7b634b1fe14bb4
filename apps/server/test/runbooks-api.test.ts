import { createApiKey } from '@pagefree/core/auth/api-keys';
import { actorOf } from '@pagefree/core/auth/principal';
import { decryptSecret } from '@pagefree/core/crypto/secret-box';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApprovedRunbook,
  openIncident,
  type RunbookFixture,
  runManually,
  seedRunbookFixture,
  startRunbookStack,
} from './runbooks-fixture.ts';
import { sessionPrincipal, type TestStack } from './support/stack.ts';
import { trpcClient } from './support/trpc-client.ts';

/** Returns the tRPC error code of a rejected call, or 'OK' when it succeeded. */
async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code ?? String(error);
  }
}

/** Returns the offending field of a rejected call, as the API reports it for forms. */
async function fieldOf(call: Promise<unknown>): Promise<string | null> {
  try {
    await call;
    return null;
  } catch (error) {
    return (error as { data?: { field?: string } }).data?.field ?? null;
  }
}

/** Returns the tRPC error code, offending field and message of a call that must fail. */
async function rejectionOf(
  call: Promise<unknown>,
): Promise<{ code?: string; field?: string; message: string }> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { code?: string; field?: string } }).data;
    return { code: data?.code, field: data?.field, message: (error as Error).message };
  }
  throw new Error('The call succeeded, but it was expected to fail.');
}

/** JSON text of `levels` arrays nested in each other; the tRPC client cannot serialize it. */
function nestedArraysJson(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

const BASE = {
  name: 'Restart checkout',
  script: `log.info('restarting'); return { ok: true };`,
  parametersSchema: {
    type: 'object',
    properties: { replicas: { type: 'integer', minimum: 1, maximum: 20, default: 2 } },
    additionalProperties: false,
  },
  allowedHosts: ['k8s.example.internal:6443'],
  secretNames: ['KUBE_TOKEN'],
  timeoutSeconds: 30,
};

describe('runbooks API', () => {
  let stack: TestStack;
  let fixture: RunbookFixture;
  let other: RunbookFixture;

  beforeAll(async () => {
    // No worker: these tests check what the API stores, not what runs.
    stack = await startRunbookStack();
    await stack.stopWorker();
    fixture = await seedRunbookFixture(stack);
    other = await seedRunbookFixture(stack);
  });
  afterAll(async () => {
    await stack.close();
  });

  describe('library and versions', () => {
    it('team admin creates a draft that the team sees', async () => {
      const created = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        teamId: fixture.teamId,
      });

      expect(created.version).toMatchObject({ version: 1, status: 'DRAFT', name: BASE.name });
      expect(created.version.allowedHosts).toEqual(['k8s.example.internal:6443']);
      const library = await fixture.api.observer.runbooks.list.query({});
      expect(library.map((runbook) => runbook.id)).toContain(created.runbookId);
      const outsiders = await other.api.observer.runbooks.list.query({});
      expect(outsiders.map((runbook) => runbook.id)).not.toContain(created.runbookId);
      expect(
        await codeOf(other.api.observer.runbooks.get.query({ runbookId: created.runbookId })),
      ).toBe('NOT_FOUND');
    });

    it.each([
      ['responder', 'responder'],
      ['observer', 'observer'],
    ] as const)('%s cannot create a runbook', async (_name, role) => {
      expect(
        await codeOf(fixture.api[role].runbooks.create.mutate({ ...BASE, teamId: fixture.teamId })),
      ).toBe('FORBIDDEN');
    });

    it('only platform admins create global runbooks', async () => {
      expect(
        await codeOf(fixture.api.teamAdmin.runbooks.create.mutate({ ...BASE, teamId: null })),
      ).toBe('FORBIDDEN');
      const global = await fixture.api.admin.runbooks.create.mutate({ ...BASE, teamId: null });

      const seen = await other.api.observer.runbooks.list.query({});
      expect(seen.map((runbook) => runbook.id)).toContain(global.runbookId);
    });

    it.each([
      ['script that does not parse', { script: 'return (;' }, 'script'],
      [
        'schema whose root is not an object',
        { parametersSchema: { type: 'string' } },
        'parametersSchema',
      ],
      [
        'schema Ajv rejects',
        { parametersSchema: { type: 'object', properties: { a: { type: 'nope' } } } },
        'parametersSchema',
      ],
      [
        'pattern that backtracks exponentially',
        {
          parametersSchema: {
            type: 'object',
            properties: { a: { type: 'string', pattern: '^(a+)+$' } },
          },
        },
        'parametersSchema',
      ],
      ['host entry with a scheme', { allowedHosts: ['https://api.example.com'] }, 'allowedHosts'],
      [
        'private host not allowlisted',
        { privateNetworkHosts: ['10.0.0.5'] },
        'privateNetworkHosts',
      ],
      ['timeout over five minutes', { timeoutSeconds: 301 }, 'timeoutSeconds'],
      ['lower-case secret name', { secretNames: ['token'] }, 'secretNames.0'],
    ])('%s is rejected', async (_name, change, field) => {
      const call = fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        ...change,
        teamId: fixture.teamId,
      } as never);

      expect(await fieldOf(call)).toBe(field);
    });

    it('edit saves a new draft', async () => {
      const created = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        teamId: fixture.teamId,
      });

      const draft = await fixture.api.teamAdmin.runbooks.saveDraft.mutate({
        ...BASE,
        runbookId: created.runbookId,
        baseVersionId: created.version.id,
        script: `log.info('restarting twice'); return { ok: true, twice: true };`,
        timeoutSeconds: 60,
      });
      const stale = fixture.api.teamAdmin.runbooks.saveDraft.mutate({
        ...BASE,
        runbookId: created.runbookId,
        baseVersionId: created.version.id,
      });

      expect(draft).toMatchObject({ version: 2, status: 'DRAFT', timeoutSeconds: 60 });
      expect(await codeOf(stale)).toBe('CONFLICT');
      const first = await fixture.api.observer.runbooks.version.query({
        versionId: created.version.id,
      });
      expect(first.script).toBe(BASE.script);
      const history = await fixture.api.observer.runbooks.versions.query({
        runbookId: created.runbookId,
      });
      expect(history.map((version) => version.version)).toEqual([2, 1]);
    });

    it('database refuses to change a saved version', async () => {
      const created = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        teamId: fixture.teamId,
      });

      const update =
        sql`UPDATE runbook_version SET script = 'return 0;' WHERE id = ${created.version.id}`.execute(
          stack.db,
        );

      await expect(update).rejects.toThrow('is immutable');
    });

    it('diff shows script lines and changed fields', async () => {
      const created = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        teamId: fixture.teamId,
      });
      const draft = await fixture.api.teamAdmin.runbooks.saveDraft.mutate({
        ...BASE,
        runbookId: created.runbookId,
        baseVersionId: created.version.id,
        script: `log.info('scaling'); return { ok: true };`,
        allowedHosts: ['k8s.example.internal:6443', 'metrics.example.internal'],
      });

      const diff = await fixture.api.observer.runbooks.diff.query({
        fromVersionId: created.version.id,
        toVersionId: draft.id,
      });

      expect(diff.scriptPatch).toContain("-log.info('restarting'); return { ok: true };");
      expect(diff.scriptPatch).toContain("+log.info('scaling'); return { ok: true };");
      expect(diff.parametersSchemaPatch).toBe('');
      expect(diff.changes).toEqual([
        {
          field: 'allowedHosts',
          from: ['k8s.example.internal:6443'],
          to: ['k8s.example.internal:6443', 'metrics.example.internal'],
        },
      ]);
    });
  });

  describe('approval', () => {
    it('approval needs another platform admin', async () => {
      const mine = await fixture.api.admin.runbooks.create.mutate({
        ...BASE,
        teamId: fixture.teamId,
      });
      const teams = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        teamId: fixture.teamId,
      });

      expect(
        await codeOf(
          fixture.api.teamAdmin.runbooks.approve.mutate({ versionId: teams.version.id }),
        ),
      ).toBe('FORBIDDEN');
      expect(
        await codeOf(fixture.api.admin.runbooks.approve.mutate({ versionId: mine.version.id })),
      ).toBe('FORBIDDEN');
      const approved = await fixture.api.reviewer.runbooks.approve.mutate({
        versionId: mine.version.id,
      });
      expect(approved).toMatchObject({ status: 'APPROVED', approvedBy: fixture.reviewer.id });
    });

    it('approving a new version deprecates the previous one', async () => {
      const { runbookId, versionId } = await createApprovedRunbook(fixture, {
        script: 'return 1;',
      });
      const draft = await fixture.api.teamAdmin.runbooks.saveDraft.mutate({
        ...BASE,
        runbookId,
        baseVersionId: versionId,
        secretNames: [],
        script: 'return 2;',
      });

      const queue = await fixture.api.admin.runbooks.pendingApprovals.query();
      await fixture.api.reviewer.runbooks.approve.mutate({ versionId: draft.id });

      expect(queue.find((item) => item.runbookId === runbookId)).toMatchObject({
        id: draft.id,
        approvedVersionId: versionId,
      });
      const history = await fixture.api.observer.runbooks.versions.query({ runbookId });
      expect(history.map((version) => [version.version, version.status])).toEqual([
        [2, 'APPROVED'],
        [1, 'DEPRECATED'],
      ]);
      expect(await codeOf(fixture.api.reviewer.runbooks.approve.mutate({ versionId }))).toBe(
        'CONFLICT',
      );
    });

    it('only the approved version runs', async () => {
      const created = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        secretNames: [],
        teamId: fixture.teamId,
      });
      const incidentId = await openIncident(stack, fixture);

      expect(
        await codeOf(
          fixture.api.responder.runbooks.prepareRun.mutate({
            incidentId,
            runbookId: created.runbookId,
          }),
        ),
      ).toBe('CONFLICT');
      await fixture.api.reviewer.runbooks.approve.mutate({ versionId: created.version.id });
      const confirmation = await fixture.api.responder.runbooks.prepareRun.mutate({
        incidentId,
        runbookId: created.runbookId,
      });
      await fixture.api.reviewer.runbooks.deprecate.mutate({ versionId: created.version.id });

      expect(confirmation.parameters).toEqual({ replicas: 2 });
      expect(
        await codeOf(
          fixture.api.responder.runbooks.run.mutate({
            incidentId,
            runbookId: created.runbookId,
            versionId: confirmation.version.id,
            parameters: confirmation.parameters,
            confirmationId: confirmation.confirmationId,
          }),
        ),
      ).toBe('CONFLICT');
    });

    it('unconfirmed version is refused', async () => {
      const { runbookId, versionId } = await createApprovedRunbook(fixture, {
        script: 'return 1;',
      });
      const incidentId = await openIncident(stack, fixture);
      const confirmation = await fixture.api.responder.runbooks.prepareRun.mutate({
        incidentId,
        runbookId,
      });
      const draft = await fixture.api.teamAdmin.runbooks.saveDraft.mutate({
        ...BASE,
        runbookId,
        baseVersionId: versionId,
        secretNames: [],
      });
      await fixture.api.reviewer.runbooks.approve.mutate({ versionId: draft.id });

      const call = fixture.api.responder.runbooks.run.mutate({
        incidentId,
        runbookId,
        versionId: confirmation.version.id,
        parameters: {},
        confirmationId: confirmation.confirmationId,
      });

      expect(await codeOf(call)).toBe('CONFLICT');
    });
  });

  describe('secrets', () => {
    it('value is stored encrypted and never returned', async () => {
      const created = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        teamId: fixture.teamId,
      });
      const value = 'kube-token-0123456789abcdef';

      const set = await fixture.api.teamAdmin.runbooks.secrets.set.mutate({
        runbookId: created.runbookId,
        name: 'KUBE_TOKEN',
        value,
      });

      expect(Object.keys(set).sort()).toEqual(['name', 'updatedAt']);
      const row = await stack.db
        .selectFrom('runbook_secret')
        .selectAll()
        .where('runbook_id', '=', created.runbookId)
        .executeTakeFirstOrThrow();
      expect(row.ciphertext).not.toContain(value);
      expect(row.key_id).toBe(stack.config.encryption.current.id);
      expect(
        decryptSecret(
          stack.config.encryption,
          { ciphertext: row.ciphertext, keyId: row.key_id },
          `runbook-secret:${created.runbookId}:KUBE_TOKEN`,
        ),
      ).toBe(value);
      const everything = JSON.stringify([
        await fixture.api.teamAdmin.runbooks.get.query({ runbookId: created.runbookId }),
        await fixture.api.teamAdmin.runbooks.secrets.list.query({ runbookId: created.runbookId }),
        await stack.db.selectFrom('audit_event').selectAll().execute(),
      ]);
      expect(everything).not.toContain(value);
    });

    it('short secret is rejected so masking stays reliable', async () => {
      const created = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        teamId: fixture.teamId,
      });

      const call = fixture.api.teamAdmin.runbooks.secrets.set.mutate({
        runbookId: created.runbookId,
        name: 'KUBE_TOKEN',
        value: 'short',
      });

      expect(await fieldOf(call)).toBe('value');
    });

    it('responder can neither set nor delete secrets', async () => {
      const created = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        teamId: fixture.teamId,
      });
      const input = { runbookId: created.runbookId, name: 'KUBE_TOKEN' };

      expect(
        await codeOf(
          fixture.api.responder.runbooks.secrets.set.mutate({ ...input, value: 'x'.repeat(12) }),
        ),
      ).toBe('FORBIDDEN');
      await fixture.api.teamAdmin.runbooks.secrets.set.mutate({ ...input, value: 'x'.repeat(12) });
      expect(await codeOf(fixture.api.responder.runbooks.secrets.delete.mutate(input))).toBe(
        'FORBIDDEN',
      );
      await fixture.api.teamAdmin.runbooks.secrets.delete.mutate(input);
      expect(
        await fixture.api.teamAdmin.runbooks.secrets.list.query({ runbookId: created.runbookId }),
      ).toEqual([]);
    });
  });

  describe('rules', () => {
    it('team admin manages rules', async () => {
      const { runbookId } = await createApprovedRunbook(fixture, { script: 'return 1;' });

      const rule = await fixture.api.teamAdmin.runbooks.rules.create.mutate({
        serviceId: fixture.serviceId,
        runbookId,
        name: 'Critical checkout alerts',
        priorities: ['P1'],
        labels: { alertname: 'HighErrorRate' },
      });
      const disabled = await fixture.api.teamAdmin.runbooks.rules.update.mutate({
        ruleId: rule.id,
        enabled: false,
      });
      const listed = await fixture.api.observer.runbooks.rules.list.query({
        serviceId: fixture.serviceId,
      });
      await fixture.api.teamAdmin.runbooks.rules.delete.mutate({ ruleId: rule.id });

      expect(rule).toMatchObject({ enabled: true, priorities: ['P1'], teamId: fixture.teamId });
      expect(disabled.enabled).toBe(false);
      expect(listed.map((item) => item.id)).toContain(rule.id);
      expect(await fixture.api.observer.runbooks.rules.list.query({ runbookId })).toEqual([]);
    });

    it('foreign runbook or service is refused', async () => {
      const { runbookId } = await createApprovedRunbook(other, { script: 'return 1;' });

      const foreignRunbook = await codeOf(
        fixture.api.teamAdmin.runbooks.rules.create.mutate({
          serviceId: fixture.serviceId,
          runbookId,
          name: 'Foreign',
        }),
      );
      const foreignService = await codeOf(
        fixture.api.teamAdmin.runbooks.rules.create.mutate({
          serviceId: other.serviceId,
          runbookId,
          name: 'Foreign',
        }),
      );
      const asResponder = await codeOf(
        fixture.api.responder.runbooks.rules.create.mutate({
          serviceId: fixture.serviceId,
          runbookId,
          name: 'Responder',
        }),
      );

      expect(foreignRunbook).toBe('NOT_FOUND');
      expect(foreignService).toBe('NOT_FOUND');
      expect(asResponder).toBe('FORBIDDEN');
    });

    it('rule parameters are validated on save', async () => {
      const { runbookId } = await createApprovedRunbook(fixture, {
        script: 'return 1;',
        parametersSchema: BASE.parametersSchema,
      });

      const invalidCreate = await rejectionOf(
        fixture.api.teamAdmin.runbooks.rules.create.mutate({
          serviceId: fixture.serviceId,
          runbookId,
          name: 'Too many replicas',
          parameters: { replicas: 50 },
        }),
      );
      const rule = await fixture.api.teamAdmin.runbooks.rules.create.mutate({
        serviceId: fixture.serviceId,
        runbookId,
        name: 'Valid replicas',
        parameters: { replicas: 3 },
      });
      const invalidUpdate = await rejectionOf(
        fixture.api.teamAdmin.runbooks.rules.update.mutate({
          ruleId: rule.id,
          parameters: { replicas: 'many' },
        }),
      );

      expect(invalidCreate.code).toBe('BAD_REQUEST');
      expect(invalidCreate.field).toBe('parameters');
      expect(invalidCreate.message).toContain('replicas must be <= 20');
      expect(invalidUpdate.code).toBe('BAD_REQUEST');
      expect(invalidUpdate.field).toBe('parameters');
      expect(invalidUpdate.message).toContain('replicas must be integer');
    });

    it('rule fires once per incident', async () => {
      await stack.startWorker();
      try {
        const own = await seedRunbookFixture(stack);
        const { runbookId } = await createApprovedRunbook(own, { script: 'return 1;' });
        await own.api.teamAdmin.runbooks.rules.create.mutate({
          serviceId: own.serviceId,
          runbookId,
          name: 'All',
        });
        const incidentId = await openIncident(stack, own);

        await Promise.all([stack.worker!.runbooks.scan(), stack.worker!.runbooks.scan()]);
        await stack.db
          .deleteFrom('runbook_rule_evaluation')
          .where('incident_id', '=', incidentId)
          .execute();
        await stack.worker!.runbooks.scan();

        const runs = await own.api.observer.runbooks.executions.forIncident.query({ incidentId });
        expect(runs).toHaveLength(1);
        expect(runs[0]?.trigger.type).toBe('rule');
      } finally {
        await stack.stopWorker();
      }
    });
  });

  describe('running', () => {
    it('observer cannot start a run', async () => {
      const { runbookId } = await createApprovedRunbook(fixture, { script: 'return 1;' });
      const incidentId = await openIncident(stack, fixture);

      const code = await codeOf(
        fixture.api.observer.runbooks.prepareRun.mutate({ incidentId, runbookId }),
      );

      expect(code).toBe('FORBIDDEN');
    });

    it('responder of another team cannot run on the incident', async () => {
      const { runbookId } = await createApprovedRunbook(fixture, { script: 'return 1;' });
      const incidentId = await openIncident(stack, fixture);

      expect(
        await codeOf(other.api.responder.runbooks.prepareRun.mutate({ incidentId, runbookId })),
      ).toBe('NOT_FOUND');
    });

    it('team runbook cannot run on another team’s incident', async () => {
      const { runbookId } = await createApprovedRunbook(fixture, { script: 'return 1;' });
      const incidentId = await openIncident(stack, other);

      expect(
        await codeOf(other.api.responder.runbooks.prepareRun.mutate({ incidentId, runbookId })),
      ).toBe('NOT_FOUND');
    });

    it('API key cannot start a run', async () => {
      const { runbookId } = await createApprovedRunbook(fixture, { script: 'return 1;' });
      const incidentId = await openIncident(stack, fixture);
      const responder = fixture.responders[0]!;
      const key = await createApiKey(stack.db, actorOf(sessionPrincipal(responder.id), null), {
        userId: responder.id,
        name: 'automation',
        scopes: ['incidents:read', 'incidents:write', 'config:read', 'config:write'],
        expiresInDays: 1,
        now: new Date(),
      });
      const client = trpcClient(stack.server.url, { bearer: key.token });

      expect(await codeOf(client.runbooks.prepareRun.mutate({ incidentId, runbookId }))).toBe(
        'FORBIDDEN',
      );
      expect(await client.runbooks.executions.forIncident.query({ incidentId })).toEqual([]);
    });

    it('parameters are validated against the schema', async () => {
      const { runbookId } = await createApprovedRunbook(fixture, {
        script: 'return 1;',
        parametersSchema: BASE.parametersSchema,
      });
      const incidentId = await openIncident(stack, fixture);

      const call = fixture.api.responder.runbooks.prepareRun.mutate({
        incidentId,
        runbookId,
        parameters: { replicas: 50 },
      });

      expect(await codeOf(call)).toBe('BAD_REQUEST');
      expect(await fieldOf(call)).toBe('parameters');
    });

    it.each([
      ['nested quantifier', '((a+))+$'],
      ['repeated group with an optional part', '^(([a-z0-9]+)-?)+$'],
      ['repeated alternation', '^(a|ab)*$'],
    ])('catastrophic pattern with %s is rejected', async (_name, pattern) => {
      const rejection = await rejectionOf(
        fixture.api.teamAdmin.runbooks.create.mutate({
          ...BASE,
          teamId: fixture.teamId,
          parametersSchema: {
            type: 'object',
            properties: { slug: { type: 'string', pattern } },
          },
        }),
      );

      expect(rejection.code).toBe('BAD_REQUEST');
      expect(rejection.field).toBe('parametersSchema');
      expect(rejection.message).toContain('repeats a group that contains a quantifier');
    });

    it('value over the pattern length cap is rejected', async () => {
      const { runbookId } = await createApprovedRunbook(fixture, {
        script: 'return 1;',
        parametersSchema: {
          type: 'object',
          properties: { slug: { type: 'string', pattern: '^[a-z-]+$' } },
        },
      });
      const incidentId = await openIncident(stack, fixture);

      const rejection = await rejectionOf(
        fixture.api.responder.runbooks.prepareRun.mutate({
          incidentId,
          runbookId,
          parameters: { slug: 'a'.repeat(2000) },
        }),
      );

      expect(rejection.code).toBe('BAD_REQUEST');
      expect(rejection.field).toBe('parameters');
      expect(rejection.message).toContain('slug is longer than 1024 characters');
    });

    it.each([
      ['prepareRun', 'runbooks.prepareRun', 'parameters'],
      ['rule create', 'runbooks.rules.create', 'parameters'],
      ['runbook create', 'runbooks.create', 'parametersSchema'],
    ])('deeply nested JSON in %s is a bad request', async (_name, procedure, field) => {
      const { runbookId } = await createApprovedRunbook(fixture, { script: 'return 1;' });
      const incidentId = await openIncident(stack, fixture);
      const nested = nestedArraysJson(100_000);
      const bodies: Record<string, string> = {
        'runbooks.prepareRun': `{"incidentId":"${incidentId}","runbookId":"${runbookId}","parameters":{"deep":${nested}}}`,
        'runbooks.rules.create': `{"serviceId":"${fixture.serviceId}","runbookId":"${runbookId}","name":"Deep","parameters":{"deep":${nested}}}`,
        'runbooks.create': `{"teamId":"${fixture.teamId}","name":"Deep","script":"return 1;","parametersSchema":{"type":"object","deep":${nested}}}`,
      };

      const response = await fetch(`${stack.server.url}/trpc/${procedure}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: fixture.cookies.teamAdmin },
        body: bodies[procedure],
      });
      const body = (await response.json()) as {
        error: { message: string; data: { code: string; field?: string } };
      };

      expect(response.status).toBe(400);
      expect(body.error.data.code).toBe('BAD_REQUEST');
      expect(body.error.data.field).toBe(field);
      expect(body.error.message).toContain('nest');
    });

    it('run records version, script and trigger', async () => {
      const { runbookId, versionId } = await createApprovedRunbook(fixture, {
        script: 'return input.parameters;',
        parametersSchema: BASE.parametersSchema,
      });
      const incidentId = await openIncident(stack, fixture);

      const execution = await runManually(fixture, incidentId, runbookId, { replicas: 3 });

      expect(execution).toMatchObject({
        status: 'QUEUED',
        versionId,
        version: 1,
        parameters: { replicas: 3 },
        trigger: { type: 'manual', userId: fixture.responders[0]!.id },
      });
      const row = await stack.db
        .selectFrom('runbook_execution')
        .select(['script'])
        .where('id', '=', execution.id)
        .executeTakeFirstOrThrow();
      expect(row.script).toBe('return input.parameters;');
      const audit = await stack.db
        .selectFrom('audit_event')
        .selectAll()
        .where('resource_id', '=', execution.id)
        .executeTakeFirstOrThrow();
      expect(audit.action).toBe('runbook.run_requested');
      expect(audit.metadata).toEqual({ runbookId, versionId, incidentId });
      const byRunbook = await fixture.api.observer.runbooks.executions.forRunbook.query({
        runbookId,
      });
      expect(byRunbook.items.map((item) => item.id)).toEqual([execution.id]);
      expect(
        await codeOf(
          other.api.observer.runbooks.executions.get.query({ executionId: execution.id }),
        ),
      ).toBe('NOT_FOUND');
    });

    it('execution names its incident', async () => {
      const { runbookId } = await createApprovedRunbook(fixture, { script: 'return 1;' });
      const incidentId = await openIncident(stack, fixture, 'Checkout queue backlog');

      const execution = await runManually(fixture, incidentId, runbookId);

      const incident = await stack.db
        .selectFrom('incident')
        .select('number')
        .where('id', '=', incidentId)
        .executeTakeFirstOrThrow();
      expect(execution.incidentNumber).toBe(Number(incident.number));
      expect(execution.incidentTitle).toBe('Checkout queue backlog');
      const listed = await fixture.api.observer.runbooks.executions.forIncident.query({
        incidentId,
      });
      expect(listed.map((item) => item.incidentTitle)).toEqual(['Checkout queue backlog']);
    });

    it('runnable lists approved team runbooks', async () => {
      const own = await createApprovedRunbook(fixture, { script: 'return 1;' });
      const foreign = await createApprovedRunbook(other, { script: 'return 1;' });
      const draftOnly = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        teamId: fixture.teamId,
      });
      const incidentId = await openIncident(stack, fixture);

      const runnable = await fixture.api.observer.runbooks.runnable.query({ incidentId });

      const ids = runnable.map((runbook) => runbook.id);
      expect(ids).toContain(own.runbookId);
      expect(ids).not.toContain(foreign.runbookId);
      expect(ids).not.toContain(draftOnly.runbookId);
    });

    it('dry run needs an editor', async () => {
      const created = await fixture.api.teamAdmin.runbooks.create.mutate({
        ...BASE,
        secretNames: [],
        teamId: fixture.teamId,
      });
      const incidentId = await openIncident(stack, fixture);

      const asResponder = await codeOf(
        fixture.api.responder.runbooks.dryRun.mutate({ versionId: created.version.id, incidentId }),
      );
      const dry = await fixture.api.teamAdmin.runbooks.dryRun.mutate({
        versionId: created.version.id,
        incidentId,
      });

      expect(asResponder).toBe('FORBIDDEN');
      expect(dry).toMatchObject({ dryRun: true, status: 'QUEUED', trigger: { type: 'dry_run' } });
    });
  });
});
