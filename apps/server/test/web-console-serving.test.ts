import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { previewStyleSource } from '@pagefree/status';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support/stack.ts';

// Static serving of the built console: a stand-in build in a temporary folder is enough,
// because only paths, headers and the fallback to index.html are under test.
describe('web console serving', () => {
  let stack: TestStack;
  let distDir: string;

  beforeAll(async () => {
    distDir = mkdtempSync(join(tmpdir(), 'pagefree-web-'));
    mkdirSync(join(distDir, 'assets'));
    writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>PageFree</title>');
    writeFileSync(join(distDir, 'assets', 'index-abc123.js'), 'console.log(1);');
    writeFileSync(join(distDir, 'sw.js'), 'self.addEventListener("push", () => {});');
    stack = await startTestStack({ withWorker: false, webDistDir: distDir });
  });
  afterAll(async () => {
    await stack.close();
    rmSync(distDir, { recursive: true, force: true });
  });

  function get(path: string) {
    return fetch(`${stack.server.url}${path}`, { headers: { accept: 'text/html' } });
  }

  it.each([
    '/',
    '/incidents',
    '/incidents/6d1f3b9e-0000-4000-8000-000000000000',
    '/config/integrations',
  ])('client route %s gets index.html', async (path) => {
    const response = await get(path);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>PageFree</title>');
  });

  it('hashed asset is cached for a year', async () => {
    const response = await get('/assets/index-abc123.js');

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('service worker is revalidated', async () => {
    const response = await get('/sw.js');

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('pages carry a same-origin CSP and security headers', async () => {
    const response = await get('/incidents');
    const csp = response.headers.get('content-security-policy') ?? '';

    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:3000/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('CSP admits the status preview stylesheet', async () => {
    const response = await get('/status-pages');
    const styleSrc = (response.headers.get('content-security-policy') ?? '')
      .split('; ')
      .find((directive) => directive.startsWith('style-src '));

    expect(styleSrc).toBe(`style-src 'self' ${await previewStyleSource()}`);
  });

  it('missing file with an extension is a 404', async () => {
    const response = await get('/assets/missing.js');

    expect(response.status).toBe(404);
  });

  it.each(['/api/unknown', '/trpc/nothing.here', '/integrations/abc/def'])(
    'server path %s is not answered with the console',
    async (path) => {
      const response = await get(path);

      expect(response.headers.get('content-type')).not.toContain('text/html');
    },
  );

  it('health check still answers', async () => {
    const response = await get('/healthz');

    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
