import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../src/run-script.ts';
import { runOptions } from './support/run-options.ts';

const TIME_LIMIT_MS = 1_000;
/** Time the host may take beyond the limit to notice, dispose of the isolate and report. */
const STOP_SLACK_MS = 500;

describe('run limits', () => {
  let server: Server;
  let serverUrl: string;

  beforeAll(async () => {
    server = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Runs `script` while timing host event-loop gaps and an HTTP request made mid-run. */
  async function runWhileHostWorks(script: string) {
    let longestGapMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    const running = runScript(runOptions(script, { timeoutMs: TIME_LIMIT_MS, memoryLimitMb: 16 }));

    await new Promise((resolve) => setTimeout(resolve, TIME_LIMIT_MS / 4));
    const requestStarted = performance.now();
    const response = await fetch(serverUrl);
    const requestMs = performance.now() - requestStarted;
    const body = await response.text();

    const outcome = await running;
    const elapsedMs = performance.now() - started;
    clearInterval(ticker);
    return { outcome, elapsedMs, longestGapMs, requestMs, status: response.status, body };
  }

  it.each([
    ['infinite loop', 'while (true) {}'],
    ['loop after an await', 'await Promise.resolve(); for (;;) {}'],
    [
      'loop after a host call',
      "log.info('start'); await fetch('https://denied.example/').catch(() => null); for (;;) {}",
    ],
    [
      'endless promise chain',
      'const next = () => Promise.resolve().then(next); next(); await new Promise(() => {});',
    ],
    [
      'endless async recursion',
      'const spin = async () => { await null; return spin(); }; await spin();',
    ],
    ['promise that never settles', 'await new Promise(() => {});'],
  ])('%s ends within the limit', async (_name, script) => {
    const run = await runWhileHostWorks(script);

    expect(['timed_out', 'failed']).toContain(run.outcome.status);
    expect(run.elapsedMs).toBeLessThan(TIME_LIMIT_MS + STOP_SLACK_MS);
    expect(run.status).toBe(200);
    expect(run.body).toBe('ok');
    // A blocked event loop would show the whole 1 s limit here; 500 ms leaves room for a
    // machine busy with other test files.
    expect(run.requestMs).toBeLessThan(500);
    expect(run.longestGapMs).toBeLessThan(500);
  });

  it('busy loop is reported as timed out', async () => {
    const run = await runWhileHostWorks('while (true) {}');

    expect(run.outcome.status).toBe('timed_out');
    expect(run.outcome.error?.code).toBe('timed_out');
    expect(run.outcome.cpuTimeMs).toBeGreaterThan(TIME_LIMIT_MS / 2);
  });

  it.each([
    [
      'growing array',
      'const keep = []; for (;;) keep.push(new Array(100000).fill(Math.random()));',
    ],
    ['growing string', "let text = 'x'; for (;;) text += text + Math.random();"],
    [
      'growing map',
      'const keep = new Map(); for (let i = 0; ; i += 1) keep.set(i, { i, s: String(i).repeat(20) });',
    ],
  ])('memory bomb (%s) stops at the memory limit', async (_name, script) => {
    const before = process.memoryUsage().rss;

    const run = await runWhileHostWorks(script);

    expect(run.outcome.status).toBe('failed');
    expect(['memory_limit', 'script_error']).toContain(run.outcome.error?.code);
    expect(run.elapsedMs).toBeLessThan(TIME_LIMIT_MS + STOP_SLACK_MS);
    expect(run.status).toBe(200);
    // The host keeps its own heap: the isolate's limit is 16 MB, isolated-vm documents that a
    // hostile script may reach 2-3 times that before it is stopped.
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('array buffer bomb fails inside the script', async () => {
    const outcome = await runScript(
      runOptions('const keep = []; for (;;) keep.push(new ArrayBuffer(8 * 1024 * 1024));', {
        memoryLimitMb: 16,
      }),
    );

    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toContain('Array buffer allocation failed');
  });

  it('signal stops a run as retryable', async () => {
    const controller = new AbortController();
    const running = runScript(
      runOptions('await new Promise(() => {});', { timeoutMs: 10_000, signal: controller.signal }),
    );

    setTimeout(() => controller.abort(), 100);
    const outcome = await running;

    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({
      code: 'cancelled',
      message: 'The run was stopped because the runner shut down.',
      retryable: true,
    });
  });

  it('log flood is cut at the output limit', async () => {
    const lines: string[] = [];

    const outcome = await runScript(
      runOptions("for (let i = 0; i < 1e6; i += 1) log.info('line', i); return 'done';", {
        onLog: (line) => lines.push(line.message),
      }),
    );

    expect(outcome.status).toBe('succeeded');
    expect(outcome.outputTruncated).toBe(true);
    expect(outcome.outputBytes).toBeLessThanOrEqual(10 * 1024);
    expect(lines.at(-1)).toBe('[output truncated: the run reached its output limit]');
    expect(lines.length).toBeLessThan(2_000);
  });

  it('oversized result is replaced by a note', async () => {
    const outcome = await runScript(runOptions("return 'x'.repeat(20000);"));

    expect(outcome.status).toBe('succeeded');
    expect(JSON.parse(outcome.result!)).toEqual({
      omitted: 'The result (20002 bytes) did not fit in the 10240-byte output limit.',
    });
    expect(outcome.outputBytes).toBeLessThanOrEqual(10 * 1024);
  });
});
