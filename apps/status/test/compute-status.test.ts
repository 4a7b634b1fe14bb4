import {
  computeComponentStatus,
  computePageStatus,
  PRIORITY_IMPACT,
  worstStatus,
} from '@pagefree/core/status-pages/compute-status';
import type {
  ComponentStatus,
  IncidentComponentStatus,
  Priority,
  StatusImpact,
} from '@pagefree/db';
import { describe, expect, it } from 'vitest';

describe('computeComponentStatus', () => {
  const cases: Array<{
    name: string;
    priorities: Priority[];
    impacts: IncidentComponentStatus[];
    maintenance: boolean;
    status: ComponentStatus;
    source: string;
  }> = [
    {
      name: 'nothing open',
      priorities: [],
      impacts: [],
      maintenance: false,
      status: 'operational',
      source: 'none',
    },
    {
      name: 'P1 is a major outage',
      priorities: ['P1'],
      impacts: [],
      maintenance: false,
      status: 'major_outage',
      source: 'incidents',
    },
    {
      name: 'P2 is a partial outage',
      priorities: ['P2'],
      impacts: [],
      maintenance: false,
      status: 'partial_outage',
      source: 'incidents',
    },
    {
      name: 'P3 is degraded',
      priorities: ['P3'],
      impacts: [],
      maintenance: false,
      status: 'degraded_performance',
      source: 'incidents',
    },
    {
      name: 'P4 stays operational',
      priorities: ['P4'],
      impacts: [],
      maintenance: false,
      status: 'operational',
      source: 'none',
    },
    {
      name: 'P5 stays operational',
      priorities: ['P5'],
      impacts: [],
      maintenance: false,
      status: 'operational',
      source: 'none',
    },
    {
      name: 'worst priority wins',
      priorities: ['P3', 'P1', 'P2'],
      impacts: [],
      maintenance: false,
      status: 'major_outage',
      source: 'incidents',
    },
    {
      name: 'maintenance beats incidents',
      priorities: ['P1'],
      impacts: [],
      maintenance: true,
      status: 'under_maintenance',
      source: 'maintenance',
    },
    {
      name: 'maintenance alone',
      priorities: [],
      impacts: [],
      maintenance: true,
      status: 'under_maintenance',
      source: 'maintenance',
    },
    {
      name: 'status incident overrides P1',
      priorities: ['P1'],
      impacts: ['degraded_performance'],
      maintenance: false,
      status: 'degraded_performance',
      source: 'status_incident',
    },
    {
      name: 'status incident says operational',
      priorities: ['P1'],
      impacts: ['operational'],
      maintenance: false,
      status: 'operational',
      source: 'status_incident',
    },
    {
      name: 'status incident beats maintenance',
      priorities: [],
      impacts: ['major_outage'],
      maintenance: true,
      status: 'major_outage',
      source: 'status_incident',
    },
    {
      name: 'worst status incident wins',
      priorities: [],
      impacts: ['partial_outage', 'degraded_performance'],
      maintenance: false,
      status: 'partial_outage',
      source: 'status_incident',
    },
  ];

  it.each(cases)('$name', ({ priorities, impacts, maintenance, status, source }) => {
    const result = computeComponentStatus({
      openIncidentPriorities: priorities,
      statusIncidentImpacts: impacts,
      inMaintenance: maintenance,
    });

    expect(result.status).toBe(status);
    expect(result.source).toBe(source);
  });
});

describe('computePageStatus', () => {
  const cases: Array<{
    name: string;
    components: ComponentStatus[];
    incidents: StatusImpact[];
    indicator: StatusImpact;
    description: string;
  }> = [
    {
      name: 'no components',
      components: [],
      incidents: [],
      indicator: 'none',
      description: 'All Systems Operational',
    },
    {
      name: 'all operational',
      components: ['operational', 'operational'],
      incidents: [],
      indicator: 'none',
      description: 'All Systems Operational',
    },
    {
      name: 'degraded is minor',
      components: ['operational', 'degraded_performance'],
      incidents: [],
      indicator: 'minor',
      description: 'Minor Service Outage',
    },
    {
      name: 'partial outage is major',
      components: ['partial_outage', 'degraded_performance'],
      incidents: [],
      indicator: 'major',
      description: 'Partial System Outage',
    },
    {
      name: 'major outage is critical',
      components: ['major_outage', 'partial_outage'],
      incidents: [],
      indicator: 'critical',
      description: 'Major System Outage',
    },
    {
      name: 'maintenance only',
      components: ['under_maintenance', 'operational'],
      incidents: [],
      indicator: 'none',
      description: 'Service Under Maintenance',
    },
    {
      name: 'incident impact counts',
      components: ['operational'],
      incidents: ['major'],
      indicator: 'major',
      description: 'Partial System Outage',
    },
    {
      name: 'incident without impact',
      components: ['operational'],
      incidents: ['none'],
      indicator: 'none',
      description: 'All Systems Operational',
    },
    {
      name: 'worst of both wins',
      components: ['degraded_performance'],
      incidents: ['critical'],
      indicator: 'critical',
      description: 'Major System Outage',
    },
  ];

  it.each(cases)('$name', ({ components, incidents, indicator, description }) => {
    const status = computePageStatus(components, incidents);

    expect(status.indicator).toBe(indicator);
    expect(status.description).toBe(description);
  });
});

describe('worstStatus', () => {
  it('empty list is operational', () => {
    expect(worstStatus([])).toBe('operational');
  });

  it('outage outranks maintenance', () => {
    expect(worstStatus(['under_maintenance', 'degraded_performance'])).toBe('degraded_performance');
    expect(worstStatus(['operational', 'under_maintenance'])).toBe('under_maintenance');
  });

  it('every priority has an impact', () => {
    expect(Object.keys(PRIORITY_IMPACT).sort()).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });
});
