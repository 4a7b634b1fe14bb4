/**
 * JSON Schemas of the Statuspage public API v2 documents. The field names and enums follow
 * the summary.json reference of a Statuspage-compatible API
 * (https://www.mongodb.com/docs/api/doc/cloud-status/operation/operation-getstatussummary)
 * and the incident fields of Statuspage's own REST documentation
 * (https://doers.statuspage.io/api/v1/incidents/). Timestamps are ISO 8601 strings with a
 * zone. `additionalProperties: false` catches fields the documented shape does not have.
 */

const isoDateTime = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$',
};
const nullableDateTime = { anyOf: [isoDateTime, { type: 'null' }] };
const id = { type: 'string', minLength: 1 };

const page = {
  type: 'object',
  required: ['id', 'name', 'url', 'time_zone', 'updated_at'],
  additionalProperties: false,
  properties: {
    id,
    name: { type: 'string' },
    url: { type: 'string', pattern: '^https?://' },
    time_zone: { type: 'string' },
    updated_at: isoDateTime,
  },
};

const status = {
  type: 'object',
  required: ['indicator', 'description'],
  additionalProperties: false,
  properties: {
    indicator: { enum: ['none', 'minor', 'major', 'critical'] },
    description: { type: 'string' },
  },
};

const component = {
  type: 'object',
  required: [
    'id',
    'name',
    'status',
    'created_at',
    'updated_at',
    'position',
    'description',
    'showcase',
    'start_date',
    'group_id',
    'page_id',
    'group',
    'only_show_if_degraded',
  ],
  additionalProperties: false,
  properties: {
    id,
    name: { type: 'string' },
    status: {
      enum: [
        'operational',
        'degraded_performance',
        'partial_outage',
        'major_outage',
        'under_maintenance',
      ],
    },
    created_at: isoDateTime,
    updated_at: isoDateTime,
    position: { type: 'integer' },
    description: { type: ['string', 'null'] },
    showcase: { type: 'boolean' },
    start_date: {
      anyOf: [{ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, { type: 'null' }],
    },
    group_id: { type: ['string', 'null'] },
    page_id: id,
    group: { type: 'boolean' },
    only_show_if_degraded: { type: 'boolean' },
    components: { type: 'array', items: id },
  },
};

function incidentUpdate(statuses: string[]) {
  return {
    type: 'object',
    required: [
      'id',
      'status',
      'body',
      'incident_id',
      'created_at',
      'updated_at',
      'display_at',
      'affected_components',
      'deliver_notifications',
      'custom_tweet',
      'tweet_id',
    ],
    additionalProperties: false,
    properties: {
      id,
      status: { enum: statuses },
      body: { type: 'string' },
      incident_id: id,
      created_at: isoDateTime,
      updated_at: isoDateTime,
      display_at: isoDateTime,
      affected_components: { type: ['array', 'null'] },
      deliver_notifications: { type: 'boolean' },
      custom_tweet: { type: ['string', 'null'] },
      tweet_id: { type: ['string', 'null'] },
    },
  };
}

const incidentFields = {
  id,
  name: { type: 'string' },
  created_at: isoDateTime,
  updated_at: isoDateTime,
  monitoring_at: nullableDateTime,
  resolved_at: nullableDateTime,
  shortlink: { type: 'string' },
  started_at: isoDateTime,
  page_id: id,
  components: { type: 'array', items: component },
};
const incidentRequired = [...Object.keys(incidentFields), 'status', 'impact', 'incident_updates'];

const incident = {
  type: 'object',
  required: incidentRequired,
  additionalProperties: false,
  properties: {
    ...incidentFields,
    status: { enum: ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] },
    impact: { enum: ['none', 'minor', 'major', 'critical'] },
    incident_updates: {
      type: 'array',
      items: incidentUpdate([
        'investigating',
        'identified',
        'monitoring',
        'resolved',
        'postmortem',
      ]),
    },
  },
};

const maintenanceStatuses = ['scheduled', 'in_progress', 'verifying', 'completed'];
const scheduledMaintenance = {
  type: 'object',
  required: [...incidentRequired, 'scheduled_for', 'scheduled_until'],
  additionalProperties: false,
  properties: {
    ...incidentFields,
    status: { enum: maintenanceStatuses },
    impact: { enum: ['none', 'maintenance', 'minor', 'major', 'critical'] },
    scheduled_for: isoDateTime,
    scheduled_until: isoDateTime,
    incident_updates: { type: 'array', items: incidentUpdate(maintenanceStatuses) },
  },
};

function document(properties: Record<string, unknown>) {
  return {
    type: 'object',
    required: Object.keys(properties),
    additionalProperties: false,
    properties,
  };
}

export const STATUSPAGE_V2_SCHEMAS = {
  summary: document({
    page,
    components: { type: 'array', items: component },
    incidents: { type: 'array', items: incident },
    scheduled_maintenances: { type: 'array', items: scheduledMaintenance },
    status,
  }),
  status: document({ page, status }),
  components: document({ page, components: { type: 'array', items: component } }),
  incidents: document({ page, incidents: { type: 'array', items: incident } }),
  'incidents/unresolved': document({ page, incidents: { type: 'array', items: incident } }),
  'scheduled-maintenances': document({
    page,
    scheduled_maintenances: { type: 'array', items: scheduledMaintenance },
  }),
  'scheduled-maintenances/upcoming': document({
    page,
    scheduled_maintenances: { type: 'array', items: scheduledMaintenance },
  }),
  'scheduled-maintenances/active': document({
    page,
    scheduled_maintenances: { type: 'array', items: scheduledMaintenance },
  }),
} as const;
