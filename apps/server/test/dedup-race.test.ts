import { loadAlertFixture } from '@pagefree/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPagingFixture } from './support/paging-fixture.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

describe('dedup under concurrency', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('100 concurrent identical alerts open one incident', async () => {
    const fixture = await seedPagingFixture(stack.db, stack.config, { format: 'pagerduty' });
    const event = {
      ...loadAlertFixture('pagerduty-events-v2-trigger.json'),
      routing_key: fixture.integration.key,
    };

    const responses = await Promise.all(
      Array.from({ length: 100 }, () => stack.post('/v2/enqueue', event)),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(100).fill(202));
    const incidents = await stack.db
      .selectFrom('incident')
      .selectAll()
      .where('service_id', '=', fixture.serviceId)
      .execute();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.alert_count).toBe(100);
    const alerts = await stack.db
      .selectFrom('alert')
      .select('id')
      .where('incident_id', '=', incidents[0]!.id)
      .execute();
    expect(alerts).toHaveLength(100);
    expect(new Set(responses.map((response) => response.body.incident_id))).toEqual(
      new Set([incidents[0]!.id]),
    );
    const triggered = await stack.db
      .selectFrom('incident_event')
      .select('id')
      .where('incident_id', '=', incidents[0]!.id)
      .where('type', '=', 'triggered')
      .execute();
    expect(triggered).toHaveLength(1);
  });
});
