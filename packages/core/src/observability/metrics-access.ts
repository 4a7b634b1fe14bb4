import { constantTimeEqual } from '../crypto/tokens.ts';

export interface MetricsRequest {
  /** The Authorization header, or null. */
  authorization: string | null;
  /** The TCP peer address, or null when unknown. */
  remoteAddress: string | null;
  /** True when the request carries Forwarded or X-Forwarded-For, i.e. came through a proxy. */
  proxied: boolean;
}

export type MetricsAccess =
  | { allowed: true }
  | { allowed: false; status: 401 | 403; message: string };

/**
 * Decides who may read `/metrics`. With METRICS_TOKEN set, only `Authorization: Bearer
 * <token>` is accepted, from any address. Without it, only direct loopback clients are: a
 * request through a proxy on the same host also arrives from loopback, so one that carries
 * a forwarding header is rejected as well.
 */
export function checkMetricsAccess(token: string | null, request: MetricsRequest): MetricsAccess {
  if (token) {
    const match = /^Bearer\s+(\S+)$/i.exec(request.authorization ?? '');
    if (match && constantTimeEqual(match[1]!, token)) return { allowed: true };
    return {
      allowed: false,
      status: 401,
      message: 'Send the METRICS_TOKEN value as Authorization: Bearer <token>.',
    };
  }
  if (isLoopback(request.remoteAddress) && !request.proxied) return { allowed: true };
  return {
    allowed: false,
    status: 403,
    message:
      'Metrics are served to loopback clients only; set METRICS_TOKEN to scrape from elsewhere.',
  };
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback addresses. */
export function isLoopback(address: string | null): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}
