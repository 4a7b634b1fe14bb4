import { type HostRule, parseHostRule } from '../../src/allowed-hosts.ts';
import type { NetworkPolicy } from '../../src/guarded-fetch.ts';
import type { RunScriptOptions } from '../../src/run-script.ts';

/** Parses allowlist entries, failing the test on an invalid one. */
export function hostRules(...entries: string[]): HostRule[] {
  return entries.map((entry) => {
    const rule = parseHostRule(entry);
    if ('error' in rule) throw new Error(rule.error);
    return rule;
  });
}

export function networkPolicy(overrides: Partial<NetworkPolicy> = {}): NetworkPolicy {
  return {
    allowedHosts: [],
    privateNetworkHosts: [],
    allowedMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxResponseBytes: 64 * 1024,
    maxRequestBytes: 64 * 1024,
    requestTimeoutMs: 5_000,
    maxRedirects: 3,
    ...overrides,
  };
}

/** Options for one test run: 2 s limit, 32 MB heap, 10 KB output, no network unless given. */
export function runOptions(
  script: string,
  overrides: Partial<RunScriptOptions> = {},
): RunScriptOptions {
  return {
    script,
    input: {},
    secrets: [],
    timeoutMs: 2_000,
    memoryLimitMb: 32,
    maxOutputBytes: 10 * 1024,
    maxRequests: 20,
    network: networkPolicy(),
    ...overrides,
  };
}
