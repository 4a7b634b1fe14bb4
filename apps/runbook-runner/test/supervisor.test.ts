import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSilentLogger } from '@pagefree/logger';
import { TEST_REDIS_URL } from '@pagefree/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RunnerSupervisor, superviseRunner } from '../src/supervisor.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('runner supervisor', () => {
  const prefix = `test-supervisor-${randomBytes(4).toString('hex')}`;
  let supervisor: RunnerSupervisor | null = null;
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = null;
  });
  afterAll(async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  function start() {
    return superviseRunner({
      env: {
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'silent',
      },
      logger: createSilentLogger(),
      stdio: 'ignore',
    });
  }

  it('refuses to pass database credentials to the runner', () => {
    expect(() =>
      superviseRunner({
        env: { REDIS_URL: TEST_REDIS_URL, DATABASE_URL: 'postgres://127.0.0.1/pagefree' },
        logger: createSilentLogger(),
      }),
    ).toThrow('must not receive DATABASE_URL');
  });

  it.runIf(process.platform === 'linux')('child environment holds no credentials', () => {
    process.env.DATABASE_URL = 'postgres://127.0.0.1:5432/should-not-leak';
    process.env.ENCRYPTION_KEY = 'should-not-leak';
    try {
      supervisor = start();
    } finally {
      delete process.env.DATABASE_URL;
      delete process.env.ENCRYPTION_KEY;
    }

    const environ = readFileSync(`/proc/${supervisor.child!.pid}/environ`, 'utf8').split('\0');

    expect(environ.some((entry) => entry.startsWith('DATABASE_URL='))).toBe(false);
    expect(environ.some((entry) => entry.startsWith('ENCRYPTION_KEY='))).toBe(false);
    expect(environ).toContain(`REDIS_URL=${TEST_REDIS_URL}`);
  });

  it.runIf(process.platform === 'linux')('runner runs under idle scheduling', () => {
    supervisor = start();

    const policy = spawnSync('chrt', ['-p', String(supervisor.child!.pid)], { encoding: 'utf8' });

    expect(policy.stdout).toContain('SCHED_IDLE');
  });

  it('restarts the runner after it is killed', async () => {
    supervisor = start();
    const first = supervisor.child!;
    const next = supervisor.nextStart();

    first.kill('SIGKILL');
    const second = await next;

    expect(second.pid).not.toBe(first.pid);
    expect(supervisor.starts).toBe(2);
  });

  it('runner refuses to start with DATABASE_URL set', () => {
    const result = spawnSync(process.execPath, ['--no-node-snapshot', MAIN], {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: TEST_REDIS_URL,
        DATABASE_URL: 'postgres://127.0.0.1/x',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: must not be set for the runbook runner');
  });
  it('runner stops when its supervisor is killed', async () => {
    // A stand-in supervisor that starts the runner and is then killed with SIGKILL.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const { spawn } = require('node:child_process');
         const runner = spawn(process.execPath, ['--no-node-snapshot', ${JSON.stringify(MAIN)}], {
           env: { ...process.env, RUNNER_PARENT_PID: String(process.pid) },
           stdio: 'ignore',
         });
         console.log(runner.pid);
         setInterval(() => {}, 1000);`,
      ],
      {
        env: {
          ...process.env,
          REDIS_URL: TEST_REDIS_URL,
          QUEUE_PREFIX: prefix,
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const runnerPid = await new Promise<number>((resolve) =>
      parent.stdout!.once('data', (chunk) => resolve(Number(String(chunk).trim()))),
    );
    // Running: the process exists and is not a zombie waiting to be reaped.
    const running = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${runnerPid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(running()).toBe(true);

    parent.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (running() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const stopped = !running();
    if (!stopped) process.kill(runnerPid, 'SIGKILL');
    expect(stopped).toBe(true);
  });
});
