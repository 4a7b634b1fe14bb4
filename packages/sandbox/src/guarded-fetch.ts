import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { type HostRule, hostOfUrl, isHostAllowed } from './allowed-hosts.ts';
import { assertAddressAllowed, createGuardedLookup, NetworkRefusedError } from './network-guard.ts';

/** Network limits of one run's `fetch`, built by the runner from the approved runbook version. */
export interface NetworkPolicy {
  allowedHosts: HostRule[];
  /** Allowlisted hosts that may resolve to private or loopback addresses. */
  privateNetworkHosts: HostRule[];
  /** Upper-case HTTP methods the script may use. */
  allowedMethods: string[];
  maxResponseBytes: number;
  maxRequestBytes: number;
  /** Deadline for one request, connection to last body byte. */
  requestTimeoutMs: number;
  /** Same-host redirects followed before giving up. */
  maxRedirects: number;
  /** PEM certificates trusted instead of the default roots. Tests use it for loopback servers. */
  trustedCertificates?: string;
}

/** A request as the sandbox's `fetch` passes it to the host, already copied out of the isolate. */
export interface FetchRequest {
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body: string | null;
}

export interface FetchResponse {
  url: string;
  status: number;
  statusText: string;
  redirected: boolean;
  headers: Array<[string, string]>;
  body: string;
}

/**
 * A request that failed on the way (connection refused or reset, DNS failure, timeout). A
 * run that ends on one uncaught is retried, because the next attempt may well succeed.
 */
export class NetworkFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkFailedError';
  }
}

// Headers the host sets itself. A script that set `host` could reach another virtual host
// behind an allowlisted address, and the framing headers could desynchronise the request.
const FORBIDDEN_REQUEST_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Performs one HTTPS request for a sandboxed script. The host must be on the allowlist, and
 * every address it resolves to must be public, or private for hosts approved for that.
 * Redirects are followed only to the same host and port, and the response body is read up
 * to `maxResponseBytes`. Throws NetworkRefusedError for anything the policy forbids and
 * NetworkFailedError when the network fails.
 */
export async function guardedFetch(
  request: FetchRequest,
  policy: NetworkPolicy,
  signal: AbortSignal,
): Promise<FetchResponse> {
  const method = request.method.toUpperCase();
  if (!policy.allowedMethods.includes(method)) {
    throw new NetworkRefusedError(
      `Method ${method} is not allowed here; use one of ${policy.allowedMethods.join(', ')}.`,
    );
  }
  const headers = checkHeaders(request.headers);
  if (request.body !== null && Buffer.byteLength(request.body) > policy.maxRequestBytes) {
    throw new NetworkRefusedError(`The request body exceeds ${policy.maxRequestBytes} bytes.`);
  }

  let url = checkUrl(request.url, policy);
  const origin = hostOfUrl(url);
  let current = { method, body: request.body };
  for (let redirects = 0; ; redirects += 1) {
    const response = await send(url, current.method, headers, current.body, policy, signal);
    const location = response.headers.find(([name]) => name === 'location')?.[1];
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined) {
      return { ...response, redirected: redirects > 0 };
    }
    if (redirects >= policy.maxRedirects) {
      throw new NetworkRefusedError(`Stopped after ${policy.maxRedirects} redirects.`);
    }

    const next = URL.parse(location, url);
    const target = next ? hostOfUrl(next) : null;
    if (
      !next ||
      next.protocol !== 'https:' ||
      target!.host !== origin.host ||
      target!.port !== origin.port
    ) {
      throw new NetworkRefusedError(
        `Redirect from ${origin.host} to ${next ? next.host : 'an invalid URL'} was not followed, because redirects are followed only within the same host and port.`,
      );
    }
    url = next;
    // As browsers do: 303, and 301/302 after a POST, continue as a GET without a body.
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && current.method === 'POST')
    ) {
      current = { method: current.method === 'HEAD' ? 'HEAD' : 'GET', body: null };
    }
  }
}

