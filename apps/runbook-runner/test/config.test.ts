import { describe, expect, it } from 'vitest';
import { loadRunnerConfig, RunnerConfigError } from '../src/config.ts';

const REDIS = { REDIS_URL: 'redis://127.0.0.1:6379' };

describe('runner config', () => {
  it('defaults to four runs, 64 MB isolates and nice 10', () => {
    const config = loadRunnerConfig(REDIS);

    expect(config).toMatchObject({
      concurrency: 4,
      memoryLimitMb: 64,
      lockSeconds: 30,
      nice: 10,
      queuePrefix: 'pagefree',
    });
  });

  it.each([
    'DATABASE_URL',
    'PGLITE_DATA_DIR',
    'ENCRYPTION_KEY',
    'ENCRYPTION_PREVIOUS_KEYS',
    'VAPID_PRIVATE_KEY',
    'SMTP_URL',
  ])('%s in the environment is refused', (name) => {
    const load = () => loadRunnerConfig({ ...REDIS, [name]: 'set' });

    expect(load).toThrow(RunnerConfigError);
    expect(load).toThrow(`${name}: must not be set for the runbook runner`);
  });

  it.each([
    ['missing Redis', {}, 'REDIS_URL: missing'],
    ['more than four runs', { ...REDIS, RUNBOOK_CONCURRENCY: '5' }, 'RUNBOOK_CONCURRENCY'],
    ['isolate under 8 MB', { ...REDIS, RUNBOOK_MEMORY_LIMIT_MB: '4' }, 'RUNBOOK_MEMORY_LIMIT_MB'],
  ])('%s is refused', (_name, env, message) => {
    expect(() => loadRunnerConfig(env)).toThrow(message);
  });
});
