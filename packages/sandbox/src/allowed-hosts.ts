import { isIP } from 'node:net';

/**
 * One entry of a runbook's host allowlist: an exact host name or IP literal and one port.
 * Wildcards are not supported, so every host a script may call is listed by name.
 */
export interface HostRule {
  /** Host as WHATWG URL parsing normalizes it, IPv6 without brackets. */
  host: string;
  port: number;
}

const HTTPS_PORT = 443;
const MAX_ENTRY_LENGTH = 260;
const DNS_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/**
 * Parses an allowlist entry such as `api.example.com`, `k8s.internal:6443`, `10.0.0.5:8443`
 * or `[fd00::1]:8443`. A missing port means 443. The entry goes through the same URL parser
 * as the URLs a script fetches, so both normalize alike. Returns a message naming the
 * problem when the entry is not a plain host with an optional port.
 *
 * @example
 * parseHostRule('API.example.com') // { host: 'api.example.com', port: 443 }
 */
export function parseHostRule(entry: string): HostRule | { error: string } {
  const text = entry.trim();
  if (text.length === 0 || text.length > MAX_ENTRY_LENGTH) {
    return { error: `"${entry}" must be a host name of 1-${MAX_ENTRY_LENGTH} characters` };
  }
  if (/[/?#@*\\\s]/.test(text)) {
    return {
      error: `"${entry}" must be a bare host with an optional port, without scheme, path or wildcard`,
    };
  }

  const url = URL.parse(`https://${text}/`);
  if (!url) {
    return { error: `"${entry}" is not a valid host, or its port is outside 1-65535` };
  }
  const rule = hostOfUrl(url);
  if (rule.port === 0) {
    return { error: `"${entry}" has port 0; use a port from 1 to 65535` };
  }
  if (isIP(rule.host) === 0 && !rule.host.split('.').every((label) => DNS_LABEL.test(label))) {
    return { error: `"${entry}" is not a valid host name` };
  }
  return rule;
}

/** Formats a rule back to its canonical entry text, e.g. `[fd00::1]:8443`. */
export function formatHostRule(rule: HostRule): string {
  const host = isIP(rule.host) === 6 ? `[${rule.host}]` : rule.host;
  return rule.port === HTTPS_PORT ? host : `${host}:${rule.port}`;
}

/** Returns the host and port an https URL connects to, normalized like `parseHostRule`. */
export function hostOfUrl(url: URL): HostRule {
  const hostname = url.hostname.replace(/\.$/, '');
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return { host: bare, port: url.port ? Number(url.port) : HTTPS_PORT };
}

/** True when `target` matches one of the rules exactly (host and port). */
export function isHostAllowed(target: HostRule, rules: readonly HostRule[]): boolean {
  return rules.some((rule) => rule.host === target.host && rule.port === target.port);
}