function checkUrl(text: string, policy: NetworkPolicy): URL {
  const url = URL.parse(text);
  if (!url) {
    throw new NetworkRefusedError('The URL is invalid; pass an absolute https:// URL.');
  }
  if (url.protocol !== 'https:') {
    throw new NetworkRefusedError(`Only https:// URLs are allowed, not ${url.protocol}.`);
  }
  if (url.username || url.password) {
    throw new NetworkRefusedError('The URL must not contain credentials; send them in a header.');
  }
  const target = hostOfUrl(url);
  if (!isHostAllowed(target, policy.allowedHosts)) {
    throw new NetworkRefusedError(
      `Host ${url.host} is not on this runbook's allowlist of hosts; add it to the runbook and have the version approved.`,
    );
  }
  return url;
}

function checkHeaders(pairs: Array<[string, string]>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    if (!HEADER_NAME.test(key) || /[\r\n\0]/.test(value)) {
      throw new NetworkRefusedError(`Header ${JSON.stringify(name)} has an invalid name or value.`);
    }
    if (FORBIDDEN_REQUEST_HEADERS.has(key) || key.startsWith('proxy-')) {
      throw new NetworkRefusedError(`Header ${key} is set by the runner and cannot be overridden.`);
    }
    headers[key] = value;
  }
  return headers;
}

async function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | null,
  policy: NetworkPolicy,
  runSignal: AbortSignal,
): Promise<Omit<FetchResponse, 'redirected'>> {
  const target = hostOfUrl(url);
  const allowPrivate = isHostAllowed(target, policy.privateNetworkHosts);
  // Node connects to an IP literal without calling `lookup`, so check it here.
  if (isIP(target.host) !== 0) {
    assertAddressAllowed(target.host, target.host, allowPrivate);
  }
  const signal = AbortSignal.any([runSignal, AbortSignal.timeout(policy.requestTimeoutMs)]);

  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(toNetworkError(error, url, policy, signal, runSignal));
    const outgoing = httpsRequest(
      url,
      {
        method,
        headers: {
          'user-agent': 'PageFree-Runbook/1',
          ...headers,
          ...(body !== null && { 'content-length': String(Buffer.byteLength(body)) }),
        },
        lookup: createGuardedLookup(allowPrivate) as never,
        agent: false,
        signal,
        ...(policy.trustedCertificates && { ca: policy.trustedCertificates }),
      },
      (incoming) => {
        readBody(incoming, policy.maxResponseBytes).then(
          (text) =>
            resolve({
              url: url.toString(),
              status: incoming.statusCode ?? 0,
              statusText: incoming.statusMessage ?? '',
              headers: flattenHeaders(incoming),
              body: text,
            }),
          fail,
        );
      },
    );
    outgoing.on('error', fail);
    outgoing.end(body ?? undefined);
  });
}

async function readBody(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      incoming.destroy();
      throw new NetworkRefusedError(`The response body exceeds ${maxBytes} bytes.`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(incoming: IncomingMessage): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    pairs.push([name, Array.isArray(value) ? value.join(', ') : value]);
  }
  return pairs;
}

function toNetworkError(
  error: Error,
  url: URL,
  policy: NetworkPolicy,
  signal: AbortSignal,
  runSignal: AbortSignal,
): Error {
  if (error instanceof NetworkRefusedError || error.cause instanceof NetworkRefusedError) {
    return error instanceof NetworkRefusedError ? error : (error.cause as Error);
  }
  if (runSignal.aborted) {
    return new NetworkFailedError('The request was cancelled because the run ended.');
  }
  if (signal.aborted) {
    return new NetworkFailedError(
      `The request to ${url.host} timed out after ${policy.requestTimeoutMs} ms.`,
    );
  }
  const code = (error as NodeJS.ErrnoException).code;
  // Certificate problems are configuration errors, so retrying would not help.
  if (code?.startsWith('ERR_TLS') || /certificate|self.signed/i.test(error.message)) {
    return new NetworkRefusedError(
      `TLS to ${url.host} failed: ${error.message}. Runbooks accept only certificates from trusted authorities.`,
    );
  }
  return new NetworkFailedError(
    `The request to ${url.host} failed: ${code ? `${code} ` : ''}${error.message}`,
    { cause: error },
  );
}
