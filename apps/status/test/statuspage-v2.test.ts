import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { V2_DOCUMENTS } from '../src/api/statuspage-v2.ts';
import { testApp } from './support/fakes.ts';
import { snapshotFixture } from './support/snapshot-fixture.ts';
import { STATUSPAGE_V2_SCHEMAS } from './support/statuspage-v2-schemas.ts';

describe('Statuspage v2 JSON', () => {
  const { app, memory } = testApp();
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validators = Object.fromEntries(
    Object.entries(STATUSPAGE_V2_SCHEMAS).map(([name, schema]) => [name, ajv.compile(schema)]),
  );

  beforeAll(() => {
    memory.publish(snapshotFixture());
  });

  it.each(V2_DOCUMENTS)('%s.json matches the v2 schema', async (document) => {
    const response = await app.request(`/acme/api/v2/${document}.json`);
    const body = await response.json();

    const validate = validators[document]!;
    const valid = validate(body);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('summary lists unresolved incidents only', async () => {
    const summary = await (await app.request('/acme/api/v2/summary.json')).json();

    expect(summary.incidents.map((incident: any) => incident.name)).toEqual([
      'Elevated API errors',
    ]);
    expect(summary.scheduled_maintenances.map((m: any) => m.status)).toEqual([
      'scheduled',
      'in_progress',
    ]);
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('sections become group components', async () => {
    const { components } = await (await app.request('/acme/api/v2/components.json')).json();
    const group = components.find((component: any) => component.group);

    expect(group).toMatchObject({
      name: 'Core',
      status: 'partial_outage',
      components: [components[0].id],
    });
    expect(components[0].group_id).toBe(group.id);
  });

  it('upcoming and active split maintenance', async () => {
    const upcoming = await (
      await app.request('/acme/api/v2/scheduled-maintenances/upcoming.json')
    ).json();
    const active = await (
      await app.request('/acme/api/v2/scheduled-maintenances/active.json')
    ).json();

    expect(upcoming.scheduled_maintenances.map((m: any) => m.name)).toEqual(['Database upgrade']);
    expect(active.scheduled_maintenances.map((m: any) => m.name)).toEqual(['Cache warm-up']);
  });

  it('unknown page is a JSON 404', async () => {
    const response = await app.request('/nobody/api/v2/summary.json');

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'not_found',
      message: 'Status page not found.',
    });
  });
});
