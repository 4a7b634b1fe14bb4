import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry and every PageFree metric, created once per process.
 * Server, worker and status site record into the same registry. So when `pnpm start` runs
 * them in one process, the server's `/metrics` also shows the worker's metrics. A worker
 * process of its own exposes them on WORKER_METRICS_PORT.
 *
 * Label values come from small fixed sets (formats, channels, outcomes, queue names); no
 * label carries an id, a key or a user-supplied string.
 */
export const metricsRegistry = new Registry();

collectDefaultMetrics({ register: metricsRegistry, prefix: 'pagefree_' });

/** Latency buckets in seconds for request and delivery times, from 5 ms to 1 minute. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Buckets in seconds for how late scheduled work runs, from 10 ms to 10 minutes. */
const LATENESS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600];

export const httpRequests = new Counter({
  name: 'pagefree_http_requests_total',
  help: 'HTTP requests handled, by method, matched route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'pagefree_http_request_duration_seconds',
  help: 'Time from receiving an HTTP request to its response being ready, by matched route.',
  labelNames: ['method', 'route'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const ingestRequests = new Counter({
  name: 'pagefree_ingest_requests_total',
  help: 'Monitoring webhooks received, by format and outcome (accepted, a rejection reason, rate_limited or unavailable).',
  labelNames: ['format', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const ingestAlerts = new Counter({
  name: 'pagefree_ingest_alerts_total',
  help: 'Alerts stored from accepted webhooks, by format.',
  labelNames: ['format'] as const,
  registers: [metricsRegistry],
});

export const ingestDuration = new Histogram({
  name: 'pagefree_ingest_duration_seconds',
  help: 'Time to authenticate, parse and store one webhook, by format and outcome.',
  labelNames: ['format', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const ingestOverLimit = new Counter({
  name: 'pagefree_ingest_over_limit_total',
  help: 'Webhooks above their soft rate limit, stored anyway and processed with limited concurrency, by limit (key or address).',
  labelNames: ['limit'] as const,
  registers: [metricsRegistry],
});

export const rateLimitRejections = new Counter({
  name: 'pagefree_rate_limit_rejections_total',
  help: 'Requests rejected with 429 by a rate limit, by tier.',
  labelNames: ['tier'] as const,
  registers: [metricsRegistry],
});

export const rateLimitFallbacks = new Counter({
  name: 'pagefree_rate_limit_fallbacks_total',
  help: 'Rate limit checks counted in process memory because Redis was unreachable, by tier.',
  labelNames: ['tier'] as const,
  registers: [metricsRegistry],
});

export const escalationLateness = new Histogram({
  name: 'pagefree_escalation_lateness_seconds',
  help: 'Time between an escalation step being due and the worker running it.',
  buckets: LATENESS_BUCKETS,
  registers: [metricsRegistry],
});

export const escalationSteps = new Counter({
  name: 'pagefree_escalation_steps_total',
  help: 'Escalation jobs processed, by result (ran, or stale when the incident had moved on).',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

export const notificationDeliveries = new Counter({
  name: 'pagefree_notification_deliveries_total',
  help: 'Notification delivery attempts, by channel and outcome (sent, failed, retry, cancelled).',
  labelNames: ['channel', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const pageDeliverySeconds = new Histogram({
  name: 'pagefree_page_delivery_seconds',
  help: 'Time from a notification being created to its channel accepting it, by channel.',
  labelNames: ['channel'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const runbookRunsFinished = new Counter({
  name: 'pagefree_runbook_runs_finished_total',
  help: 'Runbook runs that reached a final status, by status.',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
});

export const statusPublishLag = new Histogram({
  name: 'pagefree_status_publish_lag_seconds',
  help: 'Time from a status recompute being requested to its snapshots being published.',
  buckets: LATENESS_BUCKETS,
  registers: [metricsRegistry],
});

export const socketConnections = new Gauge({
  name: 'pagefree_socket_connections',
  help: 'Open Socket.io connections on this process, by namespace.',
  labelNames: ['namespace'] as const,
  registers: [metricsRegistry],
});

export const socketEventsLimited = new Counter({
  name: 'pagefree_socket_events_limited_total',
  help: 'Socket.io client event limit actions, by namespace and action (warned, disconnected).',
  labelNames: ['namespace', 'action'] as const,
  registers: [metricsRegistry],
});

export const secretsOnOldKeys = new Gauge({
  name: 'pagefree_secrets_on_previous_keys',
  help: 'Stored secrets still encrypted with a previous encryption key, per table, as of the last re-encryption pass.',
  labelNames: ['table'] as const,
  registers: [metricsRegistry],
});
