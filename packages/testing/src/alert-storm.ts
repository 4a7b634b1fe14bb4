import { request as httpRequest } from 'node:http';

/**
 * An alert storm for load and fault tests: `alerts` Alertmanager webhooks, one alert each,
 * spread over `incidents` groups. Alert i belongs to group i mod `incidents`, so the first
 * `incidents` alerts open incidents and every later one is a duplicate. Each alert carries
 * the labels `storm` (the run id) and `seq` (its index), so a test can check in the `alert`
 * table that every single one was stored.
 */
export interface AlertStormOptions {
  /** `http://host:port/integrations/<key>/alertmanager`. */
  url: string;
  runId: string;
  alerts: number;
  incidents: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Longest wait between retries of one alert, in ms, whatever Retry-After requests. */
  maxRetryWaitMs?: number;
  /** Gives up on an alert that is not accepted within this many ms. */
  alertDeadlineMs?: number;
  /** Local address to send from, e.g. 127.0.0.2, to act as a separate client. */
  localAddress?: string;
  /** Called just before the first attempt of the first alert of each incident group. */
  onFirstAlert?(incident: number): void;
}

export interface AlertStormProgress {
  accepted: number;
  attempts: number;
}

export interface AlertStormResult {
  accepted: number;
  attempts: number;
  /** Responses other than 202 and network errors that were retried, by status or error code. */
  retried: Record<string, number>;
  /** 202 responses whose RateLimit-Remaining was 0: stored although over the soft limit. */
  acceptedOverLimit: number;
  /** Alerts never accepted, with the last reason; empty when every alert was stored. */
  failures: string[];
  durationMs: number;
  /** Time from first attempt to 202 per alert, in ms, retries included. */
  acceptLatenciesMs: number[];
}

/** Returns the webhook body of alert `seq` of group `incident`. */
export function stormBody(runId: string, incident: number, seq: number): string {
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{storm="${runId}",incident="${incident}"}`,
    status: 'firing',
    receiver: 'pagefree',
    groupLabels: { alertname: 'StormAlert', incident: String(incident) },
    commonLabels: { alertname: 'StormAlert', severity: 'critical' },
    commonAnnotations: { summary: stormTitle(runId, incident) },
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'StormAlert',
          storm: runId,
          incident: String(incident),
          seq: String(seq),
        },
        annotations: { summary: stormTitle(runId, incident) },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint: `${runId}-${seq}`,
      },
    ],
  });
}

/** Returns the incident title of group `incident`, which is also the title of its page. */
export function stormTitle(runId: string, incident: number): string {
  return `Storm ${runId} incident ${incident}`;
}

/**
 * Starts the storm and returns its live progress and its result. Like a monitoring tool, it
 * retries an alert on 429, 5xx and connection errors, after Retry-After (capped by
 * `maxRetryWaitMs`) or 200 ms, until `alertDeadlineMs`. Any other status is a failure.
 */
export function startAlertStorm(options: AlertStormOptions): {
  progress: AlertStormProgress;
  done: Promise<AlertStormResult>;
} {
  const progress: AlertStormProgress = { accepted: 0, attempts: 0 };
  const retried: Record<string, number> = {};
  const failures: string[] = [];
  const latencies: number[] = [];
  let acceptedOverLimit = 0;
  let next = 0;
  const maxWait = options.maxRetryWaitMs ?? 1_000;
  const deadline = options.alertDeadlineMs ?? 120_000;

  const sendOne = async (seq: number) => {
    const incident = seq % options.incidents;
    if (seq < options.incidents) options.onFirstAlert?.(incident);
    const body = stormBody(options.runId, incident, seq);
    const started = performance.now();
    let lastProblem = 'not sent';
    while (performance.now() - started < deadline) {
      progress.attempts += 1;
      let waitMs = 200;
      try {
        const response = await post(options.url, body, options.localAddress);
        if (response.status === 202) {
          progress.accepted += 1;
          latencies.push(performance.now() - started);
          if (response.headers['ratelimit-remaining'] === '0') acceptedOverLimit += 1;
          return;
        }
        lastProblem = `HTTP ${response.status}: ${response.body.slice(0, 200)}`;
        if (response.status !== 429 && response.status < 500) break;
        retried[String(response.status)] = (retried[String(response.status)] ?? 0) + 1;
        const retryAfter = Number(response.headers['retry-after']);
        if (Number.isFinite(retryAfter) && retryAfter > 0) waitMs = retryAfter * 1000;
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'error';
        lastProblem = `${code}: ${(error as Error).message}`;
        retried[code] = (retried[code] ?? 0) + 1;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, maxWait)));
    }
    failures.push(`alert ${seq}: ${lastProblem}`);
  };

  const started = performance.now();
  const loop = async () => {
    while (next < options.alerts) {
      const seq = next;
      next += 1;
      await sendOne(seq);
    }
  };
  const done = Promise.all(
    Array.from({ length: Math.min(options.concurrency, options.alerts) }, loop),
  ).then(() => ({
    accepted: progress.accepted,
    attempts: progress.attempts,
    retried,
    acceptedOverLimit,
    failures,
    durationMs: Math.round(performance.now() - started),
    acceptLatenciesMs: latencies,
  }));
  return { progress, done };
}

export interface SimpleResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends one HTTP request with node:http, which, unlike fetch, can choose the local address:
 * tests send from 127.0.0.2 or 127.0.0.3 to act as separate clients of a loopback server.
 */
export function sendRequest(options: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  localAddress?: string;
}): Promise<SimpleResponse> {
  return new Promise((resolve, reject) => {
    const body = options.body ?? '';
    const request = httpRequest(
      options.url,
      {
        method: options.method ?? 'GET',
        headers: {
          ...options.headers,
          ...(body && { 'content-length': String(Buffer.byteLength(body)) }),
        },
        ...(options.localAddress && { localAddress: options.localAddress }),
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
    );
    request.on('error', reject);
    request.end(body);
  });
}

function post(url: string, body: string, localAddress?: string): Promise<SimpleResponse> {
  return sendRequest({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    ...(localAddress && { localAddress }),
  });
}
