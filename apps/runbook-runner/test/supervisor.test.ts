import { spawnSync } from 'node:child_process';
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
});
