import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkPolicy } from '../src/guarded-fetch.ts';
import { runScript } from '../src/run-script.ts';
import { type HttpsPeer, startHttpsPeer } from './support/https-peer.ts';
import { hostRules, networkPolicy, runOptions } from './support/run-options.ts';

describe('sandbox fetch', () => {
  let peer: HttpsPeer;

  beforeAll(async () => {
    peer = await startHttpsPeer();
    peer.route('/status', (request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-echo': request.method });
      response.end(JSON.stringify({ healthy: true, method: request.method, body: request.body }));
    });
    peer.route('/old', (_request, response) => {
      response.writeHead(302, { location: '/status' }).end();
    });
    peer.route('/to-localhost', (_request, response) => {
      response.writeHead(302, { location: `https://localhost:${peer.port}/status` }).end();
    });
    peer.route('/to-plain-http', (_request, response) => {
      response.writeHead(301, { location: `http://127.0.0.1:${peer.port}/status` }).end();
    });
    peer.route('/large', (_request, response) => {
      response.writeHead(200).end('x'.repeat(200 * 1024));
    });
    peer.route('/hang', () => {
      // Never responds, so the request timeout ends it.
    });
  });
  afterAll(async () => {
    await peer.close();
  });

  /** Builds the policy for the peer: allowlisted, approved for loopback, trusting its certificate. */
  function peerPolicy(overrides: Partial<NetworkPolicy> = {}): NetworkPolicy {
    return networkPolicy({
      allowedHosts: hostRules(peer.hostEntry),
      privateNetworkHosts: hostRules(peer.hostEntry),
      trustedCertificates: peer.certificate,
      ...overrides,
    });
  }

  async function run(script: string, network: NetworkPolicy) {
    const lines: string[] = [];
    const outcome = await runScript(
      runOptions(script, { network, onLog: (line) => lines.push(line.message) }),
    );
    return { outcome, lines };
  }

  function requestsTo(path: string): number {
    return peer.received.filter((request) => request.path === path).length;
  }

  it('allowlisted host answers', async () => {
    const { outcome } = await run(
      `const response = await fetch('${peer.origin}/status', { method: 'POST', body: 'ping', headers: { 'x-run': '1' } });
       return { status: response.status, ok: response.ok, echo: response.headers.get('X-Echo'), body: await response.json() };`,
      peerPolicy(),
    );

    expect(outcome.error).toBeNull();
    expect(JSON.parse(outcome.result!)).toEqual({
      status: 200,
      ok: true,
      echo: 'POST',
      body: { healthy: true, method: 'POST', body: 'ping' },
    });
    expect(peer.received.at(-1)?.headers['x-run']).toBe('1');
  });

  it('same-host redirect is followed', async () => {
    const { outcome } = await run(
      `const response = await fetch('${peer.origin}/old');
       return { status: response.status, redirected: response.redirected, url: response.url };`,
      peerPolicy(),
    );

    expect(JSON.parse(outcome.result!)).toEqual({
      status: 200,
      redirected: true,
      url: `${peer.origin}/status`,
    });
  });

  it.each([
    [
      'host not on the allowlist',
      `https://localhost:PORT/status`,
      "is not on this runbook's allowlist",
    ],
    ['plain http', `http://127.0.0.1:PORT/status`, 'Only https:// URLs are allowed'],
    [
      'credentials in the URL',
      `https://user:pass@127.0.0.1:PORT/status`,
      'must not contain credentials',
    ],
    [
      'redirect to another host',
      `https://127.0.0.1:PORT/to-localhost`,
      'Redirect from 127.0.0.1 to localhost',
    ],
    [
      'redirect to plain http',
      `https://127.0.0.1:PORT/to-plain-http`,
      'redirects are followed only',
    ],
  ])('%s is refused', async (_name, url, message) => {
    const before = requestsTo('/status');

    const { outcome } = await run(
      `await fetch('${url.replace('PORT', String(peer.port))}');`,
      peerPolicy(),
    );

    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe('network_error');
    expect(outcome.error?.retryable).toBe(false);
    expect(outcome.error?.message).toContain(message);
    expect(requestsTo('/status')).toBe(before);
  });

  it('loopback without admin approval is refused', async () => {
    const before = peer.received.length;

    const { outcome } = await run(
      `await fetch('${peer.origin}/status');`,
      peerPolicy({ privateNetworkHosts: [] }),
    );

    expect(outcome.error?.message).toContain('is a private or loopback address');
    expect(peer.received.length).toBe(before);
  });

  it('host name resolving to loopback needs approval', async () => {
    const localhost = `localhost:${peer.port}`;

    const refused = await run(
      `await fetch('https://${localhost}/status');`,
      peerPolicy({ allowedHosts: hostRules(localhost), privateNetworkHosts: [] }),
    );
    const approved = await run(
      `return (await fetch('https://${localhost}/status')).status;`,
      peerPolicy({ allowedHosts: hostRules(localhost), privateNetworkHosts: hostRules(localhost) }),
    );

    expect(refused.outcome.error?.message).toMatch(
      /Host localhost resolved to .*private or loopback/,
    );
    expect(approved.outcome.result).toBe('200');
  });

  it.each([
    ['dotted form', '::127.0.0.1'],
    ['hex form', '::7f00:1'],
  ])('IPv4-compatible loopback in %s is refused', async (_name, address) => {
    const entry = `[${address}]:${peer.port}`;
    const before = peer.received.length;

    const { outcome } = await run(
      `await fetch('https://${entry}/status');`,
      peerPolicy({ allowedHosts: hostRules(entry), privateNetworkHosts: hostRules(entry) }),
    );

    expect(outcome.error?.code).toBe('network_error');
    expect(outcome.error?.message).toContain('IPv4-compatible IPv6');
    expect(peer.received.length).toBe(before);
  });

  it('oversized response is refused', async () => {
    const { outcome } = await run(`await fetch('${peer.origin}/large');`, peerPolicy());

    expect(outcome.error?.message).toContain('The response body exceeds 65536 bytes');
    expect(outcome.error?.retryable).toBe(false);
  });

  it.each([
    ['host header', `{ headers: { host: 'other.example' } }`, 'Header host is set by the runner'],
    ['method outside the policy', `{ method: 'DELETE' }`, 'Method DELETE is not allowed here'],
  ])('%s is refused', async (_name, init, message) => {
    const { outcome } = await run(
      `await fetch('${peer.origin}/status', ${init});`,
      peerPolicy({ allowedMethods: ['GET', 'HEAD'] }),
    );

    expect(outcome.error?.message).toContain(message);
  });

  it('script can catch a refusal and go on', async () => {
    const { outcome, lines } = await run(
      `try { await fetch('https://localhost:1/'); } catch (error) { log.warn(error.name, error.message); }
       return 'continued';`,
      peerPolicy(),
    );

    expect(outcome.result).toBe('"continued"');
    expect(lines[0]).toMatch(/^FetchError Host localhost:1 is not on this runbook's allowlist/);
  });

  it('request limit per run is enforced', async () => {
    const { outcome } = await runScript(
      runOptions(`for (let i = 0; i < 5; i += 1) await fetch('${peer.origin}/status');`, {
        network: peerPolicy(),
        maxRequests: 3,
      }),
    ).then((result) => ({ outcome: result }));

    expect(outcome.error?.message).toContain('This run already made 3 requests, the limit.');
  });

  it('timed-out request is retryable', async () => {
    const { outcome } = await run(
      `await fetch('${peer.origin}/hang');`,
      peerPolicy({ requestTimeoutMs: 300 }),
    );

    expect(outcome.error?.code).toBe('network_error');
    expect(outcome.error?.retryable).toBe(true);
    expect(outcome.error?.message).toContain('timed out after 300 ms');
  });

  it('refused connection is retryable', async () => {
    const closed = await startHttpsPeer();
    await closed.close();

    const { outcome } = await run(
      `await fetch('${closed.origin}/status');`,
      peerPolicy({
        allowedHosts: hostRules(closed.hostEntry),
        privateNetworkHosts: hostRules(closed.hostEntry),
      }),
    );

    expect(outcome.error?.retryable).toBe(true);
    expect(outcome.error?.message).toContain('ECONNREFUSED');
  });

  it('untrusted certificate is refused', async () => {
    const { outcome } = await run(
      `await fetch('${peer.origin}/status');`,
      peerPolicy({ trustedCertificates: undefined }),
    );

    expect(outcome.error?.message).toContain('TLS to 127.0.0.1');
    expect(outcome.error?.retryable).toBe(false);
  });
});
