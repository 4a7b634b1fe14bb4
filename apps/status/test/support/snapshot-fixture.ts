import type { PageSnapshot, UptimeDay } from '@pagefree/core/status-pages/snapshot-types';

const PAGE_ID = '00000000-0000-4000-8000-000000000001';
const API = '00000000-0000-4000-8000-0000000000a1';
const WEBSITE = '00000000-0000-4000-8000-0000000000a2';
const SECTION = '00000000-0000-4000-8000-0000000000b1';

function days(count: number, lastDate: string): UptimeDay[] {
  const last = Date.parse(`${lastDate}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(last - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10);
    const troubled = index === count - 3;
    return {
      date,
      status: troubled ? 'partial_outage' : 'operational',
      uptimePercent: troubled ? 97.91 : 100,
      majorOutageMinutes: 0,
      partialOutageMinutes: troubled ? 30 : 0,
    };
  });
}

/**
 * Builds a realistic published snapshot: a section with two components, an unresolved and a
 * resolved incident, and scheduled, running and completed maintenance.
 */
export function snapshotFixture(overrides: Partial<PageSnapshot> = {}): PageSnapshot {
  const base: PageSnapshot = {
    schemaVersion: 1,
    version: 7,
    publishedAt: '2026-12-04T10:00:00.000Z',
    localDate: '2026-12-04',
    page: {
      id: PAGE_ID,
      slug: 'acme',
      name: 'Acme Cloud',
      description: 'Status of Acme Cloud services.',
      url: 'https://status.example.com/acme',
      timeZone: 'Europe/Berlin',
      visibility: 'public',
      frameAncestors: [],
      supportUrl: 'https://acme.example.com/support',
    },
    status: { indicator: 'major', description: 'Partial System Outage' },
    sections: [{ id: SECTION, name: 'Core', position: 0, createdAt: '2026-01-01T00:00:00.000Z' }],
    components: [
      {
        id: API,
        name: 'API',
        description: 'Public REST API',
        sectionId: SECTION,
        position: 0,
        status: 'partial_outage',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-12-04T09:40:00.000Z',
        uptime: { percent: 99.97, days: days(90, '2026-12-04') },
      },
      {
        id: WEBSITE,
        name: 'Website',
        description: '',
        sectionId: null,
        position: 1,
        status: 'operational',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        uptime: null,
      },
    ],
    incidents: [
      {
        id: '00000000-0000-4000-8000-0000000000c1',
        name: 'Elevated API errors',
        status: 'identified',
        impact: 'major',
        createdAt: '2026-12-04T09:40:00.000Z',
        updatedAt: '2026-12-04T09:55:00.000Z',
        monitoringAt: null,
        resolvedAt: null,
        components: [{ id: API, status: 'partial_outage' }],
        updates: [
          {
            id: '00000000-0000-4000-8000-0000000000d2',
            status: 'identified',
            body: 'A **bad deploy**; rolling back.',
            createdAt: '2026-12-04T09:55:00.000Z',
          },
          {
            id: '00000000-0000-4000-8000-0000000000d1',
            status: 'investigating',
            body: 'We see errors on the API.',
            createdAt: '2026-12-04T09:40:00.000Z',
          },
        ],
      },
      {
        id: '00000000-0000-4000-8000-0000000000c2',
        name: 'Login delays',
        status: 'resolved',
        impact: 'minor',
        createdAt: '2026-12-02T08:00:00.000Z',
        updatedAt: '2026-12-02T09:00:00.000Z',
        monitoringAt: '2026-12-02T08:30:00.000Z',
        resolvedAt: '2026-12-02T09:00:00.000Z',
        components: [],
        updates: [
          {
            id: '00000000-0000-4000-8000-0000000000d3',
            status: 'resolved',
            body: 'Logins are fast again.',
            createdAt: '2026-12-02T09:00:00.000Z',
          },
        ],
      },
    ],
    maintenances: [
      {
        id: '00000000-0000-4000-8000-0000000000e1',
        name: 'Database upgrade',
        body: 'Writes pause for a minute.',
        status: 'scheduled',
        scheduledFor: '2026-12-06T01:00:00.000Z',
        scheduledUntil: '2026-12-06T03:00:00.000Z',
        startedAt: null,
        completedAt: null,
        createdAt: '2026-12-01T00:00:00.000Z',
        updatedAt: '2026-12-01T00:00:00.000Z',
        timeZone: 'Europe/Berlin',
        recurrence: { frequency: 'weekly', interval: 1 },
        componentIds: [API],
      },
      {
        id: '00000000-0000-4000-8000-0000000000e2',
        name: 'Cache warm-up',
        body: '',
        status: 'in_progress',
        scheduledFor: '2026-12-04T09:00:00.000Z',
        scheduledUntil: '2026-12-04T11:00:00.000Z',
        startedAt: '2026-12-04T09:00:00.000Z',
        completedAt: null,
        createdAt: '2026-12-01T00:00:00.000Z',
        updatedAt: '2026-12-04T09:00:00.000Z',
        timeZone: 'Europe/Berlin',
        recurrence: null,
        componentIds: [],
      },
      {
        id: '00000000-0000-4000-8000-0000000000e3',
        name: 'Network change',
        body: 'Done.',
        status: 'completed',
        scheduledFor: '2026-12-01T01:00:00.000Z',
        scheduledUntil: '2026-12-01T02:00:00.000Z',
        startedAt: '2026-12-01T01:00:00.000Z',
        completedAt: '2026-12-01T02:00:00.000Z',
        createdAt: '2026-11-20T00:00:00.000Z',
        updatedAt: '2026-12-01T02:00:00.000Z',
        timeZone: 'Europe/Berlin',
        recurrence: null,
        componentIds: [WEBSITE],
      },
    ],
  };
  return { ...base, ...overrides };
}
